// The signed store reads ListObjectsV2 answers itself (src/core/store/list-xml.ts); the SDK's parser is
// the independent implementation it must agree with, page for page, on every key a server can hold:
// reserved characters, entities, non-ASCII, pagination, common prefixes. On s3rver behind the proxy that
// checks each signature as S3 does (so the query string is signed as sent), and on moto, which encodes
// keys (encoding-type=url) and stores a carriage return.
import { describe, expect, it } from 'vitest';
import { createObjectStore } from '../src/core/store/factory.js';
import type { ListPage, ObjectStore } from '../src/core/store/types.js';
import { useS3Server } from './helpers/fixtures.js';
import { describeWithMoto } from './helpers/moto.js';
import { putObject, TEST_CREDENTIALS, TEST_ENV } from './helpers/s3server.js';

const HOSTILE_PREFIX = "sp ace+plus%~!'()*ü &amp;/";
const KEYS = [
  'plain.txt',
  'a&b<c>d"e\'f.txt',
  'sp ace+plus%20~!()*.txt',
  'ü/日本/é.txt',
  'dir/',
  'dir/inner.txt',
  'dir/deeper/x',
  'x_$folder$',
  `${HOSTILE_PREFIX}one`,
  `${HOSTILE_PREFIX}sub/two`,
];

function store(endpoint: string, kind: 'signed' | 'sdk'): Promise<ObjectStore> {
  return createObjectStore({
    region: TEST_ENV.AWS_REGION,
    endpoint,
    forcePathStyle: true,
    credentials: { ...TEST_CREDENTIALS },
    maxAttempts: 3,
    retryDelayMs: 10,
    threads: 4,
    timeoutMs: 30_000,
    store: kind,
    endpointLabel: endpoint,
  });
}

async function pages(
  s: ObjectStore,
  bucket: string,
  prefix: string,
  delimiter?: string,
): Promise<ListPage[]> {
  const out: ListPage[] = [];
  for await (const p of s.list(bucket, prefix, { delimiter })) out.push(p);
  return out;
}

/** Every listing a sync makes (recursive and one level, at the root and below hostile prefixes), both ways. */
async function expectSameListings(endpoint: string, bucket: string, prefixes: string[]): Promise<number> {
  const signed = await store(endpoint, 'signed');
  const sdk = await store(endpoint, 'sdk');
  let objects = 0;
  try {
    for (const prefix of prefixes)
      for (const delimiter of [undefined, '/']) {
        const mine = await pages(signed, bucket, prefix, delimiter);
        expect(mine, `${JSON.stringify(prefix)} ${delimiter ?? 'recursive'}`).toEqual(
          await pages(sdk, bucket, prefix, delimiter),
        );
        objects += mine.reduce((n, p) => n + p.objects.length, 0);
      }
    expect((signed as unknown as { counts: { signed: number } }).counts.signed).toBeGreaterThan(0);
  } finally {
    signed.destroy();
    sdk.destroy();
  }
  return objects;
}

describe('listing through the signed store', () => {
  const s3 = useS3Server({ verify: true });

  it('reads every page as the SDK does, with hostile keys, across pages and below hostile prefixes', async () => {
    const b = await s3.bucket('list');
    for (const k of KEYS) await putObject(s3.server.endpoint, b, k, k.endsWith('/') ? '' : `body of ${k}`);
    // Past one page of 1,000 keys, so continuation tokens are read, signed and sent back.
    const many = Array.from({ length: 1010 }, (_, i) => `many/${String(i).padStart(4, '0')}`);
    for (let i = 0; i < many.length; i += 50)
      await Promise.all(many.slice(i, i + 50).map((k) => putObject(s3.server.endpoint, b, k, k)));
    const seen = await expectSameListings(s3.proxy.endpoint, b, ['', 'many/', HOSTILE_PREFIX, 'ü/', 'none/']);
    expect(seen).toBeGreaterThan(2 * 1010);
    // Every request, listings included, carried a signature the proxy recomputed and accepted.
    expect(s3.proxy.requests.filter((q) => q.op === 'ListObjectsV2').length).toBeGreaterThan(10);
    expect(s3.proxy.requests.filter((q) => q.rejected || q.verified === false)).toEqual([]);
  });

  it('fails a listing whose page is cut short instead of reading it as complete', async () => {
    const b = await s3.bucket('list-cut');
    for (const k of ['a', 'b', 'c']) await putObject(s3.server.endpoint, b, k, k);
    s3.proxy.setRules([{ kind: 'truncate', bytes: 400, match: { op: 'ListObjectsV2' } }]);
    const signed = await store(s3.proxy.endpoint, 'signed');
    try {
      await expect(pages(signed, b, '')).rejects.toThrow();
    } finally {
      signed.destroy();
    }
  });
});

describe.each(['signed', 'sdk'] as const)('listing through the %s store, from a server that', (kind) => {
  const s3 = useS3Server({ verify: true });

  async function failure(bucket: string, prefix: string, delimiter?: string): Promise<unknown> {
    const s = await store(s3.proxy.endpoint, kind);
    try {
      await pages(s, bucket, prefix, delimiter);
    } catch (err) {
      return err;
    } finally {
      s.destroy();
    }
    throw new Error('the listing did not fail');
  }
  const listRequests = () => s3.proxy.requests.filter((q) => q.op === 'ListObjectsV2').length;

  it('repeats a continuation token, fails after the second page instead of following it forever', async () => {
    const b = await s3.bucket('list-loop');
    for (const k of ['p/a', 'p/b']) await putObject(s3.server.endpoint, b, k, k);
    // Ten answers at most: a client that follows the token past them gets s3rver's refusal of `LOOP`,
    // not a hang.
    s3.proxy.setRules([{ kind: 'repeatToken', token: 'LOOP', times: 10 }]);
    expect(await failure(b, 'p/')).toMatchObject({
      name: 'InvalidListing',
      message: 'the server repeated a continuation token ("LOOP"), so the listing would never end',
    });
    expect(listRequests()).toBe(2);
  });

  it.each([
    ['recursively', undefined, 'key "other/important.txt"'],
    ['one level down', '/', 'common prefix "other/"'],
  ])(
    'ignores the prefix, fails the listing %s at the first name outside it',
    async (_how, delimiter, what) => {
      const b = await s3.bucket('list-noprefix');
      for (const k of ['other/important.txt', 'site/', 'site/index.html', 'sitesite/index.html'])
        await putObject(s3.server.endpoint, b, k, k);
      s3.proxy.setRules([{ kind: 'ignorePrefix' }]);
      expect(await failure(b, 'site/', delimiter)).toMatchObject({
        name: 'InvalidListing',
        message: `the server listed ${what}, outside the prefix "site/" asked for`,
      });
      expect(listRequests()).toBe(1);
    },
  );

  it('says a page is truncated but gives no continuation token, fails at that page', async () => {
    const b = await s3.bucket('list-notoken');
    await putObject(s3.server.endpoint, b, 'p/a', 'a');
    s3.proxy.setRules([{ kind: 'repeatToken' }]);
    expect(await failure(b, 'p/')).toMatchObject({
      name: 'InvalidListing',
      message: 'the server sent a truncated page without a continuation token',
    });
    expect(listRequests()).toBe(1);
  });
});

describeWithMoto('listing through the signed store on moto', (moto) => {
  it('reads encoded keys (a carriage return, entities, spaces) as the SDK does', async () => {
    const b = await moto.bucket('list');
    const c = moto.client();
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    for (const k of [...KEYS, 'cr\rin/name', 'tab\tand+plus'])
      await c.send(
        new PutObjectCommand({
          Bucket: b,
          Key: k,
          Body: `body of ${k}`,
          ContentLength: Buffer.byteLength(`body of ${k}`),
        }),
      );
    const seen = await expectSameListings(moto.endpoint, b, ['', HOSTILE_PREFIX, 'cr\rin/']);
    expect(seen).toBeGreaterThan(KEYS.length);
  });
});
