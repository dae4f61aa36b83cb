// The AWS SDK's S3Client and everything that needs it, in a module of its own: the store factory loads it
// with import() at the first request only the SDK can make (a multipart upload, a copy, a delete, a
// bucket whose URL only the SDK's endpoint rules can work out). A run of the signed path alone (a no-op,
// a tree of small files to or from a path-style endpoint) then never loads the SDK, about a third of a
// short run's start-up.
import { GetObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { getEndpointFromInstructions } from '@smithy/core/endpoints';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ClientSettings, SharedTransport } from './factory.js';
import { SdkStore } from './sdk.js';
import type { Route } from './signed.js';

export interface LoadedSdk {
  store: SdkStore;
  /** The bucket's URL by the SDK's own endpoint rules; undefined when it is not plain SigV4. */
  routeOf(bucket: string): Promise<Route | undefined>;
}

export function loadSdk(s: ClientSettings, shared: SharedTransport): LoadedSdk {
  const vanity = s.vanity;
  const config: S3ClientConfig = {
    region: s.region,
    endpoint: s.endpoint,
    forcePathStyle: s.forcePathStyle,
    // The SDK then takes each request's Bucket as the URL to send it to (see vanityBuckets below).
    bucketEndpoint: vanity !== undefined,
    // A bucket in another region than configured answers with a redirect; follow it instead of failing.
    followRegionRedirects: true,
    credentials: shared.credentials,
    maxAttempts: s.maxAttempts,
    // The signed path's strategy: one retry quota for the run, whichever path a request takes.
    retryStrategy: shared.retryStrategy,
    systemClockOffset: shared.clock.offset,
    // We send Content-MD5 on every PutObject and verify every body ourselves; the SDK's default CRC
    // checksums cost CPU per request, and some S3-compatible servers store their aws-chunked framing
    // as object content.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler({
      ...shared.agents,
      connectionTimeout: Math.min(s.timeoutMs, 10_000),
      // An idle timeout, not a deadline: a large transfer may take long, but never silence for this long.
      // (The handler's requestTimeout only warns unless told to throw, and is a deadline besides.)
      socketTimeout: s.timeoutMs,
    }),
  };
  const client = new S3Client(config);
  // One clock correction for both paths: the SDK's signer writes the server's offset into its config,
  // the signed path reads it from the shared clock, and the other way round.
  Object.defineProperty(client.config, 'systemClockOffset', {
    get: () => shared.clock.offset,
    set: (v: number) => {
      shared.clock.offset = v;
    },
    enumerable: true,
    configurable: true,
  });
  if (vanity) vanityBuckets(client, vanity);
  return {
    store: new SdkStore(client, s.endpointLabel),
    routeOf: async (bucket) => {
      const ep = await getEndpointFromInstructions(
        { Bucket: bucket, Key: 'k' },
        GetObjectCommand,
        client.config,
      );
      const auth = (
        ep.properties?.authSchemes as { name?: string; signingRegion?: string }[] | undefined
      )?.[0];
      // Only plain SigV4 (not SigV4a or S3 Express sessions), which the signed path speaks.
      if (auth?.name && auth.name !== 'sigv4') return undefined;
      return {
        protocol: ep.url.protocol,
        hostname: ep.url.hostname.replace(/^\[|\]$/g, ''),
        port: ep.url.port ? Number(ep.url.port) : undefined,
        basePath: ep.url.pathname.replace(/\/+$/, ''),
        signingRegion: auth?.signingRegion,
      };
    },
  };
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
