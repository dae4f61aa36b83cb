// Scale end to end: more than 1,000 keys (listing pagination) and a 20 MiB file (multipart upload),
// neither of which may be re-sent on the next run, including when the server reports a multipart ETag.
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useS3Server } from './helpers/fixtures.js';
import { type RunResult, runCli } from './helpers/run.js';
import { createBucket, getObject, listKeys, putObject, s3Client } from './helpers/s3server.js';
import { makeTree, readTree, tempDir } from './helpers/tree.js';

// PARAS3_CLI points the tests at another build of the CLI (default: dist/cli/index.js).
const entry = process.env.PARAS3_CLI || undefined;
const SLOW = { timeoutMs: 150_000 };
const MIB = 1024 * 1024;

const s3 = useS3Server();

function paras3(args: string[], extraEnv: Record<string, string> = {}): Promise<RunResult> {
  return runCli(args, { env: { ...s3.env, ...extraEnv }, entry, ...SLOW });
}

function ok(r: RunResult): string[] {
  expect(r.stderr, r.stdout).toBe('');
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trimEnd().split('\n');
}

async function expectNothingToDo(args: string[], unchanged: number, extraEnv?: Record<string, string>) {
  const lines = ok(await paras3(args, extraEnv));
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(
    new RegExp(
      `^done: files 0 created, 0 updated, 0 deleted, ${unchanged} unchanged(; directories \\d+ unchanged)?; 0 B in `,
    ),
  );
}

describe('more than 1,000 keys', () => {
  it('uploads 1,100 files, lists them across pages, and deletes exactly one on the next run', {
    timeout: 300_000,
  }, async () => {
    await createBucket(s3.server.endpoint, 'many');
    const src = await tempDir();
    const spec: Record<string, string> = {};
    for (let i = 0; i < 1100; i++) spec[`${i < 550 ? 'a' : 'b'}/f${String(i).padStart(4, '0')}.txt`] = `${i}`;
    await makeTree(src, spec);
    const up = ['-r', '-d', `${src}/`, 'many:m'];

    const first = ok(await paras3(up));
    expect(first.at(-1)).toMatch(
      /^done: files 1100 created, 0 updated, 0 deleted, 0 unchanged; directories 3 created; /,
    );
    const keys = await listKeys(s3.server.endpoint, 'many');
    expect(keys).toHaveLength(1103);
    expect(keys.slice(0, 3).map((k) => k.key)).toEqual(['m/', 'm/a/', 'm/a/f0000.txt']);

    // The destination listing spans two pages; a key missed on either would be re-sent.
    await expectNothingToDo(up, 1100);

    // Delete one file from the second page: exactly that key goes.
    await rm(join(src, 'b', 'f1099.txt'));
    const r = ok(await paras3(up));
    expect(r.slice(1, -1)).toEqual(['delete b/f1099.txt (4 B)']);
    expect(await listKeys(s3.server.endpoint, 'many')).toHaveLength(1102);

    // A download lists the source across pages too: the dry run plans every file.
    const dest = await tempDir();
    const dry = ok(await paras3(['-rn', 'many:m/', dest]));
    expect(dry.at(-1)).toBe(
      // 2 directories and 1,099 files of 3,286 bytes in all.
      'dry run: files 1099 to create, 0 to update, 0 to delete, 0 unchanged; directories 2 to create; 3.3 kB to transfer',
    );
  });
});

/**
 * A proxy that makes s3rver report multipart ETags (`hex-N`) for chosen keys, in listings and in
 * GET/HEAD headers, as AWS does for multipart uploads (s3rver reports a plain MD5).
 */
async function startEtagProxy(
  target: string,
  etags: Map<string, string>,
): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const upstream = new URL(target);
  const keyOf = (url: string) => {
    const path = decodeURIComponent(new URL(url, 'http://x').pathname);
    return path.slice(path.indexOf('/', 1) + 1);
  };
  const server: Server = createServer((req, res) => {
    const isList =
      req.method === 'GET' && new URL(req.url ?? '/', 'http://x').searchParams.get('list-type') === '2';
    const up = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (upRes: IncomingMessage) => {
        const headers = { ...upRes.headers };
        const etag = etags.get(keyOf(req.url ?? '/'));
        if (etag && !isList && headers.etag) headers.etag = `"${etag}"`;
        if (!isList) {
          res.writeHead(upRes.statusCode ?? 502, headers);
          upRes.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        upRes.on('data', (c: Buffer) => chunks.push(c));
        upRes.on('end', () => {
          const xml = Buffer.concat(chunks)
            .toString('utf8')
            .replace(/<Contents>([\s\S]*?)<\/Contents>/g, (block, inner: string) => {
              const key = /<Key>([\s\S]*?)<\/Key>/.exec(inner)?.[1];
              const fake = key === undefined ? undefined : etags.get(key);
              return fake
                ? block.replace(/<ETag>[\s\S]*?<\/ETag>/, `<ETag>&quot;${fake}&quot;</ETag>`)
                : block;
            });
          const body = Buffer.from(xml, 'utf8');
          res.writeHead(upRes.statusCode ?? 502, { ...headers, 'content-length': String(body.length) });
          res.end(body);
        });
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The ETag S3 gives a multipart upload of `data` in parts of `partSize`. */
function multipartEtag(data: Buffer, partSize: number): string {
  const parts: Buffer[] = [];
  for (let off = 0; off < data.length; off += partSize) {
    parts.push(
      createHash('md5')
        .update(data.subarray(off, off + partSize))
        .digest(),
    );
  }
  return `${createHash('md5').update(Buffer.concat(parts)).digest('hex')}-${parts.length}`;
}

describe('a 20 MiB file', () => {
  // Different bytes in every part, so a part in the wrong place would change the MD5.
  const big = Buffer.alloc(20 * MIB);
  for (let i = 0; i < big.length; i += 4) big.writeUInt32LE(i, i);
  const md5 = createHash('md5').update(big).digest('hex');
  let src: string;
  let proxy: { endpoint: string; stop(): Promise<void> };
  const etags = new Map<string, string>();

  beforeAll(async () => {
    await createBucket(s3.server.endpoint, 'large');
    src = await tempDir();
    await makeTree(src, { 'big.bin': big, 'small.txt': 's' });
    proxy = await startEtagProxy(s3.server.endpoint, etags);
  });
  afterAll(() => proxy.stop());

  it('uploads in parts with its MD5 in md5chksum, and is not re-sent on the next run', {
    timeout: 180_000,
  }, async () => {
    const up = ['-r', `${src}/`, 'large:l'];
    const lines = ok(await paras3(up));
    expect(lines.slice(1, -1).sort()).toEqual([
      'mkdir ./',
      'upload big.bin (21 MB)',
      'upload small.txt (1 B)',
    ]);

    const stored = await getObject(s3.server.endpoint, 'large', 'l/big.bin');
    expect(createHash('md5').update(stored.body).digest('hex')).toBe(md5);
    expect(stored.metadata.md5chksum).toBe(Buffer.from(md5, 'hex').toString('base64'));
    await expectNothingToDo(up, 2);
  });

  it('is not re-sent when the server reports a multipart ETag (hex-N), either way', {
    timeout: 180_000,
  }, async () => {
    const up = ['-r', `${src}/`, 'large:l'];
    const viaProxy = { AWS_ENDPOINT_URL: proxy.endpoint };
    // The ETag of our own part size (8 MiB): recomputed locally.
    etags.set('l/big.bin', multipartEtag(big, 8 * MIB));
    await expectNothingToDo(up, 2, viaProxy);
    // Another tool's part size: only md5chksum proves equality.
    etags.set('l/big.bin', multipartEtag(big, 5 * MIB));
    await expectNothingToDo(up, 2, viaProxy);

    // Downloads compare (and verify) the same way.
    const dest = await tempDir();
    const down = ['-r', 'large:l/', dest];
    const lines = ok(await paras3(down, viaProxy));
    expect(lines.slice(1, -1).sort()).toEqual(['download big.bin (21 MB)', 'download small.txt (1 B)']);
    expect((await readTree(dest))['small.txt']).toEqual({ kind: 'file', content: 's' });
    await expectNothingToDo(down, 2, viaProxy);
  });

  it('is re-sent when a multipart ETag cannot be proven equal (no md5chksum, other part size)', {
    timeout: 180_000,
  }, async () => {
    // As another tool would leave it: no md5chksum metadata.
    await putObject(s3.server.endpoint, 'large', 'foreign/big.bin', big);
    const head = await s3Client(s3.server.endpoint).send(
      new HeadObjectCommand({ Bucket: 'large', Key: 'foreign/big.bin' }),
    );
    expect(head.Metadata?.md5chksum).toBeUndefined();
    etags.set('foreign/big.bin', multipartEtag(big, 5 * MIB));
    const dir = await tempDir();
    await makeTree(dir, { 'big.bin': big });

    const dry = ok(await paras3(['-rn', `${dir}/`, 'large:foreign'], { AWS_ENDPOINT_URL: proxy.endpoint }));

    expect(dry.slice(1, -1)).toEqual([
      'mkdir ./',
      'upload big.bin (21 MB, multipart object without a known MD5)',
    ]);
  });
});
