// A reverse proxy between a client and s3rver for faults a real server can't produce on demand: throttling
// errors, dropped connections, short or corrupted bodies, clock skew, listings with hostile keys. A rule
// picks its requests by operation and key and fires on the n-th request of each key, never on "every
// k-th request": with several threads the order of requests differs from run to run, the n-th PUT of
// `f03.txt` does not.
//
// With `verify`, the proxy also checks each request as S3 would (verify-s3.ts): SigV4 signature, payload
// hash and Content-MD5, answering S3's error when one is wrong. Bodies are then read whole before they are
// forwarded. With a clock offset (`clockOffsetMs`, setClock, or a clockSkew fault) it acts as a server whose
// clock is that far ahead (server-clock.ts).

import { createHash } from 'node:crypto';
import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transform, type Writable } from 'node:stream';
import {
  errorXml,
  escapeXml,
  type InjectedKey,
  injectKeys,
  mapListedEtags,
  setListedEtags,
  truncatedWithToken,
  unescapeXml,
} from './s3-xml.js';
import { checkSkew, shiftAmzDate, skewError } from './server-clock.js';
import { type VerifyFailure, type VerifyOptions, verifyS3Request } from './verify-s3.js';

export type { InjectedKey } from './s3-xml.js';
export type { VerifyOptions } from './verify-s3.js';

/** A request as rules see it: as received, plus what it addresses (path-style URLs). */
export interface ProxyRequest {
  method: string;
  /** Path and query as sent, e.g. `/bucket/key?partNumber=1`. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The S3 operation, as named by s3Operation. */
  op: string;
  bucket?: string;
  /** The object key, decoded. */
  key?: string;
  /** UploadPart's and UploadPartCopy's part number (and GetObject's/HeadObject's `partNumber`). */
  partNumber?: number;
}

/** Every given field must hold; `key` as a RegExp is tested against the decoded key. */
export interface RequestMatch {
  op?: string | readonly string[];
  bucket?: string;
  key?: string | RegExp;
  partNumber?: number;
}

export type Fault =
  /**
   * Answer with an S3 XML error instead of forwarding; a 2xx status answers with that status and no body
   * (e.g. 204 to AbortMultipartUpload, which s3rver does not implement).
   */
  | { kind: 'status'; status: number; code: string; message?: string }
  /**
   * 403 RequestTimeTooSkewed, with the `Date` header (and `ServerTime`) of a server whose clock is
   * `offsetMs` ahead of ours, and from then on the proxy keeps that clock (as setClock): a client that
   * corrects its clock from the Date header gets through on its retry, one that does not is refused
   * (more than 15 minutes off) on every later request.
   */
  | { kind: 'clockSkew'; offsetMs: number }
  /** 400 RequestTimeout, S3's answer when the request body stopped coming; the SDK retries it. */
  | { kind: 'requestTimeout' }
  /** Destroy the client's socket without any response. */
  | { kind: 'reset' }
  /** Forward, but end the body after `bytes` bytes by destroying the socket (Content-Length unchanged). */
  | { kind: 'truncate'; bytes: number }
  /**
   * Forward with the response body's byte at `offset` (default 0) inverted; same length, same headers,
   * or without the ETag header with `dropEtag` (a server or middlebox that does not send one).
   */
  | { kind: 'corrupt'; offset?: number; dropEtag?: boolean }
  /**
   * Forward with the request body's byte at `offset` (default 0) inverted. s3rver ignores Content-MD5, so
   * it stores the damaged bytes and answers with their MD5 as ETag: only a client that checks the ETag
   * notices. In verify mode the damage happens before the check, as on the wire: BadDigest if the
   * request carried Content-MD5.
   */
  | { kind: 'corruptUpload'; offset?: number }
  /**
   * Add `<Contents>` entries to ListObjectsV2 responses (only those, whatever `match` says). Each key goes
   * into the page whose key range holds it, in S3's UTF-8 byte order, and only if it starts with the
   * request's `prefix`; `delimiter` is not applied to injected keys.
   */
  | { kind: 'injectKeys'; keys: InjectedKey[] }
  /**
   * Replace the ETag (given without quotes) of the named keys in ListObjectsV2 bodies and in GetObject /
   * HeadObject `ETag` headers (only those requests, whatever `match` says). s3rver's multipart ETag is a
   * plain MD5; this presents objects with AWS-style multipart ETags (`hex-N`). `modified` replaces the
   * listed LastModified of the keys it names: a forged ETag makes the object look rewritten, and a test
   * that needs it written after the file's last change must not depend on which second that was.
   */
  | { kind: 'setEtag'; etags: Record<string, string>; modified?: Record<string, Date> }
  /**
   * Never finish. Without `afterBytes` the request body is read and no response ever comes; with it, the
   * response headers and the first `afterBytes` bytes of the body are forwarded and the rest is held. The
   * exchange hangs until the client gives up or the proxy stops: a deterministic "in flight" state.
   */
  | { kind: 'stall'; afterBytes?: number }
  /**
   * Present objects as SSE-KMS encrypted, as S3 does: every answer carries
   * `x-amz-server-side-encryption: aws:kms`, and every ETag (GetObject, HeadObject, PutObject, UploadPart,
   * CompleteMultipartUpload, CopyObject, listings) is replaced by one that is not the MD5 of the bytes:
   * the same fake for the same object each time (derived from key and real ETag), `-N` kept.
   */
  | { kind: 'sseKms' }
  /**
   * A ListObjectsV2 answer that never ends: the request goes to the server without its
   * `continuation-token` (so every page is the first one again), and the answer says IsTruncated with
   * NextContinuationToken `token` each time (without `token`, with no NextContinuationToken at all).
   */
  | { kind: 'repeatToken'; token?: string }
  /** A server that ignores `prefix=`: ListObjectsV2 requests go to it without one (the whole bucket). */
  | { kind: 'ignorePrefix' }
  /**
   * A DeleteObjects answer of 200 that refuses some keys, as S3 does per key (AccessDenied on one object,
   * say): the request goes to the server without the keys `keys` matches, and the answer carries an
   * `<Error>` for each of them beside the server's own result (only DeleteObjects, whatever `match` says).
   */
  | { kind: 'deleteErrors'; keys: RegExp; code: string; message?: string };

export type FaultRule = Fault & {
  /**
   * Which requests the rule considers; default all (for injectKeys: all ListObjectsV2 requests). A
   * function is called for every request that reaches this rule (earlier rules that fire stop the walk).
   */
  match?: RequestMatch | ((req: ProxyRequest) => boolean);
  /**
   * Fire on the n-th matching request (1-based) of each target, counted separately for each operation,
   * bucket, key and part number: `{ match: { op: 'PutObject', key: /^f0[1-3]\.txt$/ }, nth: [1, 2] }`
   * fails the first two PUTs of each of three files, however the client orders them. Default: every one.
   */
  nth?: number | readonly number[];
  /** Fire at most this many times in all; default unlimited. */
  times?: number;
};

export interface LoggedRequest extends ProxyRequest {
  /** The fault applied to this request, if any. */
  fault?: Fault['kind'];
  /** Verify mode only: whether the request passed S3's checks (unset for resets and stalls). */
  verified?: boolean;
  /** The S3 error the proxy answered as the server would (failed verification, clock skew). */
  rejected?: string;
  /** The status the client was sent; unset if it got none (reset, stall, dropped upstream). */
  status?: number;
}

export interface ProxyOptions {
  rules?: FaultRule[];
  /** Check signatures, payload hashes and Content-MD5 with these credentials (see verify-s3.ts). */
  verify?: VerifyOptions;
  /** The server's clock runs this far ahead of the machine's (negative: behind); default 0. */
  clockOffsetMs?: number;
}

export interface FaultProxy {
  /** Use as the client's endpoint (path-style). */
  endpoint: string;
  /** Every request received, in arrival order. */
  requests: LoggedRequest[];
  /** TCP connections accepted so far (keep-alive means this stays well below requests.length). */
  readonly connections: number;
  /** Replace the rules and reset their counters. */
  setRules(rules: FaultRule[]): void;
  /** Set the server's clock offset (see ProxyOptions.clockOffsetMs). */
  setClock(offsetMs: number): void;
  readonly clockOffsetMs: number;
  stop(): Promise<void>;
}

/** A request's target as text, for assertions: `PutObject f03.txt`, `UploadPart big.bin#2`, `ListObjectsV2 b`. */
export function requestTarget(q: ProxyRequest): string {
  return `${q.op} ${q.key ?? q.bucket ?? ''}${q.partNumber !== undefined ? `#${q.partNumber}` : ''}`;
}

/**
 * For each target that had a fault, the statuses its requests got in order (`reset`: no response), e.g.
 * `{ 'PutObject f03.txt': [503, 503, 200] }`: what was faulted, and that each was sent again until it
 * succeeded, and no more.
 */
export function faultedHistories(log: LoggedRequest[]): Record<string, Array<number | 'reset'>> {
  const faulted = new Set(log.filter((q) => q.fault).map(requestTarget));
  const out: Record<string, Array<number | 'reset'>> = {};
  for (const q of log) {
    const t = requestTarget(q);
    if (!faulted.has(t)) continue;
    out[t] ??= [];
    out[t].push(q.status ?? 'reset');
  }
  return out;
}

/** s3rver does not implement AbortMultipartUpload (405); S3 answers 204, and so does this rule. */
export const ACK_ABORTS: FaultRule = {
  kind: 'status',
  status: 204,
  code: 'NoContent',
  match: (r) => s3Operation(r) === 'AbortMultipartUpload',
};

/**
 * A rule that never answers: it calls `act` on the first request `where` matches (to change a file
 * while it is being transferred, say) and lets every request through.
 */
export function onFirstWhere(
  where: (req: ProxyRequest) => boolean,
  act: () => void,
): FaultRule & { fired(): boolean } {
  let done = false;
  return {
    kind: 'status', // never applied: `match` does the work and declines
    status: 500,
    code: 'Unused',
    match: (r) => {
      if (!done && where(r)) {
        done = true;
        act();
      }
      return false;
    },
    fired: () => done,
  };
}

/** onFirstWhere for the first request of an S3 operation. */
export function onFirst(op: string, act: () => void): FaultRule & { fired(): boolean } {
  return onFirstWhere((r) => s3Operation(r) === op, act);
}

/** Names the S3 operation of a path-style request; with headers, copies are told from uploads. */
export function s3Operation(
  req: Pick<ProxyRequest, 'method' | 'url'> & { headers?: IncomingHttpHeaders },
): string {
  const url = new URL(req.url, 'http://x');
  const q = url.searchParams;
  const hasKey = /^\/[^/]+\/./.test(url.pathname);
  const m = req.method;
  if (!hasKey) {
    if (m === 'GET')
      return q.get('list-type') === '2'
        ? 'ListObjectsV2'
        : q.has('uploads')
          ? 'ListMultipartUploads'
          : 'ListObjects';
    if (m === 'POST' && q.has('delete')) return 'DeleteObjects';
    return `${m === 'PUT' ? 'Create' : m === 'HEAD' ? 'Head' : m === 'DELETE' ? 'Delete' : m}Bucket`;
  }
  const copy = req.headers?.['x-amz-copy-source'] !== undefined;
  if (q.has('acl')) return m === 'PUT' ? 'PutObjectAcl' : 'GetObjectAcl';
  if (m === 'GET') return q.has('uploadId') ? 'ListParts' : 'GetObject';
  if (m === 'HEAD') return 'HeadObject';
  if (m === 'PUT') {
    if (q.has('partNumber')) return copy ? 'UploadPartCopy' : 'UploadPart';
    return copy ? 'CopyObject' : 'PutObject';
  }
  if (m === 'POST') return q.has('uploads') ? 'CreateMultipartUpload' : 'CompleteMultipartUpload';
  if (m === 'DELETE') return q.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
  return m;
}

/** What a path-style request addresses: operation, bucket, decoded key and part number. */
export function describeRequest(method: string, url: string, headers: IncomingHttpHeaders): ProxyRequest {
  const parsed = new URL(url, 'http://x');
  const slash = parsed.pathname.indexOf('/', 1);
  const bucket = decode(slash === -1 ? parsed.pathname.slice(1) : parsed.pathname.slice(1, slash));
  const key = slash === -1 ? '' : decode(parsed.pathname.slice(slash + 1));
  const part = parsed.searchParams.get('partNumber');
  return {
    method,
    url,
    headers,
    op: s3Operation({ method, url, headers }),
    ...(bucket ? { bucket } : {}),
    ...(key ? { key } : {}),
    ...(part !== null ? { partNumber: Number(part) } : {}),
  };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function matches(match: FaultRule['match'], req: ProxyRequest): boolean {
  if (match === undefined) return true;
  if (typeof match === 'function') return match(req);
  if (match.op !== undefined && !(typeof match.op === 'string' ? [match.op] : match.op).includes(req.op))
    return false;
  if (match.bucket !== undefined && match.bucket !== req.bucket) return false;
  if (match.partNumber !== undefined && match.partNumber !== req.partNumber) return false;
  if (match.key === undefined) return true;
  if (req.key === undefined) return false;
  return typeof match.key === 'string'
    ? match.key === req.key
    : new RegExp(match.key.source, match.key.flags.replace('g', '')).test(req.key);
}

/** Counting unit of `nth`: one operation on one key (one part of it, for parts). */
function targetOf(req: ProxyRequest): string {
  return `${req.op} ${req.bucket ?? ''}/${req.key ?? ''}${req.partNumber !== undefined ? `#${req.partNumber}` : ''}`;
}

interface RuleState {
  rule: FaultRule;
  /** Matching requests seen per target. */
  seen: Map<string, number>;
  applied: number;
}

/** Faults the proxy answers itself, without the server. */
type Answer = Extract<Fault, { kind: 'status' | 'clockSkew' | 'requestTimeout' }>;
const answers = (f: Fault | undefined): f is Answer =>
  f?.kind === 'status' || f?.kind === 'clockSkew' || f?.kind === 'requestTimeout';

export async function startFaultProxy(
  targetEndpoint: string,
  options: FaultRule[] | ProxyOptions = {},
): Promise<FaultProxy> {
  const { rules = [], verify, clockOffsetMs = 0 } = Array.isArray(options) ? { rules: options } : options;
  let clock = clockOffsetMs;
  const serverNow = () => new Date(Date.now() + clock);
  const target = new URL(targetEndpoint);
  const upstreamAgent = new Agent({ keepAlive: true });
  const requests: LoggedRequest[] = [];
  let states: RuleState[] = [];
  const setRules = (next: FaultRule[]) => {
    states = next.map((rule) => ({ rule, seen: new Map(), applied: 0 }));
  };
  setRules(rules);
  // ListObjectsV2 page bounds: NextContinuationToken → last key of the page that returned it, so the page
  // fetched with that token knows which injected keys it should carry.
  const pageStarts = new Map<string, string>();

  /** The first rule that fires for this request; each rule counts every request it matches. */
  function pickFault(req: ProxyRequest): Fault | undefined {
    for (const s of states) {
      // Not a fault of one request but how the server answers all of them: applied on top (forward).
      if (s.rule.kind === 'sseKms') continue;
      if (LIST_FAULTS.has(s.rule.kind) && req.op !== 'ListObjectsV2') continue;
      if (s.rule.kind === 'setEtag' && !ETAG_OPERATIONS.has(req.op)) continue;
      if (s.rule.kind === 'deleteErrors' && req.op !== 'DeleteObjects') continue;
      if (!matches(s.rule.match, req)) continue;
      const n = (s.seen.get(targetOf(req)) ?? 0) + 1;
      s.seen.set(targetOf(req), n);
      const nth = s.rule.nth;
      if (nth !== undefined && !(typeof nth === 'number' ? [nth] : nth).includes(n)) continue;
      if (s.applied >= (s.rule.times ?? Number.POSITIVE_INFINITY)) continue;
      s.applied++;
      return s.rule;
    }
    return undefined;
  }

  function forward(
    req: IncomingMessage,
    res: ServerResponse,
    entry: LoggedRequest,
    fault: Fault | undefined,
    body: Buffer | undefined,
  ): void {
    // deleteErrors: the refused keys never reach the server (and the body's digest follows the body).
    const refused: string[] = [];
    let sentHeaders = withoutHopHeaders(req.headers);
    if (fault?.kind === 'deleteErrors' && body !== undefined) {
      const xml = body
        .toString('utf8')
        .replace(/<Object>\s*<Key>([^<]*)<\/Key>\s*<\/Object>/g, (all, k: string) => {
          const key = unescapeXml(k);
          if (!fault.keys.test(key)) return all;
          refused.push(key);
          return '';
        });
      body = Buffer.from(xml, 'utf8');
      sentHeaders = { ...sentHeaders, 'content-length': String(body.length) };
      if (sentHeaders['content-md5'])
        sentHeaders['content-md5'] = createHash('md5').update(body).digest('base64');
    }
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path:
          fault?.kind === 'repeatToken'
            ? withoutQuery(req.url ?? '/', 'continuation-token')
            : fault?.kind === 'ignorePrefix'
              ? withoutQuery(req.url ?? '/', 'prefix')
              : req.url,
        // s3rver checks x-amz-date against the machine's clock, not the server clock we play.
        headers: shiftAmzDate(sentHeaders, -clock),
        agent: upstreamAgent,
      },
      (upRes) => {
        const status = upRes.statusCode ?? 502;
        const headers = withoutHopHeaders(upRes.headers);
        // The SDK re-reads its clock from every response's Date.
        if (clock !== 0) headers.date = serverNow().toUTCString();
        // SSE-KMS applies on top of any fault: headers always, listing/result bodies when nothing else runs.
        const kms = states.some((st) => st.rule.kind === 'sseKms' && matches(st.rule.match, entry));
        if (kms && status < 300) {
          headers['x-amz-server-side-encryption'] = 'aws:kms';
          if (typeof headers.etag === 'string') headers.etag = `"${kmsEtag(entry.key ?? '', headers.etag)}"`;
        }
        if (kms && status < 300 && !fault && KMS_BODIES.has(entry.op)) {
          collectBody(upRes).then(
            (upBody) => {
              const xml = upBody.toString('utf8');
              const out = Buffer.from(
                entry.op === 'ListObjectsV2'
                  ? mapListedEtags(xml, kmsEtag)
                  : xml.replace(
                      /<ETag>([^<]*)<\/ETag>/,
                      (_, e: string) =>
                        `<ETag>&quot;${kmsEtag(entry.key ?? '', e.replace(/&quot;|"/g, ''))}&quot;</ETag>`,
                    ),
                'utf8',
              );
              respond(res, entry, status, { ...headers, 'content-length': String(out.length) }).end(out);
            },
            () => res.destroy(),
          );
          return;
        }
        if (fault?.kind === 'setEtag' && status < 300 && entry.op !== 'ListObjectsV2') {
          const etag = fault.etags[entry.key ?? ''];
          respond(res, entry, status, etag === undefined ? headers : { ...headers, etag: `"${etag}"` });
          return void upRes.pipe(res);
        }
        if (
          (fault?.kind === 'injectKeys' || fault?.kind === 'setEtag' || fault?.kind === 'repeatToken') &&
          status === 200
        ) {
          collectBody(upRes).then(
            (upBody) => {
              const xml =
                fault.kind === 'injectKeys'
                  ? injectKeys(upBody.toString('utf8'), fault.keys, entry.url, pageStarts)
                  : fault.kind === 'setEtag'
                    ? setListedEtags(upBody.toString('utf8'), fault.etags, fault.modified)
                    : truncatedWithToken(upBody.toString('utf8'), fault.token);
              const out = Buffer.from(xml, 'utf8');
              respond(res, entry, status, { ...headers, 'content-length': String(out.length) }).end(out);
            },
            () => res.destroy(),
          );
          return;
        }
        if (fault?.kind === 'deleteErrors' && status === 200) {
          collectBody(upRes).then(
            (upBody) => {
              const errors = refused
                .map(
                  (k) =>
                    `<Error><Key>${escapeXml(k)}</Key><Code>${escapeXml(fault.code)}</Code>` +
                    `<Message>${escapeXml(fault.message ?? 'Injected by fault proxy')}</Message></Error>`,
                )
                .join('');
              const xml = upBody.toString('utf8').replace(/<\/DeleteResult>\s*$/, `${errors}</DeleteResult>`);
              const out = Buffer.from(xml, 'utf8');
              respond(res, entry, status, { ...headers, 'content-length': String(out.length) }).end(out);
            },
            () => res.destroy(),
          );
          return;
        }
        if (fault?.kind === 'corrupt' && fault.dropEtag) delete headers.etag;
        respond(res, entry, status, headers);
        if (fault?.kind === 'truncate') return truncateBody(upRes, res, fault.bytes);
        if (fault?.kind === 'corrupt') return flipByte(upRes, res, fault.offset ?? 0);
        if (fault?.kind === 'stall') return holdBody(upRes, res, fault.afterBytes ?? 0);
        upRes.pipe(res);
      },
    );
    upstream.on('error', () => (res.headersSent ? res.destroy() : respond(res, entry, 502, {}).end()));
    // If the client goes away mid-request, stop the upstream request too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (body !== undefined) upstream.end(body);
    else if (fault?.kind === 'corruptUpload') flipByte(req, upstream, fault.offset ?? 0);
    else req.pipe(upstream);
  }

  const server = createServer((req, res) => {
    const info = describeRequest(req.method ?? 'GET', req.url ?? '/', req.headers);
    const fault = pickFault(info);
    const entry: LoggedRequest = { ...info, ...(fault ? { fault: fault.kind } : {}) };
    requests.push(entry);
    if (fault?.kind === 'reset') return void req.socket.destroy();
    if (fault?.kind === 'stall' && fault.afterBytes === undefined) return void req.resume();
    if (fault?.kind === 'clockSkew') clock = fault.offsetMs;
    const skewed =
      clock !== 0 && fault?.kind !== 'clockSkew' ? checkSkew(req.headers, serverNow()) : undefined;
    // Without verification the body streams through; an answered fault reads it first, since answering
    // mid-upload makes the client see EPIPE rather than the error.
    if (!verify && !answers(fault) && !skewed && fault?.kind !== 'deleteErrors')
      return forward(req, res, entry, fault, undefined);
    collectBody(req).then(
      (body) => {
        if (fault?.kind === 'corruptUpload') body = flipped(body, fault.offset ?? 0);
        let failure: S3Error | undefined = skewed;
        if (verify) {
          const verdict = verifyS3Request(info, body, verify);
          entry.verified = verdict === undefined;
          failure ??= verdict;
        }
        if (answers(fault)) return sendError(res, entry, errorFor(fault, info, serverNow()));
        if (failure) {
          entry.rejected = failure.code;
          return sendError(res, entry, failure);
        }
        forward(req, res, entry, fault, body);
      },
      () => res.destroy(),
    );
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    get connections() {
      return connections;
    },
    setRules,
    setClock(offsetMs) {
      clock = offsetMs;
    },
    get clockOffsetMs() {
      return clock;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      upstreamAgent.destroy();
    },
  };
}

interface S3Error extends VerifyFailure {
  headers?: OutgoingHttpHeaders;
}

function errorFor(fault: Answer, req: ProxyRequest, serverNow: Date): S3Error {
  if (fault.kind === 'status') {
    return { status: fault.status, code: fault.code, message: fault.message ?? 'Injected by fault proxy' };
  }
  if (fault.kind === 'requestTimeout') {
    return {
      status: 400,
      code: 'RequestTimeout',
      message:
        'Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.',
    };
  }
  const amzDate = req.headers['x-amz-date'];
  return skewError(typeof amzDate === 'string' ? amzDate : undefined, serverNow);
}

/** writeHead that also logs the status the client is sent. */
function respond(
  res: ServerResponse,
  entry: LoggedRequest,
  status: number,
  headers: OutgoingHttpHeaders,
): ServerResponse {
  entry.status = status;
  return res.writeHead(status, headers);
}

function sendError(res: ServerResponse, entry: LoggedRequest, e: S3Error): void {
  const base = { 'x-amz-request-id': 'FAULTPROXY', ...e.headers };
  if (e.status < 300) return void respond(res, entry, e.status, base).end();
  const body = errorXml(e.code, e.message, e.details);
  respond(res, entry, e.status, {
    ...base,
    'content-type': 'application/xml',
    'content-length': String(Buffer.byteLength(body)),
  });
  // HEAD responses carry no body, as on S3 (the SDK then goes by the status alone).
  res.end(entry.method === 'HEAD' ? undefined : body);
}

// Each hop manages its own connection; passing these through would let one side's keep-alive decision
// leak to the other.
function withoutHopHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const { connection: _connection, 'keep-alive': _keepAlive, ...rest } = headers;
  return rest;
}

/** Faults that act on ListObjectsV2 answers only, whatever their `match` says. */
const LIST_FAULTS = new Set<Fault['kind']>(['injectKeys', 'repeatToken', 'ignorePrefix']);

const ETAG_OPERATIONS = new Set(['ListObjectsV2', 'GetObject', 'HeadObject']);

/** Answers whose XML body carries ETags (rewritten under sseKms). */
const KMS_BODIES = new Set(['ListObjectsV2', 'CompleteMultipartUpload', 'CopyObject', 'UploadPartCopy']);

/** An SSE-KMS-style ETag: 32 hex digits that are not the MD5 of the bytes, stable per object. */
function kmsEtag(key: string, etag: string): string {
  const plain = etag.replace(/"/g, '');
  const parts = /-\d+$/.exec(plain)?.[0] ?? '';
  return createHash('md5').update(`kms:${key}:${plain}`).digest('hex') + parts;
}

/** Forward the first `bytes` bytes of the body, then hold the rest until the client goes away. */
function holdBody(upRes: IncomingMessage, res: ServerResponse, bytes: number): void {
  let sent = 0;
  upRes.on('data', (chunk: Buffer) => {
    const take = Math.min(chunk.length, bytes - sent);
    if (take > 0) res.write(chunk.subarray(0, take));
    sent += take;
    if (sent >= bytes) upRes.pause();
  });
}

function truncateBody(upRes: IncomingMessage, res: ServerResponse, bytes: number): void {
  let sent = 0;
  upRes.on('data', (chunk: Buffer) => {
    if (sent + chunk.length < bytes) {
      sent += chunk.length;
      if (!res.write(chunk)) {
        upRes.pause();
        res.once('drain', () => upRes.resume());
      }
      return;
    }
    const rest = chunk.subarray(0, bytes - sent);
    sent = bytes;
    upRes.destroy();
    // Let the partial body reach the client, then drop the connection under it.
    res.write(rest, () => res.destroy());
  });
  upRes.on('end', () => res.end());
}

/** A copy of `body` with the byte at `offset` inverted (unchanged if the body is shorter). */
function flipped(body: Buffer, offset: number): Buffer {
  if (offset >= body.length) return body;
  const copy = Buffer.from(body);
  copy[offset] = copy[offset]! ^ 0xff;
  return copy;
}

/** Pipe `from` to `to`, inverting the byte at `offset`. */
function flipByte(from: IncomingMessage, to: Writable, offset: number): void {
  let seen = 0;
  const flip = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (offset >= seen && offset < seen + chunk.length) chunk = flipped(chunk, offset - seen);
      seen += chunk.length;
      done(null, chunk);
    },
  });
  from.pipe(flip).pipe(to);
}

/** A path and query with one query parameter left out. */
function withoutQuery(url: string, name: string): string {
  const parsed = new URL(url, 'http://x');
  parsed.searchParams.delete(name);
  return parsed.pathname + parsed.search;
}

async function collectBody(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
