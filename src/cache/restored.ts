// What this machine's last `cache restore` of a set of roots wrote: for every file, its SHA-256 (checked
// as it was written) and its stamp as lstat gave it just after (size, mtime, ctime, inode, device). A
// later `cache save` of the same roots takes a file's SHA-256 from here without reading it only while
// that stamp is exactly the same: content cannot change without changing ctime, which no user can set
// back, so a file rewritten with its size and mtime put back (npm dates every file in node_modules
// 1985-10-26) is read again. Size and mtime alone, compared with whatever entry the save starts from,
// are not enough: that took the old bytes' hash for a changed package.json, and a newer entry's hashes
// for files restored from an older one.
//
// The record vouches for the bytes on disk whichever entry the save starts from; the save still reuses
// data only for hashes the store holds. One file per set of roots in the user's cache directory
// (PARAS3_MD5_CACHE), replaced whole (temp + rename) by each restore; a missing, damaged or foreign one
// is no record: every file is read.
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import nodePath from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FileStamp } from '../core/md5cache.js';

export { sameStamp } from '../core/md5cache.js';

const FORMAT = 'paras3-cache-restored-1';

/** The stat that identifies one version of a file: the MD5 cache's. */
export type Stamp = FileStamp;

/**
 * A change made in the same clock tick as a stamp leaves ctime as it was ("racily clean", as git says).
 * A stamp is trusted only if it is older than the record by more than a tick: RACY_MS where ctime has
 * sub-second precision (a kernel tick is 1 to 10 ms), COARSE_MS where it is whole seconds (FAT keeps 2).
 */
const RACY_MS = 20;
const COARSE_MS = 2000;

export interface RestoredFile extends Stamp {
  sha256: string;
}

interface RecordFile {
  format: string;
  roots: string[];
  key: string;
  saveId: string;
  /** Date.now() when the record was made, after every stamp was taken. */
  written: number;
  /** [absolute path, size, mtimeMs, ctimeMs, ino, dev, sha256] */
  files: [string, number, number, number, number, number, string][];
}

function recordPath(dir: string, rootPaths: readonly string[]): string {
  const id = createHash('sha256').update(JSON.stringify(rootPaths)).digest('hex').slice(0, 32);
  return nodePath.join(dir, `cache-restored-${id}.json`);
}

function racy(ctimeMs: number, written: number): boolean {
  const tick = Number.isInteger(ctimeMs / 1000) ? COARSE_MS : RACY_MS;
  return !(ctimeMs + tick < written);
}

/** Before a restore writes: its roots have no record until it has written them all. */
export async function forgetRestored(dir: string | undefined, rootPaths: readonly string[]): Promise<void> {
  if (dir === undefined) return;
  await unlink(recordPath(dir, rootPaths)).catch(() => {});
}

/**
 * After a restore wrote every file: the record of what it wrote. Waits out a tick first (at most
 * RACY_MS) so that a fast restore's files are not racy. Failing to write it costs only speed.
 */
export async function recordRestored(
  dir: string | undefined,
  rootPaths: readonly string[],
  entry: { key: string; saveId: string },
  files: ReadonlyMap<string, RestoredFile>,
  onWarning?: (message: string) => void,
): Promise<void> {
  if (dir === undefined) return;
  let newest = 0;
  for (const f of files.values())
    if (!Number.isInteger(f.ctimeMs / 1000)) newest = Math.max(newest, f.ctimeMs);
  const wait = newest + RACY_MS + 1 - Date.now();
  if (wait > 0) await sleep(Math.min(wait, RACY_MS + 1));
  const rec: RecordFile = {
    format: FORMAT,
    roots: [...rootPaths],
    key: entry.key,
    saveId: entry.saveId,
    written: Date.now(),
    files: [...files].map(([p, f]) => [p, f.size, f.mtimeMs, f.ctimeMs, f.ino, f.dev, f.sha256]),
  };
  const file = recordPath(dir, rootPaths);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(JSON.stringify(rec));
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    onWarning?.(
      `cannot record the restore in ${dir} (${(err as Error).message}); the next save reads every file`,
    );
  }
}

/**
 * The files the last restore of these roots wrote and whose stamps can be trusted (not racy), by
 * absolute path; empty when there is no usable record.
 */
export async function loadRestored(
  dir: string | undefined,
  rootPaths: readonly string[],
): Promise<Map<string, RestoredFile>> {
  const out = new Map<string, RestoredFile>();
  if (dir === undefined) return out;
  let rec: RecordFile;
  try {
    rec = JSON.parse(await readFile(recordPath(dir, rootPaths), 'utf8')) as RecordFile;
  } catch {
    return out;
  }
  if (
    rec === null ||
    typeof rec !== 'object' ||
    rec.format !== FORMAT ||
    !Array.isArray(rec.roots) ||
    JSON.stringify(rec.roots) !== JSON.stringify(rootPaths) ||
    typeof rec.written !== 'number' ||
    !Array.isArray(rec.files)
  )
    return out;
  for (const f of rec.files) {
    if (!Array.isArray(f) || f.length !== 7) continue;
    const [p, size, mtimeMs, ctimeMs, ino, dev, sha256] = f;
    if (typeof p !== 'string' || typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) continue;
    if (![size, mtimeMs, ctimeMs, ino, dev].every((n) => typeof n === 'number' && Number.isFinite(n)))
      continue;
    if (racy(ctimeMs, rec.written)) continue;
    out.set(p, { size, mtimeMs, ctimeMs, ino, dev, sha256 });
  }
  return out;
}
