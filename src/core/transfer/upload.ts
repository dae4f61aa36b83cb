// Moves local entries to S3. Small files: one read into a buffer, one PutObject with Content-MD5, so
// the server verifies integrity and no stream or checksum middleware runs. Large files: hash first,
// then a parallel multipart upload that carries the whole-file MD5 in `md5chksum` (see multipart.ts).
// Every attempt checks that the file did not change while it was read (size and mtime before and after,
// and for parts their MD5 against the hash), and a failed check retries the whole file.
import type { Stats } from 'node:fs';
import {
  DeleteObjectsCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { directFor, type PutInput, UseSdk } from '../direct.js';
import { FatalSyncError } from '../errors.js';
import { lstat, readFile, readIfUnchanged, readlink } from '../fastfs.js';
import { hashFile, md5Hex } from '../hash.js';
import type { HeaderLookup } from '../headers.js';
import { stampOf } from '../md5cache.js';
import { metadataFor } from '../metadata.js';
import type { NameCodec } from '../names.js';
import { VerifyError, withVerifyRetries } from '../retry.js';
import { unquoteEtag } from '../tree/s3.js';
import type { Entry } from '../types.js';
import { uploadInParts } from './multipart.js';
import type { DeleteOutcome, OnStored, Transport } from './transport.js';

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
  onStored?: OnStored;
}

const EMPTY = Buffer.alloc(0);
const EMPTY_MD5 = Buffer.from(md5Hex(EMPTY), 'hex').toString('base64');

/** Files up to this size are read into memory whole and sent with one PutObject. */
const SMALL_FILE = 1024 * 1024;

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
        Body: EMPTY,
        ContentMD5: EMPTY_MD5,
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
    if (entry.kind === 'file' && entry.size <= SMALL_FILE) {
      // The common case, in four fs calls: still the file that was listed, so one consistent version.
      const snap = readIfUnchanged(entry.fsPath, entry);
      if (snap) {
        const { stat } = snap;
        const current = { ...entry, mtimeMs: stat.mtimeMs, mode: stat.mode, uid: stat.uid, gid: stat.gid };
        const md5 = await putVerified(key, snap.body, current);
        s.onStored?.(entry.path, stampOf(stat), md5);
        onBytes(snap.body.length);
        return snap.body.length;
      }
    }
    // Changed since it was listed, a symlink or a large file: stat before and after every read.
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
      const md5 = await putVerified(key, body, fresh);
      if (entry.kind === 'file') s.onStored?.(entry.path, stampOf(before), md5);
      onBytes(body.length);
      return body.length;
    }
    return uploadMultipart(key, fresh, before, onBytes);
  }

  /** Sends one whole object; resolves with its MD5 once the server stored exactly those bytes. */
  async function putVerified(key: string, body: Buffer, entry: Entry): Promise<string> {
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
    return md5;
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
    s.onStored?.(entry.path, stampOf(before), md5, multipartEtag);
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
    const direct = directFor(s.client);
    if (direct?.usable(s.bucket) && Buffer.isBuffer(input.Body) && input.ContentMD5) {
      try {
        return await direct.putObject(input as PutInput, s.signal);
      } catch (err) {
        if (!(err instanceof UseSdk)) throw err;
      }
    }
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
