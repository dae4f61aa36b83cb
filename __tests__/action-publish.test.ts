// Publishing a site safely, seen through the action and the fault proxy between it and s3rver: assets
// before pages, deletes last and only after every transfer succeeded, public-read as the PutObject's
// own ACL header, and one clear error on a bucket with ACLs disabled.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { s3Operation } from './helpers/fault-proxy.js';
import { useS3Server } from './helpers/fixtures.js';
import { type ActionResult, runAction } from './helpers/run.js';
import { createBucket, listKeys, putObject, TEST_ENV } from './helpers/s3server.js';
import { makeTree, type TreeSpec, tempDir } from './helpers/tree.js';

const s3 = useS3Server({ proxy: true });

// Twenty assets and five pages, so with 8 threads the phases would interleave if they were not kept apart.
const SITE: TreeSpec = {
  'index.html': 'home',
  'blog.htm': 'blog',
  ...Object.fromEntries(
    Array.from({ length: 3 }, (_, i) => [`docs/page${i}.html`, `page ${i}`] as [string, string]),
  ),
  ...Object.fromEntries(
    Array.from(
      { length: 20 },
      (_, i) => [`assets/a${String(i).padStart(2, '0')}.js`, `js ${i}`] as [string, string],
    ),
  ),
};

async function publish(bucket: string, inputs: Record<string, string> = {}): Promise<ActionResult> {
  const ws = await tempDir('paras3-ws-');
  await makeTree(join(ws, 'site'), SITE);
  return runAction(
    { source: 'site/', destination: `${bucket}:`, endpoint: s3.proxy.endpoint, threads: '8', ...inputs },
    // No waiting between the SDK's attempts at a request the proxy fails every time.
    { cwd: ws, env: { ...TEST_ENV, HOME: ws, S3SYNC_WAITONERROR: '0' } },
  );
}

const isPageUrl = (url: string) => /\.html?(\?|$)/.test(url);
const puts = () => s3.proxy.requests.filter((r) => s3Operation(r) === 'PutObject');

describe('publishing order', () => {
  it('uploads every asset before the first page, and deletes last', async () => {
    await createBucket(s3.server.endpoint, 'order');
    // One stale key per directory: s3rver's DeleteObjects races removing a shared empty directory.
    for (const k of ['old.html', 'old/a.js', 'gone/b.css'])
      await putObject(s3.server.endpoint, 'order', k, 'x');
    s3.proxy.requests.length = 0;

    const r = await publish('order', { delete: 'true' });

    expect(r.code, r.stdout).toBe(0);
    const ops = s3.proxy.requests.map((q) => ({ op: s3Operation(q), url: q.url }));
    const filePuts = ops.filter(
      (o) => o.op === 'PutObject' && !new URL(o.url, 'http://x').pathname.endsWith('/'),
    );
    const lastAsset = ops.findLastIndex((o) => o.op === 'PutObject' && !isPageUrl(o.url));
    const firstPage = ops.findIndex((o) => o.op === 'PutObject' && isPageUrl(o.url));
    const firstDelete = ops.findIndex((o) => o.op === 'DeleteObjects' || o.op === 'DeleteObject');
    expect(filePuts).toHaveLength(25);
    expect(lastAsset).toBeLessThan(firstPage);
    expect(ops.findLastIndex((o) => o.op === 'PutObject')).toBeLessThan(firstDelete);
    // The log shows the same order.
    const log = r.stdout.split('\n');
    const lastAssetLine = log.findLastIndex((l) => /^upload assets\//.test(l));
    const firstPageLine = log.findIndex((l) => /^upload .*\.html?\b/.test(l));
    expect(lastAssetLine).toBeLessThan(firstPageLine);
    expect(log.findLastIndex((l) => /^upload /.test(l))).toBeLessThan(
      log.findIndex((l) => /^delete /.test(l)),
    );
    expect((await listKeys(s3.server.endpoint, 'order')).map((k) => k.key)).not.toContain('old.html');
  });

  it('a failed asset holds back the pages and every delete', async () => {
    await createBucket(s3.server.endpoint, 'held');
    await putObject(s3.server.endpoint, 'held', 'stale.txt', 'x');
    s3.proxy.setRules([
      {
        kind: 'status',
        status: 500,
        code: 'InternalError',
        match: (q) => s3Operation(q) === 'PutObject' && q.url.includes('a07.js'),
      },
    ]);

    const r = await publish('held', { delete: 'true' });

    expect(r.code).not.toBe(0);
    const keys = (await listKeys(s3.server.endpoint, 'held')).map((k) => k.key);
    expect(keys).toContain('stale.txt');
    expect(keys).toContain('assets/a06.js');
    expect(keys.filter((k) => isPageUrl(k))).toEqual([]);
    expect(puts().filter((q) => isPageUrl(q.url))).toEqual([]);
    expect(r.summary).toContain('Failures');
    expect(r.summary).toMatch(/failed upload<\/td><td><code>assets\/a07\.js<\/code>/);
    expect(r.summary).toMatch(/skipped upload<\/td><td><code>index\.html<\/code>/);
    expect(r.summary).toMatch(/skipped delete<\/td><td><code>stale\.txt<\/code>/);
    expect(r.outputs['changed-keys']).not.toContain('index.html');
    expect(r.outputs.deleted).toBe('0');
  });
});

describe('public-read', () => {
  it('is sent as the x-amz-acl header of each PutObject, with no separate PutObjectAcl call', async () => {
    await createBucket(s3.server.endpoint, 'public');

    const r = await publish('public', { 'public-read': 'true' });

    expect(r.code, r.stdout).toBe(0);
    // Every file PUT once, each with the canned ACL (folder markers, if any, are not files).
    const filePuts = puts()
      .filter((q) => !q.key?.endsWith('/'))
      .map((q) => `${q.key} ${q.headers['x-amz-acl']}`);
    expect(filePuts.sort()).toEqual(
      Object.keys(SITE)
        .map((k) => `${k} public-read`)
        .sort(),
    );
    expect(puts().filter((q) => q.headers['x-amz-acl'] !== 'public-read')).toEqual([]);
    expect(s3.proxy.requests.filter((q) => q.op === 'PutObjectAcl' || q.url.includes('acl'))).toEqual([]);
  });

  it('on a bucket with ACLs disabled fails once, in one line that suggests a bucket policy', async () => {
    await createBucket(s3.server.endpoint, 'noacl');
    s3.proxy.setRules([
      {
        kind: 'status',
        status: 400,
        code: 'AccessControlListNotSupported',
        message: 'The bucket does not allow ACLs',
        match: (q) => s3Operation(q) === 'PutObject' && q.headers['x-amz-acl'] !== undefined,
      },
    ]);

    const r = await publish('noacl', { 'public-read': 'true' });

    expect(r.code).not.toBe(0);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/ACLs disabled.*bucket policy/);
    // The run stopped: at most one PutObject per thread was tried, not one per file.
    expect(puts().length).toBeLessThanOrEqual(8);
    expect(await listKeys(s3.server.endpoint, 'noacl')).toEqual([]);
    expect(r.summary).toMatch(/ACLs disabled/);
  });
});
