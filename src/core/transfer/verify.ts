// What proves that the bytes received are the object's. In order of strength:
// - a plain ETag of an object not encrypted with SSE-KMS or SSE-C: its MD5;
// - `md5chksum` metadata (written by paras3 and rclone for multipart uploads);
// - a stored whole-object checksum (`x-amz-checksum-sha256`, `-sha1`, `-crc32`);
// - a multipart ETag recomputed with the object's own part size (HeadObject partNumber=1 tells it).
// Anything that fails one of these is a VerifyError: the transfer is retried, and never kept.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import zlib from 'node:zlib';
import { encryptionHidesMd5, etagParts, md5FromEtag } from '../etag.js';
import { multipartEtagOfFile } from '../hash.js';
import { parseMetadata } from '../metadata.js';
import { VerifyError } from '../retry.js';
import type { ObjectHead, ObjectStore } from '../store/types.js';

/** The MD5 the received bytes must have, when the response itself says so; undefined when it cannot. */
export function expectedMd5(head: ObjectHead): string | undefined {
  const meta = parseMetadata(head.metadata);
  if (!encryptionHidesMd5(head.sse, head.sseCustomer)) {
    const plain = md5FromEtag(head.etag);
    if (plain) return plain;
  }
  return meta.md5;
}

export interface Proof {
  /** What proved the bytes, for --debug and tests. */
  by: 'md5' | 'checksum' | 'multipart-etag' | 'size';
}

/**
 * Proves a received file whose MD5 the response could not state (a multipart or encrypted object
 * without md5chksum), by re-reading it: a stored whole-object checksum, else the multipart ETag with
 * the object's own part size. Throws VerifyError on a mismatch; returns 'size' when nothing was left
 * to check (an encrypted single-part object without md5chksum or checksum).
 */
export async function proveWithoutMd5(
  store: ObjectStore,
  bucket: string,
  key: string,
  head: ObjectHead,
  file: string | Buffer,
  opts: { signal?: AbortSignal; label: string; partSize: number; multipartEtag?: string },
): Promise<Proof> {
  const withSums = await store.head(bucket, key, { checksums: true, signal: opts.signal });
  if (withSums.etag !== head.etag)
    throw new VerifyError(`${opts.label}: the object changed while it was downloaded`);
  const sums = withSums.checksumType === 'COMPOSITE' ? undefined : withSums.checksums;
  // zlib.crc32 is Node 20.15+; older Nodes leave CRC32 unverified here.
  const crc = typeof zlib.crc32 === 'function';
  const algo = sums?.sha256 ? 'sha256' : sums?.sha1 ? 'sha1' : sums?.crc32 && crc ? 'crc32' : undefined;
  if (sums && algo) {
    const got = await fileChecksum(file, algo);
    if (got !== sums[algo])
      throw new VerifyError(`${opts.label}: ${algo} checksum mismatch (got ${got}, stored ${sums[algo]})`);
    return { by: 'checksum' };
  }
  const parts = etagParts(head.etag);
  if (parts > 1 && !encryptionHidesMd5(head.sse, head.sseCustomer)) {
    if (opts.multipartEtag === head.etag) return { by: 'multipart-etag' };
    const first = await store.head(bucket, key, { partNumber: 1, signal: opts.signal });
    const partSize = first.size;
    if (!(partSize > 0) || Math.ceil(head.size / partSize) !== parts) {
      throw new VerifyError(
        `${opts.label}: cannot learn the part layout of ${head.etag} (part 1 has ${partSize} bytes)`,
      );
    }
    const h =
      partSize === opts.partSize && opts.multipartEtag
        ? opts.multipartEtag
        : await multipartEtagOfFile(file, partSize);
    if (h !== head.etag)
      throw new VerifyError(`${opts.label}: multipart ETag mismatch (got ${h}, expected ${head.etag})`);
    return { by: 'multipart-etag' };
  }
  return { by: 'size' };
}

async function fileChecksum(file: string | Buffer, algo: 'sha256' | 'sha1' | 'crc32'): Promise<string> {
  if (algo === 'crc32') {
    let crc = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
      crc = zlib.crc32(chunk, crc);
    const out = Buffer.alloc(4);
    out.writeUInt32BE(crc >>> 0);
    return out.toString('base64');
  }
  const h = createHash(algo);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk);
  return h.digest('base64');
}
