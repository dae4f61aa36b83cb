// Builds the one S3Client of a run: endpoint and addressing style, credentials, TLS trust, proxy,
// keep-alive sockets sized for the thread count, and the retry policy.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { enableDirect } from './direct.js';
import { ConfigError } from './errors.js';
import { type ProxyConfig, proxiedAgents } from './proxy.js';

export interface ClientSettings {
  region: string;
  /** Full endpoint URL for S3-compatible servers; undefined = AWS. */
  endpoint?: string;
  /** true: `host/bucket/key` (REGULAR); false: `bucket.host/key` (SUBDOMAIN). */
  forcePathStyle: boolean;
  /** VANITY: the bucket name is the host (`http://<bucket>/key`), with this scheme and port. */
  vanity?: { protocol: 'http:' | 'https:'; port?: string };
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Without `credentials`: the profile for the SDK's default chain (else AWS_PROFILE of the env). */
  profile?: string;
  /** Extra trusted CA certificates (PEM), added to the system roots. */
  ca?: string[];
  /** Proxies for http and https endpoints, with NO_PROXY. */
  proxy?: ProxyConfig;
  /** Agents to use instead of the default ones (tests, or a caller's own proxy). */
  httpAgent?: http.Agent;
  httpsAgent?: https.Agent;
  /** Attempts per request (the first one included). */
  maxAttempts: number;
  /** Fixed wait between attempts in ms; undefined = the SDK's exponential backoff with jitter. */
  retryDelayMs?: number;
  threads: number;
}

/** Instance metadata is the chain's last resort: off an EC2 host it must fail in a second, not hang. */
const IMDS_TIMEOUT_MS = 1000;

export function createS3Client(s: ClientSettings): S3Client {
  // The SDK warns on Node 20 that future releases will need Node 22; it is noise in our output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Sockets for every thread plus the parts of multipart transfers running inside them.
  const maxSockets = s.threads * 2 + 4;
  const ca = s.ca ? [...systemRoots(), ...s.ca] : undefined;
  let agents = {
    httpsAgent: s.httpsAgent ?? new https.Agent({ keepAlive: true, maxSockets, ca }),
    httpAgent: s.httpAgent ?? new http.Agent({ keepAlive: true, maxSockets }),
  };
  if (s.proxy) agents = proxiedAgents(s.proxy, agents, { maxSockets, ca });
  const vanity = s.vanity;
  const config: S3ClientConfig = {
    region: s.region,
    endpoint: s.endpoint,
    forcePathStyle: s.forcePathStyle,
    // The SDK then takes each request's Bucket as the URL to send it to (see vanityBuckets below).
    bucketEndpoint: vanity !== undefined,
    // A bucket in another region than configured answers with a redirect; follow it instead of failing.
    followRegionRedirects: true,
    credentials: s.credentials ?? defaultChain(s.profile),
    maxAttempts: s.maxAttempts,
    // We send Content-MD5 on every PutObject and verify every body ourselves; the SDK's default CRC
    // checksums cost CPU per request, and some S3-compatible servers store their aws-chunked framing
    // as object content.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler({
      ...agents,
      connectionTimeout: 10_000,
      requestTimeout: 120_000,
    }),
  };
  if (s.retryDelayMs !== undefined) {
    const delay = s.retryDelayMs;
    config.retryStrategy = new ConfiguredRetryStrategy(s.maxAttempts, () => delay);
  }
  const client = new S3Client(config);
  if (vanity) vanityBuckets(client, vanity);
  // Whole small objects go straight on these sockets (see direct.ts); the rest through the SDK.
  enableDirect(client, agents);
  return client;
}

/**
 * VANITY addressing: rewrites each command's bucket name into `http(s)://<bucket>[:port]`, which the
 * SDK (with `bucketEndpoint`) uses as the request's URL, keys appended: `http://<bucket>/key`.
 */
function vanityBuckets(client: S3Client, v: { protocol: string; port?: string }): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { Bucket?: unknown };
      if (typeof input.Bucket === 'string' && !input.Bucket.includes('://')) {
        const url = `${v.protocol}//${input.Bucket}${v.port ? `:${v.port}` : ''}`;
        return next({ ...args, input: { ...input, Bucket: url } });
      }
      return next(args);
    },
    { step: 'initialize', name: 'paras3VanityBucket', override: true },
  );
}

/** The roots Node trusts by default (NODE_EXTRA_CA_CERTS included where Node can say so). */
function systemRoots(): readonly string[] {
  const get = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  return get ? get('default') : tls.rootCertificates;
}

/**
 * The SDK's default chain (env, SSO, web identity / OIDC, ~/.aws files, container and instance
 * metadata), with the metadata service bounded, and its failure turned into one clear ConfigError.
 * Once it has failed it fails at once for every later request, instead of asking every source again.
 */
function defaultChain(profile: string | undefined): AwsCredentialIdentityProvider {
  const chain = defaultProvider({ profile, timeout: IMDS_TIMEOUT_MS, maxRetries: 0 });
  let failed: ConfigError | undefined;
  return async (props?: Record<string, unknown>): Promise<AwsCredentialIdentity> => {
    if (failed) throw failed;
    try {
      return await chain(props);
    } catch (err) {
      const e = err as Error;
      if (e?.name !== 'CredentialsProviderError') throw err;
      failed = new ConfigError(
        `no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (environment or settings file), AWS_PROFILE, or a web identity token${profile || process.env.AWS_PROFILE ? ` (${oneLineOf(e)})` : ''}`,
      );
      throw failed;
    }
  };
}

function oneLineOf(e: Error): string {
  return (e.message ?? String(e)).split('\n')[0] ?? '';
}
