// What S3 checks of a request before it touches an object, for the fault proxy's verifying mode: the
// SigV4 signature (header or presigned-query auth), the payload hash in x-amz-content-sha256, and
// Content-MD5. s3rver checks none of these, so without this a client that signs a key wrongly or drops
// Content-MD5 passes every test.
//
// The signature is recomputed with the `aws4` package, a SigV4 implementation independent of the AWS
// SDK's signer, so a bug shared by the SDK and code built on it (paras3's direct path) cannot cancel out.
// S3 signs the path as sent, decoded once and encoded once (never twice), which aws4 does for service
// 's3'. One aws4 quirk kept: a literal '+' in the path is read as a space (S3's legacy reading); clients
// that encode '+' as %2B, as the SDK does, are unaffected.
//
// Not checked here: clock skew (the proxy's server clock does that, verifying or not), aws-chunked chunk
// signatures (the framing is decoded, the signatures are not verified), x-amz-checksum-* values, session
// tokens.
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import aws4 from 'aws4';
import { parseAmzDate } from './server-clock.js';

export interface VerifyOptions {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** An S3 error the verifying proxy answers with instead of forwarding. */
export interface VerifyFailure {
  status: number;
  code: string;
  message: string;
  /** Extra elements of S3's error document (e.g. `Region`), in order. */
  details?: Record<string, string>;
}

export interface VerifyRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingHttpHeaders;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

const PAYLOAD_MARKERS = new Set([
  'UNSIGNED-PAYLOAD',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER',
]);

/** `undefined` when S3 would accept the request; else the error it would answer with. */
export function verifyS3Request(
  req: VerifyRequest,
  body: Buffer,
  opts: VerifyOptions,
  now = new Date(),
): VerifyFailure | undefined {
  return checkSignature(req, opts, now) ?? verifyS3Payload(req, body);
}

function checkSignature(req: VerifyRequest, opts: VerifyOptions, now: Date): VerifyFailure | undefined {
  const auth = header(req.headers, 'authorization');
  const query = new URL(req.url, 'http://x').searchParams;
  if (auth !== undefined) return checkHeaderAuth(req, auth, opts);
  if (query.has('X-Amz-Algorithm')) return checkQueryAuth(req, query, opts, now);
  return { status: 403, code: 'AccessDenied', message: 'Access Denied (the request is not signed)' };
}

function checkHeaderAuth(req: VerifyRequest, auth: string, opts: VerifyOptions): VerifyFailure | undefined {
  const m = /^AWS4-HMAC-SHA256 Credential=([^,]+),\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]+)$/.exec(
    auth.trim(),
  );
  if (!m) {
    return malformed(`The authorization header is malformed or not ${ALGORITHM}: ${auth.split(' ')[0]}`);
  }
  const [, credential, signedHeaders, signature] = m as unknown as [string, string, string, string];
  const scope = checkScope(credential, opts);
  if (scope) return scope;
  const amzDate = header(req.headers, 'x-amz-date');
  if (amzDate === undefined) {
    return {
      status: 403,
      code: 'AccessDenied',
      message: 'AWS authentication requires a valid Date or x-amz-date header',
    };
  }
  const payloadHash = header(req.headers, 'x-amz-content-sha256');
  if (payloadHash === undefined) {
    return {
      status: 400,
      code: 'InvalidRequest',
      message: 'Missing required header for this request: x-amz-content-sha256',
    };
  }
  const names = signedHeaders.split(';');
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = header(req.headers, name);
    // A header the client signed but did not send cannot verify.
    if (value === undefined) return mismatch({ Reason: `signed header ${name} is missing` });
    headers[name] = value;
  }
  const ignore: Record<string, boolean> = {};
  if (!names.includes('x-amz-content-sha256')) {
    // The canonical request ends with the payload hash whether or not the header is signed.
    headers['x-amz-content-sha256'] = payloadHash;
    ignore['x-amz-content-sha256'] = true;
  }
  const signer = new aws4.RequestSigner(
    {
      service: 's3',
      region: opts.region,
      method: req.method,
      path: req.url,
      headers,
      doNotModifyHeaders: true,
      // Exactly the client's list: aws4 otherwise drops some names (range, user-agent, expect).
      extraHeadersToInclude: Object.fromEntries(names.map((n) => [n, true])),
      extraHeadersToIgnore: ignore,
    } as aws4.Request,
    { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
  );
  signer.datetime = amzDate;
  if (signer.signedHeaders() !== signedHeaders) {
    return mismatch({ Reason: `SignedHeaders ${signedHeaders} is not in canonical order` });
  }
  return signer.signature() === signature
    ? undefined
    : mismatch({ CanonicalRequest: signer.canonicalString() });
}

function checkQueryAuth(
  req: VerifyRequest,
  query: URLSearchParams,
  opts: VerifyOptions,
  now: Date,
): VerifyFailure | undefined {
  if (query.get('X-Amz-Algorithm') !== ALGORITHM) {
    return { status: 400, code: 'AuthorizationQueryParametersError', message: 'Unsupported X-Amz-Algorithm' };
  }
  const scope = checkScope(query.get('X-Amz-Credential') ?? '', opts);
  if (scope) return scope;
  const amzDate = query.get('X-Amz-Date') ?? '';
  const expires = Number(query.get('X-Amz-Expires') ?? '0');
  const signedAt = parseAmzDate(amzDate);
  if (Number.isNaN(signedAt)) {
    return { status: 400, code: 'AuthorizationQueryParametersError', message: 'X-Amz-Date is invalid' };
  }
  if (signedAt + expires * 1000 < now.getTime()) {
    return { status: 403, code: 'AccessDenied', message: 'Request has expired' };
  }
  const names = (query.get('X-Amz-SignedHeaders') ?? '').split(';');
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = header(req.headers, name);
    if (value === undefined) return mismatch({ Reason: `signed header ${name} is missing` });
    headers[name] = value;
  }
  const url = new URL(req.url, 'http://x');
  const signature = url.searchParams.get('X-Amz-Signature') ?? '';
  url.searchParams.delete('X-Amz-Signature');
  const signer = new aws4.RequestSigner(
    {
      service: 's3',
      region: opts.region,
      method: req.method,
      path: url.pathname + url.search,
      headers,
      signQuery: true,
      doNotModifyHeaders: true,
      extraHeadersToInclude: Object.fromEntries(names.map((n) => [n, true])),
    } as aws4.Request,
    { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
  );
  // prepareRequest adds the X-Amz-* parameters except the signature (sign() would add that one too).
  signer.prepareRequest();
  return signer.signature() === signature
    ? undefined
    : mismatch({ CanonicalRequest: signer.canonicalString() });
}

/** `AKID/yyyymmdd/region/s3/aws4_request`, checked as S3 does before it looks at the signature. */
function checkScope(credential: string, opts: VerifyOptions): VerifyFailure | undefined {
  const [akid, , region, service, terminator] = credential.split('/');
  if (akid !== opts.accessKeyId) {
    return {
      status: 403,
      code: 'InvalidAccessKeyId',
      message: 'The AWS Access Key Id you provided does not exist in our records.',
    };
  }
  if (region !== opts.region) {
    // The SDK reads <Region> to follow a region redirect.
    return {
      ...malformed(`the region '${region}' is wrong; expecting '${opts.region}'`),
      details: { Region: opts.region },
    };
  }
  if (service !== 's3' || terminator !== 'aws4_request') {
    return malformed(`the credential scope ${credential} is not for s3`);
  }
  return undefined;
}

/** The payload checks alone: x-amz-content-sha256 and Content-MD5 (of the decoded aws-chunked payload). */
export function verifyS3Payload(
  req: Pick<VerifyRequest, 'headers'>,
  body: Buffer,
): VerifyFailure | undefined {
  const declared = header(req.headers, 'x-amz-content-sha256');
  let content = body;
  if (declared !== undefined && /^[0-9a-f]{64}$/.test(declared)) {
    const computed = sha256Hex(body);
    if (computed !== declared) {
      return {
        status: 400,
        code: 'XAmzContentSHA256Mismatch',
        message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
        details: { ClientComputedContentSHA256: declared, S3ComputedContentSHA256: computed },
      };
    }
  } else if (declared !== undefined && !PAYLOAD_MARKERS.has(declared)) {
    return {
      status: 400,
      code: 'InvalidArgument',
      message: `x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a STREAMING-* marker, or a SHA-256 hex digest (got ${declared})`,
    };
  } else if (declared?.startsWith('STREAMING-')) {
    const decoded = decodeAwsChunked(body);
    if (decoded === undefined) {
      return { status: 400, code: 'IncompleteBody', message: 'The aws-chunked body is malformed' };
    }
    const length = header(req.headers, 'x-amz-decoded-content-length');
    if (length !== undefined && Number(length) !== decoded.length) {
      return {
        status: 400,
        code: 'IncompleteBody',
        message: `x-amz-decoded-content-length is ${length}, the chunks hold ${decoded.length} bytes`,
      };
    }
    content = decoded;
  }
  return checkContentMd5(header(req.headers, 'content-md5'), content);
}

function checkContentMd5(declared: string | undefined, content: Buffer): VerifyFailure | undefined {
  if (declared === undefined) return undefined;
  const digest = Buffer.from(declared, 'base64');
  if (digest.length !== 16 || digest.toString('base64') !== declared) {
    return { status: 400, code: 'InvalidDigest', message: 'The Content-MD5 you specified was invalid.' };
  }
  const computed = createHash('md5').update(content).digest();
  if (!computed.equals(digest)) {
    return {
      status: 400,
      code: 'BadDigest',
      message: 'The Content-MD5 you specified did not match what we received.',
      details: { ExpectedDigest: digest.toString('hex'), CalculatedDigest: computed.toString('hex') },
    };
  }
  return undefined;
}

/**
 * The payload of an aws-chunked body: `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n` chunks up to a
 * zero-size one, then optional trailers. `undefined` if the framing is broken.
 */
export function decodeAwsChunked(body: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol === -1) return undefined;
    const size = Number.parseInt(body.subarray(at, eol).toString('latin1').split(';')[0]!, 16);
    if (Number.isNaN(size) || eol + 2 + size > body.length) return undefined;
    if (size === 0) return Buffer.concat(parts);
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size;
    if (body.toString('latin1', at, at + 2) !== '\r\n') return undefined;
    at += 2;
  }
}

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function malformed(detail: string): VerifyFailure {
  return {
    status: 400,
    code: 'AuthorizationHeaderMalformed',
    message: `The authorization header is malformed; ${detail}`,
  };
}

/** S3 sends the canonical request it computed: what a failing test most needs to see. */
function mismatch(details: Record<string, string>): VerifyFailure {
  return {
    status: 403,
    code: 'SignatureDoesNotMatch',
    message:
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    details,
  };
}
