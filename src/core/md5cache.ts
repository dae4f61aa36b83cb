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
// One file per local root, in the user's cache directory, a JSON line per file; a missing, damaged or
// foreign file is simply an empty cache, a damaged line one file not cached.
import { createHash } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import nodePath from 'node:path';
import { type Entry, small } from './types.js';

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

/**
 * One file's record, flat: the stamp, the hashes and the object it agreed with, in one object of one
 * shape (a record of three objects, a stamp and a remote state besides, was a tenth of a 100,000-file
 * no-op's heap). `key` is undefined when no agreement is recorded.
 */
interface CacheRecord extends FileStamp {
  md5: string;
  /** The multipart ETag for `partSize`, when the file has more than one part. */
  multipartEtag: string | undefined;
  key: string | undefined;
  etag: string | undefined;
  modified: number | undefined;
  writtenBy: number | undefined;
  /**
   * Stamped so close to the save that a change in the same clock tick would leave the stamp as it is
   * ("racily clean", as git says): its MD5 is checked again by hashing before it is trusted.
   */
  racy: boolean;
  /** The number of the save() that found the file present (see save()); 0 before any. */
  seen: number;
}

function record(
  stamp: FileStamp,
  md5: string,
  multipartEtag: string | undefined,
  remote: RemoteState | undefined,
  racy: boolean,
): CacheRecord {
  // Whole numbers as small integers: fs.Stats gives doubles, and a double in one record boxes that field
  // in every record (see small()).
  return {
    size: small(stamp.size),
    mtimeMs: stamp.mtimeMs,
    ctimeMs: stamp.ctimeMs,
    ino: small(stamp.ino),
    dev: small(stamp.dev),
    md5,
    multipartEtag,
    key: remote?.key,
    // Most ETags are the MD5 itself: one string, not two equal ones.
    etag: remote && remote.etag === md5 ? md5 : remote?.etag,
    modified: remote?.modified === undefined ? undefined : small(remote.modified),
    writtenBy: remote?.writtenBy === undefined ? undefined : small(remote.writtenBy),
    racy,
    seen: 0,
  };
}

/**
 * The file: a header line, then one JSON array per file, so that it is read and written a line at a
 * time. Parsing one document of every row (format 2) held the whole text and a tree of every row at
 * once, the peak of a large run's memory.
 */
const FORMAT = 3;

/** The longest line read (a longer one is damage), and the size of a read. */
const PIECE = 1 << 20;

/**
 * Characters written at a time: few enough that a piece (two bytes a character at most) stays in V8's
 * young generation. Pieces of 1 MiB were large objects, each garbage once written, and collected only
 * by a full collection: 30 MB of them at the end of a 100,000-file sync.
 */
const WRITE_PIECE = 1 << 15;

/**
 * A change within the same timestamp tick as the hash would leave the stamp unchanged ("racily clean"
 * in git's words). Entries this close to the moment the cache is written are kept but flagged racy: their
 * MD5 is hashed again before it is trusted. File systems with whole-second timestamps get a wider margin.
 */
const RACY_MS_FINE = 50;
const RACY_MS_COARSE = 2000;

export class Md5Cache {
  private readonly records = new Map<string, CacheRecord>();
  /** A record was set since the file was read: saving would write something new. */
  private changed = false;
  /** save() calls so far: each marks the records it keeps with its own number. */
  private saves = 0;

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
    const file = nodePath.join(dir, `md5-${name}.json`);
    const cache = new Md5Cache(file, root, partSize);
    const header = JSON.stringify(headerOf(root, partSize));
    let first = true;
    try {
      await readLines(file, (line) => {
        if (first) {
          first = false;
          return line === header; // another format, root or part size: nothing in it is for this run
        }
        let row: unknown;
        try {
          row = JSON.parse(line);
        } catch {
          return true; // a damaged line is one file not cached, not a damaged cache
        }
        const r = parseRow(row);
        // A row that is not what this version writes is dropped, never half-trusted.
        if (r) cache.records.set(r[0], r[1]);
        return true;
      });
    } catch {
      cache.records.clear();
      return cache; // No cache yet, or one we cannot read: start empty.
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
    const r = this.current(entry);
    return r !== undefined && sameObject(r, key, etag, modified);
  }

  /**
   * Whether the file changed since it last agreed with this very object: the object is as recorded, the
   * file's stamp is not (ctime moves with every write, even one that puts the mtime back).
   */
  changedSince(entry: Entry, key: string, etag: string, modified: number): boolean {
    const r = this.records.get(entry.path);
    const stamp = stampOf(entry);
    return (
      r !== undefined && stamp !== undefined && !sameStamp(r, stamp) && sameObject(r, key, etag, modified)
    );
  }

  remember(path: string, stamp: FileStamp, md5: string, multipartEtag?: string, remote?: RemoteState): void {
    if (!this.file) return;
    const old = this.records.get(path);
    // The remote state is kept only while the file is the version (and the bytes) it was recorded for.
    const same = old && sameStamp(old, stamp) && old.md5 === md5 ? old : undefined;
    this.changed = true;
    // Racy as of now, just after the file was read: a change later in the same tick would go unseen.
    // Judged again when saved, but only now can it be judged for the moment the bytes were read (a
    // run that saves seconds later would otherwise trust a same-tick rewrite forever).
    this.records.set(
      path,
      record(
        stamp,
        md5,
        multipartEtag ?? same?.multipartEtag,
        remote ?? remoteOf(same),
        racy(stamp, Date.now()),
      ),
    );
  }

  /** Records that a file, as it is now, agrees with an object (found equal, or just made equal). */
  rememberRemote(path: string, stamp: FileStamp, remote: RemoteState): void {
    const r = this.records.get(path);
    if (!r || !sameStamp(r, stamp)) return;
    this.changed = true;
    this.records.set(path, record(r, r.md5, r.multipartEtag, remote, r.racy));
  }

  /**
   * Writes the records of the files present after the run (`present`, less `gone`) atomically (temp
   * file, then rename), a row at a time in pieces of WRITE_PIECE characters. Not at all when it would
   * write what the file holds: no record set since it was read, and every record's file still present
   * (a no-op sync of 1,000,000 files would otherwise rewrite 150 MB to say the same). Present records
   * are marked in place rather than collected in a set of paths: a set of a million paths, grown by
   * doubling, was 40 MB of large objects at the end of the run.
   */
  async save(present: Iterable<string>, gone: Iterable<string> = []): Promise<void> {
    if (!this.file) return;
    const mark = ++this.saves;
    let kept = 0;
    for (const path of present) {
      const r = this.records.get(path);
      if (r && r.seen !== mark) {
        r.seen = mark;
        kept++;
      }
    }
    for (const path of gone) {
      const r = this.records.get(path);
      if (r?.seen === mark) {
        r.seen = 0;
        kept--;
      }
    }
    if (!this.changed && kept === this.records.size) return;
    const now = Date.now();
    await mkdir(nodePath.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fh = await open(tmp, 'w', 0o600);
    try {
      let piece = `${JSON.stringify(headerOf(this.root, this.partSize))}\n`;
      for (const [path, r] of this.records) {
        if (r.seen !== mark) continue;
        const row = [
          path,
          r.size,
          r.mtimeMs,
          r.ctimeMs,
          r.ino,
          r.dev,
          r.md5,
          r.multipartEtag ?? null,
          r.key === undefined ? null : [r.key, r.etag, r.modified ?? null, r.writtenBy ?? null],
          r.racy || racy(r, now) ? 1 : 0,
        ];
        piece += `${JSON.stringify(row)}\n`;
        if (piece.length >= WRITE_PIECE) {
          await fh.write(piece);
          piece = '';
        }
      }
      await fh.write(piece);
      await fh.close();
    } catch (err) {
      await fh.close().catch(() => {});
      await unlink(tmp).catch(() => {});
      throw err;
    }
    await rename(tmp, this.file);
    this.changed = false;
  }

  private current(entry: Entry): CacheRecord | undefined {
    const r = this.records.get(entry.path);
    const stamp = stampOf(entry);
    return r && stamp && sameStamp(r, stamp) ? r : undefined;
  }
}

/** The object a record agreed with is this one: same key and ETag, and not written again since. */
function sameObject(r: CacheRecord, key: string, etag: string, modified: number): boolean {
  if (r.key !== key || r.etag !== etag) return false;
  if (r.modified !== undefined) return r.modified === modified;
  return r.writtenBy !== undefined && modified <= r.writtenBy;
}

const headerOf = (root: string, partSize: number) => ({ format: FORMAT, root, partSize });

function remoteOf(r: CacheRecord | undefined): RemoteState | undefined {
  if (r?.key === undefined || r.etag === undefined) return undefined;
  return { key: r.key, etag: r.etag, modified: r.modified, writtenBy: r.writtenBy };
}

/**
 * Calls `onLine` with each line of a file, read 1 MiB at a time, until it returns false. A line longer
 * than that is not one this version wrote: the file is damaged, or of an older format (one line).
 */
async function readLines(file: string, onLine: (line: string) => boolean): Promise<void> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(PIECE);
    let carry: Buffer | undefined;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, PIECE, null);
      if (bytesRead === 0) break;
      const chunk = carry ? Buffer.concat([carry, buf.subarray(0, bytesRead)]) : buf.subarray(0, bytesRead);
      let pos = 0;
      for (let nl = chunk.indexOf(10, pos); nl !== -1; nl = chunk.indexOf(10, pos)) {
        if (!onLine(chunk.toString('utf8', pos, nl))) return;
        pos = nl + 1;
      }
      if (chunk.length - pos > PIECE) throw new Error('a line too long for the MD5 cache');
      carry = pos < chunk.length ? Buffer.from(chunk.subarray(pos)) : undefined;
    }
    // Every row ends in a newline: a last line without one was cut short, and is dropped.
  } finally {
    await fh.close();
  }
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const str = (v: unknown): v is string => typeof v === 'string';

function parseRow(row: unknown): [string, CacheRecord] | undefined {
  if (!Array.isArray(row) || row.length !== 10) return undefined;
  const [path, size, mtimeMs, ctimeMs, ino, dev, md5, multipartEtag, remote, racyFlag]: unknown[] = row;
  if (!str(path) || (racyFlag !== 0 && racyFlag !== 1)) return undefined;
  if (!num(size) || !num(mtimeMs) || !num(ctimeMs) || !num(ino) || !num(dev)) return undefined;
  if (!str(md5) || !/^[0-9a-f]{32}$/.test(md5)) return undefined;
  if (multipartEtag !== null && (!str(multipartEtag) || !/^[0-9a-f]{32}-\d+$/.test(multipartEtag)))
    return undefined;
  let rs: RemoteState | undefined;
  if (remote !== null) {
    if (!Array.isArray(remote) || remote.length !== 4) return undefined;
    const [key, etag, modified, writtenBy]: unknown[] = remote;
    if (!str(key) || !str(etag)) return undefined;
    if (modified !== null && !num(modified)) return undefined;
    if (writtenBy !== null && !num(writtenBy)) return undefined;
    rs = { key, etag, modified: modified ?? undefined, writtenBy: writtenBy ?? undefined };
  }
  const stamp = { size, mtimeMs, ctimeMs, ino, dev };
  return [path, record(stamp, md5, multipartEtag ?? undefined, rs, racyFlag === 1)];
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

/** The same file as when stamped: a write, a replacement (inode) or a touch changes one of these. */
export function sameStamp(a: FileStamp, b: FileStamp): boolean {
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
  const margin = coarse ? RACY_MS_COARSE : RACY_MS_FINE;
  // A file dated in the future whose last change is safely past: a write from now on stamps its ctime
  // with the time of that write, so no rewrite can leave this stamp as it is. Otherwise such a file (an
  // archive from a machine whose clock ran ahead) would be hashed again on every run, and under --no-md5
  // uploaded again on every run, until the clock caught up with it.
  if (s.mtimeMs > now + margin && s.ctimeMs < now - margin) return false;
  return s.mtimeMs >= now - margin;
}
