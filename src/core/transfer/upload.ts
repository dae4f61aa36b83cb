// Moves local entries to S3. Small files: one read into a buffer, one PutObject with Content-MD5, so
// the server verifies integrity and no stream or checksum middleware runs. Large files: hash first,
// then a parallel multipart upload that carries the whole-file MD5 in `md5chksum` (see multipart.ts).
// Every attempt checks that the file did not change while it was read (size and mtime before and after,
// and for parts their MD5 against the hash), and a failed check retries the whole file.
import type { Stats } from 'node:fs';
import { lstat, readFile, readlink } from 'node:fs/promises';
import {
  DeleteObjectsCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { FatalSyncError } from '../errors.js';
import { hashFile, md5Hex } from '../hash.js';
import type { HeaderLookup } from '../headers.js';
import { metadataFor } from '../metadata.js';
import type { NameCodec } from '../names.js';
import { VerifyError, withVerifyRetries } from '../retry.js';
import { unquoteEtag } from '../tree/s3.js';
import type { Entry } from '../types.js';
import { uploadInParts } from './multipart.js';
import type { DeleteOutcome, Transport } from './transport.js';

export interface UploadSettings {
  client: S3Client;
  bucket: string;
  prefix: string;
  publicRead: boolean;
  expires?: string;
  multipartThreshold: number;
  partSize: number;
  headers: HeaderLookup;
  verifyRetries: number;
  signal?: AbortSignal;
  onWarning?: (message: string) => void;
  /** S3SYNC_NATIVE_CHARSET other than UTF-8 (see names.ts). */
  names?: NameCodec;
}

/** Parts of one file in flight at once. */
const PART_QUEUE = 4;

export function uploadTransport(s: UploadSettings): Transport {
  const common = (
    path: string,
    entry: Entry | undefined,
    md5ForMeta?: string,
  ): Omit<PutObjectCommandInput, 'Key'> => {
    const h = s.headers(path);
    return {
      Bucket: s.bucket,
      ContentType: entry?.kind === 'file' ? h.contentType : undefined,
      CacheControl: entry?.kind === 'file' ? h.cacheControl : undefined,
      Expires: s.expires && entry?.kind === 'file' ? new Date(s.expires) : undefined,
      ACL: s.publicRead ? 'public-read' : undefined,
      Metadata: entry ? metadataFor(entry, md5ForMeta) : undefined,
    };
  };

  return {
    async mkdir(action) {
      // The S3 console's folder convention: a zero-byte `dir/` object.
      const source = action.op === 'mkdir' ? action.source : undefined;
      await send(s, {
        ...common(action.path, source),
        Key: dirKey(s.prefix, action.path),
        Body: '',
        ContentLength: 0,
      });
    },

    async transfer(action, onBytes) {
      if (action.op !== 'upload') throw new Error(`upload transport cannot ${action.op}`);
      return withVerifyRetries(s.verifyRetries, () => uploadOne(action.source, onBytes), s.signal);
    },

    async deleteBatch(actions) {
      const out: DeleteOutcome[] = [];
      for (let i = 0; i < actions.length; i += 1000) {
        const batch = actions.slice(i, i + 1000);
        const keys = batch.map((a) => (a.op === 'delete' ? (a.dest.key ?? fileKey(s.prefix, a.path)) : ''));
        const res = await s.client.send(
          new DeleteObjectsCommand({
            Bucket: s.bucket,
            Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
          }),
          { abortSignal: s.signal },
        );
        const errors = new Map((res.Errors ?? []).map((e) => [e.Key, `${e.Code}: ${e.Message}`]));
        for (const key of keys)
          out.push(errors.has(key) ? { ok: false, error: errors.get(key) as string } : { ok: true });
      }
      return out;
    },
  };

  async function uploadOne(entry: Entry, onBytes: (n: number) => void): Promise<number> {
    if (!entry.fsPath) throw new Error(`upload: ${entry.path} has no local path`);
    const key = fileKey(s.prefix, entry.path);
    const before = await lstat(entry.fsPath);
    const fresh: Entry = {
      ...entry,
      size: before.size,
      mtimeMs: before.mtimeMs,
      mode: before.mode,
      uid: before.uid,
      gid: before.gid,
    };

    // Replaced since it was listed: never read a FIFO or device that took a file's place (it would block).
    if (entry.kind === 'file' ? !before.isFile() : !before.isSymbolicLink()) {
      throw new Error(`${entry.path} is no longer a ${entry.kind === 'file' ? 'regular file' : 'symlink'}`);
    }
    if (entry.kind === 'symlink') {
      // The link target is a name too: in a native charset other than UTF-8 it is decoded like one.
      const body = s.names
        ? Buffer.from(s.names.decode(await readlink(entry.fsPath, { encoding: 'buffer' })))
        : Buffer.from(await readlink(entry.fsPath));
      await putVerified(key, body, fresh);
      onBytes(body.length);
      return body.length;
    }
    if (before.size <= s.multipartThreshold || before.size <= s.partSize) {
      const body = await readFile(entry.fsPath);
      await assertUnchanged(entry, before, body.length);
      await putVerified(key, body, fresh);
      onBytes(body.length);
      return body.length;
    }
    return uploadMultipart(key, fresh, before, onBytes);
  }

  async function putVerified(key: string, body: Buffer, entry: Entry): Promise<void> {
    const md5 = md5Hex(body);
    const res = await send(s, {
      ...common(entry.path, entry),
      Key: key,
      Body: body,
      ContentMD5: Buffer.from(md5, 'hex').toString('base64'),
      ContentLength: body.length,
    });
    const etag = unquoteEtag(res.ETag);
    // Content-MD5 already made the server check; a differing ETag means a server that ignored it.
    if (etag && /^[0-9a-f]{32}$/.test(etag) && etag !== md5) {
      throw new VerifyError(`${entry.path}: server stored different bytes (ETag ${etag}, local MD5 ${md5})`);
    }
  }

  async function uploadMultipart(key: string, entry: Entry, before: Stats, onBytes: (n: number) => void) {
    const fsPath = entry.fsPath as string;
    const { md5, multipartEtag, partMd5s } = await hashFile(fsPath, s.partSize);
    if (!partMd5s) throw new VerifyError(`${entry.path} changed while it was being uploaded (it shrank)`);
    const etag = await uploadInParts({
      client: s.client,
      params: { ...common(entry.path, entry, md5), Key: key },
      fsPath,
      path: entry.path,
      size: before.size,
      partSize: s.partSize,
      partMd5s,
      queueSize: PART_QUEUE,
      signal: s.signal,
      onBytes,
      onWarning: s.onWarning,
    });
    await assertUnchanged(entry, before, before.size);
    // S3 answers with the multipart ETag of what it assembled; some servers with the whole-file MD5.
    const expected = etag.includes('-') ? multipartEtag : md5;
    if (etag !== expected) {
      throw new VerifyError(
        `${entry.path}: server stored different bytes (ETag ${etag}, expected ${expected})`,
      );
    }
    return before.size;
  }
}

/** Fails the attempt (and so retries it) when the file changed while it was read. */
async function assertUnchanged(entry: Entry, before: Stats, bytesRead: number): Promise<void> {
  const after = await lstat(entry.fsPath as string | Buffer);
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || bytesRead !== before.size) {
    throw new VerifyError(`${entry.path} changed while it was being uploaded`);
  }
}

async function send(s: UploadSettings, input: PutObjectCommandInput) {
  try {
    return await s.client.send(new PutObjectCommand(input), { abortSignal: s.signal });
  } catch (err) {
    const code = (err as { name?: string }).name;
    if (code === 'AccessControlListNotSupported') {
      throw new FatalSyncError(
        `bucket "${s.bucket}" has ACLs disabled (Object Ownership: bucket owner enforced), so --public-read cannot be applied; drop it and grant public read with a bucket policy instead`,
      );
    }
    throw err;
  }
}

export function fileKey(prefix: string, path: string): string {
  return prefix + path;
}

export function dirKey(prefix: string, path: string): string {
  return path === '' ? prefix : `${prefix}${path}/`;
}
