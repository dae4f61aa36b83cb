// Each fault the proxy offers, shown through the real SDK against a real s3rver, so tests that use it
// can trust that a fault reached the client in the intended shape.
import { createHash, randomBytes } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeRequest, type FaultProxy, s3Operation, startFaultProxy } from './helpers/fault-proxy.js';
import { useS3Server } from './helpers/fixtures.js';
import { getObject, putObject, s3Client } from './helpers/s3server.js';

const BUCKET = 'faults';
const blob = randomBytes(100_000);

// The proxy is per test here (a fresh one each time, so connection counts start at zero), not the fixture's.
const s3 = useS3Server({ bucket: BUCKET });
let proxy: FaultProxy;
let client: S3Client;

beforeAll(async () => {
  await putObject(s3.server.endpoint, BUCKET, 'pre/a.txt', 'a');
  await putObject(s3.server.endpoint, BUCKET, 'pre/m.txt', 'm');
  await putObject(s3.server.endpoint, BUCKET, 'pre/z.txt', 'z');
  await putObject(s3.server.endpoint, BUCKET, 'blob.bin', blob);
});

beforeEach(async () => {
  proxy = await startFaultProxy(s3.server.endpoint);
  client = s3Client(proxy.endpoint);
});
afterEach(async () => {
  client.destroy();
  await proxy.stop();
});

async function getBlob(c: S3Client = client): Promise<Buffer> {
  const res = await c.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'blob.bin' }));
  return Buffer.from(await res.Body!.transformToByteArray());
}

/** `20260102T030405Z` → epoch ms. */
function amzDateMs(amzDate: string): number {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(amzDate);
  if (!m) throw new Error(`not an x-amz-date: ${amzDate}`);
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

async function listAll(c: S3Client, prefix: string, maxKeys?: number): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await c.send(
      new ListObjectsV2Command({
        Bucket: BUCKET,
        Prefix: prefix,
        MaxKeys: maxKeys,
        ContinuationToken: token,
      }),
    );
    expect(page.KeyCount).toBe(page.Contents?.length ?? 0);
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

describe('fault proxy', () => {
  it('without rules, forwards bodies unchanged over kept-alive connections', async () => {
    const upload = randomBytes(300_000);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'through.bin', Body: upload }));
    for (let i = 0; i < 3; i++) expect((await getBlob()).equals(blob)).toBe(true);

    expect((await getObject(s3.server.endpoint, BUCKET, 'through.bin')).body.equals(upload)).toBe(true);
    expect(proxy.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
      `PUT /${BUCKET}/through.bin`,
      ...Array(3).fill(`GET /${BUCKET}/blob.bin`),
    ]);
    expect(proxy.connections).toBe(1);
  });

  it('answers with an S3 error that the SDK retries transparently when it is a 503 SlowDown', async () => {
    proxy.setRules([{ kind: 'status', status: 503, code: 'SlowDown', times: 1 }]);

    expect((await getBlob()).equals(blob)).toBe(true);

    expect(proxy.requests.map(({ op, key, fault, status }) => ({ op, key, fault, status }))).toEqual([
      { op: 'GetObject', key: 'blob.bin', fault: 'status', status: 503 },
      { op: 'GetObject', key: 'blob.bin', fault: undefined, status: 200 },
    ]);
  });

  it('answers with an S3 error the SDK surfaces by code when it is not retryable', async () => {
    proxy.setRules([{ kind: 'status', status: 403, code: 'AccessDenied', message: 'nope' }]);

    await expect(getBlob()).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    expect(proxy.requests).toHaveLength(1);
  });

  it('drops the connection without a response, which the SDK retries', async () => {
    proxy.setRules([{ kind: 'reset', times: 1 }]);
    expect((await getBlob()).equals(blob)).toBe(true);
    expect(proxy.requests.map((r) => r.fault)).toEqual(['reset', undefined]);

    proxy.setRules([{ kind: 'reset' }]);
    const once = s3Client(proxy.endpoint, { maxAttempts: 1 });
    await expect(getBlob(once)).rejects.toThrow(/socket hang up|ECONNRESET/);
    once.destroy();
  });

  it('cuts a response body short under its full Content-Length', async () => {
    proxy.setRules([{ kind: 'truncate', bytes: 1000, match: (r) => s3Operation(r) === 'GetObject' }]);

    const res = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'blob.bin' }));
    expect(res.ContentLength).toBe(blob.length);
    const outcome = await res.Body!.transformToByteArray().then(
      (bytes) => `read ${bytes.length} bytes`,
      (err: Error) => `failed: ${err.message}`,
    );
    // Node.s fetch-less handler reports the premature close as an error; never the whole body.
    expect(outcome).not.toBe(`read ${blob.length} bytes`);
  });

  it('flips one response byte, keeping the length', async () => {
    proxy.setRules([{ kind: 'corrupt', offset: 5 }]);

    const got = await getBlob();

    expect(got.length).toBe(blob.length);
    expect(got[5]).toBe(blob[5]! ^ 0xff);
    got[5] = blob[5]!;
    expect(got.equals(blob)).toBe(true);
  });

  it('flips one uploaded byte, which s3rver stores and reports in the ETag', async () => {
    proxy.setRules([{ kind: 'corruptUpload', match: (r) => s3Operation(r) === 'PutObject' }]);
    const body = Buffer.from('hello world');

    const res = await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'damaged.txt', Body: body }));

    const stored = (await getObject(s3.server.endpoint, BUCKET, 'damaged.txt')).body;
    const expected = Buffer.from(body);
    expected[0] = expected[0]! ^ 0xff;
    expect(stored.equals(expected)).toBe(true);
    expect(res.ETag).toBe(`"${createHash('md5').update(stored).digest('hex')}"`);
    expect(res.ETag).not.toBe(`"${createHash('md5').update(body).digest('hex')}"`);
  });

  it('injects hostile keys into ListObjectsV2 results, in S3 key order', async () => {
    const hostile = ['pre/../evil', '/abs', 'pre/a//b', 'pre/x\\y', 'pre/nul\u0000x', 'pre/<&>"\''];
    proxy.setRules([{ kind: 'injectKeys', keys: hostile.map((key) => ({ key, size: 3 })) }]);

    const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'pre/' }));

    // '/abs' is outside the requested prefix, so S3 could not have returned it.
    expect(page.Contents?.map((o) => o.Key)).toEqual([
      'pre/../evil',
      'pre/<&>"\'',
      'pre/a.txt',
      'pre/a//b',
      'pre/m.txt',
      'pre/nul\u0000x',
      'pre/x\\y',
      'pre/z.txt',
    ]);
    expect(page.KeyCount).toBe(8);
    expect(page.Contents?.find((o) => o.Key === 'pre/a//b')).toMatchObject({
      Size: 3,
      StorageClass: 'STANDARD',
    });
  });

  it('puts each injected key on the one page whose key range holds it', async () => {
    const injected = ['pre/0', 'pre/b', 'pre/n', 'pre/zz'];
    proxy.setRules([{ kind: 'injectKeys', keys: injected.map((key) => ({ key })) }]);

    const keys = await listAll(client, 'pre/', 1);

    expect(keys).toEqual(['pre/0', 'pre/a.txt', 'pre/b', 'pre/m.txt', 'pre/n', 'pre/z.txt', 'pre/zz']);
  });

  it('answers every ListObjectsV2 page as the first one again, truncated, with one token', async () => {
    proxy.setRules([{ kind: 'repeatToken', token: 'LOOP' }]);
    const list = (token?: string) =>
      client.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'pre/', MaxKeys: 1, ContinuationToken: token }),
      );

    for (const page of [await list(), await list('LOOP'), await list('LOOP')])
      expect(page).toMatchObject({
        IsTruncated: true,
        NextContinuationToken: 'LOOP',
        Contents: [expect.objectContaining({ Key: 'pre/a.txt' })],
      });
    // Without a token, the page still says it is truncated.
    proxy.setRules([{ kind: 'repeatToken' }]);
    const bare = await list();
    expect(bare.IsTruncated).toBe(true);
    expect(bare.NextContinuationToken).toBeUndefined();
  });

  it('lists the whole bucket when told to ignore the prefix', async () => {
    proxy.setRules([{ kind: 'ignorePrefix' }]);
    const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'pre/' }));
    expect(page.Contents?.map((o) => o.Key)).toContain('blob.bin');
  });

  it('fires on the n-th request of each key, in whatever order the keys come', async () => {
    const once = s3Client(proxy.endpoint, { maxAttempts: 1 });
    const head = (key: string) =>
      once.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key })).then(
        () => `${key} ok`,
        () => `${key} fail`,
      );
    proxy.setRules([
      { kind: 'status', status: 500, code: 'InternalError', nth: [2, 3], match: { op: 'HeadObject' } },
    ]);

    // Two interleavings of the same requests: the outcome per key is the same.
    const first: string[] = [];
    for (const key of ['pre/a.txt', 'pre/m.txt', 'pre/a.txt', 'pre/a.txt', 'pre/m.txt', 'pre/a.txt'])
      first.push(await head(key));
    proxy.setRules([
      { kind: 'status', status: 500, code: 'InternalError', nth: [2, 3], match: { op: 'HeadObject' } },
    ]);
    const second: string[] = [];
    for (const key of ['pre/m.txt', 'pre/a.txt', 'pre/m.txt', 'pre/a.txt', 'pre/a.txt', 'pre/a.txt'])
      second.push(await head(key));
    once.destroy();

    const perKey = (outcomes: string[], key: string) => outcomes.filter((o) => o.startsWith(key));
    for (const outcomes of [first, second]) {
      expect(perKey(outcomes, 'pre/a.txt')).toEqual([
        'pre/a.txt ok',
        'pre/a.txt fail',
        'pre/a.txt fail',
        'pre/a.txt ok',
      ]);
      expect(perKey(outcomes, 'pre/m.txt')).toEqual(['pre/m.txt ok', 'pre/m.txt fail']);
    }
  });

  it('matches by operation, bucket, key (string or RegExp) and part number', async () => {
    const rule = { kind: 'status', status: 500, code: 'InternalError' } as const;
    const req = (method: string, url: string) => describeRequest(method, url, {});
    expect(req('PUT', '/faults/dir/sp%20ace%2Bplus.txt?partNumber=2&uploadId=x')).toMatchObject({
      op: 'UploadPart',
      bucket: 'faults',
      key: 'dir/sp ace+plus.txt',
      partNumber: 2,
    });
    expect(req('GET', '/faults?list-type=2&prefix=a')).toMatchObject({
      op: 'ListObjectsV2',
      bucket: 'faults',
    });
    expect(req('GET', '/faults?list-type=2').key).toBeUndefined();
    expect(describeRequest('PUT', '/faults/copy', { 'x-amz-copy-source': 'faults/a' }).op).toBe('CopyObject');

    proxy.setRules([
      { ...rule, match: { op: 'HeadObject', key: /^pre\/[az]\./ } },
      { ...rule, code: 'ByBucket', match: { op: ['GetObject'], bucket: 'faults', key: 'pre/m.txt' } },
    ]);
    const once = s3Client(proxy.endpoint, { maxAttempts: 1 });
    // HEAD errors have no body, so the SDK knows only their status.
    const outcome = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: Error & { $metadata: { httpStatusCode: number } }) => `${e.$metadata.httpStatusCode} ${e.name}`,
      );
    expect(await outcome(once.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'pre/a.txt' })))).toBe(
      '500 Unknown',
    );
    expect(await outcome(once.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'pre/m.txt' })))).toBe('ok');
    expect(await outcome(once.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'pre/m.txt' })))).toBe(
      '500 ByBucket',
    );
    expect(await outcome(once.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'pre/z.txt' })))).toBe('ok');
    once.destroy();
  });

  it('stops a rule after `times` firings across all its keys', async () => {
    const once = s3Client(proxy.endpoint, { maxAttempts: 1 });
    proxy.setRules([
      { kind: 'status', status: 500, code: 'InternalError', nth: 1, times: 2, match: { op: 'HeadObject' } },
    ]);
    const outcomes: string[] = [];
    for (const key of ['pre/a.txt', 'pre/m.txt', 'pre/z.txt', 'pre/a.txt'])
      outcomes.push(
        await once.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key })).then(
          () => 'ok',
          () => 'fail',
        ),
      );
    once.destroy();
    expect(outcomes).toEqual(['fail', 'fail', 'ok', 'ok']);
  });

  it('answers RequestTimeTooSkewed and keeps the later clock; the SDK signs its retry and later requests by it', async () => {
    const skew = 20 * 60 * 1000;
    proxy.setRules([
      { kind: 'clockSkew', offsetMs: skew, nth: 1, match: { op: 'GetObject', key: 'blob.bin' } },
    ]);

    const before = Date.now();
    expect((await getBlob()).equals(blob)).toBe(true);

    const [skewed, retried] = proxy.requests;
    expect(proxy.requests).toHaveLength(2);
    expect(skewed).toMatchObject({ fault: 'clockSkew', status: 403 });
    expect(retried).toMatchObject({ op: 'GetObject', status: 200 });
    const signedAt = (r: typeof skewed) => amzDateMs(String(r!.headers['x-amz-date']));
    expect(Math.abs(signedAt(skewed) - before)).toBeLessThan(60_000);
    // The retry is dated by the server's clock (whole seconds: the Date header has no more).
    expect(Math.abs(signedAt(retried) - (before + skew))).toBeLessThan(60_000);
    expect(client.config.systemClockOffset).toBeGreaterThan(skew - 60_000);
    expect(proxy.clockOffsetMs).toBe(skew);

    // Responses are dated by the server clock, so the SDK keeps its correction for the next request.
    await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'blob.bin' }));
    expect(proxy.requests[2]).toMatchObject({ op: 'HeadObject', status: 200 });
    expect(Math.abs(signedAt(proxy.requests[2]) - (before + skew))).toBeLessThan(60_000);
  });

  it('refuses requests dated more than 15 minutes from its clock, as RequestTimeTooSkewed with its Date', async () => {
    proxy.setClock(-30 * 60 * 1000);
    const once = s3Client(proxy.endpoint, { maxAttempts: 1 });

    const err = await once.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'blob.bin' })).catch((e) => e);
    once.destroy();

    expect(err).toMatchObject({ name: 'RequestTimeTooSkewed', $metadata: { httpStatusCode: 403 } });
    const date = Date.parse(String(err.$response.headers.date));
    expect(Math.abs(date - (Date.now() - 30 * 60 * 1000))).toBeLessThan(60_000);
    expect(proxy.requests).toMatchObject([
      { op: 'GetObject', status: 403, rejected: 'RequestTimeTooSkewed' },
    ]);
    // With retries the SDK corrects its clock and gets through.
    expect((await getBlob()).equals(blob)).toBe(true);
  });

  it('answers 400 RequestTimeout, which the SDK retries', async () => {
    proxy.setRules([{ kind: 'requestTimeout', nth: 1, match: { op: 'PutObject', key: 'slow.txt' } }]);

    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'slow.txt', Body: 'late' }));

    expect(proxy.requests.map((r) => `${r.op} ${r.status} ${r.fault ?? '-'}`)).toEqual([
      'PutObject 400 requestTimeout',
      'PutObject 200 -',
    ]);
    expect((await getObject(s3.server.endpoint, BUCKET, 'slow.txt')).body.toString()).toBe('late');

    proxy.setRules([{ kind: 'requestTimeout' }]);
    const once = s3Client(proxy.endpoint, { maxAttempts: 1 });
    await expect(once.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'slow.txt' }))).rejects.toMatchObject(
      {
        $metadata: { httpStatusCode: 400 },
      },
    );
    await expect(once.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'slow.txt' }))).rejects.toMatchObject({
      name: 'RequestTimeout',
    });
    once.destroy();
  });
});
