// The moto_server harness, and each row of the behaviour table in helpers/moto.ts: if moto changes, a
// row fails here rather than a paras3 test elsewhere drawing the wrong conclusion.
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import aws4 from 'aws4';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithMoto, findOnPath } from './helpers/moto.js';

const MIB = 1024 * 1024;
const md5hex = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
const md5b64 = (b: Buffer | string) => createHash('md5').update(b).digest('base64');
const status = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode,
  );

describe('findOnPath', () => {
  it('finds an executable on a PATH-style list, and nothing on an empty one', () => {
    expect(findOnPath('node', process.env.PATH)).toMatch(/node$/);
    expect(findOnPath('node', '')).toBeUndefined();
    expect(findOnPath('moto_server', '/nonexistent')).toBeUndefined();
  });
});

describeWithMoto('moto_server behaviour', (moto) => {
  let c: S3Client;
  let bucket: string;
  const part1 = Buffer.alloc(5 * MIB, 1);
  const part2 = Buffer.alloc(MIB, 2);
  const multipartEtag = `${md5hex(Buffer.concat([createHash('md5').update(part1).digest(), createHash('md5').update(part2).digest()]))}-2`;

  beforeAll(async () => {
    c = moto.client({ maxAttempts: 1 });
    bucket = await moto.bucket('moto');
    const { UploadId } = await c.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'mp.bin' }));
    const parts = [];
    for (const [i, Body] of [part1, part2].entries()) {
      const res = await c.send(
        new UploadPartCommand({ Bucket: bucket, Key: 'mp.bin', UploadId, PartNumber: i + 1, Body }),
      );
      parts.push({ PartNumber: i + 1, ETag: res.ETag });
    }
    await c.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'mp.bin',
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    await c.send(new PutObjectCommand({ Bucket: bucket, Key: 'small.txt', Body: 'hello' }));
  });

  it('answers on an ephemeral 127.0.0.1 port, with Connection: close', async () => {
    expect(moto.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await raw('GET', `${moto.endpoint}/`);
    expect(res.status).toBe(200);
    expect(res.headers.connection).toBe('close');
  });

  it('accepts any credentials, and refuses an unsigned GET of a private object', async () => {
    const stranger = moto.client({ credentials: { accessKeyId: 'NOBODY', secretAccessKey: 'wrong' } });
    const got = await stranger.send(new GetObjectCommand({ Bucket: bucket, Key: 'small.txt' }));
    expect(await got.Body!.transformToString()).toBe('hello');
    expect((await raw('GET', `${moto.endpoint}/${bucket}/small.txt`)).status).toBe(403);
  });

  it('checks neither Content-MD5 nor x-amz-content-sha256', async () => {
    await c.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'md5.txt', Body: 'hello', ContentMD5: md5b64('other') }),
    );
    const cmd = new PutObjectCommand({ Bucket: bucket, Key: 'sha.txt', Body: 'hello' });
    cmd.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-amz-content-sha256'] = '0'.repeat(
          64,
        );
        return next(args);
      },
      { step: 'build' },
    );
    await c.send(cmd);
    const head = await c.send(new HeadObjectCommand({ Bucket: bucket, Key: 'md5.txt' }));
    expect(head.ETag).toBe(`"${md5hex('hello')}"`);
  });

  it('gives multipart objects the real multipart ETag, and parts their MD5', async () => {
    const head = await c.send(new HeadObjectCommand({ Bucket: bucket, Key: 'mp.bin' }));
    expect(head.ETag).toBe(`"${multipartEtag}"`);
    expect(head.ContentLength).toBe(6 * MIB);
  });

  it('answers HeadObject partNumber=1 with the part’s length, MD5 and the parts count, as 200', async () => {
    const head = await c.send(new HeadObjectCommand({ Bucket: bucket, Key: 'mp.bin', PartNumber: 1 }));
    expect(head.$metadata.httpStatusCode).toBe(200);
    expect(head).toMatchObject({ ContentLength: 5 * MIB, PartsCount: 2, ETag: `"${md5hex(part1)}"` });
    expect(head.ContentRange).toBeUndefined();
    expect(
      await status(c.send(new HeadObjectCommand({ Bucket: bucket, Key: 'mp.bin', PartNumber: 3 }))),
    ).toBe(500);
    const single = await c.send(new HeadObjectCommand({ Bucket: bucket, Key: 'small.txt', PartNumber: 1 }));
    expect(single.ContentRange).toBe('bytes 0-4/5');
    expect(single.PartsCount).toBeUndefined();
    expect(single.$metadata.httpStatusCode).toBe(206);
  });

  it('ignores partNumber on GetObject: the whole object, without a parts count', async () => {
    const got = await c.send(new GetObjectCommand({ Bucket: bucket, Key: 'mp.bin', PartNumber: 1 }));
    expect(got.$metadata.httpStatusCode).toBe(200);
    expect(got.PartsCount).toBeUndefined();
    expect((await got.Body!.transformToByteArray()).length).toBe(6 * MIB);
  });

  describe('keys', () => {
    const hostile = "sp ace+plus%~!'()*ü/日本.txt";
    beforeAll(async () => {
      for (const Key of [hostile, 'k/cr\rkey', 'k/nul\u0000key', 'k/x01\u0001key'])
        await c.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'v' }));
    });

    it('lists keys percent-encoded with encoding-type=url', async () => {
      const page = await c.send(
        new ListObjectsV2Command({ Bucket: bucket, EncodingType: 'url', Prefix: 'sp' }),
      );
      expect(page.EncodingType).toBe('url');
      expect(page.Contents?.map((o) => o.Key)).toEqual([
        'sp%20ace%2Bplus%25~%21%27%28%29%2A%C3%BC/%E6%97%A5%E6%9C%AC.txt',
      ]);
    });

    it('writes control characters raw into listing XML: \\r reads back as \\n unless url-encoded', async () => {
      const plain = await c.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'k/' }));
      expect(plain.Contents?.map((o) => o.Key)).toEqual(['k/cr\nkey', 'k/nul\u0000key', 'k/x01\u0001key']);
      const encoded = await c.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: 'k/', EncodingType: 'url' }),
      );
      expect(encoded.Contents?.map((o) => decodeURIComponent(o.Key!))).toEqual([
        'k/cr\rkey',
        'k/nul\u0000key',
        'k/x01\u0001key',
      ]);
      const got = await c.send(new GetObjectCommand({ Bucket: bucket, Key: 'k/cr\rkey' }));
      expect(await got.Body!.transformToString()).toBe('v');
    });

    it('cannot store a key containing \\n (404)', async () => {
      expect(
        await status(c.send(new PutObjectCommand({ Bucket: bucket, Key: 'k/lf\nkey', Body: 'v' }))),
      ).toBe(404);
    });
  });

  it('refuses a conditional PutObject with 412: If-None-Match * on an existing key, If-Match on another ETag', async () => {
    const put = (Key: string, cond: { IfNoneMatch?: string; IfMatch?: string }) =>
      status(c.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'new', ...cond })));
    expect(await put('small.txt', { IfNoneMatch: '*' })).toBe(412);
    expect(await put('fresh.txt', { IfNoneMatch: '*' })).toBe(200);
    expect(await put('small.txt', { IfMatch: '"0123456789abcdef0123456789abcdef"' })).toBe(412);
    expect(await put('small.txt', { IfMatch: `"${md5hex('hello')}"` })).toBe(200);
  });

  it('copies a multipart object to an MD5 ETag, and copies parts by range to a multipart ETag', async () => {
    const copy = await c.send(
      new CopyObjectCommand({ Bucket: bucket, Key: 'copy.bin', CopySource: `${bucket}/mp.bin` }),
    );
    expect(copy.CopyObjectResult?.ETag).toBe(`"${md5hex(Buffer.concat([part1, part2]))}"`);

    const { UploadId } = await c.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'upc.bin' }));
    const ranges = [`bytes=0-${5 * MIB - 1}`, `bytes=${5 * MIB}-${6 * MIB - 1}`];
    const parts = [];
    for (const [i, CopySourceRange] of ranges.entries()) {
      const res = await c.send(
        new UploadPartCopyCommand({
          Bucket: bucket,
          Key: 'upc.bin',
          UploadId,
          PartNumber: i + 1,
          CopySource: `${bucket}/mp.bin`,
          CopySourceRange,
        }),
      );
      parts.push({ PartNumber: i + 1, ETag: res.CopyPartResult?.ETag });
    }
    expect(parts.map((p) => p.ETag)).toEqual([`"${md5hex(part1)}"`, `"${md5hex(part2)}"`]);
    const done = await c.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'upc.bin',
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    expect(done.ETag).toBe(`"${multipartEtag}"`);
  });

  it('stores flexible checksums without checking them, and returns them on HeadObject with ChecksumMode', async () => {
    const flex = moto.client({
      requestChecksumCalculation: 'WHEN_SUPPORTED',
      responseChecksumValidation: 'WHEN_SUPPORTED',
    });
    const put = await flex.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'ck-crc32',
        Body: Buffer.from('hello'),
        ChecksumAlgorithm: 'CRC32',
      }),
    );
    expect(put.ChecksumCRC32).toBe('NhCmhg==');
    await flex.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'ck-sha',
        Body: Buffer.from('hello'),
        ChecksumAlgorithm: 'SHA256',
      }),
    );
    await flex.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'ck-crc32c',
        Body: Buffer.from('hello'),
        ChecksumAlgorithm: 'CRC32C',
      }),
    );

    const head = (Key: string) =>
      flex.send(new HeadObjectCommand({ Bucket: bucket, Key, ChecksumMode: 'ENABLED' }));
    expect((await head('ck-crc32')).ChecksumCRC32).toBe('NhCmhg==');
    expect((await head('ck-sha')).ChecksumSHA256).toBe(createHash('sha256').update('hello').digest('base64'));
    expect((await head('ck-crc32c')).ChecksumCRC32C).toBe('mnG7TA==');
    expect((await head('ck-crc32')).ChecksumType).toBeUndefined();
    const get = (Key: string) =>
      flex.send(new GetObjectCommand({ Bucket: bucket, Key, ChecksumMode: 'ENABLED' }));
    expect((await get('ck-crc32')).ChecksumCRC32).toBe('NhCmhg==');
    expect((await get('ck-crc32c')).ChecksumCRC32C).toBe('mnG7TA==');
    // The aws-chunked framing was decoded, not stored.
    expect(
      await (
        await c.send(new GetObjectCommand({ Bucket: bucket, Key: 'ck-crc32' }))
      ).Body!.transformToString(),
    ).toBe('hello');

    // A wrong checksum header is stored as given.
    await flex.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'ck-bad',
        Body: Buffer.from('hello'),
        ChecksumAlgorithm: 'CRC32',
        ChecksumCRC32: 'AAAAAA==',
      }),
    );
    expect((await head('ck-bad')).ChecksumCRC32).toBe('AAAAAA==');
  });

  it('echoes SSE headers, with a KMS key id only when given, and keeps MD5 ETags', async () => {
    const kms = await c.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'kms.txt',
        Body: 'hello',
        ServerSideEncryption: 'aws:kms',
      }),
    );
    expect(kms).toMatchObject({ ServerSideEncryption: 'aws:kms', ETag: `"${md5hex('hello')}"` });
    expect(kms.SSEKMSKeyId).toBeUndefined();
    const head = await c.send(new HeadObjectCommand({ Bucket: bucket, Key: 'kms.txt' }));
    expect(head).toMatchObject({ ServerSideEncryption: 'aws:kms', ETag: `"${md5hex('hello')}"` });
    const arn = 'arn:aws:kms:us-east-1:123456789012:key/abc';
    const withKey = await c.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'kms2.txt',
        Body: 'x',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: arn,
      }),
    );
    expect(withKey.SSEKMSKeyId).toBe(arn);
    const aes = await c.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'aes.txt', Body: 'x', ServerSideEncryption: 'AES256' }),
    );
    expect(aes.ServerSideEncryption).toBe('AES256');
  });

  it('answers DeleteObject of a missing key with 204', async () => {
    const res = await c.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'never-there' }));
    expect(res.$metadata.httpStatusCode).toBe(204);
  });

  it('serves CloudFront CreateInvalidation at /2020-05-31/distribution/{Id}/invalidation', async () => {
    const created = await cloudfront('POST', '/2020-05-31/distribution', DISTRIBUTION_CONFIG);
    expect(created.status).toBe(201);
    const id = /<Id>([^<]+)<\/Id>/.exec(created.body)?.[1];
    expect(id).toBeTruthy();

    const inv = await cloudfront(
      'POST',
      `/2020-05-31/distribution/${id}/invalidation`,
      invalidationBatch(['/index.html', '/a b/ü.html']),
    );
    expect(inv.status).toBe(201);
    expect(inv.headers.location).toMatch(new RegExp(`/2020-05-31/distribution/${id}/invalidation/\\w+$`));
    expect(inv.body).toContain('<Status>COMPLETED</Status>');
    expect(inv.body).toContain('<Path>/a b/ü.html</Path>');

    const listed = await cloudfront('GET', `/2020-05-31/distribution/${id}/invalidation`);
    expect(listed.body).toContain('<Quantity>1</Quantity>');
    const unknown = await cloudfront(
      'POST',
      '/2020-05-31/distribution/NOPE/invalidation',
      invalidationBatch(['/x']),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('<Code>NoSuchDistribution</Code>');
  });

  /** A CloudFront request: moto routes it by the service in the SigV4 credential scope. */
  function cloudfront(method: string, path: string, body?: string) {
    const url = new URL(moto.endpoint);
    const signed = aws4.sign(
      {
        host: url.host,
        method,
        path,
        service: 'cloudfront',
        region: 'us-east-1',
        body,
        headers: body ? { 'content-type': 'application/xml' } : {},
      },
      { accessKeyId: 'ANY', secretAccessKey: 'ANY' },
    );
    return raw(method, `${moto.endpoint}${signed.path}`, signed.headers as Record<string, string>, body);
  }
});

const DISTRIBUTION_CONFIG =
  '<?xml version="1.0" encoding="UTF-8"?><DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">' +
  '<CallerReference>paras3-test</CallerReference><Comment>test</Comment><Enabled>true</Enabled>' +
  '<Origins><Quantity>1</Quantity><Items><Origin><Id>site</Id><DomainName>site.s3.amazonaws.com</DomainName>' +
  '<S3OriginConfig><OriginAccessIdentity></OriginAccessIdentity></S3OriginConfig></Origin></Items></Origins>' +
  '<DefaultCacheBehavior><TargetOriginId>site</TargetOriginId><ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>' +
  '<MinTTL>0</MinTTL><ForwardedValues><QueryString>false</QueryString><Cookies><Forward>none</Forward></Cookies>' +
  '</ForwardedValues><TrustedSigners><Enabled>false</Enabled><Quantity>0</Quantity></TrustedSigners>' +
  '</DefaultCacheBehavior></DistributionConfig>';

function invalidationBatch(paths: string[]): string {
  const items = paths.map((p) => `<Path>${p}</Path>`).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?><InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">' +
    `<Paths><Quantity>${paths.length}</Quantity><Items>${items}</Items></Paths>` +
    `<CallerReference>inv-${paths.length}</CallerReference></InvalidationBatch>`
  );
}

function raw(
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => {
        text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
