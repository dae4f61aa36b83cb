// What the engine needs from S3, as one interface with two implementations: the SDK's (every
// operation) and a signed-HTTP one for whole small objects and listings (signed.ts), chosen by the
// factory (factory.ts) and passed to the engine. Nothing finds a store through a registry.
import type { Readable } from 'node:stream';

export interface ListedObject {
  /** The full key, decoded (listings are asked for with encoding-type=url). */
  key: string;
  size: number;
  /** Unquoted, lower case. */
  etag: string;
  /** LastModified in milliseconds. */
  lastModified: number;
}

export interface ListPage {
  objects: ListedObject[];
  /** With a delimiter: the common prefixes (subdirectories), decoded. */
  prefixes: string[];
}

/** Headers and metadata an object is written with. */
export interface ObjectHeaders {
  contentType?: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  expires?: Date;
  acl?: 'public-read';
  /** User metadata without the `x-amz-meta-` prefix. */
  metadata?: Record<string, string>;
  storageClass?: string;
  /** `AES256`, `aws:kms` or `aws:kms:dsse`. */
  sse?: string;
  sseKmsKeyId?: string;
}

export interface ObjectHead {
  size: number;
  etag: string;
  lastModified?: number;
  metadata: Record<string, string>;
  contentType?: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  expires?: Date;
  storageClass?: string;
  /** `x-amz-server-side-encryption`, and whether a customer key (SSE-C) is in use. */
  sse?: string;
  sseCustomer?: boolean;
  /** With a partNumber: the object's part count (`x-amz-mp-parts-count`). */
  partsCount?: number;
  /** Stored whole-object checksums (`x-amz-checksum-*`, base64), when asked for and present. */
  checksums?: Partial<Record<'crc32' | 'crc32c' | 'crc64nvme' | 'sha1' | 'sha256', string>>;
  /** `x-amz-checksum-type`: FULL_OBJECT or COMPOSITE (of parts). */
  checksumType?: string;
}

export interface ObjectBody extends ObjectHead {
  body: Readable;
}

export interface PutRequest {
  bucket: string;
  key: string;
  body: Buffer;
  /** Hex MD5 of body: sent as Content-MD5, so the server verifies the bytes it stores. */
  md5: string;
  headers: ObjectHeaders;
  /** Write only if no object has this key (`If-None-Match: *`); a lost race is a PreconditionFailed. */
  ifNoneMatch?: boolean;
}

export interface PutResult {
  etag: string;
  sse?: string;
  sseCustomer?: boolean;
  /** The server's clock when it answered (Date header), whole seconds. */
  serverTime?: number;
  /** The new object's LastModified, when the answer says it (CopyObject does), ms. */
  lastModified?: number;
}

export interface CopyRequest {
  source: { bucket: string; key: string };
  bucket: string;
  key: string;
  /** undefined: copy the source's headers and metadata (COPY); given: replace them (REPLACE). */
  replace?: ObjectHeaders;
  /** Applied either way (S3 takes them with COPY too). */
  acl?: 'public-read';
  storageClass?: string;
  sse?: string;
  sseKmsKeyId?: string;
  /** Copy only if the source still has this ETag (CopySourceIfMatch): a source rewritten since it was listed fails. */
  ifSourceMatch?: string;
  ifNoneMatch?: boolean;
}

export interface PartResult {
  etag: string;
  /** `x-amz-server-side-encryption` of the answer (an SSE-KMS part's ETag is not its MD5). */
  sse?: string;
}

/**
 * One key's outcome. A failure names the key's own error (from a 200 answer's `Errors`), or, when the
 * whole request failed, that request's error as text and as `cause` (for a caller that describes errors
 * its own way, e.g. naming the endpoint).
 */
export type DeleteOutcome = { ok: true } | { ok: false; error: string; cause?: unknown };

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface ObjectStore {
  /** Where requests go, for messages (never with credentials). */
  readonly endpointLabel: string;
  list(
    bucket: string,
    prefix: string,
    opts: RequestOptions & { delimiter?: string },
  ): AsyncIterable<ListPage>;
  /** HeadObject; with `partNumber` the part's size and the part count; with `checksums` stored checksums. */
  head(
    bucket: string,
    key: string,
    opts?: RequestOptions & { partNumber?: number; checksums?: boolean },
  ): Promise<ObjectHead>;
  /** GetObject: the headers and the body as a stream; the caller consumes (and verifies) the body. */
  get(bucket: string, key: string, opts?: RequestOptions & { checksums?: boolean }): Promise<ObjectBody>;
  put(req: PutRequest, opts?: RequestOptions): Promise<PutResult>;
  copy(req: CopyRequest, opts?: RequestOptions): Promise<PutResult>;
  createMultipart(bucket: string, key: string, headers: ObjectHeaders): Promise<string>;
  uploadPart(
    bucket: string,
    key: string,
    uploadId: string,
    part: { number: number; body: Buffer; md5: string },
    opts?: RequestOptions,
  ): Promise<PartResult>;
  uploadPartCopy(
    bucket: string,
    key: string,
    uploadId: string,
    part: { number: number; source: { bucket: string; key: string }; range: [number, number] },
    opts?: RequestOptions,
  ): Promise<PartResult>;
  completeMultipart(
    bucket: string,
    key: string,
    uploadId: string,
    parts: { number: number; etag: string }[],
  ): Promise<PutResult>;
  abortMultipart(bucket: string, key: string, uploadId: string): Promise<void>;
  /** Deletes up to 1000 keys in one request; one outcome per key, in order. */
  deleteMany(bucket: string, keys: string[], opts?: RequestOptions): Promise<DeleteOutcome[]>;
  /** Closes keep-alive sockets, so the process can exit. */
  destroy(): void;
  /** For --debug: which ways the run's requests went. */
  describeUse?(): string;
}
