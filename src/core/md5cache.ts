// Remembers the MD5 of local files between runs, as git's index does: an entry is trusted only while
// the file's size, mtime, ctime and inode are exactly what they were when its bytes were hashed
// (uploaded or downloaded). Content cannot change without changing ctime, which no user can set back,
// so an unchanged tree re-syncs without reading a byte, and a changed one is hashed as before.
// One JSON file per local root, in the user's cache directory; a missing or damaged file is simply
// an empty cache.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import nodePath from 'node:path';
import type { Entry } from './types.js';

/** What the cache vouches for: the stat that identifies one version of a file. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

interface Record {
  stamp: FileStamp;
  md5: string;
  /** The multipart ETag for `partSize`, when the file has more than one part. */
  multipartEtag?: string;
}

const FORMAT = 1;

/**
 * A change within the same timestamp tick as the hash would leave the stamp unchanged ("racily clean"
 * in git's words). Entries this close to the moment the cache is written are not kept; file systems
 * with whole-second timestamps get a wider margin.
 */
const RACY_MS_FINE = 50;
const RACY_MS_COARSE = 2000;

export class Md5Cache {
  private readonly records = new Map<string, Record>();

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
    try {
      const data = JSON.parse(await readFile(cache.file as string, 'utf8'));
      if (data?.format === FORMAT && data.root === root && data.partSize === partSize) {
        for (const [path, r] of Object.entries(data.entries ?? {})) {
          const [size, mtimeMs, ctimeMs, ino, md5, multipartEtag] = r as [
            number,
            number,
            number,
            number,
            string,
            string?,
          ];
          cache.records.set(path, { stamp: { size, mtimeMs, ctimeMs, ino }, md5, multipartEtag });
        }
      }
    } catch {
      // No cache yet, or one we cannot read: start empty.
    }
    return cache;
  }

  /** The cached hashes of an entry, only if its stamp is exactly the one they were made for. */
  lookup(entry: Entry): { md5: string; multipartEtag?: string } | undefined {
    const r = this.records.get(entry.path);
    if (!r || !entry.stamp || !sameStamp(r.stamp, entry.stamp)) return undefined;
    return { md5: r.md5, multipartEtag: r.multipartEtag };
  }

  remember(path: string, stamp: FileStamp, md5: string, multipartEtag?: string): void {
    if (this.file) this.records.set(path, { stamp, md5, multipartEtag });
  }

  /** Writes the records of the paths still present (atomically: temp file, then rename). */
  async save(present: ReadonlySet<string>): Promise<void> {
    if (!this.file) return;
    const now = Date.now();
    const entries: { [path: string]: unknown[] } = {};
    for (const [path, r] of this.records) {
      if (!present.has(path) || racy(r.stamp, now)) continue;
      const { size, mtimeMs, ctimeMs, ino } = r.stamp;
      const row: unknown[] = [size, mtimeMs, ctimeMs, ino, r.md5];
      if (r.multipartEtag) row.push(r.multipartEtag);
      entries[path] = row;
    }
    const body = JSON.stringify({ format: FORMAT, root: this.root, partSize: this.partSize, entries });
    await mkdir(nodePath.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, body, { mode: 0o600 });
    await rename(tmp, this.file);
  }
}

export function stampOf(st: { size: number; mtimeMs: number; ctimeMs: number; ino: number }): FileStamp {
  return { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

function racy(s: FileStamp, now: number): boolean {
  const coarse = s.ctimeMs % 1000 === 0 && s.mtimeMs % 1000 === 0;
  return Math.max(s.ctimeMs, s.mtimeMs) >= now - (coarse ? RACY_MS_COARSE : RACY_MS_FINE);
}
