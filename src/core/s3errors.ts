// Turns SDK and socket errors into one line a person can act on.
import { ConfigError, errorCode, UsageError } from './errors.js';

export function describeS3Error(err: unknown, ctx: { bucket: string; endpoint?: string }): Error {
  const e: {
    name?: string;
    code?: string;
    message?: string;
    cause?: unknown;
    listing?: string;
    $metadata?: { httpStatusCode?: number };
  } = err && typeof err === 'object' ? err : {};
  const name = e.name ?? '';
  const code = errorCode(err) ?? errorCode(e.cause) ?? '';
  const where = ctx.endpoint ?? 'AWS S3';
  switch (name) {
    case 'NoSuchBucket':
      return new UsageError(`bucket "${ctx.bucket}" does not exist`);
    case 'AccessDenied':
    case 'Forbidden':
      return new Error(
        `access denied to bucket "${ctx.bucket}" (check the credentials and the bucket policy)`,
      );
    case 'InvalidAccessKeyId':
    case 'SignatureDoesNotMatch':
      return new ConfigError(`the AWS credentials were rejected by ${where} (${name})`);
    case 'CredentialsProviderError':
      return new ConfigError(
        'no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a web identity token',
      );
    case 'PermanentRedirect':
    case 'AuthorizationHeaderMalformed':
      return new ConfigError(
        `bucket "${ctx.bucket}" is in another region than configured; set AWS_REGION or --region`,
      );
  }
  if (code === 'ECONNREFUSED') return new Error(`cannot connect to ${where}: connection refused`);
  if (
    code === 'EPROTO' ||
    code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    /wrong version number|packet length too long/i.test(e?.message ?? '')
  ) {
    return new ConfigError(`TLS handshake with ${where} failed: is the endpoint http, not https?`);
  }
  if (name === 'TimeoutError' || code === 'ETIMEDOUT') {
    return new Error(
      `${where} did not answer in time (${(e?.message ?? '').replace(/^@smithy\/node-http-handler - /, '')}); giving up after retries (see --timeout)`,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new Error(`cannot resolve the host of ${where}`);
  if (e?.$metadata?.httpStatusCode === 407) {
    return new ConfigError(
      `the proxy for ${where} requires authentication, or refused the credentials given (HTTP_PROXY_USER and HTTP_PROXY_PASSWORD, or user:password in the proxy URL)`,
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new ConfigError(`the TLS certificate of ${where} is for another host name (${code})`);
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return new ConfigError(`the TLS certificate of ${where} is not valid now (${code})`);
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return new ConfigError(
      `the TLS certificate of ${where} is not trusted (${code}); set SSL_CERT_FILE, SSL_CERT_DIR or AWS_CA_BUNDLE to its CA`,
    );
  }
  if (e?.$metadata?.httpStatusCode === 404 && name === 'NotFound')
    return new UsageError(`bucket "${ctx.bucket}" does not exist`);
  // Anything else from a listing says which listing and page it was.
  const listing = e.listing;
  if (listing && !(err instanceof UsageError || err instanceof ConfigError)) {
    return new Error(
      `${listing}: ${name && name !== 'Error' ? `${name}: ` : ''}${e?.message ?? String(err)}`,
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}
