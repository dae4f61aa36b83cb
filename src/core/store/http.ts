// Small pieces of S3's HTTP surface shared by both stores: key encoding in listings and copy sources,
// header values, and S3's XML error document.

import { escapeUriPath } from './sigv4.js';

/**
 * A key from a listing asked for with encoding-type=url: S3 percent-encodes it and writes spaces as
 * `+` (botocore decodes with unquote_plus for the same reason). A server that ignored the parameter
 * sent raw keys, which are taken as they are.
 */
export function decodeListed(value: string, encoded: boolean): string {
  if (!encoded) return value;
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw Object.assign(
      new Error(`the server listed a key that is not valid URL encoding: ${JSON.stringify(value)}`),
      {
        name: 'InvalidListing',
      },
    );
  }
}

/** `x-amz-copy-source`: bucket and key, the key percent-encoded segment by segment. */
export function copySource(bucket: string, key: string): string {
  return `${bucket}/${escapeUriPath(key)}`;
}

/** A header value as HTTP allows it: printable ASCII as is, anything else as RFC 2047 `=?UTF-8?B?…?=`. */
export function encodedHeaderValue(v: string): string {
  if (/^[\u0020-\u007e]*$/.test(v)) return v;
  return `=?UTF-8?B?${Buffer.from(v, 'utf8').toString('base64')}?=`;
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML text with its five named entities and numeric character references decoded. */
export function xmlText(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|lt|gt|amp|quot|apos);/gi, (whole, e: string) => {
    if (e[0] !== '#') return NAMED[e.toLowerCase()] ?? whole;
    const cp = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  });
}

/** The text of the first `<name>` element, decoded; undefined when absent. */
export function xmlElement(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? xmlText(m[1] ?? '') : undefined;
}

export interface S3ErrorShape extends Error {
  Code: string;
  $fault: 'client' | 'server';
  $metadata: { httpStatusCode: number; requestId?: string };
  /** The server's clock from the Date header, for clock-skew correction. */
  serverTime?: string;
}

/** S3's error document (or just the status, for HEAD) as an error shaped like the SDK's: name = Code. */
export function s3Error(
  status: number,
  body: string,
  headers: { date?: string; requestId?: string },
): S3ErrorShape {
  const code = xmlElement(body, 'Code') ?? statusCode(status);
  const message = xmlElement(body, 'Message') ?? `HTTP ${status}`;
  return Object.assign(new Error(message), {
    name: code,
    Code: code,
    $fault: status >= 500 ? ('server' as const) : ('client' as const),
    $metadata: { httpStatusCode: status, requestId: headers.requestId ?? xmlElement(body, 'RequestId') },
    serverTime: headers.date,
  });
}

/** What the SDK names a bodiless error response (HEAD), so both stores raise the same names. */
function statusCode(status: number): string {
  if (status === 404) return 'NotFound';
  if (status === 403) return 'Forbidden';
  if (status === 412) return 'PreconditionFailed';
  if (status === 304) return 'NotModified';
  if (status === 400) return 'BadRequest';
  return String(status);
}
