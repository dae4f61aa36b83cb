import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActionResult, actionWorkspace, runActionAt } from './helpers/run.js';
import { createBucket, listKeys, putObject, type S3Server, startS3Server } from './helpers/s3server.js';

let server: S3Server;
beforeAll(async () => {
  server = await startS3Server();
});
afterAll(() => server.stop());

const SITE = {
  'index.html': '<h1>home</h1>',
  'about/index.html': '<h1>about</h1>',
  'assets/app.3f2a.js': 'console.log(1)',
  'assets/style.css': 'body{}',
  'img/logo.png': 'PNG',
  'img/big.png': 'P'.repeat(20_000),
  'docs/a.txt': 'a',
  'docs/b.txt': 'b',
};

const workspace = () => actionWorkspace('site', SITE);

const act = (cwd: string, inputs: Record<string, string>): Promise<ActionResult> =>
  runActionAt(server.endpoint, cwd, inputs, { PARAS3_MD5_CACHE: 'off' });

const keysOf = async (bucket: string, prefix: string) =>
  (await listKeys(server.endpoint, bucket, prefix)).map((k) => ({
    key: k.key.slice(prefix.length),
    etag: k.etag,
  }));

describe('sharding in the action', () => {
  it('the plan step sets the matrix; its shards together sync what one step would, keys disjoint', async () => {
    await createBucket(server.endpoint, 'shards');
    for (const p of ['one/', 'many/']) await putObject(server.endpoint, 'shards', `${p}stale.txt`, 'old');
    const ws = await workspace();
    const common = { source: 'site/', delete: 'true' };

    const plan = await act(ws, { ...common, destination: 'shards:many', shards: '3' });
    expect(plan.code, plan.stdout).toBe(0);
    const matrix = JSON.parse(plan.outputs.matrix!) as {
      include: { shard: string; range: string; files: number; bytes: number; deletes: number }[];
    };
    expect(matrix.include.map((e) => e.shard)).toEqual(['1/3', '2/3', '3/3']);
    expect(matrix.include.reduce((n, e) => n + e.files, 0)).toBe(Object.keys(SITE).length);
    expect(matrix.include.reduce((n, e) => n + e.deletes, 0)).toBe(1);
    expect(plan.summary).toContain('paras3 plan: 3 shards');
    // The plan step changes nothing.
    expect(await keysOf('shards', 'many/')).toEqual([{ key: 'stale.txt', etag: expect.any(String) }]);
    expect(plan.outputs['changed-keys']).toBeUndefined();

    const one = await act(ws, { ...common, destination: 'shards:one' });
    expect(one.code, one.stdout).toBe(0);
    const changed: string[] = [];
    for (const e of matrix.include) {
      const r = await act(ws, { ...common, destination: 'shards:many', shard: `${e.shard}@${e.range}` });
      expect(r.code, r.stdout).toBe(0);
      changed.push(...(JSON.parse(r.outputs['changed-keys']!) as string[]));
    }
    expect(await keysOf('shards', 'many/')).toEqual(await keysOf('shards', 'one/'));
    expect(new Set(changed).size).toBe(changed.length);
    const whole = JSON.parse(one.outputs['changed-keys']!) as string[];
    expect(changed.map((k) => k.replace(/^many\//, 'one/')).sort()).toEqual(whole);
  });

  it('refuses a bad shard, and shard with shards, before anything happens', async () => {
    const ws = await workspace();
    const bad = await act(ws, { source: 'site/', destination: 'nobucket:x', shard: '5/4' });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('::error::input shard "5/4": K must be from 1 to N (4)');
    const both = await act(ws, { source: 'site/', destination: 'nobucket:x', shard: '1/2', shards: '2' });
    expect(both.code).toBe(1);
    expect(both.stdout).toContain(
      '::error::input shard is for the jobs that sync, input shards for the job that plans them',
    );
  });
});
