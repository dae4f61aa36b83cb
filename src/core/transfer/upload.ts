// Moves local entries to S3. Small files: one read into a buffer, one PutObject with Content-MD5, so
// the server verifies integrity and no stream or checksum middleware runs. Large files: hash first,
// then a parallel multipart upload that carries the whole-file MD5 in `md5chksum` (see multipart.ts).
// Every attempt checks that the file did not change while it was read (size and mtime before and after,
// and for parts their MD5 against the hash), and a failed check retries the whole file.
import type { Stats } from 'node:fs';
import { errorName, FatalSyncError } from '../errors.js';
import { encryptionHidesMd5, isMd5Hex } from '../etag.js';
import { lstat, readFile, readIfUnchanged, readlink } from '../fastfs.js';
import { hashFile, md5Hex } from '../hash.js';
import type { HeaderLookup } from '../headers.js';
import { choosePartSize, PART_QUEUE, SMALL_OBJECT } from '../limits.js';
import { stampOf } from '../md5cache.js';
import { metadataFor } from '../metadata.js';
import type { NameCodec } from '../names.js';
import { VerifyError, withVerifyRetries } from '../retry.js';
import { fsPathOf } from '../sides.js';
import type { ObjectHeaders, ObjectStore, PutResult } from '../store/types.js';
import { type Entry, type LocalLocation, type S3Location, withFields } from '../types.js';
import { copyOnto } from './copy.js';
import { uploadInParts } from './multipart.js';
import { deleteKeys, type OnStored, type Transport } from './transport.js';

export interface UploadSettings {
  store: ObjectStore;
  source: LocalLocation;
  destination: S3Location;
  /** Headers of a new object at `path` (content type, cache control, ACL, storage class, SSE). */
  headers: (path: string, entry: Entry | undefined, md5?: string) => ObjectHeaders;
  multipartThreshold: number;
  partSize: number;
  verifyRetries: number;
  signal?: AbortSignal;
  onWarning?: (message: string) => void;
  /** S3SYNC_NATIVE_CHARSET other than UTF-8 (see names.ts). */
  names?: NameCodec;
  onStored?: OnStored;
}

/** The headers of an uploaded object, from the settings that apply to every one. */
export function objectHeaders(
  lookup: HeaderLookup,
  s: {
    publicRead: boolean;
    expires?: string;
    posixMetadata: boolean;
    storageClass?: string;
    sse?: string;
    sseKmsKeyId?: string;
  },
): UploadSettings['headers'] {
  return (path, entry, md5) => {
    const file = entry?.kind !== 'dir';
    const h = lookup(path);
    return {
      contentType: file ? h.contentType : undefined,
      cacheControl: file ? h.cacheControl : undefined,
      expires: s.expires && file ? new Date(s.expires) : undefined,
      acl: s.publicRead ? 'public-read' : undefined,
      metadata: entry ? metadataFor(entry, md5, { posix: s.posixMetadata }) : undefined,
      storageClass: s.storageClass,
      sse: s.sse,
      sseKmsKeyId: s.sseKmsKeyId,
    };
  };
}

const EMPTY = Buffer.alloc(0);
const EMPTY_MD5 = md5Hex(EMPTY);

export function uploadTransport(s: UploadSettings): Transport {
  const bucket = s.destination.bucket;
  const fsPath = (e: Entry) => fsPathOf(s.source, e, s.names);

  return {
    async mkdir(action) {
      // The S3 console's folder convention: a zero-byte `dir/` object.
      await put(
        action.target,
        EMPTY,
        EMPTY_MD5,
        s.headers(action.path, action.source ?? { path: action.path, kind: 'dir', size: 0, mtime: 0 }),
      );
    },

    async transfer(action, onBytes) {
      return withVerifyRetries(
        s.verifyRetries,
        () => uploadOne(action.source, action.target, onBytes),
        s.signal,
      );
    },

    async metadata(action) {
      // Same bytes, new metadata: the object is copied onto itself with the headers an upload would send.
      const local = action.source;
      const before = await lstat(fsPath(local));
      const md5 =
        local.md5 ?? action.dest.meta?.md5 ?? (isMd5Hex(action.dest.etag) ? action.dest.etag : undefined);
      const fresh = freshEntry(local, before);
      const res = await copyOnto(s.store, {
        source: { bucket, key: action.target },
        bucket,
        key: action.target,
        size: action.size,
        headers: s.headers(local.path, fresh, md5),
        expectEtag: action.dest.etag,
        label: local.path,
        partSize: s.partSize,
        signal: s.signal,
        onWarning: s.onWarning,
      });
      const stamp = stampOf(before);
      if (md5 && stamp) {
        s.onStored?.(local.path, stamp, md5, undefined, {
          key: action.target,
          etag: res.etag,
          modified: res.lastModified === undefined ? undefined : Math.floor(res.lastModified / 1000),
          writtenBy: res.serverTime,
        });
      }
    },

    deleteBatch(actions) {
      return deleteKeys(
        s.store,
        bucket,
        actions.map((a) => a.target),
        s.signal,
      );
    },
  };

  async function uploadOne(entry: Entry, key: string, onBytes: (n: number) => void): Promise<number> {
    const path = fsPath(entry);
    if (entry.kind === 'file' && entry.size <= SMALL_OBJECT) {
      // The common case, in four fs calls: still the file that was listed, so one consistent version.
      const snap = readIfUnchanged(path, entry);
      if (snap) {
        const current = freshEntry(entry, snap.stat);
        const md5 = md5Hex(snap.body);
        const res = await putVerified(key, snap.body, md5, current);
        stored(entry, snap.stat, md5, key, res);
        onBytes(snap.body.length);
        return snap.body.length;
      }
    }
    // Changed since it was listed, a symlink or a large file: stat before and after every read.
    const before = await lstat(path);
    const fresh = freshEntry(entry, before);
    // Replaced since it was listed: never read a FIFO or device that took a file's place (it would block).
    if (entry.kind === 'file' ? !before.isFile() : !before.isSymbolicLink()) {
      throw new Error(`${entry.path} is no longer a ${entry.kind === 'file' ? 'regular file' : 'symlink'}`);
    }
    if (entry.kind === 'symlink') {
      // The link target is a name too: in a native charset other than UTF-8 it is decoded like one.
      const body = s.names
        ? Buffer.from(s.names.decode(await readlink(path, { encoding: 'buffer' })))
        : Buffer.from(await readlink(path));
      const md5 = md5Hex(body);
      const res = await putVerified(key, body, md5, { ...fresh, linkTarget: body.toString('utf8') });
      stored(entry, before, md5, key, res);
      onBytes(body.length);
      return body.length;
    }
    if (before.size <= s.multipartThreshold || before.size <= s.partSize) {
      const body = await readFile(path);
      await assertUnchanged(entry, path, before, body.length);
      const md5 = md5Hex(body);
      const res = await putVerified(key, body, md5, fresh);
      stored(entry, before, md5, key, res);
      onBytes(body.length);
      return body.length;
    }
    return uploadMultipart(key, path, fresh, before, onBytes);
  }

  function stored(entry: Entry, st: Stats, md5: string, key: string, res: PutResult, multipartEtag?: string) {
    const stamp = stampOf(st);
    if (stamp) {
      s.onStored?.(entry.path, stamp, md5, multipartEtag, { key, etag: res.etag, writtenBy: res.serverTime });
    }
  }

  /** Sends one whole object; resolves once the server stored exactly those bytes. */
  async function putVerified(key: string, body: Buffer, md5: string, entry: Entry): Promise<PutResult> {
    const res = await put(key, body, md5, s.headers(entry.path, entry, md5));
    // Content-MD5 already made the server check; a differing MD5 ETag means a server that ignored it.
    // SSE-KMS and SSE-C ETags are no MD5: S3's Content-MD5 check is the proof then.
    if (isMd5Hex(res.etag) && res.etag !== md5 && !encryptionHidesMd5(res.sse, res.sseCustomer)) {
      throw new VerifyError(
        `${entry.path}: server stored different bytes (ETag ${res.etag}, local MD5 ${md5})`,
      );
    }
    return res;
  }

  async function put(key: string, body: Buffer, md5: string, headers: ObjectHeaders): Promise<PutResult> {
    try {
      return await s.store.put({ bucket, key, body, md5, headers }, { signal: s.signal });
    } catch (err) {
      throw fatalIfBucketWide(err, bucket);
    }
  }

  async function uploadMultipart(
    key: string,
    path: string | Buffer,
    entry: Entry,
    before: Stats,
    onBytes: (n: number) => void,
  ) {
    const partSize = choosePartSize(before.size, s.partSize);
    const { md5, multipartEtag, partMd5s } = await hashFile(path, partSize, undefined, s.signal);
    if (!partMd5s) throw new VerifyError(`${entry.path} changed while it was being uploaded (it shrank)`);
    const done = await uploadInParts({
      store: s.store,
      bucket,
      key,
      headers: s.headers(entry.path, entry, md5),
      fsPath: path,
      label: entry.path,
      size: before.size,
      partSize,
      partMd5s,
      queueSize: PART_QUEUE,
      signal: s.signal,
      onBytes,
      onWarning: s.onWarning,
      // Checked before the upload completes: a file changed since its stat fails this attempt (and
      // is retried) while the object stored before is still in place.
      beforeComplete: () => assertUnchanged(entry, path, before, before.size),
    }).catch((err) => {
      throw fatalIfBucketWide(err, bucket);
    });
    // S3 answers with the multipart ETag of what it assembled; some servers with the whole-file MD5.
    // SSE-KMS ETags are neither: then the parts' Content-MD5, which S3 checked, is the proof.
    const { etag } = done;
    const expected = etag.includes('-') ? multipartEtag : md5;
    if (etag !== expected && !encryptionHidesMd5(done.sse, done.sseCustomer)) {
      throw new VerifyError(
        `${entry.path}: server stored different bytes (ETag ${etag}, expected ${expected})`,
      );
    }
    stored(entry, before, md5, key, done, multipartEtag);
    return before.size;
  }
}

/** The entry as it is now on disk (the listing may be older), for the metadata it is stored with. */
function freshEntry(entry: Entry, st: Stats): Entry {
  return withFields(entry, { size: st.size, mtimeMs: st.mtimeMs, mode: st.mode, uid: st.uid, gid: st.gid });
}

/** Fails the attempt (and so retries it) when the file changed while it was read. */
async function assertUnchanged(
  entry: Entry,
  path: string | Buffer,
  before: Stats,
  bytesRead: number,
): Promise<void> {
  const after = await lstat(path);
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || bytesRead !== before.size) {
    throw new VerifyError(`${entry.path} changed while it was being uploaded`);
  }
}

/** Errors that every file would hit the same way: stop the run instead of failing file by file. */
export function fatalIfBucketWide(err: unknown, bucket: string): unknown {
  const code = errorName(err);
  if (code === 'AccessControlListNotSupported') {
    return new FatalSyncError(
      `bucket "${bucket}" has ACLs disabled (Object Ownership: bucket owner enforced), so --public-read cannot be applied; drop it and grant public read with a bucket policy instead`,
    );
  }
  if (code === 'NoSuchBucket') return new FatalSyncError(`bucket "${bucket}" does not exist`);
  return err;
}
