// The multipart upload of one large file. Our own loop rather than @aws-sdk/lib-storage, for two
// guarantees it cannot give:
// - every part is checked against the MD5 that part had when the file was hashed (the hash that went
//   into `md5chksum`), so a file that changes while it is uploaded is caught before the upload completes
//   and the object already stored stays as it was;
// - an interrupt cancels the parts in flight and awaits AbortMultipartUpload before returning, so no
//   orphaned upload keeps billing storage (lib-storage lets in-flight parts run on and sends the abort
//   after done() has already rejected, when the caller may be gone).
import { open } from 'node:fs/promises';
import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  type CreateMultipartUploadCommandInput,
  type S3Client,
  UploadPartCommand,
  type UploadPartCommandInput,
  type UploadPartCommandOutput,
} from '@aws-sdk/client-s3';
import type { BuildMiddleware } from '@smithy/types';
import { md5Hex } from '../hash.js';
import { VerifyError } from '../retry.js';
import { unquoteEtag } from '../tree/s3.js';

export interface PartsUpload {
  client: S3Client;
  /** Bucket, Key and the object's headers and metadata. */
  params: CreateMultipartUploadCommandInput & { Key: string };
  fsPath: string | Buffer;
  /** The entry's path, for messages. */
  path: string;
  size: number;
  partSize: number;
  /** Hex MD5 of each part when the file was hashed; the bytes sent must match them. */
  partMd5s: string[];
  /** Parts in flight at once. */
  queueSize: number;
  signal?: AbortSignal;
  onBytes: (n: number) => void;
  onWarning?: (message: string) => void;
}

/** Uploads the file in parts; returns the ETag of the completed object (unquoted, lower-case). */
export async function uploadInParts(u: PartsUpload): Promise<string> {
  const count = Math.ceil(u.size / u.partSize);
  if (count !== u.partMd5s.length) {
    throw new VerifyError(`${u.path} changed while it was being uploaded (size differs from its hash)`);
  }
  const { Bucket, Key } = u.params;
  // Sent without the abort signal: a cancelled request could still create an upload we never learn of.
  const created = await u.client.send(new CreateMultipartUploadCommand(u.params));
  const UploadId = created.UploadId;
  if (!UploadId) throw new Error(`${u.path}: the server started a multipart upload without an id`);

  // Aborted by the caller's signal, or by the first failing part so its siblings stop too.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  u.signal?.addEventListener('abort', onAbort, { once: true });
  if (u.signal?.aborted) stop.abort();
  const fh = await open(u.fsPath, 'r').catch(async (err) => {
    await abortUpload(u, UploadId);
    throw err;
  });
  try {
    const parts: CompletedPart[] = [];
    let firstError: unknown;
    let next = 0;
    const worker = async () => {
      while (!stop.signal.aborted && next < count) {
        const n = next++;
        const body = await readPart(fh, n * u.partSize, Math.min(u.partSize, u.size - n * u.partSize));
        const md5 = md5Hex(body);
        if (body.length !== Math.min(u.partSize, u.size - n * u.partSize) || md5 !== u.partMd5s[n]) {
          throw new VerifyError(`${u.path} changed while it was being uploaded (part ${n + 1} differs)`);
        }
        const part = new UploadPartCommand({
          Bucket,
          Key,
          UploadId,
          PartNumber: n + 1,
          Body: body,
          ContentLength: body.length,
          ContentMD5: Buffer.from(md5, 'hex').toString('base64'),
        });
        part.middlewareStack.add(unsignedPayload, { step: 'build', name: 'paras3UnsignedPart' });
        const res = await u.client.send(part, { abortSignal: stop.signal });
        // Content-MD5 makes S3 check the part; a server that ignores it still answers with the MD5 of
        // what it stored, and that must be ours.
        const etag = unquoteEtag(res.ETag);
        if (/^[0-9a-f]{32}$/.test(etag) && etag !== md5) {
          throw new VerifyError(`${u.path}: server stored different bytes for part ${n + 1}`);
        }
        parts[n] = { PartNumber: n + 1, ETag: res.ETag };
        u.onBytes(body.length);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(u.queueSize, count) }, () =>
        worker().catch((err) => {
          if (!stop.signal.aborted) firstError = err;
          stop.abort();
        }),
      ),
    );
    if (firstError !== undefined || u.signal?.aborted) {
      await abortUpload(u, UploadId);
      throw firstError ?? Object.assign(new Error('upload interrupted'), { name: 'AbortError' });
    }
    const done = await u.client
      .send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }))
      .catch(async (err) => {
        await abortUpload(u, UploadId);
        throw err;
      });
    return unquoteEtag(done.ETag);
  } finally {
    u.signal?.removeEventListener('abort', onAbort);
    await fh.close();
  }
}

/**
 * The SDK signs a part's payload with SHA-256 over http (a second full pass over every byte, on top of
 * the MD5 we already compute). Content-MD5 already makes S3 verify each part, so the payload goes
 * unsigned, as S3 allows.
 */
const unsignedPayload: BuildMiddleware<UploadPartCommandInput, UploadPartCommandOutput> =
  (next) => (args) => {
    (args.request as { headers: Record<string, string> }).headers['x-amz-content-sha256'] =
      'UNSIGNED-PAYLOAD';
    return next(args);
  };

async function readPart(fh: import('node:fs/promises').FileHandle, position: number, length: number) {
  const buf = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await fh.read(buf, filled, length - filled, position + filled);
    if (bytesRead === 0) break; // the file shrank: the caller sees a short part
    filled += bytesRead;
  }
  return buf.subarray(0, filled);
}

/** Never throws: the parts stay on the server (and are billed) if this fails, so that is said. */
async function abortUpload(u: PartsUpload, UploadId: string): Promise<void> {
  await u.client
    .send(new AbortMultipartUploadCommand({ Bucket: u.params.Bucket, Key: u.params.Key, UploadId }))
    .catch((err) =>
      u.onWarning?.(
        `${u.path}: could not abort multipart upload ${UploadId} (${(err as Error).name}); its parts remain until a lifecycle rule removes them`,
      ),
    );
}
