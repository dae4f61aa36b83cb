// MD5s of local content: the whole-file MD5 and, for files that S3 stored in parts, the multipart
// ETag (MD5 of the part MD5s, then `-N`), computed in the same single read.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from './fastfs.js';
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
): Promise<ContentHash> {
  if (size !== undefined && size <= SMALL_OBJECT && (!partSize || size <= partSize)) {
    return { md5: md5Hex(await readFile(fsPath)) };
  }
  const hasher = createPartHasher(partSize);
  for await (const chunk of createReadStream(fsPath, { highWaterMark: 1 << 20 })) {
    hasher.update(chunk);
  }
  return hasher.digest();
}

/**
 * Incremental whole-file MD5 plus, when `partSize` is given, the multipart ETag S3 computes for parts
 * of that size. One pass over the bytes serves both, for uploads and for verifying downloads.
 */
export function createPartHasher(partSize?: number) {
  const whole = createHash('md5');
  const digests: Buffer[] = [];
  let part = partSize ? createHash('md5') : undefined;
  let inPart = 0;
  return {
    update(chunk: Buffer): void {
      whole.update(chunk);
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
      const md5 = whole.digest('hex');
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
): Promise<ContentHash> {
  if (entry.kind === 'symlink') return { md5: md5Hex(entry.linkTarget ?? '') };
  return hashFile(fsPath, partSize, entry.size);
}
