// Turns two listings into an ordered Plan. Pure: every rule of what happens to which path lives here
// (and in compare.ts), so it is all testable without a server or a disk.
import { needsTransfer } from './compare.js';
import { ancestors } from './keys.js';
import type { Entry, Listing, Plan, PlanAction, Problem } from './types.js';

export interface PlanOptions {
  direction: 'upload' | 'download';
  md5: boolean;
  delete: boolean;
  /** Refuse the delete phase above this many deletes; undefined = only the empty-source guard applies. */
  maxDelete?: number;
  makeDirs: boolean;
  /** Whether the destination root already exists (local directory, or S3 `prefix/` node). */
  destRootPresent: boolean;
  /** S3 destination at the bucket root has no node to create. */
  destRootNeedsNode: boolean;
}

const PAGE = /\.html?$/i;

/** Pages go after every other file, so a visitor never gets a page whose assets are not there yet. */
export function isPage(path: string): boolean {
  return PAGE.test(path);
}

export function planSync(src: Listing, dst: Listing, opts: PlanOptions): Plan {
  const skipped: Problem[] = [];
  const skippedPaths = new Set<string>();
  const skip = (path: string, message: string) => {
    skipped.push({ path, message });
    skippedPaths.add(path);
  };
  const [srcFiles, srcDirs] = splitByKind(src.entries);
  const [dstFiles, dstDirs] = splitByKind(dst.entries);
  const download = opts.direction === 'download';

  // Every directory the source has, explicit (a node or a local dir) or implied by a descendant.
  const srcDirSet = new Set(srcDirs.keys());
  for (const e of src.entries) for (const a of ancestors(e.path)) srcDirSet.add(a);

  // Directories under which nothing may be written, with the reason given to each entry below them.
  const blocked = new Map<string, string>();
  if (download) {
    for (const path of [...srcFiles.keys()].sort()) {
      if (srcDirSet.has(path)) {
        skip(path, 'is both a file and a directory prefix on S3; the file is skipped');
        srcFiles.delete(path);
      } else if (dstDirs.has(path)) {
        skip(path, 'is a directory locally but a file on S3; skipped');
        srcFiles.delete(path);
      }
    }
    for (const dir of [...srcDirSet].sort()) {
      const local = dstFiles.get(dir);
      if (local) {
        skip(dir, `is a ${local.kind} locally but a directory on S3; skipped with its contents`);
        blocked.set(dir, `parent "${dir}" is not a directory locally`);
      } else if (!opts.makeDirs && !srcDirs.has(dir) && !dstDirs.has(dir)) {
        blocked.set(
          dir,
          `parent directory "${dir}" has no directory node on S3; use --make-dirs to create it`,
        );
      }
    }
  }
  const blockedBy = (path: string): string | undefined => {
    if (blocked.size === 0) return undefined;
    for (const a of ancestors(path)) {
      const why = blocked.get(a);
      if (why) return why;
    }
    return undefined;
  };

  const mkdirs: PlanAction[] = [];
  if (!opts.destRootPresent && opts.destRootNeedsNode) mkdirs.push({ op: 'mkdir', path: '' });
  // With --make-dirs a download creates implied directories too; an upload creates a node per local dir.
  const wantedDirs = download && opts.makeDirs ? srcDirSet : new Set(srcDirs.keys());
  for (const dir of [...wantedDirs].sort()) {
    // `blocked`, not `skippedPaths`: a skipped *file* of the same name (S3 `x` beside `x/`) must not
    // stop the directory from being created.
    if (dstDirs.has(dir) || blocked.has(dir)) continue;
    const why = blockedBy(dir);
    if (why) {
      skip(dir, why);
      continue;
    }
    mkdirs.push({ op: 'mkdir', path: dir, source: srcDirs.get(dir) });
  }

  const assets: PlanAction[] = [];
  const pages: PlanAction[] = [];
  let unchanged = 0;
  for (const path of [...srcFiles.keys()].sort()) {
    const source = srcFiles.get(path) as Entry;
    const why = blockedBy(path);
    if (why) {
      skip(path, why);
      continue;
    }
    const dest = dstFiles.get(path);
    const reason = needsTransfer(source, dest, opts);
    if (reason === null) {
      unchanged++;
      continue;
    }
    const action: PlanAction = { op: opts.direction, path, size: source.size, reason, source, dest };
    (isPage(path) ? pages : assets).push(action);
  }

  const plan: Plan = { actions: [...mkdirs, ...assets, ...pages], unchanged, skipped };
  if (!opts.delete) return plan;

  const deletes: PlanAction[] = [];
  for (const [path, dest] of [...dstFiles].sort(byKey)) {
    if (!srcFiles.has(path) && !skippedPaths.has(path))
      deletes.push({ op: 'delete', path, size: dest.size, dest });
  }
  // An s3sync.rb node `x` (no trailing slash) has the very key a file `x` is uploaded to: the upload
  // replaces it, and deleting the node afterwards would delete the new file.
  const replacedByUpload = (path: string, dest: Entry) =>
    !download && srcFiles.has(path) && dest.key !== undefined && !/(\/|_\$folder\$)$/.test(dest.key);
  const dirDeletes = [...dstDirs].filter(
    ([path, dest]) => !srcDirSet.has(path) && !skippedPaths.has(path) && !replacedByUpload(path, dest),
  );
  // Deepest first, so a directory is removed only after its contents.
  dirDeletes.sort(([a], [b]) => depth(b) - depth(a) || (a < b ? -1 : a > b ? 1 : 0));
  for (const [path, dest] of dirDeletes) deletes.push({ op: 'delete', path, size: 0, dest });

  const refused = deleteGuard(src, dst, deletes.length, opts.maxDelete);
  if (refused && deletes.length > 0) plan.deleteRefused = refused;
  else plan.actions.push(...deletes);
  return plan;
}

/**
 * The delete phase is judged whole, before anything is deleted (rclone checks per delete and can stop
 * half-way). A refusal deletes nothing; the run still transfers and exits 1.
 */
export function deleteGuard(
  src: Listing,
  dst: Listing,
  deletes: number,
  maxDelete?: number,
): string | undefined {
  if (src.incomplete || dst.incomplete) return 'a listing was incomplete, so nothing is deleted';
  if (maxDelete !== undefined && deletes > maxDelete) {
    return `${deletes} deletes planned, more than --max-delete ${maxDelete}; nothing is deleted`;
  }
  if (maxDelete === undefined && src.entries.length === 0 && dst.entries.length > 0) {
    return `the source is empty; refusing to delete all ${deletes} entries at the destination (give --max-delete to allow)`;
  }
  return undefined;
}

function splitByKind(entries: Entry[]): [Map<string, Entry>, Map<string, Entry>] {
  const files = new Map<string, Entry>();
  const dirs = new Map<string, Entry>();
  for (const e of entries) (e.kind === 'dir' ? dirs : files).set(e.path, e);
  return [files, dirs];
}

function depth(path: string): number {
  let n = 0;
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) n++;
  return n;
}

function byKey([a]: [string, Entry], [b]: [string, Entry]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
