// AWS Signature Version 4 for the signed path's requests (header auth, S3: the path signed as sent).
//
// Why not the SDK's SignatureV4: it is ~50 µs of the main thread per request (measured: ~9 % of the
// client's CPU uploading 5,000 small files), mostly in its async hashing wrappers and header copies,
// and importing it (with the @smithy/core modules its callers used for hashing and escaping) is a third
// of the code a short run loads before its first request. What it computes is a fixed recipe over
// node:crypto's HMAC and SHA-256. __tests__/unit/sigv4.test.ts holds this to the SDK's signer and to
// botocore's, byte for byte, over keys, queries, headers, regions and session tokens.
import { createHash, createHmac } from 'node:crypto';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RequestToSign {
  method: string;
  /** The path as it is sent: already escaped once (S3 signs it as is, without normalising). */
  path: string;
  /** The query string as sent, made by buildQueryString (its order is SigV4's canonical one). */
  query: string;
  /** Lower-case names. Must include `host` and `x-amz-content-sha256` (the payload's hash). */
  headers: Record<string, string>;
}

// Headers the SDK's signer never signs (a proxy or the runtime may change them on the way).
const UNSIGNABLE = new Set([
  'authorization',
  'cache-control',
  'connection',
  'expect',
  'from',
  'keep-alive',
  'max-forwards',
  'pragma',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
]);

/** RFC 3986 percent-encoding, as SigV4 wants it: encodeURIComponent plus `!'()*`. */
export function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A key as it goes in a URL path: each segment escaped, the slashes kept. */
export function escapeUriPath(key: string): string {
  return key.split('/').map(escapeUri).join('/');
}

/**
 * A query string with both sides escaped, sorted by escaped name (SigV4's canonical order): what is
 * signed is what is sent.
 */
export function buildQueryString(query: Record<string, string>): string {
  const parts: [string, string][] = [];
  for (const [name, value] of Object.entries(query)) parts.push([escapeUri(name), escapeUri(value)]);
  parts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return parts.map(([n, v]) => `${n}=${v}`).join('&');
}

/** Derived signing keys by secret, day, region and service: one HMAC chain a day, not four per request. */
const keyCache = new Map<string, Buffer>();

function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  const id = `${day}\n${region}\n${service}\n${secret}`;
  let key = keyCache.get(id);
  if (!key) {
    const hmac = (k: string | Buffer, data: string) => createHmac('sha256', k).update(data).digest();
    key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request');
    if (keyCache.size >= 50) keyCache.clear();
    keyCache.set(id, key);
  }
  return key;
}

/**
 * The headers to send: `headers` plus `x-amz-date`, `x-amz-security-token` (with a session token) and
 * `authorization`. `date` is the signing time (the caller's clock-skew-corrected time).
 */
export function signRequest(
  req: RequestToSign,
  credentials: SigningCredentials,
  region: string,
  service: string,
  date: Date,
): Record<string, string> {
  const longDate = date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  const day = longDate.slice(0, 8);
  const headers: Record<string, string> = { ...req.headers, 'x-amz-date': longDate };
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;

  const names: string[] = [];
  for (const name of Object.keys(headers).sort()) {
    if (!UNSIGNABLE.has(name) && !name.startsWith('proxy-') && !name.startsWith('sec-')) names.push(name);
  }
  let canonicalHeaders = '';
  for (const name of names) {
    // Folded to one line, runs of spaces and tabs to one space, trimmed: as the SDK and botocore do.
    const value = (headers[name] as string)
      .replace(/[\r\n]/g, ' ')
      .replace(/[ \t]+/g, ' ')
      .replace(/^ | $/g, '');
    canonicalHeaders += `${name}:${value}\n`;
  }
  const signedHeaders = names.join(';');
  const canonicalRequest = `${req.method}\n${req.path}\n${req.query}\n${canonicalHeaders}\n${signedHeaders}\n${headers['x-amz-content-sha256']}`;

  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${longDate}\n${scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  const signature = createHmac('sha256', signingKey(credentials.secretAccessKey, day, region, service))
    .update(stringToSign)
    .digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}
