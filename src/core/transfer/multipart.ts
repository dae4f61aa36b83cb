// Multipart uploads and multipart server-side copies. Our own loop rather than @aws-sdk/lib-storage,
// for guarantees it cannot give:
// - every part is checked against the MD5 that part had when the file was hashed (the hash that went
//   into `md5chksum`), so a file that changes while it is uploaded is caught before the upload completes
//   and the object already stored stays as it was;
// - an interrupt cancels the parts in flight and awaits AbortMultipartUpload before returning, so no
//   orphaned upload keeps billing storage (lib-storage lets in-flight parts run on and sends the abort
//   after done() has already rejected, when the caller may be gone);
// - the same loop copies large objects between buckets part by part (UploadPartCopy), which lib-storage
//   does not do at all.
// Tested against an independent implementation: moto_server computes real multipart ETags.

import { open } from 'node:fs/promises';
import { errorName, oneLine } from '../errors.js';
import { encryptionHidesMd5, isMd5Hex } from '../etag.js';
import { VerifyError } from '../retry.js';
import type { ObjectHeaders, ObjectStore, PutResult } from '../store/types.js';

interface Common {
  store: ObjectStore;
  bucket: string;
  key: string;
  headers: ObjectHeaders;
  /** The entry's path, for messages. */
  label: string;
  size: number;
  partSize: number;
  /** Parts in flight at once. */
  queueSize: number;
  signal?: AbortSignal;
  onBytes: (n: number) => void;
  onWarning?: (message: string) => void;
  /**
   * Called once every part is sent, before the upload is completed: throwing aborts it, so the object
   * stored before stays (an upload finds there whether its file changed while it was sent).
   */
  beforeComplete?: () => Promise<void>;
}

export interface PartsUpload extends Common {
  fsPath: string | Buffer;
  /** Hex MD5 of each part when the file was hashed; the bytes sent must match them. */
  partMd5s: string[];
}

export interface PartsCopy extends Common {
  source: { bucket: string; key: string };
}

/** Uploads the file in parts; returns the completed object's ETag (unquoted, lower-case) and encryption. */
export async function uploadInParts(u: PartsUpload): Promise<PutResult> {
  const count = Math.ceil(u.size / u.partSize);
  if (count !== u.partMd5s.length) {
    throw new VerifyError(`${u.label} changed while it was being uploaded (size differs from its hash)`);
  }
  const fh = await open(u.fsPath, 'r');
  // Part buffers are reused: a fresh 8 MiB buffer costs its page faults on first touch, which here
  // took longer than reading the part (measured: 16 reads of 8 MiB, 306 ms into fresh buffers, 22 ms
  // into one reused). A buffer goes back only after its part succeeded, when the request that sent it
  // is over; a failed part's buffer is dropped, never reused while a cancelled request might hold it.
  const free: Buffer[] = [];
  try {
    return await inParts(u, count, async (n, uploadId, signal) => {
      const length = Math.min(u.partSize, u.size - n * u.partSize);
      const buf = free.pop() ?? Buffer.allocUnsafe(u.partSize);
      const body = await readPart(fh, n * u.partSize, length, buf);
      if (body.length !== length)
        throw new VerifyError(`${u.label} changed while it was being uploaded (part ${n + 1} is shorter)`);
      const changed = () =>
        new VerifyError(
          `${u.label}: part ${n + 1} arrived as other bytes than the file held when hashed (changed while it was being uploaded, or corrupted on the way)`,
        );
      // The part is not hashed again here (that was a third MD5 pass over every byte): it is sent with
      // the MD5 it had when the file was hashed, the one in md5chksum. S3 checks Content-MD5 and refuses
      // other bytes (BadDigest); a server that ignores it still answers with the MD5 of what it stored,
      // which must be that one (an SSE-KMS part's ETag is no MD5: then S3's check stands). Either way a
      // file changed since its hash, or bytes corrupted on the way, fail the part before the upload
      // completes, so the previous object stays.
      const md5 = u.partMd5s[n] as string;
      const res = await u.store
        .uploadPart(u.bucket, u.key, uploadId, { number: n + 1, body, md5 }, { signal })
        .catch((err: unknown) => {
          throw (err as { name?: string })?.name === 'BadDigest' ? changed() : err;
        });
      if (isMd5Hex(res.etag) && res.etag !== md5 && !encryptionHidesMd5(res.sse ?? u.headers.sse)) {
        throw changed();
      }
      u.onBytes(body.length);
      free.push(buf);
      return res.etag;
    });
  } finally {
    await fh.close();
  }
}

/** Copies an object server-side in parts (objects above CopyObject's 5 GiB). */
export async function copyInParts(c: PartsCopy): Promise<PutResult> {
  const count = Math.ceil(c.size / c.partSize);
  return inParts(c, count, async (n, uploadId, signal) => {
    const start = n * c.partSize;
    const end = Math.min(c.size, start + c.partSize) - 1;
    const res = await c.store.uploadPartCopy(
      c.bucket,
      c.key,
      uploadId,
      { number: n + 1, source: c.source, range: [start, end] },
      { signal },
    );
    c.onBytes(end - start + 1);
    return res.etag;
  });
}

/**
 * The loop both share: create, send parts with `queueSize` workers, complete, or abort on any failure
 * or interrupt (awaited, so the upload is gone before this returns).
 */
async function inParts(
  c: Common,
  count: number,
  sendPart: (n: number, uploadId: string, signal: AbortSignal) => Promise<string>,
): Promise<PutResult> {
  // Sent without the abort signal: a cancelled request could still create an upload we never learn of.
  const uploadId = await c.store.createMultipart(c.bucket, c.key, c.headers);
  // Aborted by the caller's signal, or by the first failing part so its siblings stop too.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  c.signal?.addEventListener('abort', onAbort, { once: true });
  if (c.signal?.aborted) stop.abort();
  try {
    const etags: string[] = [];
    let firstError: unknown;
    let next = 0;
    const worker = async () => {
      while (!stop.signal.aborted && next < count) {
        const n = next++;
        etags[n] = await sendPart(n, uploadId, stop.signal);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(c.queueSize, count) }, () =>
        worker().catch((err) => {
          if (!stop.signal.aborted) firstError = err;
          stop.abort();
        }),
      ),
    );
    if (firstError !== undefined || c.signal?.aborted) {
      await abortUpload(c, uploadId);
      throw firstError ?? Object.assign(new Error('interrupted'), { name: 'AbortError' });
    }
    const parts = etags.map((etag, i) => ({ number: i + 1, etag }));
    const done = await (c.beforeComplete?.() ?? Promise.resolve())
      .then(() => c.store.completeMultipart(c.bucket, c.key, uploadId, parts))
      .catch(async (err) => {
        await abortUpload(c, uploadId);
        throw err;
      });
    return done;
  } finally {
    c.signal?.removeEventListener('abort', onAbort);
  }
}

async function readPart(
  fh: import('node:fs/promises').FileHandle,
  position: number,
  length: number,
  buf: Buffer,
) {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await fh.read(buf, filled, length - filled, position + filled);
    if (bytesRead === 0) break; // the file shrank: the caller sees a short part
    filled += bytesRead;
  }
  return buf.subarray(0, filled);
}

/** Never throws: the parts stay on the server (and are billed) if this fails, so that is said. */
async function abortUpload(c: Common, uploadId: string): Promise<void> {
  await c.store
    .abortMultipart(c.bucket, c.key, uploadId)
    .catch((err) =>
      c.onWarning?.(
        `${c.label}: could not abort multipart upload ${uploadId} (${errorName(err) ?? oneLine(err)}); its parts remain until a lifecycle rule removes them`,
      ),
    );
}
