// The action's CloudFront invalidation against moto_server, which serves S3 and CloudFront on one
// port: a distribution is made with the SDK, the action syncs and invalidates, and moto must list an
// invalidation with exactly the paths the action output. Skipped, visibly, without moto_server.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CloudFrontClient,
  CreateDistributionCommand,
  GetInvalidationCommand,
  ListInvalidationsCommand,
} from '@aws-sdk/client-cloudfront';
import { expect, it } from 'vitest';
import { describeWithMoto, findOnPath, type MotoFixture } from './helpers/moto.js';
import { type ActionResult, cleanEnv, REPO_ROOT, runAction } from './helpers/run.js';
import { TEST_CREDENTIALS } from './helpers/s3server.js';
import { makeTree, type TreeSpec, tempDir } from './helpers/tree.js';

const SITE: TreeSpec = {
  'index.html': '<h1>home</h1>',
  'blog/index.html': '<h1>blog</h1>',
  'blog/first post.html': '<p>hello</p>',
  'assets/app.js': 'console.log(1)',
};

function cloudfront(moto: MotoFixture): CloudFrontClient {
  return new CloudFrontClient({
    region: 'us-east-1',
    endpoint: moto.endpoint,
    credentials: TEST_CREDENTIALS,
  });
}

async function distribution(moto: MotoFixture, bucket: string): Promise<string> {
  const cf = cloudfront(moto);
  try {
    const out = await cf.send(
      new CreateDistributionCommand({
        DistributionConfig: {
          CallerReference: `test-${bucket}`,
          Comment: 'paras3 test',
          Enabled: true,
          Origins: {
            Quantity: 1,
            Items: [
              {
                Id: 'site',
                DomainName: `${bucket}.s3.amazonaws.com`,
                S3OriginConfig: { OriginAccessIdentity: '' },
              },
            ],
          },
          DefaultCacheBehavior: {
            TargetOriginId: 'site',
            ViewerProtocolPolicy: 'redirect-to-https',
            MinTTL: 0,
            ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
            TrustedSigners: { Enabled: false, Quantity: 0 },
          },
        },
      }),
    );
    return out.Distribution!.Id!;
  } finally {
    cf.destroy();
  }
}

async function invalidationOnServer(moto: MotoFixture, distributionId: string, id: string) {
  const cf = cloudfront(moto);
  try {
    const out = await cf.send(new GetInvalidationCommand({ DistributionId: distributionId, Id: id }));
    const batch = out.Invalidation?.InvalidationBatch;
    return { paths: [...(batch?.Paths?.Items ?? [])].sort(), callerReference: batch?.CallerReference };
  } finally {
    cf.destroy();
  }
}

async function invalidationCount(moto: MotoFixture, distributionId: string): Promise<number> {
  const cf = cloudfront(moto);
  try {
    const out = await cf.send(new ListInvalidationsCommand({ DistributionId: distributionId }));
    return out.InvalidationList?.Quantity ?? 0;
  } finally {
    cf.destroy();
  }
}

async function workspace(): Promise<string> {
  const dir = await tempDir('paras3-cf-ws-');
  await makeTree(join(dir, 'public'), SITE);
  return dir;
}

/** The `run:` script of the README's step that hands invalidation-paths to the AWS CLI. */
function readmeInvalidationScript(): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .find((b) => b.includes('invalidation-paths') && b.includes('aws cloudfront create-invalidation'));
  if (!block)
    throw new Error('README: no step hands invalidation-paths to aws cloudfront create-invalidation');
  const lines = block.split('\n');
  const at = lines.findIndex((l) => /^\s*run: \|$/.test(l));
  const body = lines.slice(at + 1).filter((l) => l.trim() !== '');
  const indent = body[0]!.length - body[0]!.trimStart().length;
  return body.map((l) => l.slice(indent)).join('\n');
}

const paths = (r: ActionResult) => JSON.parse(r.outputs['invalidation-paths'] ?? 'null') as string[];

describeWithMoto('CloudFront invalidation after a successful sync (moto_server)', (moto) => {
  const act = (ws: string, inputs: Record<string, string>, env: Record<string, string> = {}) =>
    runAction(
      { 'dir-nodes': 'false', 'posix-metadata': 'false', ...inputs },
      { cwd: ws, env: { ...moto.env, HOME: ws, GITHUB_RUN_ID: '777', GITHUB_RUN_ATTEMPT: '2', ...env } },
    );

  it('creates one invalidation with exactly the output paths, and none when nothing changed', async () => {
    const bucket = await moto.bucket('cf-site');
    const dist = await distribution(moto, bucket);
    const ws = await workspace();

    const r = await act(ws, {
      source: 'public/',
      destination: `${bucket}:www/`,
      'cloudfront-distribution-id': dist,
      'cloudfront-endpoint': moto.endpoint,
    });

    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(paths(r)).toEqual([
      '/',
      '/assets/app.js',
      '/blog/',
      '/blog/first%20post.html',
      '/blog/index.html',
      '/index.html',
    ]);
    const id = r.outputs['invalidation-id'];
    expect(id).toMatch(/^\w+$/);
    const created = await invalidationOnServer(moto, dist, id!);
    expect(created.paths).toEqual(paths(r));
    expect(created.callerReference).toMatch(/^paras3-777-2-\d+-[0-9a-f]{8}$/);
    expect(r.stdout).toContain(`invalidation ${id} of 6 paths created on CloudFront distribution ${dist}`);
    expect(r.summary).toContain(`Invalidation <code>${id}</code> of 6 paths created`);

    const again = await act(ws, {
      source: 'public/',
      destination: `${bucket}:www/`,
      'cloudfront-distribution-id': dist,
      'cloudfront-endpoint': moto.endpoint,
    });
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs['invalidation-paths']).toBe('[]');
    expect(again.outputs['invalidation-id']).toBeUndefined();
    expect(again.stdout).toContain(`nothing changed: no invalidation on CloudFront distribution ${dist}`);
    expect(await invalidationCount(moto, dist)).toBe(1);
  });

  it('finds the endpoint in AWS_ENDPOINT_URL_CLOUDFRONT, as the AWS CLI does', async () => {
    const bucket = await moto.bucket('cf-env');
    const dist = await distribution(moto, bucket);
    const ws = await workspace();

    const r = await act(
      ws,
      { source: 'public/blog/', destination: `${bucket}:`, 'cloudfront-distribution-id': dist },
      { AWS_ENDPOINT_URL_CLOUDFRONT: moto.endpoint },
    );

    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await invalidationOnServer(moto, dist, r.outputs['invalidation-id']!)).paths).toEqual([
      '/',
      '/first%20post.html',
      '/index.html',
    ]);
  });

  it('an unknown distribution fails the step after the sync, saying the sync itself succeeded', async () => {
    const bucket = await moto.bucket('cf-unknown');
    const ws = await workspace();

    const r = await act(ws, {
      source: 'public/',
      destination: `${bucket}:`,
      'cloudfront-distribution-id': 'E000NOSUCHDIST',
      'cloudfront-endpoint': moto.endpoint,
    });

    expect(r.code).toBe(1);
    expect(r.outputs.uploaded).toBe('4');
    expect(r.outputs['invalidation-id']).toBeUndefined();
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^::error::the sync succeeded, but the invalidation on CloudFront distribution E000NOSUCHDIST failed: .+/,
    );
    expect(r.summary).toContain('paras3 sync done');
    expect(r.summary).toContain('the sync succeeded, but the invalidation');
  });
});

const cliTools = ['aws', 'jq'].filter((c) => !findOnPath(c));

describeWithMoto('the README hands invalidation-paths to the AWS CLI as they are (moto_server)', (moto) => {
  it.skipIf(cliTools.length > 0)(
    `aws cloudfront create-invalidation accepts the output${cliTools.length ? ` (skipped: ${cliTools.join(', ')} not on PATH)` : ''}`,
    async () => {
      const bucket = await moto.bucket('cf-cli');
      const dist = await distribution(moto, bucket);
      const ws = await workspace();
      const r = await runAction(
        { source: 'public/', destination: `${bucket}:`, 'dir-nodes': 'false' },
        { cwd: ws, env: { ...moto.env, HOME: ws } },
      );
      expect(r.code, r.stdout).toBe(0);
      expect(paths(r)).toContain('/blog/first%20post.html');

      const { stdout } = await promisify(execFile)(
        'bash',
        ['-euo', 'pipefail', '-c', readmeInvalidationScript()],
        {
          env: cleanEnv({
            ...moto.env,
            HOME: ws,
            AWS_ENDPOINT_URL_CLOUDFRONT: moto.endpoint,
            AWS_DEFAULT_REGION: 'us-east-1',
            PATHS: r.outputs['invalidation-paths']!,
            DISTRIBUTION_ID: dist,
            GITHUB_RUN_ID: '901',
            GITHUB_RUN_ATTEMPT: '1',
          }),
        },
      );
      const id = (JSON.parse(stdout) as { Invalidation: { Id: string } }).Invalidation.Id;
      const created = await invalidationOnServer(moto, dist, id);
      expect(created.paths).toEqual(paths(r));
      expect(created.callerReference).toBe('901-1');
    },
  );
});
