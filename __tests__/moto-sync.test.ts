// paras3 against moto_server, for what s3rver cannot show: real multipart ETags (s3rver gives multipart
// objects a plain MD5) and keys that only survive a listing with encoding-type=url.
import { createHash, randomBytes } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { expect, it } from 'vitest';
import { describeWithMoto } from './helpers/moto.js';
import { runCli } from './helpers/run.js';
import { makeTree, readTree, tempDir } from './helpers/tree.js';

const MIB = 1024 * 1024;

/** S3's multipart ETag: MD5 of the parts' MD5s, then `-` and the part count. */
function multipartEtag(body: Buffer, partSize: number): string {
  const digests: Buffer[] = [];
  for (let at = 0; at < body.length; at += partSize) {
    digests.push(
      createHash('md5')
        .update(body.subarray(at, at + partSize))
        .digest(),
    );
  }
  return `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${digests.length}`;
}

describeWithMoto('paras3 against moto_server', (moto) => {
  it('uploads and downloads a multipart file under its real multipart ETag; second runs transfer nothing', async () => {
    const bucket = await moto.bucket('mpsync');
    const src = await tempDir();
    const big = randomBytes(17 * MIB);
    await makeTree(src, { 'a.txt': 'alpha', 'big.bin': big });

    const up = await runCli(['-r', `${src}/`, `${bucket}:`], { env: moto.env });
    expect(up.code, up.stderr).toBe(0);
    // paras3 checked this ETag against its own computation before reporting success.
    const head = await moto.client().send(new HeadObjectCommand({ Bucket: bucket, Key: 'big.bin' }));
    expect(head.ETag).toBe(`"${multipartEtag(big, 8 * MIB)}"`);
    const again = await runCli(['-r', `${src}/`, `${bucket}:`], { env: moto.env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/done: files 0 created, 0 updated, 0 deleted, 2 unchanged/);

    const dst = await tempDir();
    const down = await runCli(['-r', `${bucket}:`, `${dst}/`], { env: moto.env });
    expect(down.code, down.stderr).toBe(0);
    expect(await readTree(dst)).toEqual(await readTree(src));
    const downAgain = await runCli(['-r', `${bucket}:`, `${dst}/`], { env: moto.env });
    expect(downAgain.code, downAgain.stderr).toBe(0);
    expect(downAgain.stdout).toMatch(/done: files 0 created, 0 updated, 0 deleted, 2 unchanged/);
  }, 120_000);

  // src/core/tree/s3.ts lists without EncodingType 'url': moto writes the \r raw into the XML, the XML
  // parser reads it as \n, and the GET of `a\nb.txt` fails (404); the error line also carries the raw
  // newline. Flip to `it` once listings ask for encoding-type=url and decode the keys.
  it('downloads a key containing a carriage return under its own name', async () => {
    const bucket = await moto.bucket('crkey');
    await moto.client().send(new PutObjectCommand({ Bucket: bucket, Key: 'a\rb.txt', Body: 'cr' }));
    const dst = await tempDir();
    const down = await runCli(['-r', `${bucket}:`, `${dst}/`], { env: moto.env });
    expect(down.code, down.stderr).toBe(0);
    expect(await readTree(dst)).toEqual({ 'a\rb.txt': { kind: 'file', content: 'cr' } });
  });
});
