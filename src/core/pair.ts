// Pairs two listings path by path, as rclone's march does: each path is in the source only, in the
// destination only, or in both; or it is a conflict that cannot be synced as it stands, reported with
// every name involved and never resolved by whichever entry came last. Pure: no I/O.
//
// The pairing key is the NFC relative path (Entry.path), so a name written NFD by macOS or another tool
// is the same name, never a second object. Directories pair with directories and files (and symlinks)
// with files: S3 can hold both `x` and `x/`, a local directory cannot.
import nodePath from 'node:path';
import { ancestors, compareKeys, parentPath, printable, unsafeRelativePath } from './keys.js';
import { type Conflict, type Direction, type Entry, type Listing, nameOf, type Pair } from './types.js';

export interface PairOptions {
  direction: Direction;
  /** The source's key prefix, when it is S3: unsafe keys are reported as the whole key. */
  sourcePrefix?: string;
  /** The platform the local side lives on (injectable: Windows rules are tested on any platform). */
  path?: nodePath.PlatformPath;
}

export interface Pairing {
  /** Sorted by path (S3's byte order); a path may have a directory pair and a file pair. */
  pairs: Pair[];
  conflicts: Conflict[];
  /** What conflicts took out of the sync, as heldKey(kind, path): never transferred, never deleted. */
  held: Set<string>;
  /** Twins make the listings ambiguous: nothing may be deleted (see plan.ts deleteGuard). */
  ambiguous: boolean;
  /**
   * The destination's other nodes of a directory written in more than one style (`x/` and
   * `x_$folder$`), by path: the pair holds one; deleting the directory deletes these too.
   */
  destNodes?: ReadonlyMap<string, readonly Entry[]>;
}

type Side = 'source' | 'destination';

/** The key of a held path: a directory and a file of one path are held apart (S3 can hold both). */
export function heldKey(kind: 'dir' | 'file', path: string): string {
  return `${kind === 'dir' ? 'd' : 'f'}:${path}`;
}
const kindOf = (e: Entry): 'dir' | 'file' => (e.kind === 'dir' ? 'dir' : 'file');

/** Reports a conflict and holds the given paths out of the sync. */
type OnConflict = (c: Conflict, ...hold: string[]) => void;

export function pairListings(src: Listing, dst: Listing, opts: PairOptions): Pairing {
  const p = opts.path ?? nodePath;
  const conflicts: Conflict[] = [];
  const held = new Set<string>();
  const conflict: OnConflict = (c, ...hold) => {
    conflicts.push(c);
    for (const h of hold) held.add(h);
  };

  const src_ = byPath(src.entries, 'source', conflict);
  const dst_ = byPath(dst.entries, 'destination', conflict);
  const [srcFiles, srcDirs, dstFiles, dstDirs] = [src_.files, src_.dirs, dst_.files, dst_.dirs];
  // A twin taken out on one side is taken out on both: neither name may be written or deleted.
  const twinDirs = new Set([...src_.twinDirs, ...dst_.twinDirs]);
  for (const path of [...src_.twinFiles, ...dst_.twinFiles]) {
    srcFiles.delete(path);
    dstFiles.delete(path);
  }
  for (const path of twinDirs) {
    srcDirs.delete(path);
    dstDirs.delete(path);
  }
  // Under a twin directory every path is ambiguous too (which of the two directories holds it?).
  if (twinDirs.size > 0) {
    for (const [side, map] of [
      ['source', srcFiles],
      ['source', srcDirs],
      ['destination', dstFiles],
      ['destination', dstDirs],
    ] as const) {
      for (const [path, e] of map) {
        const twin = ancestors(path).find((a) => twinDirs.has(a));
        if (twin === undefined) continue;
        map.delete(path);
        conflict(
          {
            path,
            reason: 'twins',
            side,
            names: [nameOf(e)],
            message: `inside "${printable(twin)}", a directory whose name has a twin; not synced`,
          },
          heldKey(kindOf(e), path),
        );
      }
    }
  }

  if (opts.direction !== 'upload') {
    for (const [path, e] of srcDirs) {
      if (e.dirWithContent) {
        conflicts.push({
          path,
          reason: 'dir-with-content',
          side: 'source',
          names: [nameOf(e)],
          message: 'is a folder key (ending in "/") that holds bytes; they are not synced, the directory is',
        });
      }
    }
  }

  if (opts.direction === 'download') {
    // Keys that cannot become a local path here: refused, reported, never written.
    for (const map of [srcFiles, srcDirs]) {
      for (const [path, e] of map) {
        const why = unsafeRelativePath(path, p);
        if (!why) continue;
        map.delete(path);
        conflict(
          {
            path: (opts.sourcePrefix ?? '') + nameOf(e),
            reason: 'unsafe-name',
            side: 'source',
            names: [nameOf(e)],
            message: `unsafe key (${why}), skipped`,
          },
          heldKey(kindOf(e), path),
        );
      }
    }
    localFileVsDir(srcFiles, srcDirs, dstFiles, dstDirs, conflict);
  }

  const pairs: Pair[] = [];
  for (const [path, source] of srcDirs) {
    const dest = dstDirs.get(path);
    pairs.push(dest ? { kind: 'both', path, source, dest } : { kind: 'source-only', path, source });
  }
  for (const [path, dest] of dstDirs) if (!srcDirs.has(path)) pairs.push({ kind: 'dest-only', path, dest });
  pairFiles(srcFiles, dstFiles, pairs);
  // Stable, so a directory's pair stays before the file pair of the same path; the file pairs are one
  // sorted run already, which the sort only merges.
  pairs.sort((a, b) => compareKeys(a.path, b.path));
  conflicts.sort((a, b) => compareKeys(a.path, b.path));
  const pairing: Pairing = { pairs, conflicts, held, ambiguous: conflicts.some((c) => c.reason === 'twins') };
  if (dst_.otherNodes.size > 0) pairing.destNodes = dst_.otherNodes;
  return pairing;
}

/**
 * One side's entries by path, files apart from directories. Two entries of one kind with the same path
 * are twins (names equal after NFC) and a conflict; two directory nodes of different styles for one
 * directory (`x/` and `x_$folder$`) are one directory. Files are indexed by sorting them, not by a map:
 * a tree has few directories but may have millions of files (see FileIndex).
 */
function byPath(
  entries: readonly Entry[],
  side: Side,
  conflict: OnConflict,
): {
  files: FileIndex;
  dirs: Map<string, Entry>;
  otherNodes: Map<string, Entry[]>;
  twinFiles: Set<string>;
  twinDirs: Set<string>;
} {
  const dirs = new Map<string, Entry>();
  const otherNodes = new Map<string, Entry[]>();
  const twins = new Map<string, Entry[]>();
  const twinFiles = new Set<string>();
  const twinDirs = new Set<string>();
  let fileCount = 0;
  for (const e of entries) if (e.kind !== 'dir') fileCount++;
  const files: Entry[] = new Array(fileCount);
  let f = 0;
  for (const e of entries) {
    if (e.kind !== 'dir') {
      files[f++] = e;
      continue;
    }
    const seen = dirs.get(e.path);
    if (!seen) {
      dirs.set(e.path, e);
      continue;
    }
    if (sameDirectory(seen, e)) {
      // Keep the S3 console's `x/` node over other styles: it is the one paras3 writes. The other is
      // still an object of its own, which a delete of the directory must remove too.
      const [kept, other] = e.name === undefined ? [e, seen] : [seen, e];
      dirs.set(e.path, kept);
      otherNodes.set(e.path, [...(otherNodes.get(e.path) ?? []), other]);
      continue;
    }
    const id = `d:${e.path}`;
    const list = twins.get(id) ?? [seen];
    list.push(e);
    twins.set(id, list);
  }
  // Stable: twins keep the order they were listed in.
  files.sort((a, b) => compareKeys(a.path, b.path));
  let kept = 0;
  for (let i = 0; i < files.length; ) {
    const first = files[i] as Entry;
    let j = i + 1;
    while (j < files.length && (files[j] as Entry).path === first.path) j++;
    if (j - i === 1) files[kept++] = first;
    else twins.set(`f:${first.path}`, files.slice(i, j));
    i = j;
  }
  files.length = kept;
  for (const [id, list] of twins) {
    const first = list[0];
    if (!first) continue;
    const path = first.path;
    if (id.startsWith('d:')) {
      twinDirs.add(path);
      dirs.delete(path);
      otherNodes.delete(path);
    } else twinFiles.add(path);
    const names = list.map((e) => nameOf(e) + (e.kind === 'dir' && !nameOf(e).endsWith('/') ? '/' : ''));
    conflict(
      {
        path,
        reason: 'twins',
        side,
        names,
        message: `${names.map((n) => `"${printable(n)}"`).join(' and ')} are the same name after Unicode normalisation (NFC) on the ${side}; neither is synced, and nothing is deleted`,
      },
      heldKey(kindOf(first), path),
    );
  }
  return { files: new FileIndex(files), dirs, otherNodes, twinFiles, twinDirs };
}

/**
 * One side's files by path, as a Map would hold them but in a sorted array: a Map of a million paths
 * is about 30 MB, and 60 MB of large objects while it grows by doubling (measured: the peak of a
 * 1,000,000-file no-op). Lookups are binary searches; the pairs come out of a merge of two indexes.
 */
export class FileIndex {
  /** Paths taken out (conflicts), rare: checked only when there are any. */
  private readonly gone = new Set<string>();

  /** `sorted` by compareKeys of the path, one entry per path. */
  constructor(private readonly sorted: readonly Entry[]) {}

  get(path: string): Entry | undefined {
    let lo = 0;
    let hi = this.sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.sorted[mid] as Entry;
      const c = compareKeys(e.path, path);
      if (c === 0) return this.gone.size > 0 && this.gone.has(path) ? undefined : e;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  has(path: string): boolean {
    return this.get(path) !== undefined;
  }

  delete(path: string): boolean {
    if (!this.has(path)) return false;
    this.gone.add(path);
    return true;
  }

  *entries(): Generator<Entry> {
    for (const e of this.sorted) if (this.gone.size === 0 || !this.gone.has(e.path)) yield e;
  }

  *keys(): Generator<string> {
    for (const e of this.entries()) yield e.path;
  }

  *[Symbol.iterator](): Generator<[string, Entry]> {
    for (const e of this.entries()) yield [e.path, e];
  }
}

/** The file pairs of two indexes, in path order: a merge of the two sorted arrays. */
function pairFiles(src: FileIndex, dst: FileIndex, pairs: Pair[]): void {
  const s = src.entries();
  const d = dst.entries();
  let a = s.next();
  let b = d.next();
  while (!a.done || !b.done) {
    const c = a.done ? 1 : b.done ? -1 : compareKeys(a.value.path, b.value.path);
    if (c === 0 && !a.done && !b.done) {
      pairs.push({ kind: 'both', path: a.value.path, source: a.value, dest: b.value });
      a = s.next();
      b = d.next();
    } else if (c < 0 && !a.done) {
      pairs.push({ kind: 'source-only', path: a.value.path, source: a.value });
      a = s.next();
    } else if (!b.done) {
      pairs.push({ kind: 'dest-only', path: b.value.path, dest: b.value });
      b = d.next();
    }
  }
}

/** The same directory written in two node styles, rather than two names that normalise alike. */
function sameDirectory(a: Entry, b: Entry): boolean {
  const base = (e: Entry) => nameOf(e).replace(/(\/|_\$folder\$)$/, '');
  return base(a) === base(b);
}

/**
 * Downloads: a local directory cannot also be a file. A source file whose path is also a source
 * directory (S3 `x` beside `x/…`), or a local directory, is skipped; a source directory whose path is a
 * local file is skipped with everything under it.
 */
function localFileVsDir(
  srcFiles: FileIndex,
  srcDirs: Map<string, Entry>,
  dstFiles: FileIndex,
  dstDirs: Map<string, Entry>,
  conflict: OnConflict,
): void {
  const srcDirPaths = new Set(srcDirs.keys());
  for (const path of srcDirs.keys()) for (const a of ancestors(path)) srcDirPaths.add(a);
  // Every directory in the set has its ancestors in it too: a file whose parent is there adds nothing
  // (and a million files need not make a million arrays of ancestors).
  for (const path of srcFiles.keys()) {
    const parent = parentPath(path);
    if (parent === '' || srcDirPaths.has(parent)) continue;
    for (const a of ancestors(path)) srcDirPaths.add(a);
  }
  for (const [path, e] of srcFiles) {
    if (srcDirPaths.has(path)) {
      srcFiles.delete(path);
      conflict(
        {
          path,
          reason: 'file-vs-dir',
          side: 'source',
          names: [nameOf(e), `${path}/`],
          message: 'is both a file and a directory prefix on S3; the file is skipped',
        },
        heldKey('file', path),
      );
    } else if (dstDirs.has(path)) {
      const local = dstDirs.get(path);
      srcFiles.delete(path);
      conflict(
        {
          path,
          reason: 'file-vs-dir',
          side: 'both',
          names: [nameOf(e), local ? nameOf(local) : path],
          message: 'is a directory locally but a file on S3; skipped',
        },
        heldKey('file', path),
        heldKey('dir', path),
      );
    }
  }
  const blocked: string[] = [];
  for (const dir of [...srcDirPaths].sort(compareKeys)) {
    const local = dstFiles.get(dir);
    if (!local || blocked.some((b) => dir.startsWith(`${b}/`))) continue;
    blocked.push(dir);
    conflict(
      {
        path: dir,
        reason: 'file-vs-dir',
        side: 'both',
        names: [nameOf(local), `${dir}/`],
        message: `is a ${local.kind} locally but a directory on S3; skipped with its contents`,
      },
      heldKey('file', dir),
      heldKey('dir', dir),
    );
  }
  if (blocked.length === 0) return;
  for (const map of [srcFiles, srcDirs]) {
    for (const [path, e] of map) {
      const b = blocked.find((d) => path === d || path.startsWith(`${d}/`));
      if (b === undefined) continue;
      map.delete(path);
      if (path !== b)
        conflict(
          {
            path,
            reason: 'file-vs-dir',
            side: 'source',
            names: [nameOf(e)],
            message: `parent "${printable(b)}" is not a directory locally`,
          },
          heldKey(kindOf(e), path),
        );
    }
  }
}
