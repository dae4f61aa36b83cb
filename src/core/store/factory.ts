// Builds the run's ObjectStore: one S3Client (endpoint and addressing style, credentials, TLS trust,
// proxy, keep-alive sockets sized for the thread count, retry policy, idle timeout), and on top of it the
// signed small-object path unless settings ask for the SDK alone.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ConfigError } from '../errors.js';
import { type ProxyConfig, proxiedAgents } from '../proxy.js';
import { SdkStore } from './sdk.js';
import { SignedStore } from './signed.js';
import type { ObjectStore } from './types.js';

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
  /** Idle timeout of every request in ms: no byte either way for this long fails the attempt (retried). */
  timeoutMs: number;
  /** `signed` (default): whole small objects on the signed path, the rest through the SDK; `sdk`: all SDK. */
  store: 'signed' | 'sdk';
  /** Where requests go, for messages. */
  endpointLabel: string;
}

/** Instance metadata is the chain's last resort: off an EC2 host it must fail in a second, not hang. */
const IMDS_TIMEOUT_MS = 1000;

export function createObjectStore(s: ClientSettings): ObjectStore {
  // The SDK warns on Node 20 that future releases will need Node 22; it is noise in our output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Sockets for every thread plus the parts of multipart transfers running inside them.
  const agents = clientAgents(s, s.threads * 2 + 4);
  const vanity = s.vanity;
  const config: S3ClientConfig = {
    region: s.region,
    endpoint: s.endpoint,
    forcePathStyle: s.forcePathStyle,
    // The SDK then takes each request's Bucket as the URL to send it to (see vanityBuckets below).
    bucketEndpoint: vanity !== undefined,
    // A bucket in another region than configured answers with a redirect; follow it instead of failing.
    followRegionRedirects: true,
    credentials: credentialsFor(s),
    maxAttempts: s.maxAttempts,
    // We send Content-MD5 on every PutObject and verify every body ourselves; the SDK's default CRC
    // checksums cost CPU per request, and some S3-compatible servers store their aws-chunked framing
    // as object content.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler({
      ...agents,
      connectionTimeout: Math.min(s.timeoutMs, 10_000),
      // An idle timeout, not a deadline: a large transfer may take long, but never silence for this long.
      // (The handler's requestTimeout only warns unless told to throw, and is a deadline besides.)
      socketTimeout: s.timeoutMs,
    }),
  };
  if (s.retryDelayMs !== undefined) {
    const delay = s.retryDelayMs;
    config.retryStrategy = new ConfiguredRetryStrategy(s.maxAttempts, () => delay);
  }
  const client = new S3Client(config);
  if (vanity) vanityBuckets(client, vanity);
  const sdk = new SdkStore(client, s.endpointLabel);
  if (s.store === 'sdk') return sdk;
  return new SignedStore(client, sdk, agents, { vanity, timeoutMs: s.timeoutMs });
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

/** Keep-alive agents with the settings' extra CAs and proxies, for the S3 client or another AWS client. */
export function clientAgents(
  s: Pick<ClientSettings, 'ca' | 'proxy' | 'httpAgent' | 'httpsAgent'>,
  maxSockets: number,
): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  const ca = s.ca ? [...systemRoots(), ...s.ca] : undefined;
  const agents = {
    httpsAgent: s.httpsAgent ?? new https.Agent({ keepAlive: true, maxSockets, ca }),
    httpAgent: s.httpAgent ?? new http.Agent({ keepAlive: true, maxSockets }),
  };
  return s.proxy ? proxiedAgents(s.proxy, agents, { maxSockets, ca }) : agents;
}

/** The run's credentials for any AWS client: the settings' keys, else the SDK's default chain. */
export function credentialsFor(
  s: Pick<ClientSettings, 'credentials' | 'profile'>,
): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  return s.credentials ?? defaultChain(s.profile);
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
