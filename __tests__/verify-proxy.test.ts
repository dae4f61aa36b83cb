// The fault proxy's verifying mode: it checks what S3 checks and s3rver does not (SigV4 signatures by an
// independent implementation, the payload hash, Content-MD5), so each check is shown failing on a request
// S3 would refuse, and passing on the SDK's own correct requests, hostile keys included.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import type { BuildMiddleware } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { ACK_ABORTS, onFirst } from './helpers/fault-proxy.js';
import { useS3Server } from './helpers/fixtures.js';
import { runCli } from './helpers/run.js';
import { getObject, listKeys, s3Client, TEST_CREDENTIALS } from './helpers/s3server.js';
import { makeTree, readTree, tempDir } from './helpers/tree.js';
import { decodeAwsChunked, verifyS3Payload } from './helpers/verify-s3.js';

const BUCKET = 'verified';
const s3 = useS3Server({ bucket: BUCKET, verify: true });

const HOSTILE = "sp ace+plus%~!'()*ü/日本.txt";
const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('base64');
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** The SDK signer's hash interface over node:crypto (HMAC when given a secret). */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** Runs `fn` with a client for the proxy, destroyed afterwards. */
async function withClient<T>(
  fn: (c: S3Client) => Promise<T>,
  overrides: Parameters<typeof s3Client>[1] = {},
): Promise<T> {
  const c = s3Client(s3.proxy.endpoint, { maxAttempts: 1, ...overrides });
  try {
    return await fn(c);
  } finally {
    c.destroy();
  }
}

/** A build-step middleware that sets x-amz-content-sha256 before the SDK signs (as paras3 does for parts). */
function payloadHash<I extends object, O extends object>(value: string): BuildMiddleware<I, O> {
  return (next) => (args) => {
    (args.request as { headers: Record<string, string> }).headers['x-amz-content-sha256'] = value;
    return next(args);
  };
}

const stored = async (key: string) => (await listKeys(s3.server.endpoint, BUCKET, key)).map((k) => k.key);

describe('the verifying proxy passes what S3 accepts', () => {
  it('verifies the SDK’s requests for a key full of reserved characters, and the object is stored', async () => {
    const keys = [HOSTILE, 'q?a=b&c#d;e:f@g,h$i[j]k {x}^`|"<>.txt', 'dir/./x/../y.txt'];
    await withClient(async (c) => {
      for (const Key of keys) {
        await c.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key, ContentMD5: md5(Key) }));
        const got = await c.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
        expect(await got.Body!.transformToString()).toBe(Key);
        await c.send(new HeadObjectCommand({ Bucket: BUCKET, Key }));
      }
      // Hostile characters in the query too.
      const page = await c.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'sp ace+plus%~!', StartAfter: "sp ace+plus%~!'" }),
      );
      expect(page.Contents?.map((o) => o.Key)).toEqual([HOSTILE]);
    });

    expect(s3.proxy.requests.filter((r) => !r.verified)).toEqual([]);
    expect(s3.proxy.requests.map((r) => `${r.op} ${r.status}`)).toEqual([
      ...keys.flatMap(() => ['PutObject 200', 'GetObject 200', 'HeadObject 200']),
      'ListObjectsV2 200',
    ]);
    expect(s3.proxy.requests[0]).toMatchObject({ key: HOSTILE, headers: { 'content-md5': md5(HOSTILE) } });
    for (const key of keys)
      expect((await getObject(s3.server.endpoint, BUCKET, key)).body.toString()).toBe(key);
  });

  it('verifies a multipart upload with unsigned part payloads, and a batch delete', async () => {
    const part1 = Buffer.alloc(5 * 1024 * 1024, 1);
    const part2 = Buffer.from('tail');
    await withClient(async (c) => {
      const { UploadId } = await c.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'mp.bin' }));
      const parts = [];
      for (const [i, Body] of [part1, part2].entries()) {
        const cmd = new UploadPartCommand({
          Bucket: BUCKET,
          Key: 'mp.bin',
          UploadId,
          PartNumber: i + 1,
          Body,
          ContentMD5: md5(Body),
        });
        cmd.middlewareStack.add(payloadHash('UNSIGNED-PAYLOAD'), { step: 'build' });
        parts.push({ PartNumber: i + 1, ETag: (await c.send(cmd)).ETag });
      }
      await c.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key: 'mp.bin',
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
      await c.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'mp.bin' }] } }));
    });

    expect(s3.proxy.requests.map((r) => `${r.op} ${r.verified} ${r.status}`)).toEqual([
      'CreateMultipartUpload true 200',
      'UploadPart true 200',
      'UploadPart true 200',
      'CompleteMultipartUpload true 200',
      'DeleteObjects true 200',
    ]);
    const uploads = s3.proxy.requests.filter((r) => r.op === 'UploadPart');
    expect(uploads.map((r) => r.headers['x-amz-content-sha256'])).toEqual([
      'UNSIGNED-PAYLOAD',
      'UNSIGNED-PAYLOAD',
    ]);
    expect(uploads.map((r) => r.headers['content-md5'])).toEqual([md5(part1), md5(part2)]);
  });

  it('verifies presigned URLs, and refuses one with a changed signature or past its expiry', async () => {
    const url = new URL(s3.proxy.endpoint);
    const signer = new SignatureV4({
      service: 's3',
      region: 'us-east-1',
      credentials: TEST_CREDENTIALS,
      sha256: Sha256,
      uriEscapePath: false,
    });
    await withClient((c) =>
      c.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'pre.txt', Body: 'presigned' })),
    );
    const presign = async (signingDate: Date, expiresIn: number) => {
      const signed = await signer.presign(
        {
          method: 'GET',
          protocol: 'http:',
          hostname: url.hostname,
          port: Number(url.port),
          path: `/${BUCKET}/pre.txt`,
          query: {},
          // As the SDK's S3 presigner does: the payload hash of a presigned URL is UNSIGNED-PAYLOAD, a
          // value the signer uses but neither signs nor moves into the query.
          headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        },
        {
          signingDate,
          expiresIn,
          unsignableHeaders: new Set(['x-amz-content-sha256']),
          unhoistableHeaders: new Set(['x-amz-content-sha256']),
        },
      );
      const q = new URLSearchParams(signed.query as Record<string, string>).toString();
      return `${signed.path}?${q}`;
    };
    const good = await presign(new Date(), 300);

    expect(await get(good)).toEqual({ status: 200, body: 'presigned' });
    const forged = good.replace(
      /X-Amz-Signature=([0-9a-f])/,
      (_, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`,
    );
    expect(await get(forged)).toMatchObject({
      status: 403,
      body: expect.stringContaining('SignatureDoesNotMatch'),
    });
    const expired = await presign(new Date(Date.now() - 3600_000), 60);
    expect(await get(expired)).toMatchObject({
      status: 403,
      body: expect.stringContaining('Request has expired'),
    });
  });
});

describe('the verifying proxy refuses what S3 refuses', () => {
  it('refuses a key signed with its path encoded twice (the signing rule of other services, not S3)', async () => {
    await withClient((c) => c.send(new PutObjectCommand({ Bucket: BUCKET, Key: HOSTILE, Body: 'once' })));
    const path = `/${BUCKET}/${HOSTILE.split('/').map(encodeSegment).join('/')}`;
    const signedGet = async (uriEscapePath: boolean) => {
      const url = new URL(s3.proxy.endpoint);
      const signer = new SignatureV4({
        service: 's3',
        region: 'us-east-1',
        credentials: TEST_CREDENTIALS,
        sha256: Sha256,
        uriEscapePath,
      });
      const signed = await signer.sign({
        method: 'GET',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path,
        query: {},
        headers: { host: url.host, 'x-amz-content-sha256': sha256('') },
      });
      return get(path, signed.headers);
    };

    expect(await signedGet(false)).toEqual({ status: 200, body: 'once' });
    expect(await signedGet(true)).toMatchObject({
      status: 403,
      body: expect.stringContaining('<Code>SignatureDoesNotMatch</Code>'),
    });
  });

  it('answers 403 SignatureDoesNotMatch to a request signed with the wrong secret, and stores nothing', async () => {
    const err = await withClient(
      (c) =>
        c.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'forged.txt', Body: 'x' })).catch((e: Error) => e),
      { credentials: { ...TEST_CREDENTIALS, secretAccessKey: 'not-the-secret' } },
    );

    expect(err).toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    expect(s3.proxy.requests).toMatchObject([
      { op: 'PutObject', verified: false, rejected: 'SignatureDoesNotMatch', status: 403 },
    ]);
    expect(await stored('forged.txt')).toEqual([]);
  });

  it('answers InvalidAccessKeyId to an unknown key id and AuthorizationHeaderMalformed to another region', async () => {
    const head = (overrides: Parameters<typeof s3Client>[1]) =>
      withClient(
        (c) => c.send(new ListObjectsV2Command({ Bucket: BUCKET })).catch((e: Error) => e),
        overrides,
      );

    expect(await head({ credentials: { ...TEST_CREDENTIALS, accessKeyId: 'NOBODY' } })).toMatchObject({
      name: 'InvalidAccessKeyId',
      $metadata: { httpStatusCode: 403 },
    });
    expect(await head({ region: 'eu-west-1' })).toMatchObject({
      name: 'AuthorizationHeaderMalformed',
      Region: 'us-east-1',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers 400 BadDigest to a PutObject whose Content-MD5 is not the body’s, and InvalidDigest to a malformed one', async () => {
    const put = (Key: string, ContentMD5: string) =>
      withClient((c) =>
        c
          .send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'hello', ContentMD5 }))
          .catch((e: Error) => e),
      );

    expect(await put('bad-md5.txt', md5('hellO'))).toMatchObject({
      name: 'BadDigest',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await put('bad-md5.txt', 'not base64 of 16 bytes')).toMatchObject({ name: 'InvalidDigest' });
    expect(await stored('bad-md5.txt')).toEqual([]);
    expect(s3.proxy.requests.map((r) => r.rejected)).toEqual(['BadDigest', 'InvalidDigest']);
    // The signature itself was fine: only the digest failed.
    expect(await put('bad-md5.txt', md5('hello'))).toMatchObject({
      ETag: `"${createHash('md5').update('hello').digest('hex')}"`,
    });
  });

  it('answers 400 XAmzContentSHA256Mismatch when the signed payload hash is not the body’s', async () => {
    const err = await withClient((c) => {
      const cmd = new PutObjectCommand({ Bucket: BUCKET, Key: 'bad-sha.txt', Body: 'hello' });
      cmd.middlewareStack.add(payloadHash(sha256('hellO')), { step: 'build' });
      return c.send(cmd).catch((e: Error) => e);
    });

    expect(err).toMatchObject({ name: 'XAmzContentSHA256Mismatch', $metadata: { httpStatusCode: 400 } });
    expect(await stored('bad-sha.txt')).toEqual([]);
  });

  it('refuses a byte flipped in transit when the request carried Content-MD5; without it the damage is stored', async () => {
    s3.proxy.setRules([{ kind: 'corruptUpload', match: { op: 'PutObject' } }]);
    const put = (Key: string, withMd5: boolean) =>
      withClient((c) => {
        const cmd = new PutObjectCommand({
          Bucket: BUCKET,
          Key,
          Body: 'precious',
          ContentMD5: withMd5 ? md5('precious') : undefined,
        });
        cmd.middlewareStack.add(payloadHash('UNSIGNED-PAYLOAD'), { step: 'build' });
        return c.send(cmd).catch((e: Error) => e);
      });

    expect(await put('guarded.txt', true)).toMatchObject({ name: 'BadDigest' });
    await put('unguarded.txt', false);

    expect(await stored('guarded.txt')).toEqual([]);
    expect((await getObject(s3.server.endpoint, BUCKET, 'unguarded.txt')).body.toString()).not.toBe(
      'precious',
    );
  });
});

describe('paras3 through the verifying proxy', () => {
  it('signs every request it sends correctly, and sends Content-MD5 with every PutObject and UploadPart', async () => {
    const bucket = await s3.bucket('cli');
    const src = await tempDir();
    const spec = {
      [HOSTILE]: 'hostile',
      'q?a=b&c#d;e:f@g,h$i[j]k {x}^`|.txt': 'query-like',
      'empty.txt': '',
      'big.bin': randomBytes(9 * 1024 * 1024),
    };
    await makeTree(src, spec);

    const up = await runCli(['-r', `${src}/`, `${bucket}:`], { env: s3.proxyEnv });
    expect(up.code, up.stderr).toBe(0);
    const dst = await tempDir();
    const down = await runCli(['-r', `${bucket}:`, `${dst}/`], { env: s3.proxyEnv });
    expect(down.code, down.stderr).toBe(0);
    expect(await readTree(dst)).toEqual(await readTree(src));
    await rm(join(src, 'empty.txt'));
    const del = await runCli(['-r', '--delete', `${src}/`, `${bucket}:`], { env: s3.proxyEnv });
    expect(del.code, del.stderr).toBe(0);

    const log = s3.proxy.requests;
    expect(log.filter((q) => !q.verified).map((q) => `${q.op} ${q.key} ${q.rejected}`)).toEqual([]);
    const uploads = log.filter((q) => q.op === 'PutObject' || q.op === 'UploadPart');
    expect(uploads.map((q) => `${q.op} ${q.key}${q.partNumber ? `#${q.partNumber}` : ''}`).sort()).toEqual(
      [...Object.keys(spec).filter((k) => k !== 'big.bin'), "sp ace+plus%~!'()*ü/"]
        .map((k) => `PutObject ${k}`)
        .concat(['UploadPart big.bin#1', 'UploadPart big.bin#2'])
        .sort(),
    );
    expect(uploads.filter((q) => q.headers['content-md5'] === undefined)).toEqual([]);
    expect(log.map((q) => q.op)).toContain('DeleteObjects');
  }, 120_000);

  it('a file rewritten during its multipart upload is refused by S3 (BadDigest), then uploaded whole again', async () => {
    const bucket = await s3.bucket('rewrite');
    const src = await tempDir();
    const file = join(src, 'big.bin');
    // Eight parts of 8 MiB: parts are read four at a time, so the later ones are read after the rewrite.
    const v1 = randomBytes(64 * 1024 * 1024);
    const v2 = randomBytes(64 * 1024 * 1024);
    await writeFile(file, v1);
    // The first part request rewrites the file in place (never shorter: a read that came up short would
    // be caught on this side, before S3 could see anything): the parts read after it, at least parts
    // 5-8, no longer have the hashed MD5s.
    const rewrite = onFirst('UploadPart', () => {
      const fd = openSync(file, 'r+');
      try {
        writeSync(fd, v2, 0, v2.length, 0);
      } finally {
        closeSync(fd);
      }
    });
    s3.proxy.setRules([ACK_ABORTS, rewrite]);
    const up = await runCli(['-r', `${src}/`, `${bucket}:`], { env: s3.proxyEnv });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toBe('');
    expect(rewrite.fired()).toBe(true);
    // The proxy checked Content-MD5 as S3 does: at least one part of the first attempt was refused.
    expect(s3.proxy.requests.filter((q) => q.rejected === 'BadDigest').length).toBeGreaterThan(0);
    expect((await getObject(s3.server.endpoint, bucket, 'big.bin')).body.equals(v2)).toBe(true);
  }, 120_000);

  it('refuses the CLI signing with the wrong secret, and nothing is stored', async () => {
    const bucket = await s3.bucket('cli');
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'a' });

    const r = await runCli(['-r', `${src}/`, `${bucket}:`], {
      env: { ...s3.proxyEnv, AWS_SECRET_ACCESS_KEY: 'not-the-secret' },
    });

    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/signature/i);
    expect(s3.proxy.requests.length).toBeGreaterThan(0);
    expect(new Set(s3.proxy.requests.map((q) => q.rejected))).toEqual(new Set(['SignatureDoesNotMatch']));
    expect(await listKeys(s3.server.endpoint, bucket)).toEqual([]);
  });
});

describe('verifyS3Payload', () => {
  const chunked = Buffer.from(
    '5;chunk-signature=00\r\nhello\r\n6;chunk-signature=00\r\n world\r\n0;chunk-signature=00\r\n' +
      'x-amz-checksum-crc32:AAAAAA==\r\n\r\n',
  );
  const streaming = (headers: Record<string, string>) => ({
    headers: { 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', ...headers },
  });

  it('checks Content-MD5 against the payload of an aws-chunked body, not its framing', () => {
    expect(decodeAwsChunked(chunked)?.toString()).toBe('hello world');
    expect(verifyS3Payload(streaming({ 'content-md5': md5('hello world') }), chunked)).toBeUndefined();
    expect(verifyS3Payload(streaming({ 'content-md5': md5(chunked) }), chunked)?.code).toBe('BadDigest');
  });

  it('refuses broken chunk framing and a wrong decoded length', () => {
    expect(decodeAwsChunked(Buffer.from('5\r\nhel'))).toBeUndefined();
    expect(verifyS3Payload(streaming({}), Buffer.from('5\r\nhel'))?.code).toBe('IncompleteBody');
    expect(verifyS3Payload(streaming({ 'x-amz-decoded-content-length': '12' }), chunked)?.code).toBe(
      'IncompleteBody',
    );
  });

  it('accepts UNSIGNED-PAYLOAD and a matching digest, and refuses anything else in x-amz-content-sha256', () => {
    const body = Buffer.from('abc');
    const check = (v: string) => verifyS3Payload({ headers: { 'x-amz-content-sha256': v } }, body)?.code;
    expect(check('UNSIGNED-PAYLOAD')).toBeUndefined();
    expect(check(sha256(body))).toBeUndefined();
    expect(check(sha256('abd'))).toBe('XAmzContentSHA256Mismatch');
    expect(check('UNSIGNED')).toBe('InvalidArgument');
  });
});

/** A key segment as S3 expects it in the path (RFC 3986: all but unreserved characters encoded). */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** GET through the proxy with a raw request (no SDK), for presigned URLs and hand-signed requests. */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${s3.proxy.endpoint}${path}`, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
