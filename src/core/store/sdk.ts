// The ObjectStore on the AWS SDK's S3Client: every operation, with the SDK's endpoint resolution,
// region redirects, credentials chain and retries.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  type CompleteMultipartUploadCommandInput,
  type CompleteMultipartUploadCommandOutput,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandInput,
  type PutObjectCommandOutput,
  type S3Client,
  type ServerSideEncryption,
  type StorageClass,
  UploadPartCommand,
  type UploadPartCommandInput,
  type UploadPartCommandOutput,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import type { BuildMiddleware, DeserializeMiddleware } from '@smithy/types';
import { unquoteEtag } from '../etag.js';
import { copySource, decodeListed, encodedHeaderValue } from './http.js';
import { ListingCheck } from './list-check.js';
import type {
  CopyRequest,
  DeleteOutcome,
  ListPage,
  ObjectBody,
  ObjectHead,
  ObjectHeaders,
  ObjectStore,
  PutRequest,
  PutResult,
  RequestOptions,
} from './types.js';

export class SdkStore implements ObjectStore {
  constructor(
    readonly client: S3Client,
    readonly endpointLabel: string,
  ) {}

  async *list(bucket: string, prefix: string, opts: RequestOptions & { delimiter?: string }) {
    const check = new ListingCheck(prefix);
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          Delimiter: opts.delimiter,
          ContinuationToken: token,
          // Keys with control characters (CR, LF…) do not survive XML as text: ask for them encoded.
          EncodingType: 'url',
        }),
        { abortSignal: opts.signal },
      );
      // A server that ignores encoding-type (s3rver) answers without <EncodingType>: keys are raw then.
      const encoded = page.EncodingType === 'url';
      const out: ListPage = {
        objects: (page.Contents ?? []).map((o) => ({
          key: decodeListed(o.Key ?? '', encoded),
          size: o.Size ?? 0,
          etag: unquoteEtag(o.ETag),
          lastModified: o.LastModified?.getTime() ?? 0,
        })),
        prefixes: (page.CommonPrefixes ?? []).map((p) => decodeListed(p.Prefix ?? '', encoded)),
      };
      // Checked before the page is handed on, so a failure is counted against the page that carried it.
      check.page(out);
      token = check.next(page.IsTruncated, page.NextContinuationToken);
      yield out;
    } while (token);
  }

  async head(
    bucket: string,
    key: string,
    opts: RequestOptions & { partNumber?: number; checksums?: boolean } = {},
  ): Promise<ObjectHead> {
    const res = await this.client.send(
      new HeadObjectCommand({
        Bucket: bucket,
        Key: key,
        PartNumber: opts.partNumber,
        ChecksumMode: opts.checksums ? 'ENABLED' : undefined,
      }),
      { abortSignal: opts.signal },
    );
    return headOf(res);
  }

  async get(
    bucket: string,
    key: string,
    opts: RequestOptions & { checksums?: boolean } = {},
  ): Promise<ObjectBody> {
    const res = await this.client.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ChecksumMode: opts.checksums ? 'ENABLED' : undefined,
      }),
      { abortSignal: opts.signal },
    );
    if (!res.Body) throw Object.assign(new Error(`${key}: empty response body`), { name: 'EmptyBody' });
    return { ...headOf(res), body: res.Body as unknown as import('node:stream').Readable };
  }

  async put(req: PutRequest, opts: RequestOptions = {}): Promise<PutResult> {
    const clock = serverClock<PutObjectCommandInput, PutObjectCommandOutput>();
    const cmd = new PutObjectCommand({
      Bucket: req.bucket,
      Key: req.key,
      Body: req.body,
      ContentLength: req.body.length,
      ContentMD5: Buffer.from(req.md5, 'hex').toString('base64'),
      IfNoneMatch: req.ifNoneMatch ? '*' : undefined,
      ...sdkHeaders(req.headers),
    });
    cmd.middlewareStack.add(clock.middleware, { step: 'deserialize', name: 'paras3ServerClock' });
    const res = await this.client.send(cmd, { abortSignal: opts.signal });
    return {
      etag: unquoteEtag(res.ETag),
      sse: res.ServerSideEncryption,
      sseCustomer: Boolean(res.SSECustomerAlgorithm),
      serverTime: clock.time(),
    };
  }

  async copy(req: CopyRequest, opts: RequestOptions = {}): Promise<PutResult> {
    const res = await this.client.send(
      new CopyObjectCommand({
        Bucket: req.bucket,
        Key: req.key,
        CopySource: copySource(req.source.bucket, req.source.key),
        MetadataDirective: req.replace ? 'REPLACE' : 'COPY',
        IfNoneMatch: req.ifNoneMatch ? '*' : undefined,
        CopySourceIfMatch: req.ifSourceMatch ? `"${req.ifSourceMatch}"` : undefined,
        ...(req.replace ? sdkHeaders(req.replace) : {}),
        ...defined(
          sdkHeaders({
            acl: req.acl,
            storageClass: req.storageClass,
            sse: req.sse,
            sseKmsKeyId: req.sseKmsKeyId,
          }),
        ),
      }),
      { abortSignal: opts.signal },
    );
    return {
      etag: unquoteEtag(res.CopyObjectResult?.ETag),
      lastModified: res.CopyObjectResult?.LastModified?.getTime(),
      sse: res.ServerSideEncryption,
      sseCustomer: Boolean(res.SSECustomerAlgorithm),
    };
  }

  async createMultipart(bucket: string, key: string, headers: ObjectHeaders): Promise<string> {
    // Sent without an abort signal: a cancelled request could still create an upload we never learn of.
    const res = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ...sdkHeaders(headers) }),
    );
    if (!res.UploadId) throw new Error(`${key}: the server started a multipart upload without an id`);
    return res.UploadId;
  }

  async uploadPart(
    bucket: string,
    key: string,
    uploadId: string,
    part: { number: number; body: Buffer; md5: string },
    opts: RequestOptions = {},
  ) {
    const cmd = new UploadPartCommand({
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      PartNumber: part.number,
      Body: part.body,
      ContentLength: part.body.length,
      ContentMD5: Buffer.from(part.md5, 'hex').toString('base64'),
    });
    cmd.middlewareStack.add(unsignedPayload, { step: 'build', name: 'paras3UnsignedPart' });
    const res = await this.client.send(cmd, { abortSignal: opts.signal });
    return { etag: unquoteEtag(res.ETag), sse: res.ServerSideEncryption };
  }

  async uploadPartCopy(
    bucket: string,
    key: string,
    uploadId: string,
    part: { number: number; source: { bucket: string; key: string }; range: [number, number] },
    opts: RequestOptions = {},
  ) {
    const res = await this.client.send(
      new UploadPartCopyCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        PartNumber: part.number,
        CopySource: copySource(part.source.bucket, part.source.key),
        CopySourceRange: `bytes=${part.range[0]}-${part.range[1]}`,
      }),
      { abortSignal: opts.signal },
    );
    return { etag: unquoteEtag(res.CopyPartResult?.ETag) };
  }

  async completeMultipart(
    bucket: string,
    key: string,
    uploadId: string,
    parts: { number: number; etag: string }[],
  ) {
    const clock = serverClock<CompleteMultipartUploadCommandInput, CompleteMultipartUploadCommandOutput>();
    const cmd = new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.number, ETag: `"${p.etag}"` })) },
    });
    cmd.middlewareStack.add(clock.middleware, { step: 'deserialize', name: 'paras3ServerClock' });
    const res = await this.client.send(cmd);
    return { etag: unquoteEtag(res.ETag), sse: res.ServerSideEncryption, serverTime: clock.time() };
  }

  async abortMultipart(bucket: string, key: string, uploadId: string): Promise<void> {
    await this.client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
  }

  async deleteMany(bucket: string, keys: string[], opts: RequestOptions = {}): Promise<DeleteOutcome[]> {
    const res = await this.client.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
      }),
      { abortSignal: opts.signal },
    );
    const errors = new Map((res.Errors ?? []).map((e) => [e.Key, `${e.Code}: ${e.Message}`]));
    return keys.map((k) => {
      const error = errors.get(k);
      return error === undefined ? { ok: true } : { ok: false, error };
    });
  }

  destroy(): void {
    this.client.destroy();
  }
}

function headOf(res: HeadObjectCommandOutput & { ContentRange?: string }): ObjectHead {
  const checksums: ObjectHead['checksums'] = {};
  if (res.ChecksumCRC32) checksums.crc32 = res.ChecksumCRC32;
  if (res.ChecksumCRC32C) checksums.crc32c = res.ChecksumCRC32C;
  if (res.ChecksumCRC64NVME) checksums.crc64nvme = res.ChecksumCRC64NVME;
  if (res.ChecksumSHA1) checksums.sha1 = res.ChecksumSHA1;
  if (res.ChecksumSHA256) checksums.sha256 = res.ChecksumSHA256;
  return {
    size: res.ContentLength ?? 0,
    etag: unquoteEtag(res.ETag),
    lastModified: res.LastModified?.getTime(),
    metadata: res.Metadata ?? {},
    contentType: res.ContentType,
    cacheControl: res.CacheControl,
    contentDisposition: res.ContentDisposition,
    contentEncoding: res.ContentEncoding,
    contentLanguage: res.ContentLanguage,
    expires: res.Expires,
    storageClass: res.StorageClass,
    sse: res.ServerSideEncryption,
    sseCustomer: Boolean(res.SSECustomerAlgorithm),
    partsCount: res.PartsCount,
    checksums: Object.keys(checksums).length > 0 ? checksums : undefined,
    checksumType: res.ChecksumType,
  };
}

function sdkHeaders(h: ObjectHeaders) {
  return {
    ContentType: h.contentType,
    CacheControl: h.cacheControl,
    ContentDisposition: h.contentDisposition,
    ContentEncoding: h.contentEncoding,
    ContentLanguage: h.contentLanguage,
    Expires: h.expires,
    ACL: h.acl,
    Metadata: h.metadata ? encodedMetadata(h.metadata) : undefined,
    StorageClass: h.storageClass as StorageClass | undefined,
    ServerSideEncryption: h.sse as ServerSideEncryption | undefined,
    SSEKMSKeyId: h.sseKmsKeyId,
  };
}

/** Only the keys that have a value: a spread of undefined would erase what an earlier spread set. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Metadata values travel as HTTP headers: anything outside printable ASCII is RFC 2047-encoded. */
function encodedMetadata(meta: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta)) out[k] = encodedHeaderValue(v);
  return out;
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

/**
 * The server's clock when it answered a write (its Date header, whole seconds), which the SDK's outputs
 * leave out. The MD5 cache records it as the time by which the object was written (md5cache.ts,
 * writtenBy): without it, a file uploaded through the SDK could never be vouched for as unchanged.
 */
function serverClock<I extends object, O extends object>(): {
  middleware: DeserializeMiddleware<I, O>;
  time(): number | undefined;
} {
  let date: string | undefined;
  return {
    middleware: (next) => async (args) => {
      const out = await next(args);
      const headers = (out.response as { headers?: Record<string, string | undefined> }).headers;
      date = headers?.date ?? headers?.Date;
      return out;
    },
    time() {
      const ms = date ? Date.parse(date) : Number.NaN;
      return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
    },
  };
}
