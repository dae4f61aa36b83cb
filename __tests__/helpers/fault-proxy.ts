// A reverse proxy between a client and s3rver for faults a real server can't produce on demand: throttling
// errors, dropped connections, short or corrupted bodies, and listings with hostile keys. Faults are
// chosen by rules with deterministic counting, so a failing test fails the same way every run.
import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transform, type Writable } from 'node:stream';

export interface ProxyRequest {
  method: string;
  /** Path and query as sent, e.g. `/bucket/key?partNumber=1`. */
  url: string;
  headers: IncomingHttpHeaders;
}

export interface InjectedKey {
  key: string;
  size?: number;
  etag?: string;
}

export type Fault =
  /**
   * Answer with an S3 XML error instead of forwarding; a 2xx status answers with that status and no body
   * (e.g. 204 to AbortMultipartUpload, which s3rver does not implement).
   */
  | { kind: 'status'; status: number; code: string; message?: string }
  /** Destroy the client's socket without any response. */
  | { kind: 'reset' }
  /** Forward, but end the body after `bytes` bytes by destroying the socket (Content-Length unchanged). */
  | { kind: 'truncate'; bytes: number }
  /** Forward with the response body's byte at `offset` (default 0) inverted; same length, same headers. */
  | { kind: 'corrupt'; offset?: number }
  /**
   * Forward with the request body's byte at `offset` (default 0) inverted. s3rver ignores Content-MD5, so
   * it stores the damaged bytes and answers with their MD5 as ETag: only a client that checks the ETag
   * notices.
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
   * plain MD5; this presents objects with AWS-style multipart ETags (`hex-N`).
   */
  | { kind: 'setEtag'; etags: Record<string, string> }
  /**
   * Never finish. Without `afterBytes` the request body is read and no response ever comes; with it, the
   * response headers and the first `afterBytes` bytes of the body are forwarded and the rest is held. The
   * exchange hangs until the client gives up or the proxy stops: a deterministic "in flight" state.
   */
  | { kind: 'stall'; afterBytes?: number };

export type FaultRule = Fault & {
  /** Which requests the rule considers; default all (for injectKeys: all ListObjectsV2 requests). */
  match?: (req: ProxyRequest) => boolean;
  /** Apply to at most this many requests; default unlimited. */
  times?: number;
  /**
   * Apply to this fraction of matching requests, spread evenly and deterministically: 1/k hits every
   * k-th one (the k-th, 2k-th, ...). Default 1.
   */
  rate?: number;
};

export interface LoggedRequest {
  method: string;
  url: string;
  /** The fault applied to this request, if any. */
  fault?: Fault['kind'];
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
  stop(): Promise<void>;
}

/** Names the S3 operation of a path-style request, for `match` predicates. */
export function s3Operation(req: Pick<ProxyRequest, 'method' | 'url'>): string {
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
  if (m === 'GET') return 'GetObject';
  if (m === 'HEAD') return 'HeadObject';
  if (m === 'PUT') return q.has('partNumber') ? 'UploadPart' : 'PutObject';
  if (m === 'POST') return q.has('uploads') ? 'CreateMultipartUpload' : 'CompleteMultipartUpload';
  if (m === 'DELETE') return q.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
  return m;
}

interface RuleState {
  rule: FaultRule;
  matched: number;
  applied: number;
}

export async function startFaultProxy(targetEndpoint: string, rules: FaultRule[] = []): Promise<FaultProxy> {
  const target = new URL(targetEndpoint);
  const upstreamAgent = new Agent({ keepAlive: true });
  const requests: LoggedRequest[] = [];
  let states: RuleState[] = [];
  const setRules = (next: FaultRule[]) => {
    states = next.map((rule) => ({ rule, matched: 0, applied: 0 }));
  };
  setRules(rules);
  // ListObjectsV2 page bounds: NextContinuationToken → last key of the page that returned it, so the page
  // fetched with that token knows which injected keys it should carry.
  const pageStarts = new Map<string, string>();

  /** The first rule that fires for this request; each rule counts every request it matches. */
  function pickFault(req: ProxyRequest): Fault | undefined {
    for (const s of states) {
      if (s.rule.kind === 'injectKeys' && s3Operation(req) !== 'ListObjectsV2') continue;
      if (s.rule.kind === 'setEtag' && !ETAG_OPERATIONS.has(s3Operation(req))) continue;
      if (s.rule.match && !s.rule.match(req)) continue;
      s.matched++;
      const rate = s.rule.rate ?? 1;
      const due = Math.floor(s.matched * rate) > Math.floor((s.matched - 1) * rate);
      if (due && s.applied < (s.rule.times ?? Number.POSITIVE_INFINITY)) {
        s.applied++;
        return s.rule;
      }
    }
    return undefined;
  }

  function forward(req: IncomingMessage, res: ServerResponse, fault: Fault | undefined): void {
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: withoutHopHeaders(req.headers),
        agent: upstreamAgent,
      },
      (upRes) => {
        const status = upRes.statusCode ?? 502;
        const headers = withoutHopHeaders(upRes.headers);
        if (fault?.kind === 'setEtag' && status < 300 && s3Operation(requestInfo(req)) !== 'ListObjectsV2') {
          const etag = fault.etags[keyOf(req.url ?? '/')];
          res.writeHead(status, etag === undefined ? headers : { ...headers, etag: `"${etag}"` });
          return void upRes.pipe(res);
        }
        if ((fault?.kind === 'injectKeys' || fault?.kind === 'setEtag') && status === 200) {
          collectBody(upRes).then(
            (body) => {
              const xml =
                fault.kind === 'injectKeys'
                  ? injectKeys(body.toString('utf8'), fault.keys, req.url ?? '/', pageStarts)
                  : setListedEtags(body.toString('utf8'), fault.etags);
              const out = Buffer.from(xml, 'utf8');
              res.writeHead(status, { ...headers, 'content-length': String(out.length) }).end(out);
            },
            () => res.destroy(),
          );
          return;
        }
        res.writeHead(status, headers);
        if (fault?.kind === 'truncate') return truncateBody(upRes, res, fault.bytes);
        if (fault?.kind === 'corrupt') return flipByte(upRes, res, fault.offset ?? 0);
        if (fault?.kind === 'stall') return holdBody(upRes, res, fault.afterBytes ?? 0);
        upRes.pipe(res);
      },
    );
    upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    // If the client goes away mid-request, stop the upstream request too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (fault?.kind === 'corruptUpload') flipByte(req, upstream, fault.offset ?? 0);
    else req.pipe(upstream);
  }

  const server = createServer((req, res) => {
    const info: ProxyRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers };
    const fault = pickFault(info);
    requests.push({ method: info.method, url: info.url, ...(fault ? { fault: fault.kind } : {}) });
    if (fault?.kind === 'reset') {
      req.socket.destroy();
    } else if (fault?.kind === 'stall' && fault.afterBytes === undefined) {
      req.resume();
    } else if (fault?.kind === 'status') {
      // Read the request body first: answering mid-upload makes the client see EPIPE, not the error.
      req.resume();
      req.on('end', () => sendS3Error(res, info.method, fault));
    } else {
      forward(req, res, fault);
    }
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
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      upstreamAgent.destroy();
    },
  };
}

// Each hop manages its own connection; passing these through would let one side's keep-alive decision
// leak to the other.
function withoutHopHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const { connection: _connection, 'keep-alive': _keepAlive, ...rest } = headers;
  return rest;
}

function sendS3Error(res: ServerResponse, method: string, fault: Extract<Fault, { kind: 'status' }>): void {
  if (fault.status < 300) return void res.writeHead(fault.status, { 'x-amz-request-id': 'FAULTPROXY' }).end();
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${escapeXml(fault.code)}</Code><Message>${escapeXml(fault.message ?? 'Injected by fault proxy')}</Message>` +
    '<RequestId>FAULTPROXY</RequestId></Error>';
  res.writeHead(fault.status, {
    'content-type': 'application/xml',
    'content-length': String(Buffer.byteLength(body)),
    'x-amz-request-id': 'FAULTPROXY',
  });
  // HEAD responses carry no body, as on S3 (the SDK then goes by the status alone).
  res.end(method === 'HEAD' ? undefined : body);
}

const ETAG_OPERATIONS = new Set(['ListObjectsV2', 'GetObject', 'HeadObject']);

function requestInfo(req: IncomingMessage): Pick<ProxyRequest, 'method' | 'url'> {
  return { method: req.method ?? 'GET', url: req.url ?? '/' };
}

/** The object key of a path-style URL (`/bucket/key?query`). */
function keyOf(url: string): string {
  const path = new URL(url, 'http://x').pathname;
  return decodeURIComponent(path.slice(path.indexOf('/', 1) + 1));
}

function setListedEtags(xml: string, etags: Record<string, string>): string {
  return xml.replace(/<Contents>[\s\S]*?<\/Contents>/g, (contents) => {
    const key = unescapeXml(/<Key>([\s\S]*?)<\/Key>/.exec(contents)?.[1] ?? '');
    const etag = etags[key];
    if (etag === undefined) return contents;
    return contents.replace(/<ETag>[\s\S]*?<\/ETag>/, `<ETag>${escapeXml(`"${etag}"`)}</ETag>`);
  });
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

/** Pipe `from` to `to`, inverting the byte at `offset`. */
function flipByte(from: IncomingMessage, to: Writable, offset: number): void {
  let seen = 0;
  const flip = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (offset >= seen && offset < seen + chunk.length) {
        const copy = Buffer.from(chunk);
        copy[offset - seen] = copy[offset - seen]! ^ 0xff;
        chunk = copy;
      }
      seen += chunk.length;
      done(null, chunk);
    },
  });
  from.pipe(flip).pipe(to);
}

async function collectBody(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** S3 lists keys in the byte order of their UTF-8 encoding, not JS string (UTF-16) order. */
function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function injectKeys(xml: string, keys: InjectedKey[], url: string, pageStarts: Map<string, string>): string {
  const q = new URL(url, 'http://x').searchParams;
  const token = q.get('continuation-token');
  const after = token !== null ? pageStarts.get(token) : (q.get('start-after') ?? undefined);
  const prefix = q.get('prefix') ?? '';
  const contents = [...xml.matchAll(/<Contents>[\s\S]*?<\/Contents>/g)].map((m) => ({
    xml: m[0],
    key: unescapeXml(/<Key>([\s\S]*?)<\/Key>/.exec(m[0])?.[1] ?? ''),
  }));
  const next = /<NextContinuationToken>([\s\S]*?)<\/NextContinuationToken>/.exec(xml)?.[1];
  const lastKey = contents.at(-1)?.key;
  if (next !== undefined && lastKey !== undefined) pageStarts.set(unescapeXml(next), lastKey);
  // A truncated page ends at its last key; later keys belong to the next page.
  const upTo = next !== undefined ? lastKey : undefined;

  const extra = keys
    .filter((k) => k.key.startsWith(prefix))
    .filter((k) => after === undefined || compareKeys(k.key, after) > 0)
    .filter((k) => upTo === undefined || compareKeys(k.key, upTo) <= 0)
    .map((k) => ({ key: k.key, xml: contentsXml(k) }));
  if (extra.length === 0) return xml;

  // Insert each key before the first listed key above it, leaving the server's own order as it was.
  const merged = [...contents];
  for (const e of extra.sort((a, b) => compareKeys(a.key, b.key))) {
    const at = merged.findIndex((c) => compareKeys(c.key, e.key) > 0);
    merged.splice(at === -1 ? merged.length : at, 0, e);
  }
  const body = merged.map((c) => c.xml).join('');
  const withoutContents = xml.replace(/<Contents>[\s\S]*?<\/Contents>/g, '');
  return withoutContents
    .replace(/<KeyCount>\d+<\/KeyCount>/, `<KeyCount>${merged.length}</KeyCount>`)
    .replace('</ListBucketResult>', `${body}</ListBucketResult>`);
}

function contentsXml(k: InjectedKey): string {
  return (
    `<Contents><Key>${escapeXml(k.key)}</Key><LastModified>${new Date(0).toISOString()}</LastModified>` +
    `<ETag>${escapeXml(k.etag ?? '"d41d8cd98f00b204e9800998ecf8427e"')}</ETag><Size>${k.size ?? 0}</Size>` +
    '<StorageClass>STANDARD</StorageClass></Contents>'
  );
}

/** Escapes markup, and writes control characters (NUL included) as numeric references. */
function escapeXml(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must be escaped.
  return s.replace(/[&<>"'\u0000-\u001f]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function unescapeXml(s: string): string {
  return s.replace(/&(#x?[0-9a-f]+|lt|gt|amp|quot|apos);/gi, (_, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (e[0] !== '#') return named[e.toLowerCase()]!;
    return String.fromCodePoint(
      e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
    );
  });
}
