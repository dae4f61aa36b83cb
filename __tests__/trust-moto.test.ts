// Issue 9, class 3, against moto_server (real multipart ETags, which s3rver does not make): a multipart
// object written by another tool, without md5chksum, is proven by recomputing its multipart ETag with its
// own part size; corrupted in transit it is fetched again, and never kept if it never matches.
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from './helpers/fault-proxy.js';
import { runMain } from './helpers/inprocess.js';
import { describeWithMoto } from './helpers/moto.js';
import { cliEnv } from './helpers/s3server.js';
import { makeTree, tempDir } from './helpers/tree.js';

const MIB = 1024 * 1024;

describeWithMoto('multipart objects without md5chksum (moto_server)', (moto) => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy(moto.endpoint);
  });
  afterAll(() => proxy.stop());

  /** Writes `body` as another tool would: 5 MiB parts (paras3's are 8 MiB), no md5chksum. */
  async function foreignMultipart(bucket: string, key: string, body: Buffer): Promise<void> {
    const c = moto.client();
    const { UploadId } = await c.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    const parts = [];
    for (let n = 0, at = 0; at < body.length; n++, at += 5 * MIB) {
      const res = await c.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          PartNumber: n + 1,
          Body: body.subarray(at, at + 5 * MIB),
        }),
      );
      parts.push({ PartNumber: n + 1, ETag: res.ETag });
    }
    await c.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
  }

  const paras3 = (args: string[]) =>
    runMain(args, { ...cliEnv(proxy.endpoint), HOME: moto.env.HOME as string });
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  for (const key of ['big.bin', 'deep/er/big.bin']) {
    it(`is verified by its recomputed multipart ETag, and its content unchanged afterwards both ways (${key})`, async () => {
      const bucket = await moto.bucket('mp-foreign');
      const big = randomBytes(12 * MIB + 17);
      await foreignMultipart(bucket, `p/${key}`, big);
      const dst = await tempDir();
      const down = await paras3(['-r', '--make-dirs', `${bucket}:p/`, `${dst}/`]);
      expect(down.code, down.stderr).toBe(0);
      expect(down.stderr).toBe('');
      expect(sha(await readFile(join(dst, key)))).toBe(sha(big));

      // Equal content under another part size: no transfer in either direction.
      const again = await paras3(['-r', '--make-dirs', `${bucket}:p/`, `${dst}/`]);
      expect(again.stdout).toMatch(/files 0 created, 0 updated, 0 deleted, 1 unchanged/);
      // The other tool stored no mode, owner or mtime: the backup adds them without re-sending the bytes.
      const up = await paras3(['-r', `${dst}/`, `${bucket}:p`]);
      expect(up.code, up.stderr).toBe(0);
      expect(up.stdout).toMatch(/files 0 created, 0 updated, 1 metadata updated, 0 deleted, 0 unchanged/);
      const upAgain = await paras3(['-r', `${dst}/`, `${bucket}:p`]);
      expect(upAgain.stdout).toMatch(/files 0 created, 0 updated, 0 deleted, 1 unchanged/);
    }, 60_000);
  }

  it('corrupted in transit once, is fetched again and lands whole', async () => {
    const bucket = await moto.bucket('mp-flaky');
    const big = randomBytes(11 * MIB);
    await foreignMultipart(bucket, 'p/sub/big.bin', big);
    proxy.setRules([
      { kind: 'corrupt', offset: 6 * MIB, match: { op: 'GetObject', key: 'p/sub/big.bin' }, nth: 1 },
    ]);
    const dst = await tempDir();
    const r = await paras3(['-r', '--make-dirs', `${bucket}:p/`, `${dst}/`]);
    proxy.setRules([]);
    expect(r.code, r.stderr).toBe(0);
    expect(sha(await readFile(join(dst, 'sub/big.bin')))).toBe(sha(big));
  }, 60_000);

  it('corrupted on every attempt, fails that entry and keeps no wrong bytes, nor a temp file', async () => {
    const bucket = await moto.bucket('mp-bad');
    const big = randomBytes(11 * MIB);
    await foreignMultipart(bucket, 'p/big.bin', big);
    const dst = await tempDir();
    await makeTree(dst, { 'big.bin': 'the old version' });
    proxy.setRules([{ kind: 'corrupt', offset: 1234, match: { op: 'GetObject', key: 'p/big.bin' } }]);
    const r = await paras3(['-r', `${bucket}:p/`, `${dst}/`]);
    proxy.setRules([]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^paras3: failed to download big\.bin: .*multipart ETag mismatch/m);
    expect(await readdir(dst)).toEqual(['big.bin']);
    expect(await readFile(join(dst, 'big.bin'), 'utf8')).toBe('the old version');
  }, 60_000);
});
