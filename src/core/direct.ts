// The per-object hot path: PutObject and GetObject of whole small objects, sent straight on the
// client's keep-alive sockets, signed by the SDK's own SigV4 signer and retried by the client's own
// retry strategy. The SDK's middleware stack costs about 2 ms of client CPU per request (measured here:
// 2.9 ms per small PUT through S3Client.send, 0.9 ms this way), which for trees of small files is most
// of the client's work. Everything else (listing, multipart, deletes, HEAD) stays on the S3Client, and
// so does any request this path cannot vouch for: it learns each bucket's address from the SDK's own
// ListObjectsV2 request, and a region redirect or an unlearned bucket sends the request back to the SDK.
import { createHash } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { VERSION } from '../version.js';

/** Where a bucket's objects live: scheme, host and the path before the key (`/bucket` path-style). */
export interface Route {
  protocol: string;
  hostname: string;
  port?: number;
  basePath: string;
}

export interface Agents {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
}

export interface PutInput {
  Bucket: string;
  Key: string;
  Body: Buffer;
  ContentMD5: string;
  ContentType?: string;
  CacheControl?: string;
  Expires?: Date;
  ACL?: string;
  Metadata?: Record<string, string>;
}

export interface GetOutput {
  Body: IncomingMessage;
  ETag?: string;
  ContentLength?: number;
  LastModified?: Date;
  Metadata: Record<string, string>;
}

/** Thrown when this path must not be used for a request: the caller sends it through the SDK. */
export class UseSdk extends Error {
  override name = 'UseSdk';
}

const REQUEST_TIMEOUT_MS = 120_000;
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EAI_AGAIN',
]);
const registry = new WeakMap<S3Client, DirectS3>();

/** Installs the direct path on a client built by createS3Client, sharing its sockets. */
export function enableDirect(client: S3Client, agents: Agents): void {
  const direct = new DirectS3(client, agents);
  registry.set(client, direct);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Bucket?: string };
      const req = args.request as { protocol?: string; hostname?: string; port?: number; path?: string };
      if (context.commandName === 'ListObjectsV2Command' && input.Bucket && req.hostname) {
        // After a region redirect the SDK signs for another region than configured: leave it to the SDK.
        if ((context as { __s3RegionRedirect?: boolean }).__s3RegionRedirect) direct.forget(input.Bucket);
        else
          direct.learn(input.Bucket, {
            protocol: req.protocol ?? 'https:',
            hostname: req.hostname,
            port: req.port,
            basePath: (req.path ?? '/').replace(/\/+$/, ''),
          });
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'paras3LearnRoute', override: true },
  );
}

/** The direct path of a client, if it has one (clients made elsewhere, e.g. in tests, do not). */
export function directFor(client: S3Client): DirectS3 | undefined {
  return registry.get(client);
}

export class DirectS3 {
  private readonly routes = new Map<string, Route>();
  private readonly signer: SignatureV4;
  private disabled = false;

  constructor(
    private readonly client: S3Client,
    private readonly agents: Agents,
  ) {
    const cfg = client.config;
    this.signer = new SignatureV4({
      service: 's3',
      region: cfg.region,
      credentials: cfg.credentials,
      sha256: cfg.sha256,
      // S3 keys are signed as sent, not encoded twice.
      uriEscapePath: false,
      applyChecksum: false,
    });
  }

  learn(bucket: string, route: Route): void {
    this.routes.set(bucket, route);
  }

  forget(bucket: string): void {
    this.routes.delete(bucket);
  }

  /** Whether requests for this bucket can go this way now. */
  usable(bucket: string): boolean {
    return !this.disabled && this.routes.has(bucket);
  }

  async putObject(input: PutInput, signal?: AbortSignal): Promise<{ ETag?: string }> {
    const headers: Record<string, string> = {
      'content-length': String(input.Body.length),
      'content-md5': input.ContentMD5,
    };
    if (input.ContentType) headers['content-type'] = input.ContentType;
    if (input.CacheControl) headers['cache-control'] = input.CacheControl;
    if (input.Expires) headers.expires = input.Expires.toUTCString();
    if (input.ACL) headers['x-amz-acl'] = input.ACL;
    for (const [k, v] of Object.entries(input.Metadata ?? {})) headers[`x-amz-meta-${k.toLowerCase()}`] = v;
    const res = await this.send('PUT', input.Bucket, input.Key, headers, input.Body, signal);
    res.resume();
    await new Promise((resolve, reject) => res.on('end', resolve).on('error', reject));
    return { ETag: header(res, 'etag') };
  }

  /** The object's headers and its body as a stream; the caller consumes (and verifies) the body. */
  async getObject(bucket: string, key: string, signal?: AbortSignal): Promise<GetOutput> {
    const res = await this.send('GET', bucket, key, {}, undefined, signal);
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) {
      if (k.startsWith('x-amz-meta-') && typeof v === 'string') metadata[k.slice(11)] = v;
    }
    const length = header(res, 'content-length');
    const modified = header(res, 'last-modified');
    return {
      Body: res,
      ETag: header(res, 'etag'),
      ContentLength: length === undefined ? undefined : Number(length),
      LastModified: modified ? new Date(modified) : undefined,
      Metadata: metadata,
    };
  }

  /** One request with the client's retry strategy; resolves with a 2xx response whose body is unread. */
  private async send(
    method: string,
    bucket: string,
    key: string,
    headers: Record<string, string>,
    body: Buffer | undefined,
    signal?: AbortSignal,
  ): Promise<IncomingMessage> {
    const route = this.routes.get(bucket);
    if (this.disabled || !route) throw new UseSdk(`no direct route to bucket ${bucket}`);
    const strategy = await this.client.config.retryStrategy();
    // Every strategy the client is built with is a V2 one; anything else is the SDK's to run.
    if (!('acquireInitialRetryToken' in strategy)) throw new UseSdk('retry strategy without tokens');
    let token = await strategy.acquireInitialRetryToken('paras3-direct');
    for (;;) {
      try {
        const res = await this.once(route, method, key, headers, body, signal);
        strategy.recordSuccess(token);
        return res;
      } catch (err) {
        const kind = retryKind(err);
        if (!kind || signal?.aborted) throw err;
        try {
          token = await strategy.refreshRetryTokenForRetry(token, { errorType: kind });
        } catch {
          throw err;
        }
        await sleep(token.getRetryDelay(), undefined, { signal }).catch(() => {});
        if (signal?.aborted) throw err;
      }
    }
  }

  private async once(
    route: Route,
    method: string,
    key: string,
    extra: Record<string, string>,
    body: Buffer | undefined,
    signal?: AbortSignal,
  ): Promise<IncomingMessage> {
    const path = `${route.basePath}/${encodeKey(key)}`;
    const defaultPort = route.protocol === 'https:' ? 443 : 80;
    const host =
      route.port && route.port !== defaultPort ? `${route.hostname}:${route.port}` : route.hostname;
    const signed = await this.signer.sign({
      method,
      protocol: route.protocol,
      hostname: route.hostname,
      port: route.port,
      path,
      query: {},
      headers: {
        ...extra,
        host,
        'x-amz-content-sha256': createHash('sha256')
          .update(body ?? '')
          .digest('hex'),
      },
    });
    const transport = route.protocol === 'https:' ? https : http;
    const agent = route.protocol === 'https:' ? this.agents.httpsAgent : this.agents.httpAgent;
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = transport.request(
        {
          agent,
          method,
          hostname: route.hostname,
          port: route.port,
          path,
          headers: { ...signed.headers, 'user-agent': `paras3/${VERSION}` },
          signal,
        },
        resolve,
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () =>
        req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })),
      );
      req.on('error', reject);
      req.end(body);
    });
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return res;
    throw await responseError(res, status, () => {
      this.disabled = true;
    });
  }
}

/** S3's error document as an error shaped like the SDK's (name = Code), so callers handle both alike. */
async function responseError(res: IncomingMessage, status: number, disable: () => void): Promise<Error> {
  const chunks: Buffer[] = [];
  for await (const c of res as AsyncIterable<Buffer>) chunks.push(c);
  const text = Buffer.concat(chunks).toString('utf8');
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? `HTTP${status}`;
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? `HTTP ${status}`;
  // Wrong region or endpoint: the SDK knows how to follow these; stop using this path for the run.
  if (
    status === 301 ||
    status === 307 ||
    code === 'AuthorizationHeaderMalformed' ||
    code === 'PermanentRedirect'
  ) {
    disable();
    return new UseSdk(`${code}: ${message}`);
  }
  return Object.assign(new Error(message), { name: code, Code: code, $metadata: { httpStatusCode: status } });
}

function retryKind(err: unknown): 'TRANSIENT' | 'THROTTLING' | 'SERVER_ERROR' | undefined {
  const e = err as {
    code?: string;
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  if (err instanceof UseSdk) return undefined;
  const status = e.$metadata?.httpStatusCode;
  if (status === 429 || status === 503 || e.name === 'SlowDown' || e.name === 'Throttling')
    return 'THROTTLING';
  if (status !== undefined) return status >= 500 ? 'SERVER_ERROR' : undefined;
  if (e.name === 'AbortError') return undefined;
  return RETRYABLE_CODES.has(e.code ?? '') || e.message === 'socket hang up' ? 'TRANSIENT' : undefined;
}

function header(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A key as S3 expects it in the path: each segment percent-encoded, slashes kept (as the SDK does). */
export function encodeKey(key: string): string {
  return key
    .split('/')
    .map((seg) =>
      encodeURIComponent(seg).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}
