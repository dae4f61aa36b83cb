// Retries through the built CLI: a fault proxy between client and s3rver throttles (503 SlowDown) and
// drops connections on a share of requests; the sync still finishes with identical bytes, for small
// files (PutObject with a Buffer body) and a multipart upload alike. With retries exhausted, exit 1.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, s3Operation, startFaultProxy } from './helpers/fault-proxy.js';
import { runCli } from './helpers/run.js';
import {
  cliEnv,
  createBucket,
  getObject,
  listKeys,
  type S3Server,
  startS3Server,
} from './helpers/s3server.js';
import { makeTree, readTree, tempDir } from './helpers/tree.js';

let s3: S3Server;
let proxy: FaultProxy;
let bucketNo = 0;

beforeAll(async () => {
  s3 = await startS3Server();
  proxy = await startFaultProxy(s3.endpoint);
});
afterAll(async () => {
  await proxy?.stop();
  await s3?.stop();
});

async function newBucket(): Promise<string> {
  const name = `retries-${++bucketNo}`;
  await createBucket(s3.endpoint, name);
  return name;
}

const isPut = (q: { method: string }) => q.method === 'PUT';

describe('retries', () => {
  it('finishes with identical bytes when a share of requests is throttled or reset', async () => {
    const bucket = await newBucket();
    const src = await tempDir();
    const spec: Record<string, string | Buffer> = {};
    for (let i = 0; i < 24; i++) spec[`f${String(i).padStart(2, '0')}.txt`] = `file ${i}\n`.repeat(i + 1);
    // Above the 8 MiB multipart threshold: three parts, each a Buffer the SDK can send again.
    const big = randomBytes(17 * 1024 * 1024);
    spec['big.bin'] = big;
    await makeTree(src, spec);

    proxy.setRules([
      {
        kind: 'status',
        status: 503,
        code: 'SlowDown',
        message: 'Please reduce your request rate.',
        match: isPut,
        rate: 1 / 3,
      },
      { kind: 'reset', match: isPut, rate: 1 / 5 },
      { kind: 'status', status: 500, code: 'InternalError', match: (q) => q.method === 'GET', times: 1 },
    ]);
    const before = proxy.requests.length;
    const r = await runCli(['-r', `${src}/`, `${bucket}:`], {
      env: { ...cliEnv(proxy.endpoint), S3SYNC_RETRIES: '6' },
      timeoutMs: 50_000,
    });
    proxy.setRules([]);
    expect(r.code, r.stderr).toBe(0);
    const log = proxy.requests.slice(before);
    expect(log.filter((q) => q.fault === 'status').length).toBeGreaterThan(5);
    expect(log.filter((q) => q.fault === 'reset').length).toBeGreaterThan(3);
    // Some part was faulted and sent again.
    expect(log.some((q) => q.fault && s3Operation(q) === 'UploadPart')).toBe(true);

    expect((await listKeys(s3.endpoint, bucket)).length).toBe(25);
    expect((await getObject(s3.endpoint, bucket, 'big.bin')).body.equals(big)).toBe(true);

    // Downloads too: a throttled GET is retried by the SDK; a body cut short starts its temp file over.
    const isGet = (q: { method: string; url: string }) => s3Operation(q) === 'GetObject';
    proxy.setRules([
      { kind: 'status', status: 503, code: 'SlowDown', match: isGet, rate: 1 / 4 },
      { kind: 'truncate', bytes: 100_000, match: (q) => isGet(q) && q.url.includes('big.bin'), times: 1 },
    ]);
    const mark = proxy.requests.length;
    const dst = await tempDir();
    const down = await runCli(['-r', `${bucket}:`, `${dst}/`], {
      env: cliEnv(proxy.endpoint),
      timeoutMs: 50_000,
    });
    proxy.setRules([]);
    expect(down.code, down.stderr).toBe(0);
    expect(proxy.requests.slice(mark).filter((q) => q.fault).length).toBeGreaterThan(3);
    expect(await readTree(dst)).toEqual(await readTree(src));
    // Two CLI runs with backoff on a shared 2-core machine: more room than the default 60 s.
  }, 120_000);

  it('waits S3SYNC_WAITONERROR seconds between attempts instead of backing off', async () => {
    const bucket = await newBucket();
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'a', 'b.txt': 'b' });
    proxy.setRules([{ kind: 'status', status: 503, code: 'SlowDown', match: isPut, times: 2 }]);
    const r = await runCli(['-r', `${src}/`, `${bucket}:`], {
      env: { ...cliEnv(proxy.endpoint), S3SYNC_RETRIES: '3', S3SYNC_WAITONERROR: '0' },
    });
    proxy.setRules([]);
    expect(r.code, r.stderr).toBe(0);
    expect((await listKeys(s3.endpoint, bucket)).map((k) => k.key)).toEqual(['a.txt', 'b.txt']);
  });

  it('exits 1 naming each failed file when every PUT fails and S3SYNC_RETRIES=1', async () => {
    const bucket = await newBucket();
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'a', 'b.txt': 'b' });
    proxy.setRules([
      {
        kind: 'status',
        status: 503,
        code: 'SlowDown',
        message: 'Please reduce your request rate.',
        match: isPut,
      },
    ]);
    const before = proxy.requests.length;
    const r = await runCli(['-r', `${src}/`, `${bucket}:`], {
      env: { ...cliEnv(proxy.endpoint), S3SYNC_RETRIES: '1' },
    });
    proxy.setRules([]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/failed to upload a\.txt: .*reduce your request rate/i);
    expect(r.stderr).toMatch(/failed to upload b\.txt: /);
    // One attempt each: S3SYNC_RETRIES counts attempts, the first included.
    const puts = proxy.requests.slice(before).filter(isPut);
    expect(puts.filter((q) => q.url.startsWith(`/${bucket}/a.txt`))).toHaveLength(1);
    expect(await listKeys(s3.endpoint, bucket)).toEqual([]);
  });
});
