// The few ObjectStore calls the cache makes, in the shapes it needs: whole small objects as buffers
// (manifests, packs), a missing object as undefined rather than an error, full listings.
import { createHash } from 'node:crypto';
import { errorName } from '../core/errors.js';
import { md5Hex } from '../core/hash.js';
import type { ListedObject, ObjectStore } from '../core/store/types.js';

export function isMissing(err: unknown): boolean {
  const name = errorName(err);
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return name === 'NoSuchKey' || name === 'NotFound' || status === 404;
}

export function isPreconditionFailed(err: unknown): boolean {
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return errorName(err) === 'PreconditionFailed' || status === 412;
}

/** 409 ConditionalRequestConflict: a conditional write of the key is in flight; S3 asks for a retry. */
export function isConditionalConflict(err: unknown): boolean {
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return errorName(err) === 'ConditionalRequestConflict' || status === 409;
}

/** The object's bytes, or undefined if there is no such object. */
export async function readObject(
  store: ObjectStore,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): Promise<{ body: Buffer; lastModified?: number } | undefined> {
  let res: Awaited<ReturnType<ObjectStore['get']>>;
  try {
    res = await store.get(bucket, key, { signal });
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
  const chunks: Buffer[] = [];
  for await (const c of res.body) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  if (body.length !== res.size && res.size > 0)
    throw new Error(`${key}: body ended after ${body.length} of ${res.size} bytes`);
  return { body, lastModified: res.lastModified };
}

export async function objectExists(store: ObjectStore, bucket: string, key: string, signal?: AbortSignal) {
  try {
    await store.head(bucket, key, { signal });
    return true;
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
}

export async function putObject(
  store: ObjectStore,
  bucket: string,
  key: string,
  body: Buffer,
  opts: { ifNoneMatch?: boolean; contentType?: string; signal?: AbortSignal } = {},
): Promise<void> {
  await store.put(
    {
      bucket,
      key,
      body,
      md5: md5Hex(body),
      headers: { contentType: opts.contentType ?? 'application/octet-stream' },
      ifNoneMatch: opts.ifNoneMatch,
    },
    { signal: opts.signal },
  );
}

export async function listAll(
  store: ObjectStore,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
): Promise<ListedObject[]> {
  const out: ListedObject[] = [];
  for await (const page of store.list(bucket, prefix, { signal })) out.push(...page.objects);
  return out;
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
