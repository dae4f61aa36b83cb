// Issue 5, "faults": bytes that arrive damaged are retried and never kept, bytes the server stored
// damaged are caught by their ETag, and a file that changes while it is uploaded is never stored half old,
// half new without notice. Faults come from the proxy in front of a real s3rver.
import { createHash, randomBytes } from 'node:crypto';
import { utimesSync, writeFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { md5Hex } from '../src/core/hash.js';
import { VerifyError } from '../src/core/retry.js';
import { SdkStore } from '../src/core/store/sdk.js';
import { uploadInParts } from '../src/core/transfer/multipart.js';
import { ACK_ABORTS, onFirst, onFirstWhere, s3Operation } from './helpers/fault-proxy.js';
import { useS3Server } from './helpers/fixtures.js';
import { runCli } from './helpers/run.js';
import { cliEnv, getObject, listKeys, putObject, s3Client } from './helpers/s3server.js';
import { makeTree, readTree, tempDir } from './helpers/tree.js';

const BUCKET = 'faults';
const MIB = 1024 * 1024;
const blob = randomBytes(300_000);
const other = randomBytes(50_000);
// Large enough to be hashed on the hashing thread as it is written (download.ts, TailHasher), in more
// than one hand-over.
const large = randomBytes(9 * MIB + 17);

const s3 = useS3Server({ bucket: BUCKET, proxy: true });
// Seeded straight to the server, once the fixture's beforeAll has started it: the proxy never sees these.
beforeAll(async () => {
  await putObject(s3.server.endpoint, BUCKET, 'dl/blob.bin', blob);
  await putObject(s3.server.endpoint, BUCKET, 'dl/other.bin', other);
  await putObject(s3.server.endpoint, BUCKET, 'large/blob.bin', large);
  await putObject(s3.server.endpoint, BUCKET, 'large/other.bin', other);
});

const viaProxy = (args: string[]) => runCli(args, { env: cliEnv(s3.proxy.endpoint) });
const onKey = (op: string, key: string) => (r: { method: string; url: string }) =>
  s3Operation(r) === op && new URL(r.url, 'http://x').pathname === `/${BUCKET}/${key}`;
const faultsSeen = () => s3.proxy.requests.filter((r) => r.fault).map((r) => `${s3Operation(r)} ${r.fault}`);
const base64Md5 = (b: Buffer) => createHash('md5').update(b).digest('base64');

describe.each([
  ['dl', blob, 'hashed as received'],
  ['large', large, 'hashed on the hashing thread'],
] as const)('downloads are verified: %s/blob.bin, %s', (prefix, body, _how) => {
  for (const [rule, damaged] of [
    [{ kind: 'truncate', bytes: 1000 }, 'truncated'],
    [{ kind: 'corrupt', offset: 123_456 }, 'corrupt'],
    // No ETag in the response: the listing's is the one to check against, never the size alone.
    [{ kind: 'corrupt', offset: 123_456, dropEtag: true }, 'corrupt and without an ETag'],
  ] as const) {
    it(`a ${damaged} body is retried and the file is byte-identical`, async () => {
      const dst = await tempDir();
      s3.proxy.setRules([{ ...rule, times: 1, match: onKey('GetObject', `${prefix}/blob.bin`) }]);
      const run = await viaProxy(['-r', `${BUCKET}:${prefix}/`, `${dst}/`]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(faultsSeen()).toEqual([`GetObject ${rule.kind}`]);
      expect(s3.proxy.requests.filter(onKey('GetObject', `${prefix}/blob.bin`))).toHaveLength(2);
      expect(await readdir(dst)).toEqual(['blob.bin', 'other.bin']);
      expect((await readFile(join(dst, 'blob.bin'))).equals(body)).toBe(true);
    });

    it(`when every attempt is ${damaged}, nothing is kept under the final name or as a temp file`, async () => {
      const dst = await tempDir();
      await makeTree(dst, { 'keep.txt': 'kept' });
      s3.proxy.setRules([{ ...rule, match: onKey('GetObject', `${prefix}/blob.bin`) }]);
      const run = await viaProxy(['-r', `${BUCKET}:${prefix}/`, `${dst}/`]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        rule.kind === 'corrupt'
          ? /^paras3: failed to download blob\.bin: blob\.bin: MD5 mismatch/m
          : new RegExp(
              `^paras3: failed to download blob\\.bin: blob\\.bin: body cut short after \\d+ of ${body.length} bytes`,
              'm',
            ),
      );
      expect(s3.proxy.requests.filter(onKey('GetObject', `${prefix}/blob.bin`))).toHaveLength(3);
      expect(run.stdout).toMatch(/files 1 created, 0 updated, 0 deleted, 0 unchanged; 1 failed/);
      // The other file went on; the failed one left nothing behind (readdir lists dot-files too).
      expect(await readdir(dst)).toEqual(['keep.txt', 'other.bin']);
    });
  }

  it('a damaged download does not replace the existing file', async () => {
    const dst = await tempDir();
    await makeTree(dst, { 'blob.bin': 'the old version', 'other.bin': other });
    s3.proxy.setRules([{ kind: 'corrupt', match: onKey('GetObject', `${prefix}/blob.bin`) }]);
    const run = await viaProxy(['-r', `${BUCKET}:${prefix}/`, `${dst}/`]);
    expect(run.code).toBe(1);
    expect(await readTree(dst)).toEqual({
      'blob.bin': { kind: 'file', content: 'the old version' },
      'other.bin': { kind: 'file', content: other.toString('utf8') },
    });
  });
});

describe('uploads are verified', () => {
  it('a body the server stored damaged is caught by its ETag and sent again', async () => {
    const src = await tempDir();
    await makeTree(src, { 'a.bin': blob, 'b.txt': 'b' });
    s3.proxy.setRules([
      { kind: 'corruptUpload', offset: 10, times: 1, match: onKey('PutObject', 'up1/a.bin') },
    ]);
    const run = await viaProxy(['-r', `${src}/`, `${BUCKET}:up1/`]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(faultsSeen()).toEqual(['PutObject corruptUpload']);
    expect((await getObject(s3.server.endpoint, BUCKET, 'up1/a.bin')).body.equals(blob)).toBe(true);
  });

  it('a part the server stored damaged is caught by its ETag; the upload is aborted and sent again', async () => {
    const big = randomBytes(17 * MIB);
    const src = await tempDir();
    await makeTree(src, { 'big.bin': big });
    s3.proxy.setRules([
      ACK_ABORTS,
      { kind: 'corruptUpload', offset: 5, times: 1, match: onKey('UploadPart', 'up2/big.bin') },
    ]);
    const run = await viaProxy(['-r', `${src}/`, `${BUCKET}:up2/`]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(faultsSeen()).toEqual(['UploadPart corruptUpload', 'AbortMultipartUpload status']);
    const ops = s3.proxy.requests.map(s3Operation);
    expect(ops.filter((o) => o === 'CreateMultipartUpload')).toHaveLength(2);
    expect(ops.filter((o) => o === 'AbortMultipartUpload')).toHaveLength(1);
    expect(ops.filter((o) => o === 'CompleteMultipartUpload')).toHaveLength(1);
    expect((await getObject(s3.server.endpoint, BUCKET, 'up2/big.bin')).body.equals(big)).toBe(true);
  });

  it('when every attempt is stored damaged, the file is reported and the run exits 1', async () => {
    const src = await tempDir();
    await makeTree(src, { 'a.bin': blob, 'b.txt': 'b' });
    s3.proxy.setRules([{ kind: 'corruptUpload', match: onKey('PutObject', 'up3/a.bin') }]);
    const run = await viaProxy(['-r', `${src}/`, `${BUCKET}:up3/`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^paras3: failed to upload a\.bin: a\.bin: server stored different bytes/m);
    expect(s3.proxy.requests.filter(onKey('PutObject', 'up3/a.bin'))).toHaveLength(3);
    expect((await getObject(s3.server.endpoint, BUCKET, 'up3/b.txt')).body.toString()).toBe('b');
  });
});

describe('a file that changes while it is uploaded', () => {
  const v1 = randomBytes(17 * MIB);
  const v2 = randomBytes(17 * MIB);

  it('is uploaded again, so the object is one whole version with a matching md5chksum', async () => {
    const src = await tempDir();
    const file = join(src, 'big.bin');
    await writeFile(file, v1);
    const rewriteOnFirstPart = onFirst('UploadPart', () => writeFileSync(file, v2));
    s3.proxy.setRules([ACK_ABORTS, rewriteOnFirstPart]);
    const run = await viaProxy(['-r', `${src}/`, `${BUCKET}:chg1/`]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(rewriteOnFirstPart.fired()).toBe(true);
    expect(s3.proxy.requests.map(s3Operation).filter((o) => o === 'CreateMultipartUpload')).toHaveLength(2);
    const stored = await getObject(s3.server.endpoint, BUCKET, 'chg1/big.bin');
    expect(stored.body.equals(v2)).toBe(true);
    expect(stored.metadata.md5chksum).toBe(base64Md5(v2));
  });

  it('after its last part was sent is caught before the upload completes: the previous object stays meanwhile', async () => {
    const src = await tempDir();
    const file = join(src, 'big.bin');
    await writeFile(file, v1);
    // Same bytes, another mtime: only the check before CompleteMultipartUpload can see it.
    const past = new Date('2001-01-01T00:00:00Z');
    const touch = onFirstWhere(
      (r) => s3Operation(r) === 'UploadPart' && /[?&]partNumber=3(&|$)/.test(r.url),
      () => utimesSync(file, past, past),
    );
    s3.proxy.setRules([ACK_ABORTS, touch]);
    s3.proxy.requests.length = 0;
    const run = await viaProxy(['-r', `${src}/`, `${BUCKET}:chg4/`]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(touch.fired()).toBe(true);
    const ops = s3.proxy.requests.map(s3Operation);
    expect(ops.filter((o) => o === 'CreateMultipartUpload')).toHaveLength(2);
    expect(ops.filter((o) => o === 'AbortMultipartUpload')).toHaveLength(1);
    expect(ops.filter((o) => o === 'CompleteMultipartUpload')).toHaveLength(1);
    const stored = await getObject(s3.server.endpoint, BUCKET, 'chg4/big.bin');
    expect(stored.body.equals(v1)).toBe(true);
    expect(stored.metadata.mtime).toMatch(/^978307200(\.0+)?$/);
  });

  it('that never settles is reported after the last attempt, and the run exits 1', async () => {
    const src = await tempDir();
    const file = join(src, 'big.bin');
    await writeFile(file, v1);
    let flips = 0;
    s3.proxy.setRules([
      ACK_ABORTS,
      {
        kind: 'status',
        status: 500,
        code: 'Unused',
        match: (r) => {
          if (s3Operation(r) === 'CreateMultipartUpload') {
            writeFileSync(file, ++flips % 2 ? v2 : v1);
          }
          return false;
        },
      },
    ]);
    const run = await viaProxy(['-r', `${src}/`, `${BUCKET}:chg2/`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^paras3: failed to upload big\.bin: .*big\.bin.*changed while it was being uploaded/m,
    );
    expect(flips).toBe(3);
    expect(await listKeys(s3.server.endpoint, BUCKET, 'chg2/big.bin')).toEqual([]);
  });

  it('is caught part by part: a part whose bytes differ from the hash aborts the upload before it completes', async () => {
    const src = await tempDir();
    const file = join(src, 'big.bin');
    await writeFile(file, v1);
    const parts = [0, 1, 2].map((n) => md5Hex(v1.subarray(n * 8 * MIB, (n + 1) * 8 * MIB)));
    await putObject(s3.server.endpoint, BUCKET, 'chg3/big.bin', 'the previous version');
    await writeFile(file, Buffer.concat([v1.subarray(0, 16 * MIB), v2.subarray(16 * MIB)]));

    s3.proxy.setRules([ACK_ABORTS]);
    s3.proxy.requests.length = 0;
    const client = s3Client(s3.proxy.endpoint);
    const attempt = uploadInParts({
      store: new SdkStore(client, s3.proxy.endpoint),
      bucket: BUCKET,
      key: 'chg3/big.bin',
      headers: {},
      fsPath: file,
      label: 'big.bin',
      size: v1.length,
      partSize: 8 * MIB,
      partMd5s: parts,
      queueSize: 1,
      onBytes: () => {},
    });
    // Part 3 goes out with the MD5 it had when hashed; s3rver ignores Content-MD5 (S3 would refuse it
    // with BadDigest) and answers with the MD5 of what it got, which differs: the upload is aborted.
    await expect(attempt).rejects.toThrow(VerifyError);
    await expect(attempt).rejects.toThrow(
      /big\.bin: part 3 arrived as other bytes .*changed while it was being uploaded/,
    );
    client.destroy();
    expect(s3.proxy.requests.map(s3Operation)).toEqual([
      'CreateMultipartUpload',
      'UploadPart',
      'UploadPart',
      'UploadPart',
      'AbortMultipartUpload',
    ]);
    expect((await getObject(s3.server.endpoint, BUCKET, 'chg3/big.bin')).body.toString()).toBe(
      'the previous version',
    );
    const head = await s3Client(s3.server.endpoint).send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: 'chg3/big.bin' }),
    );
    expect(head.ContentLength).toBe(20);
  });
});

describe('a delete phase that fails part way', () => {
  it('a second DeleteObjects batch that fails leaves the first batch counted as deleted, exit 1', async () => {
    const stale = Array.from({ length: 1001 }, (_, i) => `delfail/s${String(i).padStart(4, '0')}.txt`);
    for (let i = 0; i < stale.length; i += 50)
      await Promise.all(stale.slice(i, i + 50).map((k) => putObject(s3.server.endpoint, BUCKET, k, 'x')));
    const src = await tempDir();
    await makeTree(src, { 'keep.txt': 'keep' });
    s3.proxy.setRules([
      {
        kind: 'status',
        status: 500,
        code: 'InternalError',
        nth: 2,
        match: (r) => s3Operation(r) === 'DeleteObjects',
      },
    ]);
    const run = await runCli(['-r', '-q', '--delete', `${src}/`, `${BUCKET}:delfail/`], {
      env: { ...cliEnv(s3.proxy.endpoint), S3SYNC_RETRIES: '1' },
    });

    expect(run.code).toBe(1);
    expect((await listKeys(s3.server.endpoint, BUCKET, 'delfail/')).map((k) => k.key)).toEqual([
      'delfail/',
      'delfail/keep.txt',
      'delfail/s1000.txt',
    ]);
    // Tried and refused: failed, not skipped.
    expect(run.stderr).toMatch(/^paras3: failed to delete s1000\.txt: Injected by fault proxy$/m);
    expect(run.stdout).toMatch(
      /^finished with problems: files 1 created, 0 updated, 1000 deleted, 0 unchanged; directories 1 created; 1 failed;/m,
    );
  });
});
