// Builds the run's ObjectStore: the transport both paths share (keep-alive sockets sized for the thread
// count, with the settings' CAs and proxy; credentials; one retry strategy; one clock correction), the
// SDK's S3Client on top of it, loaded at its first use (sdk-client.ts), and in front of that the signed
// path unless settings ask for the SDK alone.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ConfigError } from '../errors.js';
import { type ProxyConfig, proxiedAgents } from '../proxy.js';
import { LazySdkStore } from './lazy-sdk.js';
import { LazyRetryStrategy } from './retry-strategy.js';
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
  /** Extra trusted CA certificates (PEM), added to the system roots: read at the first call (transport.ts). */
  ca?: () => string[];
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

/** What the signed path and the SDK's client share, made once per run. */
export interface SharedTransport {
  agents: ClientAgents;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  retryStrategy: LazyRetryStrategy;
  /** Server time minus this machine's, in ms, as learnt from the server's answers. */
  clock: { offset: number };
}

/** Instance metadata is the chain's last resort: off an EC2 host it must fail in a second, not hang. */
const IMDS_TIMEOUT_MS = 1000;

export async function createObjectStore(s: ClientSettings): Promise<ObjectStore> {
  // The SDK warns on Node 20 that future releases will need Node 22; it is noise in our output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const shared: SharedTransport = {
    // Sockets for every thread plus the parts of multipart transfers running inside them.
    agents: await clientAgents(s, s.threads * 2 + 4),
    credentials: credentialsFor(s),
    retryStrategy: retryStrategyFor(s),
    clock: { offset: 0 },
  };
  const sdk = new LazySdkStore(
    s.endpointLabel,
    // The SDK's client gets the retry strategy loaded: its middleware then sees only the strategy's tokens.
    () =>
      Promise.all([import('./sdk-client.js'), shared.retryStrategy.load()]).then(([m]) =>
        m.loadSdk(s, shared),
      ),
    shared.agents,
  );
  if (s.store === 'sdk') return sdk;
  return new SignedStore(sdk, shared, {
    vanity: s.vanity,
    timeoutMs: s.timeoutMs,
    region: s.region,
    // A path-style endpoint's bucket URL needs none of the SDK's endpoint rules: the bucket after the
    // endpoint's path. Anything else (AWS's own hosts, virtual-hosted addressing) is theirs to work out.
    pathStyleEndpoint: s.endpoint && s.forcePathStyle && !s.vanity ? s.endpoint : undefined,
  });
}

/**
 * The SDK's own standard strategy (exponential backoff with jitter, a retry quota, its error
 * classification) for `maxAttempts`, or with S3SYNC_WAITONERROR a fixed wait between attempts. Made
 * here, not by the client, so that the signed path has it before the SDK is loaded; AWS_RETRY_MODE
 * and a profile's retry_mode are therefore not read (the attempts and the wait are paras3 settings).
 */
function retryStrategyFor(s: Pick<ClientSettings, 'maxAttempts' | 'retryDelayMs'>): LazyRetryStrategy {
  const delay = s.retryDelayMs;
  return new LazyRetryStrategy((m) =>
    delay === undefined
      ? new m.StandardRetryStrategy(s.maxAttempts)
      : new m.ConfiguredRetryStrategy(s.maxAttempts, () => delay),
  );
}

/** The roots Node trusts by default (NODE_EXTRA_CA_CERTS included where Node can say so). */
function systemRoots(): readonly string[] {
  const get = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  return get ? get('default') : tls.rootCertificates;
}

export interface ClientAgents {
  readonly httpAgent: http.Agent;
  readonly httpsAgent: https.Agent;
  /** Closes their sockets (an https agent never asked for is not made for this). */
  destroy(): void;
}

/**
 * Keep-alive agents with the settings' extra CAs and proxies, for the S3 client or another AWS client.
 * Without a proxy the https agent is made at its first use, so the extra CAs are read only by a run
 * that speaks TLS (spreading the agents into a client's options is a use).
 */
export async function clientAgents(
  s: Pick<ClientSettings, 'ca' | 'proxy' | 'httpAgent' | 'httpsAgent'>,
  maxSockets: number,
): Promise<ClientAgents> {
  const ca = () => (s.ca ? [...systemRoots(), ...s.ca()] : undefined);
  const httpAgent = s.httpAgent ?? new http.Agent({ keepAlive: true, maxSockets });
  let made: https.Agent | undefined;
  const direct = {
    httpAgent,
    get httpsAgent(): https.Agent {
      made ??= s.httpsAgent ?? new https.Agent({ keepAlive: true, maxSockets, ca: ca() });
      return made;
    },
  };
  const agents = s.proxy ? await proxiedAgents(s.proxy, direct, { maxSockets, ca: ca() }) : direct;
  // Not enumerable: the agents are spread into clients' options, which must not get this.
  return Object.defineProperty(agents, 'destroy', {
    value: () => {
      agents.httpAgent.destroy();
      if (s.proxy || made) agents.httpsAgent.destroy();
    },
  }) as typeof agents & ClientAgents;
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
  // Loaded at the first request that needs credentials: a run with keys in its settings never loads it.
  let chain: Promise<AwsCredentialIdentityProvider> | undefined;
  let failed: ConfigError | undefined;
  return async (props?: Record<string, unknown>): Promise<AwsCredentialIdentity> => {
    if (failed) throw failed;
    chain ??= import('@aws-sdk/credential-provider-node').then((m) =>
      m.defaultProvider({ profile, timeout: IMDS_TIMEOUT_MS, maxRetries: 0 }),
    );
    try {
      return await (await chain)(props);
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
