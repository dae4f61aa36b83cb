// S3 to S3, server-side: bytes never cross the runner. CopyObject up to 5 GiB, UploadPartCopy parts
// above; headers and metadata (md5chksum, mode, owner, mtime, content type, cache control) travel with
// the object; the result is checked against the source's ETag where that is an MD5. The same routine
// rewrites one object's metadata in place (an object copied onto itself), for metadata-only changes.
import { encryptionHidesMd5, etagParts, isMd5Hex } from '../etag.js';
import { md5Hex } from '../hash.js';
import { choosePartSize, MAX_SINGLE_COPY, PART_QUEUE } from '../limits.js';
import { VerifyError, withVerifyRetries } from '../retry.js';
import { keyOf } from '../sides.js';
import type { ObjectHead, ObjectHeaders, ObjectStore, PutResult } from '../store/types.js';
import type { S3Location } from '../types.js';
import { copyInParts } from './multipart.js';
import { deleteKeys, type Transport } from './transport.js';
import { fatalIfBucketWide } from './upload.js';

export interface CopyOnto {
  source: { bucket: string; key: string };
  bucket: string;
  key: string;
  size: number;
  /**
   * Headers to set: merged over the source's own (what is not set here is kept, so a Content-Encoding
   * another tool wrote survives), metadata merged key by key. undefined: the source's headers as they are.
   */
  headers?: ObjectHeaders;
  /** Applied on top whichever way (S3 takes them with a plain copy too). */
  extra?: Pick<ObjectHeaders, 'acl' | 'storageClass' | 'sse' | 'sseKmsKeyId'>;
  /** The source's ETag when it was listed: a source rewritten since fails instead of copying new bytes. */
  expectEtag?: string;
  label: string;
  partSize: number;
  signal?: AbortSignal;
  onWarning?: (message: string) => void;
  onBytes?: (n: number) => void;
}

export async function copyOnto(store: ObjectStore, c: CopyOnto): Promise<PutResult> {
  let head: ObjectHead | undefined;
  const sourceHead = async () => {
    head ??= await store.head(c.source.bucket, c.source.key, { signal: c.signal });
    if (c.expectEtag && head.etag !== c.expectEtag) {
      throw Object.assign(new Error(`${c.label}: the source changed since it was listed`), {
        name: 'PreconditionFailed',
      });
    }
    return head;
  };
  const replace = c.headers ? merged(await sourceHead(), c.headers) : undefined;
  let res: PutResult;
  if (c.size <= MAX_SINGLE_COPY) {
    res = await store.copy(
      { source: c.source, bucket: c.bucket, key: c.key, replace, ...c.extra, ifSourceMatch: c.expectEtag },
      { signal: c.signal },
    );
  } else {
    const h = await sourceHead();
    res = await copyInParts({
      store,
      bucket: c.bucket,
      key: c.key,
      headers: { ...(replace ?? merged(h, {})), ...c.extra },
      source: c.source,
      label: c.label,
      size: c.size,
      partSize: choosePartSize(c.size, c.partSize),
      queueSize: PART_QUEUE,
      signal: c.signal,
      onBytes: () => {},
      onWarning: c.onWarning,
    });
    // The source must not have changed while its parts were copied.
    const after = await store.head(c.source.bucket, c.source.key, { signal: c.signal });
    if (after.etag !== h.etag) throw new VerifyError(`${c.label}: the source changed while it was copied`);
  }
  // A single-part, unencrypted source has an MD5 ETag, and so must its copy.
  const src = c.expectEtag ?? head?.etag;
  if (
    src &&
    isMd5Hex(src) &&
    etagParts(res.etag) === 0 &&
    isMd5Hex(res.etag) &&
    res.etag !== src &&
    !encryptionHidesMd5(res.sse, res.sseCustomer) &&
    !(head && encryptionHidesMd5(head.sse, head.sseCustomer))
  ) {
    throw new VerifyError(`${c.label}: the copy has ETag ${res.etag}, the source ${src}`);
  }
  c.onBytes?.(c.size);
  return res;
}

/** The source's headers with ours over them; user metadata merged key by key. */
function merged(h: ObjectHead, ours: ObjectHeaders): ObjectHeaders {
  const base: ObjectHeaders = {
    contentType: h.contentType,
    cacheControl: h.cacheControl,
    contentDisposition: h.contentDisposition,
    contentEncoding: h.contentEncoding,
    contentLanguage: h.contentLanguage,
    expires: h.expires,
    storageClass: h.storageClass,
    metadata: h.metadata,
  };
  const out: ObjectHeaders = { ...base };
  for (const [k, v] of Object.entries(ours)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  out.metadata = { ...h.metadata, ...(ours.metadata ?? {}) };
  return out;
}

export interface CopySettings {
  store: ObjectStore;
  source: S3Location;
  destination: S3Location;
  /** Header rules (cache control, expires) to set on copies; undefined keeps the source's. */
  headers?: (path: string) => ObjectHeaders | undefined;
  extra: CopyOnto['extra'];
  partSize: number;
  verifyRetries: number;
  signal?: AbortSignal;
  onWarning?: (message: string) => void;
}

const EMPTY_MD5 = md5Hex(Buffer.alloc(0));

export function copyTransport(s: CopySettings): Transport {
  const bucket = s.destination.bucket;
  return {
    async mkdir(action) {
      const node = action.source;
      // A node in the S3 console's style is copied with its metadata; other styles become one.
      if (node && node.name === undefined && action.path !== '') {
        await copyOnto(s.store, {
          source: { bucket: s.source.bucket, key: keyOf(s.source.prefix, node) },
          bucket,
          key: action.target,
          size: 0,
          extra: s.extra,
          label: action.path,
          partSize: s.partSize,
          signal: s.signal,
        }).catch((err) => {
          throw fatalIfBucketWide(err, bucket);
        });
        return;
      }
      await s.store
        .put(
          { bucket, key: action.target, body: Buffer.alloc(0), md5: EMPTY_MD5, headers: { ...s.extra } },
          { signal: s.signal },
        )
        .catch((err) => {
          throw fatalIfBucketWide(err, bucket);
        });
    },

    async transfer(action, onBytes) {
      const copy = () =>
        copyOnto(s.store, {
          source: { bucket: s.source.bucket, key: keyOf(s.source.prefix, action.source) },
          bucket,
          key: action.target,
          size: action.size,
          headers: s.headers?.(action.path),
          extra: s.extra,
          expectEtag: action.source.etag,
          label: action.path,
          partSize: s.partSize,
          signal: s.signal,
          onWarning: s.onWarning,
          onBytes,
        }).catch((err) => {
          throw fatalIfBucketWide(err, bucket);
        });
      await withVerifyRetries(s.verifyRetries, copy, s.signal);
      return action.size;
    },

    async metadata() {
      throw new Error('copy: metadata changes travel with a copy');
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
}
