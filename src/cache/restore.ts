// Restoring a cache entry: find it (exact key, else restore-keys), check its manifest whole, then
// fetch packs and blobs in parallel and write every file to a temp name beside its target, verified,
// with its mode and mtime, before renaming it into place. Directories are created first (each one a
// real directory, never followed through a symlink), symlinks after the files, directory times last.

import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import fs from 'node:fs';
import nodePath from 'node:path';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import { errorCode } from '../core/errors.js';
import { lstat, openNew, rename } from '../core/fastfs.js';
import { localPathFor, parentPath } from '../core/keys.js';
import type { ObjectStore } from '../core/store/types.js';
import { tempNameFor } from '../core/temps.js';
import { findEntry } from './find.js';
import { blobObject, type CacheStore, packObject } from './layout.js';
import {
  type FileEntry,
  type Manifest,
  type ManifestEntry,
  ManifestError,
  manifestBytes,
} from './manifest.js';
import { readObject, sha256Hex } from './objects.js';
import { forgetRestored, type RestoredFile, recordRestored } from './restored.js';
import { rootPath } from './roots.js';

export interface RestoreRequest {
  store: ObjectStore;
  cache: CacheStore;
  key: string;
  restoreKeys: readonly string[];
  roots: readonly string[];
  cwd: string;
  threads: number;
  /** Find the entry, download nothing. */
  lookupOnly?: boolean;
  /**
   * Where to record what was written (see restored.ts), so that a save of the roots on this machine can
   * skip reading the files still as restored; undefined: no record.
   */
  stateDir?: string;
  signal?: AbortSignal;
  onWarning?: (message: string) => void;
}

export type RestoreOutcome =
  | { kind: 'miss' }
  | {
      kind: 'hit';
      exact: boolean;
      matchedKey: string;
      files: number;
      bytes: number;
      /** Bytes of packs and blobs fetched (0 with lookupOnly), and how many objects. */
      downloadedBytes: number;
      downloads: number;
    };

export async function restoreCache(req: RestoreRequest): Promise<RestoreOutcome> {
  const found = await findEntry({
    store: req.store,
    cache: req.cache,
    key: req.key,
    restoreKeys: req.restoreKeys,
    roots: req.roots,
    signal: req.signal,
    onWarning: req.onWarning,
  });
  if (!found) return { kind: 'miss' };
  const m = found.manifest;
  const files = m.entries.filter((e) => e.kind === 'file').length;
  const hit = {
    kind: 'hit' as const,
    exact: found.exact,
    matchedKey: found.matchedKey,
    files,
    bytes: manifestBytes(m),
  };
  if (req.lookupOnly) return { ...hit, downloadedBytes: 0, downloads: 0 };
  const rootPaths = m.roots.map((r) => rootPath(r, req.cwd));
  await forgetRestored(req.stateDir, rootPaths);
  const written = new Map<string, RestoredFile>();
  const moved = await applyManifest(m, req, written);
  await recordRestored(
    req.stateDir,
    rootPaths,
    { key: found.matchedKey, saveId: m.saveId },
    written,
    req.onWarning,
  );
  return { ...hit, ...moved };
}

interface Target {
  entry: ManifestEntry;
  fsPath: string;
}

export async function applyManifest(
  m: Manifest,
  req: Pick<RestoreRequest, 'store' | 'cache' | 'cwd' | 'threads' | 'signal'>,
  /** Filled with each file written, by absolute path: its SHA-256 and its stamp after the rename. */
  written?: Map<string, RestoredFile>,
): Promise<{ downloadedBytes: number; downloads: number }> {
  const rootPaths = m.roots.map((r) => rootPath(r, req.cwd));
  const targets = planTargets(m, rootPaths);
  const temps = new Set<string>();
  try {
    // Parents before children: every directory an entry is written into is one we made or checked.
    for (const t of targets) if (t.entry.kind === 'dir') ensureDirectory(t.fsPath, t.entry.path === '');
    // A root that is a single file or link needs its parent directory.
    for (const t of targets)
      if (t.entry.path === '' && t.entry.kind !== 'dir')
        fs.mkdirSync(nodePath.dirname(t.fsPath), { recursive: true });
    const moved = await writeFiles(m, targets, req, temps, written);
    for (const t of targets) if (t.entry.kind === 'symlink') placeSymlink(t.fsPath, t.entry);
    // Deepest first: setting a child's times must not be undone by writing into its parent.
    const dirs = targets.filter((t) => t.entry.kind === 'dir').reverse();
    for (const t of dirs) {
      const e = t.entry as ManifestEntry & { kind: 'dir' };
      fs.chmodSync(t.fsPath, e.mode);
      fs.utimesSync(t.fsPath, e.mtime / 1000, e.mtime / 1000);
    }
    return moved;
  } finally {
    for (const t of temps) fs.rmSync(t, { force: true });
  }
}

/** Local paths for every entry, in manifest order (parents before children), refusing orphans. */
function planTargets(m: Manifest, rootPaths: string[]): Target[] {
  const dirs = new Set<string>();
  const sorted = [...m.entries].sort((a, b) =>
    a.root !== b.root ? a.root - b.root : a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
  const out: Target[] = [];
  for (const e of sorted) {
    if (e.path !== '') {
      // Every ancestor must be a directory of the entry itself, so nothing is written through a
      // directory or link that was already on disk and is not the entry's.
      const parent = parentPath(e.path);
      if (!dirs.has(`${e.root}/${parent}`))
        throw new ManifestError(`refused: ${JSON.stringify(e.path)} has no parent directory in the entry`);
    }
    if (e.kind === 'dir') dirs.add(`${e.root}/${e.path}`);
    out.push({ entry: e, fsPath: localPathFor(rootPaths[e.root] as string, e.path) });
  }
  return out;
}

/** A real directory at `p`: made if missing; a file or symlink in the way is replaced, as tar does. */
function ensureDirectory(p: string, isRoot: boolean): void {
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(p);
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
  }
  // A root that is a symlink to a directory is the user's own layout (e.g. ~/.cache on another disk).
  if (isRoot) {
    fs.mkdirSync(p, { recursive: true });
    return;
  }
  if (st?.isDirectory()) return;
  if (st) fs.rmSync(p, { force: true });
  fs.mkdirSync(p);
}

function placeSymlink(p: string, e: ManifestEntry & { kind: 'symlink' }): void {
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(p);
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
  }
  if (st?.isDirectory()) throw new Error(`${p}: a directory is where the cache has a symlink`);
  if (st) fs.unlinkSync(p);
  fs.symlinkSync(e.target, p);
  try {
    fs.lutimesSync(p, e.mtime / 1000, e.mtime / 1000);
  } catch {
    // Not every platform sets a link's own times; the link itself is what matters.
  }
}

async function writeFiles(
  m: Manifest,
  targets: Target[],
  req: Pick<RestoreRequest, 'store' | 'cache' | 'threads' | 'signal'>,
  temps: Set<string>,
  written: Map<string, RestoredFile> | undefined,
): Promise<{ downloadedBytes: number; downloads: number }> {
  const byPack = new Map<string, Target[]>();
  const blobs: Target[] = [];
  for (const t of targets) {
    if (t.entry.kind !== 'file') continue;
    if (t.entry.pack !== undefined) {
      const list = byPack.get(t.entry.pack) ?? [];
      list.push(t);
      byPack.set(t.entry.pack, list);
    } else blobs.push(t);
  }
  const limit = pLimit(Math.max(1, req.threads));
  const fileLimit = pLimit(FILES_IN_FLIGHT);
  const abort = new AbortController();
  // One signal for every request in flight; each adds a listener.
  setMaxListeners(0, abort.signal);
  const onAbort = () => abort.abort();
  req.signal?.addEventListener('abort', onAbort);
  let downloadedBytes = 0;
  let downloads = 0;
  const guarded = async (fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      abort.abort();
      throw err;
    }
  };
  try {
    // Largest first, so the long transfers start early and the pool drains evenly.
    const jobs = [
      ...[...byPack.entries()].map(([id, list]) => ({
        size: m.packs[id] ?? 0,
        run: () => restorePack(id, list),
      })),
      ...blobs.map((t) => ({ size: (t.entry as FileEntry).size, run: () => restoreBlob(t) })),
    ].sort((a, b) => b.size - a.size);
    const results = await Promise.allSettled(jobs.map((j) => limit(() => guarded(j.run))));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  } finally {
    req.signal?.removeEventListener('abort', onAbort);
  }
  return { downloadedBytes, downloads };

  /** After the rename (which changes ctime): the stamp a save will find while the file is untouched. */
  async function stamp(fsPath: string, e: FileEntry): Promise<void> {
    if (!written) return;
    const st = await lstat(fsPath);
    const { size, mtimeMs, ctimeMs, ino, dev } = st;
    if (st.isFile() && size === e.size)
      written.set(fsPath, { size, mtimeMs, ctimeMs, ino, dev, sha256: e.sha256 });
  }

  async function restorePack(id: string, list: Target[]): Promise<void> {
    const obj = await readObject(req.store, req.cache.bucket, packObject(req.cache, id), abort.signal);
    if (!obj) throw new Error(`pack ${id} of the cache entry is missing from the store`);
    if (sha256Hex(obj.body) !== id) throw new Error(`pack ${id}: the bytes received do not match its hash`);
    // The manifest says where each file is in the pack and what it hashes to: a slice cut short (the
    // pack smaller than the manifest says) or not the file's bytes is refused before any is written.
    if (obj.body.length !== m.packs[id])
      throw new Error(`pack ${id}: ${obj.body.length} bytes, where the cache entry says ${m.packs[id]}`);
    const checked = new Set<string>();
    for (const t of list) {
      const e = t.entry as FileEntry;
      const at = `${e.offset}:${e.size}:${e.sha256}`;
      if (checked.has(at)) continue;
      const slice = obj.body.subarray(e.offset as number, (e.offset as number) + e.size);
      if (slice.length !== e.size || sha256Hex(slice) !== e.sha256)
        throw new Error(`${t.fsPath}: the bytes in pack ${id} do not match the cache entry`);
      checked.add(at);
    }
    downloads++;
    downloadedBytes += obj.body.length;
    await Promise.all(
      list.map((t) => {
        const e = t.entry as FileEntry;
        const start = e.offset as number;
        return fileLimit(async () => {
          await writeWhole(t.fsPath, obj.body.subarray(start, start + e.size), e, temps);
          await stamp(t.fsPath, e);
        });
      }),
    );
  }

  async function restoreBlob(t: Target): Promise<void> {
    const e = t.entry as FileEntry;
    const res = await req.store.get(req.cache.bucket, blobObject(req.cache, e.sha256), {
      signal: abort.signal,
    });
    const tmp = tempPathFor(t.fsPath);
    temps.add(tmp);
    const fh = await fs.promises.open(tmp, 'wx', 0o600);
    const hash = createHash('sha256');
    let n = 0;
    try {
      for await (const chunk of res.body) {
        const b = chunk as Buffer;
        hash.update(b);
        n += b.length;
        await fh.write(b);
      }
      if (n !== e.size || hash.digest('hex') !== e.sha256)
        throw new Error(`${t.fsPath}: the bytes received do not match the cache entry`);
      await fh.chmod(e.mode);
      await fh.utimes(e.mtime / 1000, e.mtime / 1000);
    } finally {
      await fh.close();
    }
    fs.renameSync(tmp, t.fsPath);
    temps.delete(tmp);
    await stamp(t.fsPath, e);
    downloads++;
    downloadedBytes += n;
  }
}

/**
 * One small file: temp name, bytes, mode, times, rename. On the thread pool rather than synchronously:
 * creating a file waits on the file system (on a busy disk most of a restore's time is openat), and
 * several in flight overlap those waits, which tar, one file after another, cannot.
 */
async function writeWhole(target: string, body: Buffer, e: FileEntry, temps: Set<string>): Promise<void> {
  const tmp = tempPathFor(target);
  temps.add(tmp);
  // Created with its mode when the umask leaves that mode whole: one call fewer per file.
  const direct = (e.mode & ~0o777) === 0 && (e.mode & UMASK) === 0;
  const fd = await openNew(tmp, 'wx', direct ? e.mode : 0o600);
  try {
    let off = 0;
    while (off < body.length) off += await writeAt(fd, body, off, body.length - off);
    if (!direct) await fchmod(fd, e.mode);
    await futimes(fd, e.mtime / 1000, e.mtime / 1000);
  } finally {
    await close(fd);
  }
  await rename(tmp, target);
  temps.delete(tmp);
}

/** Read once (reading it is the deprecated form of the call only where it would also set it). */
const UMASK = process.umask();
/** Small files being written at once (the thread pool has 4 threads by default). */
const FILES_IN_FLIGHT = 8;
const writeAt = (fd: number, b: Buffer, off: number, len: number) =>
  new Promise<number>((resolve, reject) =>
    fs.write(fd, b, off, len, null, (err, n) => (err ? reject(err) : resolve(n))),
  );
const fchmod = promisify(fs.fchmod);
const futimes = promisify(fs.futimes);
const close = promisify(fs.close);

function tempPathFor(target: string): string {
  return nodePath.join(nodePath.dirname(target), tempNameFor(nodePath.basename(target)));
}
