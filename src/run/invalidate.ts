// Creates a CloudFront invalidation after a successful sync, with the run's credentials, proxy and CA
// settings. The CloudFront SDK is loaded only here, when a distribution is given, so runs without one
// pay nothing for it at start-up.
import { randomUUID } from 'node:crypto';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { type ClientSettings, clientAgents, credentialsFor } from '../core/store/factory.js';

/** CloudFront's one global endpoint (aws partition); its SigV4 scope is region us-east-1. */
export const CLOUDFRONT_ENDPOINT = 'https://cloudfront.amazonaws.com';
const CLOUDFRONT_REGION = 'us-east-1';

export interface InvalidationRequest {
  distributionId: string;
  paths: string[];
  /** Unique per run: CloudFront answers a repeated reference with the earlier invalidation. */
  callerReference: string;
  /** The CloudFront API's URL: a test server (moto_server) or another partition's; undefined = CLOUDFRONT_ENDPOINT. */
  endpoint?: string;
  client: ClientSettings;
}

/** Returns the new invalidation's id. */
export async function createInvalidation(req: InvalidationRequest): Promise<string> {
  const { CloudFrontClient, CreateInvalidationCommand } = await import('@aws-sdk/client-cloudfront');
  const s = req.client;
  const client = new CloudFrontClient({
    region: CLOUDFRONT_REGION,
    // Always explicit: left undefined, the SDK would take AWS_ENDPOINT_URL, which names the S3 server.
    endpoint: req.endpoint ?? CLOUDFRONT_ENDPOINT,
    credentials: credentialsFor(s),
    maxAttempts: s.maxAttempts,
    requestHandler: new NodeHttpHandler({
      ...(await clientAgents(s, 2)),
      connectionTimeout: Math.min(s.timeoutMs, 10_000),
      socketTimeout: s.timeoutMs,
    }),
  });
  try {
    const out = await client.send(
      new CreateInvalidationCommand({
        DistributionId: req.distributionId,
        InvalidationBatch: {
          CallerReference: req.callerReference,
          Paths: { Quantity: req.paths.length, Items: req.paths },
        },
      }),
    );
    const id = out.Invalidation?.Id;
    if (!id) throw new Error('CloudFront answered without an invalidation id');
    return id;
  } finally {
    client.destroy();
  }
}

/**
 * `paras3-<run id>-<attempt>-<ms>-<random>`: the run and attempt say where it came from in the
 * CloudFront console; time and randomness keep two invalidations of one attempt apart.
 */
export function callerReference(env: NodeJS.ProcessEnv, now = Date.now()): string {
  const run = env.GITHUB_RUN_ID ? `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-` : '';
  return `paras3-${run}${now}-${randomUUID().slice(0, 8)}`;
}
