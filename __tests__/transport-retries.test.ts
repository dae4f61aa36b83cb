// Retries through the built CLI: a fault proxy between client and s3rver throttles (503 SlowDown), drops
// connections, times out and skews the clock on named requests; the sync still finishes with identical
// bytes, for small files (PutObject with a Buffer body) and a multipart upload alike, and each faulted
// request was sent again exactly as often as it was faulted. With retries exhausted, exit 1.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { faultedHistories, type LoggedRequest, requestTarget as target } from './helpers/fault-proxy.js';
import { useS3Server } from './helpers/fixtures.js';
import { runCli } from './helpers/run.js';
import { getObject, listKeys } from './helpers/s3server.js';
import { makeTree, readTree, tempDir } from './helpers/tree.js';

const s3 = useS3Server({ proxy: true });

const SLOW_DOWN = {
  kind: 'status',
  status: 503,
  code: 'SlowDown',
  message: 'Please reduce your request rate.',
} as const;

describe('retries', () => {
  it('finishes with identical bytes when named PUTs, parts, a listing and GETs are throttled or reset', async () => {
    const bucket = await s3.bucket('retries');
    const src = await tempDir();
    const spec: Record<string, string | Buffer> = {};
    for (let i = 0; i < 24; i++) spec[`f${String(i).padStart(2, '0')}.txt`] = `file ${i}\n`.repeat(i + 1);
    // Above the 8 MiB multipart threshold: parts of 8, 8 and 1 MiB, each a Buffer the SDK can send again.
    const big = randomBytes(17 * 1024 * 1024);
    spec['big.bin'] = big;
    await makeTree(src, spec);

    s3.proxy.setRules([
      { ...SLOW_DOWN, match: { op: 'PutObject', key: /^f(03|07|11)\.txt$/ }, nth: [1, 2] },
      { kind: 'reset', match: { op: 'PutObject', key: /^f(05|13)\.txt$/ }, nth: 1 },
      { ...SLOW_DOWN, match: { op: 'UploadPart', key: 'big.bin', partNumber: 2 }, nth: 1 },
      { kind: 'reset', match: { op: 'UploadPart', key: 'big.bin', partNumber: 3 }, nth: 1 },
      { kind: 'status', status: 500, code: 'InternalError', match: { op: 'ListObjectsV2', bucket }, nth: 1 },
    ]);
    const r = await runCli(['-r', `${src}/`, `${bucket}:`], {
      env: { ...s3.proxyEnv, S3SYNC_RETRIES: '6' },
      timeoutMs: 50_000,
    });
    expect(r.code, r.stderr).toBe(0);
    // Exactly the named requests were faulted, and each was sent again until it succeeded, no more.
    expect(faultedHistories(s3.proxy.requests)).toEqual({
      [`ListObjectsV2 ${bucket}`]: [500, 200],
      'PutObject f03.txt': [503, 503, 200],
      'PutObject f05.txt': ['reset', 200],
      'PutObject f07.txt': [503, 503, 200],
      'PutObject f11.txt': [503, 503, 200],
      'PutObject f13.txt': ['reset', 200],
      'UploadPart big.bin#2': [503, 200],
      'UploadPart big.bin#3': ['reset', 200],
    });
    expect((await listKeys(s3.server.endpoint, bucket)).length).toBe(25);
    expect((await getObject(s3.server.endpoint, bucket, 'big.bin')).body.equals(big)).toBe(true);

    // Downloads too: a throttled GET is retried by the SDK; a body cut short starts its temp file over.
    s3.proxy.setRules([
      { ...SLOW_DOWN, match: { op: 'GetObject', key: /^f(02|09)\.txt$/ }, nth: 1 },
      { kind: 'truncate', bytes: 100_000, match: { op: 'GetObject', key: 'big.bin' }, nth: 1 },
    ]);
    s3.proxy.requests.length = 0;
    const dst = await tempDir();
    const down = await runCli(['-r', `${bucket}:`, `${dst}/`], { env: s3.proxyEnv, timeoutMs: 50_000 });
    expect(down.code, down.stderr).toBe(0);
    expect(faultedHistories(s3.proxy.requests)).toEqual({
      'GetObject big.bin': [200, 200],
      'GetObject f02.txt': [503, 200],
      'GetObject f09.txt': [503, 200],
    });
    expect(s3.proxy.requests.filter((q) => q.fault).map((q) => `${target(q)} ${q.fault}`)).toContain(
      'GetObject big.bin truncate',
    );
    expect(await readTree(dst)).toEqual(await readTree(src));
    // Two CLI runs with backoff on a shared 2-core machine: more room than the default 60 s.
  }, 120_000);

  it('waits S3SYNC_WAITONERROR seconds between attempts instead of backing off', async () => {
    const bucket = await s3.bucket('retries');
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'a', 'b.txt': 'b' });
    s3.proxy.setRules([{ ...SLOW_DOWN, match: { op: 'PutObject', key: 'a.txt' }, nth: [1, 2] }]);
    const r = await runCli(['-r', `${src}/`, `${bucket}:`], {
      env: { ...s3.proxyEnv, S3SYNC_RETRIES: '3', S3SYNC_WAITONERROR: '0' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(faultedHistories(s3.proxy.requests)).toEqual({ 'PutObject a.txt': [503, 503, 200] });
    expect((await listKeys(s3.server.endpoint, bucket)).map((k) => k.key)).toEqual(['a.txt', 'b.txt']);
  });

  it('exits 1 naming each failed file when every PUT fails and S3SYNC_RETRIES=1', async () => {
    const bucket = await s3.bucket('retries');
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'a', 'b.txt': 'b' });
    s3.proxy.setRules([{ ...SLOW_DOWN, match: { op: 'PutObject' } }]);
    const r = await runCli(['-r', `${src}/`, `${bucket}:`], {
      env: { ...s3.proxyEnv, S3SYNC_RETRIES: '1' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/failed to upload a\.txt: .*reduce your request rate/i);
    expect(r.stderr).toMatch(/failed to upload b\.txt: /);
    // One attempt each: S3SYNC_RETRIES counts attempts, the first included.
    expect(faultedHistories(s3.proxy.requests)).toEqual({
      'PutObject a.txt': [503],
      'PutObject b.txt': [503],
    });
    expect(await listKeys(s3.server.endpoint, bucket)).toEqual([]);
  });
});

describe('timeouts and clock skew', () => {
  const tree = async () => {
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'alpha', 'b.txt': 'beta', 'big.bin': randomBytes(9 * 1024 * 1024) });
    return src;
  };

  it('retries a multipart part answered 400 RequestTimeout', async () => {
    const bucket = await s3.bucket('timeout');
    s3.proxy.setRules([
      { kind: 'requestTimeout', match: { op: 'UploadPart', key: 'big.bin', partNumber: 2 }, nth: 1 },
    ]);
    const r = await runCli(['-r', `${await tree()}/`, `${bucket}:`], { env: s3.proxyEnv });
    expect(r.code, r.stderr).toBe(0);
    expect(faultedHistories(s3.proxy.requests)).toEqual({ 'UploadPart big.bin#2': [400, 200] });
  });

  // src/core/direct.ts retryKind() retries no 4xx but 429: S3's 400 RequestTimeout, which the SDK treats as
  // transient, fails the file on the direct path. Flip to `it` once direct.ts retries it.
  it('retries a small-file PUT answered 400 RequestTimeout, as the SDK retries it', async () => {
    const bucket = await s3.bucket('timeout');
    s3.proxy.setRules([{ kind: 'requestTimeout', match: { op: 'PutObject', key: 'a.txt' }, nth: 1 }]);
    const r = await runCli(['-r', `${await tree()}/`, `${bucket}:`], { env: s3.proxyEnv });
    expect(r.code, r.stderr).toBe(0);
    expect(faultedHistories(s3.proxy.requests)).toEqual({ 'PutObject a.txt': [400, 200] });
  });

  it('after RequestTimeTooSkewed on a part, signs the retry and the requests after it by the server clock', async () => {
    const bucket = await s3.bucket('skew');
    const skew = 20 * 60 * 1000;
    s3.proxy.setRules([
      {
        kind: 'clockSkew',
        offsetMs: skew,
        match: { op: 'UploadPart', key: 'big.bin', partNumber: 1 },
        nth: 1,
      },
    ]);
    // Only the multipart file: the SDK sends all its requests (small files take the direct path, below).
    const src = await tempDir();
    await makeTree(src, { 'big.bin': randomBytes(9 * 1024 * 1024) });
    const before = Date.now();
    const r = await runCli(['-r', `${src}/`, `${bucket}:`], { env: s3.proxyEnv });
    expect(r.code, r.stderr).toBe(0);
    const log = s3.proxy.requests;
    expect(faultedHistories(log)).toEqual({ 'UploadPart big.bin#1': [403, 200] });
    // Part 2 may have been signed before the correction (then it is refused as too skewed, and sent again).
    for (const q of log.filter((q) => q.rejected)) {
      expect(`${target(q)} ${q.rejected}`).toBe('UploadPart big.bin#2 RequestTimeTooSkewed');
      expect(log.filter((p) => target(p) === target(q)).at(-1)?.status).toBe(200);
    }
    // Completing comes after every part succeeded, so after the correction.
    const complete = log.filter((q) => q.op === 'CompleteMultipartUpload');
    expect(complete.map((q) => q.status)).toEqual([200]);
    expect(Math.abs(amzDateMs(complete[0]!) - (before + skew))).toBeLessThan(5 * 60_000);
  });

  // The signed path signs at the run's corrected clock (signed.ts, correctClock): a refused request
  // teaches it the server's time, and the retry is signed at that time.
  it('syncs to a server whose clock is 20 minutes ahead of the machine’s', async () => {
    const bucket = await s3.bucket('skew');
    s3.proxy.setClock(20 * 60 * 1000);
    const src = await tree();
    const r = await runCli(['-r', `${src}/`, `${bucket}:`], { env: s3.proxyEnv });
    expect(r.code, r.stderr).toBe(0);
    expect((await listKeys(s3.server.endpoint, bucket)).map((k) => k.key)).toEqual([
      'a.txt',
      'b.txt',
      'big.bin',
    ]);
    // Requests signed before the client learnt the server's clock were refused, and sent again.
    const refused = new Set(s3.proxy.requests.filter((q) => q.rejected).map(target));
    for (const t of refused)
      expect(s3.proxy.requests.filter((q) => target(q) === t).at(-1)?.status).toBe(200);
  });
});

function amzDateMs(q: LoggedRequest): number {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(String(q.headers['x-amz-date']));
  if (!m) throw new Error(`${target(q)}: no x-amz-date`);
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}
