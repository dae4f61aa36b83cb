// The per-object hot path: PutObject, GetObject and HeadObject sent straight on the client's keep-alive
// sockets, signed by sigv4.ts (held to the SDK's signer byte for byte) at the SDK's clock-skew-corrected
// time, retried by the run's retry strategy (the SDK's standard one, loaded at the first failure: see
// retry-strategy.ts) with the SDK's own error classification, and listings read by list-xml.ts.
// Why not S3Client.send: its middleware stack costs about 2 ms of client CPU per request (measured here:
// 2.9 ms per small PUT through send, 0.9 ms this way), which for trees of small files is most of the
// client's work; and a run whose requests all go this way never loads the SDK.
// Everything else (multipart, copies, deletes) goes to the SDK store, and so does any request for a
// bucket this path cannot address: after a region redirect the SDK, which follows redirects, takes that
// bucket over for the rest of the run.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SdkError } from '@smithy/types';
import { VERSION } from '../../version.js';
import { unquoteEtag } from '../etag.js';
import type { SharedTransport } from './factory.js';
import { encodedHeaderValue, type S3ErrorShape, s3Error } from './http.js';
import type { LazySdkStore } from './lazy-sdk.js';
import { ListingCheck } from './list-check.js';
import { type ParsedListPage, parseListPage } from './list-xml.js';
import { retryErrorType, smithyRetry } from './retry-strategy.js';
import { buildQueryString, escapeUriPath, type SigningCredentials, signRequest } from './sigv4.js';
import type {
  ListPage,
  ObjectBody,
  ObjectHead,
  ObjectHeaders,
  ObjectStore,
  PutRequest,
  PutResult,
  RequestOptions,
} from './types.js';

/** Where a bucket's objects live: the URL before the key (`http://host:port/bucket` path-style). */
export interface Route {
  protocol: string;
  hostname: string;
  port?: number;
  basePath: string;
  signingRegion?: string;
}

export interface Agents {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
}

export interface SignedStoreOptions {
  /** VANITY addressing: the bucket name is the host. */
  vanity?: { protocol: 'http:' | 'https:'; port?: string };
  /** Idle timeout of a request, in ms: no byte either way for this long fails the attempt. */
  timeoutMs: number;
  /** The region requests are signed for (unless the bucket's route says another). */
  region: string;
  /** A path-style endpoint: a bucket's URL is `<endpoint>/<bucket>`, worked out without the SDK. */
  pathStyleEndpoint?: string;
}

/** Thrown inside this module when a request must go through the SDK instead. */
class UseSdk extends Error {
  override name = 'UseSdk';
}

// SHA-256 of an empty payload: what a bodiless request signs.
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export class SignedStore implements ObjectStore {
  readonly endpointLabel: string;
  private readonly routes = new Map<string, Promise<Route | undefined>>();
  /** Requests that went this way and that went to the SDK (tests and --debug read these). */
  readonly counts = { signed: 0, sdk: 0 };

  private readonly agents: Agents;
  /** The agents whose requests each signal must abort (see abortOn). */
  private readonly watched = new WeakMap<AbortSignal, Set<http.Agent>>();

  constructor(
    private readonly sdk: LazySdkStore,
    private readonly shared: SharedTransport,
    private readonly opts: SignedStoreOptions,
  ) {
    this.endpointLabel = sdk.endpointLabel;
    this.agents = shared.agents;
  }

  /** The run's credentials, asked of its provider (which caches and refreshes them) for each request. */
  private async credentials(): Promise<SigningCredentials> {
    const c = this.shared.credentials;
    const resolved = typeof c === 'function' ? await c() : c;
    if (!resolved?.accessKeyId || !resolved.secretAccessKey)
      throw new Error('the credentials resolved have no access key id or secret access key');
    return resolved;
  }

  /** ListObjectsV2 pages, read by list-xml.ts instead of the SDK's parser (why: see there). */
  async *list(
    bucket: string,
    prefix: string,
    opts: RequestOptions & { delimiter?: string },
  ): AsyncGenerator<ListPage> {
    const check = new ListingCheck(prefix);
    let token: string | undefined;
    let first = true;
    do {
      const route = await this.route(bucket);
      // A bucket the SDK must address (no route, or a redirect on the first page) is listed by it whole.
      let page: ParsedListPage | undefined;
      if (route) {
        const query: Record<string, string> = { 'list-type': '2', prefix, 'encoding-type': 'url' };
        if (opts.delimiter) query.delimiter = opts.delimiter;
        if (token) query['continuation-token'] = token;
        try {
          page = await this.attempt(route, 'GET', '', query, {}, undefined, opts.signal, async (res) =>
            parseListPage(await readBody(res)),
          );
          this.counts.signed++;
        } catch (err) {
          if (!(err instanceof UseSdk)) throw err;
          this.routes.set(bucket, Promise.resolve(undefined));
        }
      }
      if (!page) {
        if (!first)
          throw new Error(`listing of ${bucket}/${prefix}: the bucket's endpoint changed mid-listing`);
        yield* this.sdk.list(bucket, prefix, opts);
        return;
      }
      first = false;
      // Checked before the page is handed on, so a failure is counted against the page that carried it.
      check.page(page);
      token = check.next(page.truncated, page.nextToken);
      yield { objects: page.objects, prefixes: page.prefixes };
    } while (token);
  }

  async head(
    bucket: string,
    key: string,
    opts: RequestOptions & { partNumber?: number; checksums?: boolean } = {},
  ): Promise<ObjectHead> {
    const query: Record<string, string> = {};
    if (opts.partNumber !== undefined) query.partNumber = String(opts.partNumber);
    const headers: Record<string, string> = opts.checksums ? { 'x-amz-checksum-mode': 'ENABLED' } : {};
    return this.viaRoute(
      bucket,
      async (route) => {
        const res = await this.send(route, 'HEAD', key, query, headers, undefined, opts.signal);
        res.resume();
        return headOf(res);
      },
      () => this.sdk.head(bucket, key, opts),
    );
  }

  async get(
    bucket: string,
    key: string,
    opts: RequestOptions & { checksums?: boolean } = {},
  ): Promise<ObjectBody> {
    const headers: Record<string, string> = opts.checksums ? { 'x-amz-checksum-mode': 'ENABLED' } : {};
    return this.viaRoute(
      bucket,
      async (route) => {
        const res = await this.send(route, 'GET', key, {}, headers, undefined, opts.signal);
        return { ...headOf(res), body: res };
      },
      () => this.sdk.get(bucket, key, opts),
    );
  }

  async put(req: PutRequest, opts: RequestOptions = {}): Promise<PutResult> {
    return this.viaRoute(
      req.bucket,
      async (route) => {
        const headers = putHeaders(req.headers);
        headers['content-length'] = String(req.body.length);
        headers['content-md5'] = Buffer.from(req.md5, 'hex').toString('base64');
        if (req.ifNoneMatch) headers['if-none-match'] = '*';
        const res = await this.send(route, 'PUT', req.key, {}, headers, req.body, opts.signal);
        res.resume();
        await new Promise((resolve, reject) => res.on('end', resolve).on('error', reject));
        const date = header(res, 'date');
        return {
          etag: unquoteEtag(header(res, 'etag')),
          sse: header(res, 'x-amz-server-side-encryption'),
          sseCustomer: header(res, 'x-amz-server-side-encryption-customer-algorithm') !== undefined,
          serverTime: date ? Math.floor(Date.parse(date) / 1000) : undefined,
        };
      },
      () => this.sdk.put(req, opts),
    );
  }

  copy(...args: Parameters<ObjectStore['copy']>) {
    return this.sdk.copy(...args);
  }
  createMultipart(...args: Parameters<ObjectStore['createMultipart']>) {
    return this.sdk.createMultipart(...args);
  }
  uploadPart(...args: Parameters<ObjectStore['uploadPart']>) {
    return this.sdk.uploadPart(...args);
  }
  uploadPartCopy(...args: Parameters<ObjectStore['uploadPartCopy']>) {
    return this.sdk.uploadPartCopy(...args);
  }
  completeMultipart(...args: Parameters<ObjectStore['completeMultipart']>) {
    return this.sdk.completeMultipart(...args);
  }
  abortMultipart(...args: Parameters<ObjectStore['abortMultipart']>) {
    return this.sdk.abortMultipart(...args);
  }
  deleteMany(...args: Parameters<ObjectStore['deleteMany']>) {
    return this.sdk.deleteMany(...args);
  }
  destroy(): void {
    this.sdk.destroy();
  }
  describeUse(): string {
    return `store: ${this.counts.signed} requests on the signed path; SDK ${this.sdk.used ? 'loaded' : 'not loaded'}`;
  }

  /** Runs `direct` on the bucket's route, or `viaSdk` when there is none (or the server redirected). */
  private async viaRoute<T>(
    bucket: string,
    direct: (r: Route) => Promise<T>,
    viaSdk: () => Promise<T>,
  ): Promise<T> {
    const route = await this.route(bucket);
    if (route) {
      try {
        const out = await direct(route);
        this.counts.signed++;
        return out;
      } catch (err) {
        if (!(err instanceof UseSdk)) throw err;
        // Another region or endpoint than configured: the SDK knows how to follow; it keeps the bucket.
        this.routes.set(bucket, Promise.resolve(undefined));
      }
    }
    this.counts.sdk++;
    return viaSdk();
  }

  /** The bucket's URL, resolved once: a path-style endpoint's here, any other by the SDK's endpoint rules. */
  private route(bucket: string): Promise<Route | undefined> {
    let r = this.routes.get(bucket);
    if (!r) {
      r = this.resolveRoute(bucket).catch(() => undefined);
      this.routes.set(bucket, r);
    }
    return r;
  }

  private async resolveRoute(bucket: string): Promise<Route | undefined> {
    const v = this.opts.vanity;
    if (v) {
      return {
        protocol: v.protocol,
        hostname: bucket,
        port: v.port ? Number(v.port) : undefined,
        basePath: '',
      };
    }
    if (this.opts.pathStyleEndpoint) return pathStyleRoute(this.opts.pathStyleEndpoint, bucket);
    return this.sdk.routeOf(bucket);
  }

  /** One request with the client's retry strategy; resolves with a 2xx response whose body is unread. */
  private send(
    route: Route,
    method: string,
    key: string,
    query: Record<string, string>,
    headers: Record<string, string>,
    body: Buffer | undefined,
    signal?: AbortSignal,
  ): Promise<IncomingMessage> {
    return this.attempt(route, method, key, query, headers, body, signal, async (res) => res);
  }

  /**
   * Sends with the client's retry strategy; `take` reads the 2xx response inside the attempt, so a body
   * that breaks off (or does not parse) is retried like a failed request.
   */
  private async attempt<T>(
    route: Route,
    method: string,
    key: string,
    query: Record<string, string>,
    headers: Record<string, string>,
    body: Buffer | undefined,
    signal: AbortSignal | undefined,
    take: (res: IncomingMessage) => Promise<T>,
  ): Promise<T> {
    const strategy = this.shared.retryStrategy;
    let token = await strategy.acquireInitialRetryToken('paras3-signed');
    for (;;) {
      try {
        signal?.throwIfAborted();
        const res = await take(await this.once(route, method, key, query, headers, body, signal));
        strategy.recordSuccess(token);
        return res;
      } catch (err) {
        if (err instanceof UseSdk || signal?.aborted) throw err;
        const e = err as SdkError & S3ErrorShape;
        await this.correctClock(e);
        try {
          token = await strategy.refreshRetryTokenForRetry(token, { errorType: await retryErrorType(e) });
        } catch {
          throw err;
        }
        await sleep(token.getRetryDelay(), undefined, { signal }).catch(() => {});
        if (signal?.aborted) throw err;
      }
    }
  }

  /**
   * As the SDK's signer does (AwsSdkSigV4Signer.errorHandler, whose helpers it does not export): an
   * error answer's Date header corrects the run's clock offset, shared with the SDK's client; a skew
   * error whose offset changed by 4 minutes or more is then retried at once.
   */
  private async correctClock(e: SdkError & S3ErrorShape): Promise<void> {
    const server = e.serverTime ? Date.parse(e.serverTime) : Number.NaN;
    if (Number.isNaN(server)) return;
    const clock = this.shared.clock;
    const before = clock.offset;
    clock.offset = server - Date.now();
    if (Math.abs(clock.offset) < 240_000 || clock.offset === before) return;
    const { isClockSkewError } = await smithyRetry();
    if (isClockSkewError(e)) {
      (e.$metadata as { clockSkewCorrected?: boolean }).clockSkewCorrected = true;
    }
  }

  /**
   * Makes an abort of `signal` destroy `req` (and so its response, mid-body too), as http.request's
   * `signal` option would. Not that option: it adds a listener to the signal, and an end-of-stream
   * watcher to the request, for every request, and the listener objects outlive two young-generation
   * collections: on a 100,000-file upload that promoted 200 MB instead of 130 MB to the old generation,
   * the run's peak RSS was 320 MB instead of 260, with 10 % more CPU (measured, three runs each). Here
   * the request carries its signal as a property, and one listener per signal and agent finds the
   * requests of that signal, in use on a socket or waiting for one, when it fires.
   */
  private abortOn(signal: AbortSignal, req: http.ClientRequest, agent: http.Agent): void {
    if (signal.aborted) {
      req.destroy(abortError(signal));
      return;
    }
    (req as Tagged)[REQUEST_SIGNAL] = signal;
    let agents = this.watched.get(signal);
    if (!agents) {
      agents = new Set();
      this.watched.set(signal, agents);
      const watching = agents;
      signal.addEventListener(
        'abort',
        () => {
          for (const a of watching) abortRequestsOf(a, signal);
        },
        { once: true },
      );
    }
    agents.add(agent);
  }

  private async once(
    route: Route,
    method: string,
    key: string,
    query: Record<string, string>,
    extra: Record<string, string>,
    body: Buffer | undefined,
    signal?: AbortSignal,
  ): Promise<IncomingMessage> {
    // Key '' is the bucket itself: `/bucket/` path-style, `/` virtual-hosted, as the SDK sends a listing.
    const path = `${route.basePath}/${escapeUriPath(key)}`;
    const defaultPort = route.protocol === 'https:' ? 443 : 80;
    const host =
      route.port && route.port !== defaultPort ? `${route.hostname}:${route.port}` : route.hostname;
    // Escaped as the signer escapes it (RFC 3986: a space is %20, not URLSearchParams' '+').
    const qs = buildQueryString(query);
    const signedHeaders = signRequest(
      {
        method,
        path,
        query: qs,
        headers: {
          ...extra,
          host,
          // A body always travels with Content-MD5, which S3 verifies: a SHA-256 of it would be a
          // second pass over every byte for nothing.
          'x-amz-content-sha256': body ? 'UNSIGNED-PAYLOAD' : EMPTY_SHA256,
        },
      },
      await this.credentials(),
      route.signingRegion ?? this.opts.region,
      's3',
      new Date(Date.now() + this.shared.clock.offset),
    );
    const transport = route.protocol === 'https:' ? https : http;
    const agent = route.protocol === 'https:' ? this.agents.httpsAgent : this.agents.httpAgent;
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = transport.request(
        {
          agent,
          method,
          hostname: route.hostname,
          port: route.port,
          path: qs ? `${path}?${qs}` : path,
          headers: { ...signedHeaders, 'user-agent': `paras3/${VERSION}` },
        },
        (res) => {
          // The idle timeout keeps watching while the body streams: a server that stops mid-body fails too.
          res.on('error', () => {});
          resolve(res);
        },
      );
      req.setTimeout(this.opts.timeoutMs, () =>
        req.destroy(
          Object.assign(new Error(`no response for ${Math.round(this.opts.timeoutMs / 1000)} s`), {
            name: 'TimeoutError',
            code: 'ETIMEDOUT',
          }),
        ),
      );
      if (signal) this.abortOn(signal, req, agent);
      req.on('error', reject);
      req.end(body);
    });
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return res;
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c);
    const err = s3Error(status, Buffer.concat(chunks).toString('utf8'), {
      date: header(res, 'date'),
      requestId: header(res, 'x-amz-request-id'),
    });
    // Wrong region or endpoint: the SDK knows how to follow these.
    if (
      status === 301 ||
      status === 307 ||
      err.name === 'AuthorizationHeaderMalformed' ||
      err.name === 'PermanentRedirect'
    )
      throw new UseSdk(`${err.name}: ${err.message}`);
    throw err;
  }
}

const REQUEST_SIGNAL = Symbol('paras3.requestSignal');
type Tagged = http.ClientRequest & { [REQUEST_SIGNAL]?: AbortSignal };

/** What http.request's `signal` option fails a request with. */
function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('The operation was aborted', { cause: signal.reason }), {
    name: 'AbortError',
    code: 'ABORT_ERR',
  });
}

/**
 * Destroys the agent's requests made with `signal`: those on a socket (`agent.sockets`; a socket's
 * current request is its `_httpMessage`, which Node has not renamed since 0.x) and those queued for one
 * (`agent.requests`). A socket whose request cannot be told is destroyed too: an abort stops the run.
 */
function abortRequestsOf(agent: http.Agent, signal: AbortSignal): void {
  const err = abortError(signal);
  for (const sockets of Object.values(agent.sockets)) {
    for (const socket of [...(sockets ?? [])]) {
      const req = (socket as { _httpMessage?: Tagged | null })._httpMessage;
      if (req === undefined) socket.destroy(err);
      else if (req && req[REQUEST_SIGNAL] === signal) req.destroy(err);
    }
  }
  for (const queued of Object.values(agent.requests))
    for (const req of [...(queued ?? [])] as Tagged[]) if (req[REQUEST_SIGNAL] === signal) req.destroy(err);
}

function putHeaders(h: ObjectHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  if (h.contentType) out['content-type'] = h.contentType;
  if (h.cacheControl) out['cache-control'] = encodedHeaderValue(h.cacheControl);
  if (h.contentDisposition) out['content-disposition'] = encodedHeaderValue(h.contentDisposition);
  if (h.contentEncoding) out['content-encoding'] = h.contentEncoding;
  if (h.contentLanguage) out['content-language'] = h.contentLanguage;
  if (h.expires) out.expires = h.expires.toUTCString();
  if (h.acl) out['x-amz-acl'] = h.acl;
  if (h.storageClass) out['x-amz-storage-class'] = h.storageClass;
  if (h.sse) out['x-amz-server-side-encryption'] = h.sse;
  if (h.sseKmsKeyId) out['x-amz-server-side-encryption-aws-kms-key-id'] = h.sseKmsKeyId;
  for (const [k, v] of Object.entries(h.metadata ?? {}))
    out[`x-amz-meta-${k.toLowerCase()}`] = encodedHeaderValue(v);
  return out;
}

function headOf(res: IncomingMessage): ObjectHead {
  const metadata: Record<string, string> = {};
  const checksums: NonNullable<ObjectHead['checksums']> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    if (typeof v !== 'string') continue;
    if (k.startsWith('x-amz-meta-')) metadata[k.slice(11)] = v;
    else if (k.startsWith('x-amz-checksum-') && k !== 'x-amz-checksum-type' && k !== 'x-amz-checksum-mode')
      checksums[k.slice(15) as keyof typeof checksums] = v;
  }
  const length = header(res, 'content-length');
  const modified = header(res, 'last-modified');
  const expires = header(res, 'expires');
  const parts = header(res, 'x-amz-mp-parts-count');
  return {
    size: length === undefined ? 0 : Number(length),
    etag: unquoteEtag(header(res, 'etag')),
    lastModified: modified ? Date.parse(modified) : undefined,
    metadata,
    contentType: header(res, 'content-type'),
    cacheControl: header(res, 'cache-control'),
    contentDisposition: header(res, 'content-disposition'),
    contentEncoding: header(res, 'content-encoding'),
    contentLanguage: header(res, 'content-language'),
    expires: expires && !Number.isNaN(Date.parse(expires)) ? new Date(expires) : undefined,
    storageClass: header(res, 'x-amz-storage-class'),
    sse: header(res, 'x-amz-server-side-encryption'),
    sseCustomer: header(res, 'x-amz-server-side-encryption-customer-algorithm') !== undefined,
    partsCount: parts === undefined ? undefined : Number(parts),
    checksums: Object.keys(checksums).length > 0 ? checksums : undefined,
    checksumType: header(res, 'x-amz-checksum-type'),
  };
}

function header(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The whole body of a response; rejects when it breaks off. */
async function readBody(res: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** `<endpoint>/<bucket>`, as the SDK's rules make it for a custom endpoint with path-style addressing. */
export function pathStyleRoute(endpoint: string, bucket: string): Route {
  const url = new URL(endpoint);
  return {
    protocol: url.protocol,
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : undefined,
    basePath: `${url.pathname.replace(/\/+$/, '')}/${bucket}`,
  };
}
