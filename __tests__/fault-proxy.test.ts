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
import { type FaultProxy, s3Operation, startFaultProxy } from './helpers/fault-proxy.js';
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

    expect(proxy.requests).toEqual([
      { method: 'GET', url: expect.stringMatching(/^\/faults\/blob\.bin/), fault: 'status' },
      { method: 'GET', url: expect.stringMatching(/^\/faults\/blob\.bin/) },
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

  it('applies a rule to a deterministic fraction of the requests it matches', async () => {
    const once = s3Client(proxy.endpoint, { maxAttempts: 1 });
    proxy.setRules([
      { kind: 'status', status: 500, code: 'InternalError', rate: 1 / 3, match: (r) => r.method === 'HEAD' },
    ]);

    const outcomes: string[] = [];
    for (let i = 0; i < 7; i++) {
      outcomes.push(
        await once.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'pre/a.txt' })).then(
          () => 'ok',
          () => 'fail',
        ),
      );
    }
    once.destroy();

    expect(outcomes).toEqual(['ok', 'ok', 'fail', 'ok', 'ok', 'fail', 'ok']);
  });
});
