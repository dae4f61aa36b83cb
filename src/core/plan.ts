// Turns pairs into an ordered Plan. Pure: every rule of what happens to which path lives here (and in
// compare.ts and pair.ts), so it is all testable without a server or a disk.
import nodePath from 'node:path';
import { metadataChange, needsTransfer } from './compare.js';
import { ancestors, baseName, compareKeys, parentPath, printable } from './keys.js';
import { heldKey, type Pairing } from './pair.js';
import { FOLDER_SUFFIX, keyOf } from './tree/s3.js';
import {
  type DeleteAction,
  type Direction,
  type Entry,
  flat,
  type Location,
  type MkdirAction,
  nameOf,
  type Plan,
  type PlanAction,
  type Problem,
} from './types.js';

export interface PlanOptions {
  direction: Direction;
  by: 'md5' | 'time' | 'size';
  source: Location;
  destination: Location;
  delete: boolean;
  /** Refuse the delete phase above this many deletes; undefined = only the empty-source guard applies. */
  maxDelete?: number;
  makeDirs: boolean;
  /** Compare (and so update) POSIX metadata of files whose content is equal. */
  posixMetadata: boolean;
  /** Downloads restore owner and group (as root): then they are compared too. */
  restoreOwner: boolean;
  /** Uploads and copies write `dir/` nodes. */
  dirNodes: boolean;
  /** Whether the destination root already exists (local directory, or S3 `prefix/` node). */
  destRootPresent: boolean;
  /** What the listings say beyond their entries, for the delete guard. */
  listings: {
    sourceIncomplete: boolean;
    destIncomplete: boolean;
    sourceFiles: number;
    destFiles: number;
    /** Destination directories that hold excluded entries: kept (see Listing.holdsExcluded). */
    destHoldsExcluded?: ReadonlySet<string>;
    /** Without recursion, each side's subdirectories not descended into (Listing.notDescendedPaths). */
    sourceNotDescended?: ReadonlySet<string>;
    destNotDescended?: ReadonlySet<string>;
  };
  /** The platform of the local side (Windows targets are tested on any platform). */
  path?: nodePath.PlatformPath;
  /**
   * A shard's share (shard.ts): only actions, counts and problems of the paths it owns are kept. The
   * whole tree is still planned, because a path's action can depend on others (the directories a
   * download needs, the directories a delete must keep), and the delete guards judge the whole tree.
   */
  owns?: (path: string) => boolean;
}

const PAGE = /\.html?$/i;

/** Pages go after every other file, so a visitor never gets a page whose assets are not there yet. */
export function isPage(path: string): boolean {
  return PAGE.test(path);
}

export function planSync(pairing: Pairing, opts: PlanOptions): Plan {
  const p = opts.path ?? nodePath;
  const owns = opts.owns ?? (() => true);
  const skipped: Problem[] = pairing.conflicts
    .filter((c) => owns(c.path))
    .map((c) => ({ path: printable(c.path), message: c.message }));
  const held = new Set(pairing.held);
  // Source entries this sync cannot carry over, in the whole tree (every shard judges alike).
  let sourceSkips = pairing.conflicts.filter((c) => c.reason !== 'dir-with-content').length;
  const skip = (kind: 'dir' | 'file', path: string, message: string) => {
    if (owns(path)) skipped.push({ path, message });
    held.add(heldKey(kind, path));
    sourceSkips++;
  };
  const download = opts.direction === 'download';
  const cmp = { by: opts.by, direction: opts.direction };

  const srcDirs = new Map<string, Entry>();
  const dstDirs = new Map<string, Entry>();
  for (const pair of pairing.pairs) {
    if (pair.kind !== 'dest-only' && pair.source.kind === 'dir') srcDirs.set(pair.path, pair.source);
    if (pair.kind !== 'source-only' && pair.dest.kind === 'dir') dstDirs.set(pair.path, pair.dest);
  }
  // Every directory the source has, explicit (a node or a local dir) or implied by a descendant.
  const srcDirSet = new Set(srcDirs.keys());
  for (const pair of pairing.pairs)
    if (pair.kind !== 'dest-only') for (const a of ancestors(pair.path)) srcDirSet.add(a);

  // Downloads without --make-dirs: a directory with no node on S3 and none locally is not created.
  const blocked = new Map<string, string>();
  if (download && !opts.makeDirs) {
    for (const dir of srcDirSet) {
      if (!srcDirs.has(dir) && !dstDirs.has(dir))
        blocked.set(
          dir,
          `parent directory "${dir}" has no directory node on S3; use --make-dirs to create it`,
        );
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

  // Where a new entry goes: under its parent's own name on the destination (an NFD directory stays the
  // directory it is, whether it has a node or only keys under it), as the canonical NFC name below that.
  const destDirNames = new Map<string, string>();
  for (const pair of pairing.pairs) {
    if (pair.kind === 'source-only' || pair.dest.name === undefined) continue;
    const e = pair.dest;
    const own = e.name ?? '';
    // A node's name without its marker: `é/` (NFD) → `é`, `x_$folder$` → `x`; a local name as it is.
    if (e.kind === 'dir')
      destDirNames.set(
        e.path,
        own.endsWith('/')
          ? own.slice(0, -1)
          : own.endsWith('_$folder$') && opts.destination.kind === 's3'
            ? own.slice(0, -'_$folder$'.length)
            : own,
      );
    // The directories above a named entry are named as they appear in its name (same depth: NFC keeps '/').
    const rawParents = ancestors(own.replace(/\/$/, ''));
    ancestors(e.path).forEach((dir, i) => {
      const raw = rawParents[i];
      if (raw !== undefined && !destDirNames.has(dir)) destDirNames.set(dir, raw);
    });
  }
  const dirName = (dir: string): string => destDirNames.get(dir) ?? destName(dir);
  const destName = (path: string): string => {
    const parent = parentPath(path);
    return parent ? `${dirName(parent)}/${baseName(path)}` : path;
  };
  // Flat: every action keeps its target for the whole run (see flat()).
  const target = (path: string, kind: 'file' | 'dir', existing?: Entry): string =>
    flat(targetOf(path, kind, existing));
  const targetOf = (path: string, kind: 'file' | 'dir', existing?: Entry): string => {
    const d = opts.destination;
    if (d.kind === 's3') {
      if (existing) return keyOf(d.prefix, existing);
      return kind === 'dir'
        ? path === ''
          ? d.prefix
          : `${d.prefix}${destName(path)}/`
        : d.prefix + destName(path);
    }
    const rel = existing ? nameOf(existing) : destName(path);
    return rel === '' ? d.root : p.join(d.root, ...rel.split('/'));
  };

  const mkdirs: PlanAction[] = [];
  const wantsNodes = opts.destination.kind === 'local' || opts.dirNodes;
  if (
    !opts.destRootPresent &&
    wantsNodes &&
    !(opts.destination.kind === 's3' && opts.destination.prefix === '') &&
    owns('')
  ) {
    mkdirs.push({ op: 'mkdir', path: '', target: target('', 'dir') });
  }
  let unchangedDirs = 0;
  // With --make-dirs a download creates implied directories too; otherwise one per source directory.
  const wantedDirs = download && opts.makeDirs ? srcDirSet : new Set(srcDirs.keys());
  for (const dir of [...wantedDirs].sort(compareKeys)) {
    if (dstDirs.has(dir)) {
      if (srcDirs.has(dir) && owns(dir)) unchangedDirs++;
      continue;
    }
    if (held.has(heldKey('dir', dir)) || !wantsNodes) continue;
    const why = blockedBy(dir);
    if (why) {
      skip('dir', dir, why);
      continue;
    }
    // Another shard's: a download creates the parents it needs itself (transfer/download.ts).
    if (!owns(dir)) continue;
    const action: MkdirAction = { op: 'mkdir', path: dir, target: target(dir, 'dir') };
    const source = srcDirs.get(dir);
    if (source) action.source = source;
    mkdirs.push(action);
  }

  const assets: PlanAction[] = [];
  const pages: PlanAction[] = [];
  let unchanged = 0;
  for (const pair of pairing.pairs) {
    if (pair.kind === 'dest-only' || pair.source.kind === 'dir') continue;
    const { path, source } = pair;
    const dest = pair.kind === 'both' ? pair.dest : undefined;
    if (dest?.kind === 'dir') continue; // a file beside a directory of the same name (S3 allows both)
    const why =
      blockedBy(path) ??
      unstorable(source, opts) ??
      (opts.listings.destNotDescended?.has(path)
        ? 'is a directory at the destination (not descended into without -r); skipped'
        : undefined);
    if (why) {
      skip('file', path, why);
      continue;
    }
    if (!owns(path)) continue;
    let reason = needsTransfer(source, dest, cmp);
    if (
      reason === null &&
      dest &&
      opts.direction === 'copy' &&
      opts.by !== 'size' &&
      source.mtime > dest.mtime
    ) {
      // S3 to S3, same bytes, source rewritten since: its metadata may have changed; a copy carries it.
      reason = 'metadata';
    }
    if (reason === null && dest) {
      const detail = metadataChange(source, dest, opts);
      if (detail) {
        assets.push({
          op: 'metadata',
          path,
          target: target(path, 'file', dest),
          size: source.size,
          source,
          dest,
          detail,
        });
        continue;
      }
      unchanged++;
      continue;
    }
    if (reason === null) continue;
    const action: PlanAction = {
      op: opts.direction,
      path,
      target: target(path, 'file', dest),
      size: source.size,
      reason,
      source,
      dest,
    };
    (opts.direction !== 'download' && isPage(path) ? pages : assets).push(action);
  }

  const plan: Plan = { actions: [...mkdirs, ...assets, ...pages], unchanged, unchangedDirs, skipped };
  if (!opts.delete) return plan;

  const deletes: DeleteAction[] = [];
  const dirDeletes: DeleteAction[] = [];
  const replaced = replacedNodes(pairing, opts.destination);
  for (const pair of pairing.pairs) {
    if (pair.kind !== 'dest-only' || held.has(heldKey(pair.dest.kind === 'dir' ? 'dir' : 'file', pair.path)))
      continue;
    const dest = pair.dest;
    if (opts.listings.sourceNotDescended?.has(pair.path)) {
      // A directory in the source that this run did not look into: not a reason to delete anything.
      if (dest.kind !== 'dir')
        skip('file', pair.path, 'is a directory in the source (not descended into without -r); not deleted');
      continue;
    }
    if (dest.kind === 'dir') {
      if (srcDirSet.has(pair.path)) continue;
      if (opts.listings.destHoldsExcluded?.has(pair.path)) continue;
      // Every node of the directory (`x/` and `x_$folder$` may both exist), but one a file replaces.
      for (const node of [dest, ...(pairing.destNodes?.get(pair.path) ?? [])]) {
        if (node.name !== undefined && replaced.has(node.name)) continue;
        dirDeletes.push({
          op: 'delete',
          path: pair.path,
          target: target(pair.path, 'dir', node),
          size: 0,
          dest: node,
        });
      }
    } else {
      deletes.push({
        op: 'delete',
        path: pair.path,
        target: target(pair.path, 'file', dest),
        size: dest.size,
        dest,
      });
    }
  }
  // Deepest first, so a directory is removed only after its contents.
  dirDeletes.sort((a, b) => depth(b.path) - depth(a.path) || compareKeys(a.path, b.path));
  deletes.push(...dirDeletes);

  // Judged on the whole tree's deletes, so every shard of a sync decides alike (see deleteGuard).
  const refused = deleteGuard(pairing, opts, deletes, sourceSkips);
  if (refused && deletes.length > 0) plan.deleteRefused = refused;
  else {
    plan.actions.push(...(opts.owns ? deletes.filter((d) => owns(d.path)) : deletes));
    // A local directory goes only once it is empty, and other shards may still be emptying it: each
    // shard retries all of them after its own deletes, so the last shard to finish removes them.
    if (opts.owns && opts.destination.kind === 'local') plan.sweepDirs = dirDeletes;
  }
  return plan;
}

/**
 * Names of directory nodes without a slash whose key a source file is written to: an s3sync.rb node `x`
 * (a file `x`) or a marker `x_$folder$` (a file of that name). The write replaces the node, and deleting
 * the node afterwards would delete the new file. Found among the few such nodes, not by a map of every
 * source file (a million-file map is 60 MB while it grows).
 */
function replacedNodes(pairing: Pairing, destination: Location): Set<string> {
  const nodes = new Set<string>(); // the node's own name
  if (destination.kind !== 's3') return nodes;
  const add = (node: Entry) => {
    if (node.name !== undefined && !node.name.endsWith('/')) nodes.add(node.name);
  };
  for (const pair of pairing.pairs) {
    if (pair.kind !== 'dest-only' || pair.dest.kind !== 'dir') continue;
    add(pair.dest);
    for (const other of pairing.destNodes?.get(pair.path) ?? []) add(other);
  }
  const replaced = new Set<string>();
  if (nodes.size === 0) return replaced;
  for (const pair of pairing.pairs) {
    if (pair.kind === 'dest-only' || pair.source.kind === 'dir') continue;
    if (nodes.has(pair.path)) replaced.add(pair.path);
  }
  return replaced;
}

/**
 * Why a source file cannot be stored so that it reads back as itself, if it cannot: an empty file named
 * `x_$folder$` is exactly a directory marker of other tools, and would come back as a directory `x`.
 */
function unstorable(source: Entry, opts: PlanOptions): string | undefined {
  if (opts.destination.kind !== 's3' || source.size !== 0 || source.kind !== 'file') return undefined;
  const base = baseName(nameOf(source));
  if (base.length > FOLDER_SUFFIX.length && base.endsWith(FOLDER_SUFFIX))
    return `an empty file named "…${FOLDER_SUFFIX}" reads back from S3 as a directory marker; not uploaded`;
  return undefined;
}

/**
 * The delete phase is judged whole, before anything is deleted (rclone checks per delete and can stop
 * half-way). A refusal deletes nothing; the run still transfers and exits 1.
 * - a listing was incomplete: what is "missing" may only be unlisted;
 * - names equal after normalisation make the pairing ambiguous;
 * - more deletes than --max-delete;
 * - without --max-delete, a source with no files (directories or markers alone, as a failed build
 *   leaves them) would delete files at the destination.
 */
export function deleteGuard(
  pairing: Pairing,
  opts: PlanOptions,
  deletes: readonly DeleteAction[],
  sourceSkips = 0,
): string | undefined {
  const l = opts.listings;
  if (l.sourceIncomplete || l.destIncomplete) return 'a listing was incomplete, so nothing is deleted';
  if (pairing.ambiguous) return 'some names are equal after Unicode normalisation, so nothing is deleted';
  if (sourceSkips > 0) {
    return `${sourceSkips} source ${sourceSkips === 1 ? 'entry was' : 'entries were'} skipped, so nothing is deleted`;
  }
  if (opts.maxDelete !== undefined && deletes.length > opts.maxDelete) {
    return `${deletes.length} deletes planned, more than --max-delete ${opts.maxDelete}; nothing is deleted`;
  }
  const files = deletes.filter((d) => d.dest.kind !== 'dir').length;
  if (opts.maxDelete === undefined && l.sourceFiles === 0 && files > 0) {
    return `the source has no files; refusing to delete ${files} file${files === 1 ? '' : 's'} at the destination (give --max-delete to allow)`;
  }
  return undefined;
}

function depth(path: string): number {
  let n = 0;
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) n++;
  return n;
}
