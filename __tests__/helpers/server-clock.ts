// The fault proxy's server clock: a server whose clock runs ahead of (or behind) the machine's, as S3's
// does for a client with a wrong clock. S3 rejects a header-signed request dated more than 15 minutes
// from its clock with 403 RequestTimeTooSkewed and its own time in the Date header and ServerTime; the
// SDK reads that, corrects its clock and signs the retry again. It also re-reads the clock from the Date
// header of every successful response, so the proxy dates those by the server clock too, and shifts
// x-amz-date back before forwarding, since s3rver checks the skew against the machine's clock.
import type { IncomingHttpHeaders } from 'node:http';

/** S3 rejects header-signed requests dated further than this from its clock. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

export interface SkewError {
  status: 403;
  code: 'RequestTimeTooSkewed';
  message: string;
  details: Record<string, string>;
  headers: Record<string, string>;
}

/** S3's answer to a request dated too far from `serverNow`. */
export function skewError(requestTime: string | undefined, serverNow: Date): SkewError {
  return {
    status: 403,
    code: 'RequestTimeTooSkewed',
    message: 'The difference between the request time and the current time is too large.',
    details: {
      ...(requestTime !== undefined ? { RequestTime: requestTime } : {}),
      ServerTime: serverNow.toISOString().replace(/\.\d+/, ''),
      MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
    },
    // The SDK takes the server's clock from this header (or ServerTime) to sign its retry.
    headers: { date: serverNow.toUTCString() },
  };
}

/** The skew error if this header-signed request is dated too far from `serverNow`; else undefined. */
export function checkSkew(headers: IncomingHttpHeaders, serverNow: Date): SkewError | undefined {
  const amzDate = headers['x-amz-date'];
  if (typeof amzDate !== 'string') return undefined;
  const signedAt = parseAmzDate(amzDate);
  if (!Number.isNaN(signedAt) && Math.abs(signedAt - serverNow.getTime()) <= MAX_SKEW_MS) return undefined;
  return skewError(amzDate, serverNow);
}

/** The request's headers with x-amz-date moved by `deltaMs` (s3rver then sees its own clock). */
export function shiftAmzDate(headers: IncomingHttpHeaders, deltaMs: number): IncomingHttpHeaders {
  const amzDate = headers['x-amz-date'];
  if (typeof amzDate !== 'string' || deltaMs === 0) return headers;
  const at = parseAmzDate(amzDate);
  if (Number.isNaN(at)) return headers;
  return { ...headers, 'x-amz-date': formatAmzDate(new Date(at + deltaMs)) };
}

/** `20260102T030405Z` → epoch ms (NaN if malformed). */
export function parseAmzDate(amzDate: string): number {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(amzDate);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : Number.NaN;
}

export function formatAmzDate(d: Date): string {
  return d.toISOString().replace(/[-:]|\.\d{3}/g, '');
}
