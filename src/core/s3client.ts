// Builds the one S3Client of a run: endpoint and addressing style, credentials, TLS trust, proxy,
// keep-alive sockets sized for the thread count, and the retry policy.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface ClientSettings {
  region: string;
  /** Full endpoint URL for S3-compatible servers; undefined = AWS. */
  endpoint?: string;
  /** true: `host/bucket/key` (REGULAR); false: `bucket.host/key` (SUBDOMAIN). */
  forcePathStyle: boolean;
  /** VANITY: the endpoint host is the bucket itself (`http://<bucket>/key`). */
  bucketEndpoint?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Extra trusted CA certificates (PEM), added to the system roots. */
  ca?: string[];
  /** Agents to use instead of the default ones (a proxy). */
  httpAgent?: http.Agent;
  httpsAgent?: https.Agent;
  /** Attempts per request (the first one included). */
  maxAttempts: number;
  /** Fixed wait between attempts in ms; undefined = the SDK's exponential backoff with jitter. */
  retryDelayMs?: number;
  threads: number;
}

export function createS3Client(s: ClientSettings): S3Client {
  // The SDK warns on Node 20 that future releases will need Node 22; it is noise in our output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Sockets for every thread plus the parts of multipart transfers running inside them.
  const maxSockets = s.threads * 2 + 4;
  const httpsAgent =
    s.httpsAgent ??
    new https.Agent({
      keepAlive: true,
      maxSockets,
      ca: s.ca ? [...tls.rootCertificates, ...s.ca] : undefined,
    });
  const httpAgent = s.httpAgent ?? new http.Agent({ keepAlive: true, maxSockets });
  const config: S3ClientConfig = {
    region: s.region,
    endpoint: s.endpoint,
    forcePathStyle: s.forcePathStyle,
    bucketEndpoint: s.bucketEndpoint,
    credentials: s.credentials,
    maxAttempts: s.maxAttempts,
    // We send Content-MD5 on every PutObject and verify every body ourselves; the SDK's default CRC
    // checksums cost CPU per request, and some S3-compatible servers store their aws-chunked framing
    // as object content.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler({
      httpAgent,
      httpsAgent,
      connectionTimeout: 10_000,
      requestTimeout: 120_000,
    }),
  };
  if (s.retryDelayMs !== undefined) {
    const delay = s.retryDelayMs;
    config.retryStrategy = new ConfiguredRetryStrategy(s.maxAttempts, () => delay);
  }
  return new S3Client(config);
}
