// Remembers, between runs, what is known of local files, as git's index does: an entry is trusted only
// while the file's size, mtime, ctime, inode and device are exactly what they were when it was recorded.
// Content (and mode, owner, times) cannot change without changing ctime, which no user can set back, so
// an unchanged tree re-syncs without reading a byte, and a changed one is hashed as before.
//
// A record holds the file's MD5 (and multipart ETag), and, once a sync made the file and its object
// agree (an upload, a download, a metadata update, or a check that found them equal), which object that
// was: its key, ETag and LastModified. While both the file and that object are unchanged, their metadata
// still agree, and the compare stage need not read the object's metadata again.
//
// One JSON file per local root, in the user's cache directory; a missing, damaged or foreign file is
// simply an empty cache.
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import nodePath from 'node:path';
import type { Entry } from './types.js';

/** What the cache vouches for: the stat that identifies one version of a file. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  dev: number;
}

/** The object a file was last found in agreement with. */
export interface RemoteState {
  key: string;
  etag: string;
  /** LastModified in whole seconds, when known (a listing tells it; a PUT does not). */
  modified?: number;
  /** When LastModified is not known: the server's clock after the write (its Date header), seconds. */
  writtenBy?: number;
}

interface CacheRecord {
  stamp: FileStamp;
  md5: string;
  /** The multipart ETag for `partSize`, when the file has more than one part. */
  multipartEtag?: string;
  remote?: RemoteState;
  /**
   * Stamped so close to the save that a change in the same clock tick would leave the stamp as it is
   * ("racily clean", as git says): its MD5 is checked again by hashing before it is trusted.
   */
  racy?: boolean;
}

const FORMAT = 2;

/** Characters of the cache document written at a time. */
const WRITE_PIECE = 1 << 20;

/**
 * A change within the same timestamp tick as the hash would leave the stamp unchanged ("racily clean"
 * in git's words). Entries this close to the moment the cache is written are kept but flagged racy: their
 * MD5 is hashed again before it is trusted. File systems with whole-second timestamps get a wider margin.
 */
const RACY_MS_FINE = 50;
const RACY_MS_COARSE = 2000;

export class Md5Cache {
  private readonly records = new Map<string, CacheRecord>();

  private constructor(
    private readonly file: string | undefined,
    private readonly root: string,
    private readonly partSize: number,
  ) {}

  /** An empty cache that never touches the disk (caching off). */
  static disabled(): Md5Cache {
    return new Md5Cache(undefined, '', 0);
  }

  static async open(dir: string, root: string, partSize: number): Promise<Md5Cache> {
    const name = createHash('sha256').update(root).digest('hex').slice(0, 24);
    const cache = new Md5Cache(nodePath.join(dir, `md5-${name}.json`), root, partSize);
    let data: unknown;
    try {
      data = JSON.parse(await readFile(nodePath.join(dir, `md5-${name}.json`), 'utf8'));
    } catch {
      return cache; // No cache yet, or one we cannot read: start empty.
    }
    if (typeof data !== 'object' || data === null) return cache;
    const d: { format?: unknown; root?: unknown; partSize?: unknown; entries?: unknown } = data;
    if (d.format !== FORMAT || d.root !== root || d.partSize !== partSize) return cache;
    if (typeof d.entries !== 'object' || d.entries === null) return cache;
    for (const [path, row] of Object.entries(d.entries)) {
      const r = parseRow(row);
      // A row that is not what this version writes is dropped, never half-trusted.
      if (r) cache.records.set(path, r);
    }
    return cache;
  }

  get enabled(): boolean {
    return this.file !== undefined;
  }

  /** The cached hashes of an entry, only if its stamp is exactly the one they were made for (and not racy). */
  lookup(entry: Entry): { md5: string; multipartEtag?: string } | undefined {
    const r = this.current(entry);
    return r && !r.racy ? { md5: r.md5, multipartEtag: r.multipartEtag } : undefined;
  }

  /** Whether the file is unchanged since it last agreed with this very object (same key, ETag, time). */
  agreesWith(entry: Entry, key: string, etag: string, modified: number): boolean {
    const remote = this.current(entry)?.remote;
    if (!remote || remote.key !== key || remote.etag !== etag) return false;
    if (remote.modified !== undefined) return remote.modified === modified;
    return remote.writtenBy !== undefined && modified <= remote.writtenBy;
  }

  remember(path: string, stamp: FileStamp, md5: string, multipartEtag?: string, remote?: RemoteState): void {
    if (!this.file) return;
    const old = this.records.get(path);
    // The remote state is kept only while the file is the version (and the bytes) it was recorded for.
    const same = old && sameStamp(old.stamp, stamp) && old.md5 === md5;
    this.records.set(path, {
      stamp,
      md5,
      multipartEtag: multipartEtag ?? (same ? old.multipartEtag : undefined),
      remote: remote ?? (same ? old.remote : undefined),
    });
  }

  /** Records that a file, as it is now, agrees with an object (found equal, or just made equal). */
  rememberRemote(path: string, stamp: FileStamp, remote: RemoteState): void {
    const r = this.records.get(path);
    if (r && sameStamp(r.stamp, stamp)) r.remote = remote;
  }

  /**
   * Writes the records of the paths still present (atomically: temp file, then rename). Written a row
   * at a time, in pieces of about 1 MiB: building the whole document first (an object of every row, then
   * one string of it) made the save the peak of a large run's memory.
   */
  async save(present: ReadonlySet<string>): Promise<void> {
    if (!this.file) return;
    const now = Date.now();
    await mkdir(nodePath.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fh = await open(tmp, 'w', 0o600);
    try {
      let piece = `{"format":${FORMAT},"root":${JSON.stringify(this.root)},"partSize":${JSON.stringify(this.partSize)},"entries":{`;
      let first = true;
      for (const [path, r] of this.records) {
        if (!present.has(path)) continue;
        const { size, mtimeMs, ctimeMs, ino, dev } = r.stamp;
        const rm = r.remote;
        const row = [
          size,
          mtimeMs,
          ctimeMs,
          ino,
          dev,
          r.md5,
          r.multipartEtag ?? null,
          rm ? [rm.key, rm.etag, rm.modified ?? null, rm.writtenBy ?? null] : null,
          r.racy || racy(r.stamp, now) ? 1 : 0,
        ];
        piece += `${first ? '' : ','}${JSON.stringify(path)}:${JSON.stringify(row)}`;
        first = false;
        if (piece.length >= WRITE_PIECE) {
          await fh.write(piece);
          piece = '';
        }
      }
      await fh.write(`${piece}}}`);
      await fh.close();
    } catch (err) {
      await fh.close().catch(() => {});
      await unlink(tmp).catch(() => {});
      throw err;
    }
    await rename(tmp, this.file);
  }

  private current(entry: Entry): CacheRecord | undefined {
    const r = this.records.get(entry.path);
    const stamp = stampOf(entry);
    return r && stamp && sameStamp(r.stamp, stamp) ? r : undefined;
  }
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const str = (v: unknown): v is string => typeof v === 'string';

function parseRow(row: unknown): CacheRecord | undefined {
  if (!Array.isArray(row) || row.length !== 9) return undefined;
  const [size, mtimeMs, ctimeMs, ino, dev, md5, multipartEtag, remote, racyFlag]: unknown[] = row;
  if (racyFlag !== 0 && racyFlag !== 1) return undefined;
  if (!num(size) || !num(mtimeMs) || !num(ctimeMs) || !num(ino) || !num(dev)) return undefined;
  if (!str(md5) || !/^[0-9a-f]{32}$/.test(md5)) return undefined;
  if (multipartEtag !== null && (!str(multipartEtag) || !/^[0-9a-f]{32}-\d+$/.test(multipartEtag)))
    return undefined;
  const rec: CacheRecord = { stamp: { size, mtimeMs, ctimeMs, ino, dev }, md5 };
  if (racyFlag === 1) rec.racy = true;
  if (multipartEtag !== null) rec.multipartEtag = multipartEtag;
  if (remote !== null) {
    if (!Array.isArray(remote) || remote.length !== 4) return undefined;
    const [key, etag, modified, writtenBy]: unknown[] = remote;
    if (!str(key) || !str(etag)) return undefined;
    if (modified !== null && !num(modified)) return undefined;
    if (writtenBy !== null && !num(writtenBy)) return undefined;
    rec.remote = { key, etag, modified: modified ?? undefined, writtenBy: writtenBy ?? undefined };
  }
  return rec;
}

/** The stamp of a listed local entry (undefined for S3 entries and directories). */
export function stampOf(st: {
  size: number;
  mtimeMs?: number;
  ctimeMs?: number;
  ino?: number;
  dev?: number;
}): FileStamp | undefined {
  if (st.mtimeMs === undefined || st.ctimeMs === undefined || st.ino === undefined) return undefined;
  return { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, dev: st.dev ?? 0 };
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return (
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    a.ctimeMs === b.ctimeMs &&
    a.ino === b.ino &&
    a.dev === b.dev
  );
}

/**
 * Racy by mtime alone: a write sets mtime to the current tick, so a change in the tick of the record
 * leaves the stamp as it was only when mtime is itself that recent. A file this run downloaded has
 * the object's (older) mtime set on it and a fresh ctime; a later write would move its mtime, so it is
 * trusted at once instead of hashed again on the next run. The one change missed is a write followed
 * by setting mtime back to exactly the old value, within the same tick as the record: the stamp then
 * says nothing changed, as it would to rsync or make.
 */
function racy(s: FileStamp, now: number): boolean {
  const coarse = s.mtimeMs % 1000 === 0;
  return s.mtimeMs >= now - (coarse ? RACY_MS_COARSE : RACY_MS_FINE);
}
