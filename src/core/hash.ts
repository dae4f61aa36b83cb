// MD5s of local content: the whole-file MD5 and, for files that S3 stored in parts, the multipart
// ETag (MD5 of the part MD5s, then `-N`), computed in the same single read.
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { readFile } from './fastfs.js';
import { md5OnThread } from './hash-thread.js';
import { SMALL_OBJECT } from './limits.js';
import type { Entry } from './types.js';

export interface ContentHash {
  md5: string;
  /** `hex-N` as S3 computes it for parts of `partSize`, when requested and the file has >1 part. */
  multipartEtag?: string;
  /** Hex MD5 of each part, alongside `multipartEtag`: an upload checks the bytes it sends against them. */
  partMd5s?: string[];
}

export function md5Hex(data: Buffer | string): string {
  return createHash('md5').update(data).digest('hex');
}

export async function hashFile(
  fsPath: string | Buffer,
  partSize?: number,
  size?: number,
  signal?: AbortSignal,
): Promise<ContentHash> {
  if (size !== undefined && size <= SMALL_OBJECT && (!partSize || size <= partSize)) {
    return { md5: md5Hex(await readFile(fsPath)) };
  }
  if (partSize && (size ?? (await stat(fsPath)).size) >= Math.max(2 * partSize, THREAD_MIN)) {
    // Two MD5 passes over a large file: the whole one on the hashing thread, the parts' here, at once.
    const [whole, parts] = await Promise.all([
      md5OnThread(fsPath, signal),
      readHashing(fsPath, partSize, false, signal),
    ]);
    // Read at different moments: a file that changed in between gets the one-pass hash (and the
    // caller's own before/after check of the file).
    if (whole.size === parts.size && parts.hash.multipartEtag) return { ...parts.hash, md5: whole.md5 };
  }
  return (await readHashing(fsPath, partSize, true, signal)).hash;
}

const READ_CHUNK = 1 << 20;

/** The multipart ETag a file would have in parts of `partSize` (undefined for one part); no whole MD5. */
export async function multipartEtagOfFile(
  fsPath: string | Buffer,
  partSize: number,
  signal?: AbortSignal,
): Promise<string | undefined> {
  return (await readHashing(fsPath, partSize, false, signal)).hash.multipartEtag;
}

/** Below this a second thread saves less than it costs to start and feed (~30 ms). */
const THREAD_MIN = 32 * 1024 * 1024;

async function readHashing(
  fsPath: string | Buffer,
  partSize: number | undefined,
  whole: boolean,
  signal?: AbortSignal,
): Promise<{ hash: ContentHash; size: number }> {
  const hasher = createPartHasher(partSize, { whole });
  // One buffer, read into again and again: a stream's fresh chunk per read costs page faults that took
  // longer than the read itself (see transfer/multipart.ts).
  const buf = Buffer.allocUnsafe(READ_CHUNK);
  const fh = await open(fsPath, 'r');
  let size = 0;
  try {
    for (;;) {
      // A large file takes seconds: an interrupt must not wait for its last byte.
      signal?.throwIfAborted();
      const { bytesRead } = await fh.read(buf, 0, READ_CHUNK, null);
      if (bytesRead === 0) break;
      hasher.update(buf.subarray(0, bytesRead));
      size += bytesRead;
    }
  } finally {
    await fh.close();
  }
  return { hash: hasher.digest(), size };
}

/**
 * Incremental whole-file MD5 plus, when `partSize` is given, the multipart ETag S3 computes for parts
 * of that size. One pass over the bytes serves both, for uploads and for verifying downloads.
 */
export function createPartHasher(partSize?: number, opts: { whole?: boolean } = {}) {
  // Without the whole-file MD5 (it is computed elsewhere), `md5` of the digest is ''.
  const whole = opts.whole === false ? undefined : createHash('md5');
  const digests: Buffer[] = [];
  let part = partSize ? createHash('md5') : undefined;
  let inPart = 0;
  return {
    update(chunk: Buffer): void {
      whole?.update(chunk);
      if (!part || !partSize) return;
      for (let off = 0; off < chunk.length; ) {
        const take = Math.min(partSize - inPart, chunk.length - off);
        part.update(chunk.subarray(off, off + take));
        inPart += take;
        off += take;
        if (inPart === partSize) {
          digests.push(part.digest());
          part = createHash('md5');
          inPart = 0;
        }
      }
    },
    digest(): ContentHash {
      if (part && inPart > 0) digests.push(part.digest());
      const md5 = whole ? whole.digest('hex') : '';
      if (digests.length < 2) return { md5 };
      const combined = createHash('md5').update(Buffer.concat(digests)).digest('hex');
      const partMd5s = digests.map((d) => d.toString('hex'));
      return { md5, multipartEtag: `${combined}-${digests.length}`, partMd5s };
    },
  };
}

/** The MD5 of what a local entry would store: a symlink's content is its target. */
export async function hashLocalEntry(
  entry: Entry,
  fsPath: string | Buffer,
  partSize?: number,
  signal?: AbortSignal,
): Promise<ContentHash> {
  if (entry.kind === 'symlink') return { md5: md5Hex(entry.linkTarget ?? '') };
  return hashFile(fsPath, partSize, entry.size, signal);
}
