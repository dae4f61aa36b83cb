// Bucket to bucket (issue 10): the same compare, dry run, guards, excludes and exit codes as the other
// directions, and bytes never cross the runner: the server sees copies, never a GetObject of a body or a
// PutObject of one.
import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3Operation } from './helpers/fault-proxy.js';
import { useS3Server } from './helpers/fixtures.js';
import { runMain } from './helpers/inprocess.js';
import { cliEnv, listKeys, putObject, s3Client, s3Tree } from './helpers/s3server.js';
import { makeTree, tempDir } from './helpers/tree.js';

const s3 = useS3Server({ proxy: true });
const MIB = 1024 * 1024;

const paras3 = (
  args: string[],
  opts: { env?: Record<string, string>; onStart?: (s: EventEmitter) => void } = {},
) =>
  runMain(
    args,
    { ...cliEnv(s3.proxy.endpoint), HOME: s3.env.HOME as string, ...opts.env },
    { onStart: opts.onStart },
  );

/** A seed tree written by paras3 itself: directory nodes, POSIX metadata, a symlink, a multipart object. */
async function seed(bucket: string, prefix: string): Promise<void> {
  const src = await tempDir();
  await makeTree(src, {
    'index.html': '<html>',
    'assets/app.js': { content: 'js', mode: 0o640, mtime: new Date('2021-02-03T04:05:06Z') },
    'assets/empty': { dir: true },
    'docs/big.bin': randomBytes(9 * MIB),
    'docs/link': { symlink: '../index.html' },
  });
  const r = await runMain(['-r', `${src}/`, `${bucket}:${prefix}`], {
    ...cliEnv(s3.server.endpoint),
    HOME: s3.env.HOME as string,
  });
  expect(r.code, r.stderr).toBe(0);
}

const head = (bucket: string, key: string) =>
  s3Client(s3.server.endpoint).send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
const ops = () => s3.proxy.requests.map((q) => `${s3Operation(q)} ${q.url.split('?')[0]}`);

describe('S3 to S3', () => {
  it('copies a seeded tree server-side with its nodes and metadata, then has nothing to do', async () => {
    const a = await s3.bucket('copy-a');
    const b = await s3.bucket('copy-b');
    await seed(a, 'src');
    s3.proxy.requests.length = 0;

    const r = await paras3(['-r', `${a}:src/`, `${b}:dst`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^done: files 4 created, 0 updated, 0 deleted, 0 unchanged; directories 4 created; /m,
    );
    expect(await s3Tree(s3.server.endpoint, b, 'dst/')).toEqual(
      Object.fromEntries(
        Object.entries(await s3Tree(s3.server.endpoint, a, 'src/')).map(([k, v]) => [
          k.replace(/^src\//, 'dst/'),
          v,
        ]),
      ),
    );
    // No body crossed: no GetObject at all; every object and directory node was copied, and the one
    // PutObject is the empty node of the destination root (the source has none to copy).
    expect(ops().filter((o) => o.startsWith('GetObject'))).toEqual([]);
    expect(ops().filter((o) => o.startsWith('CopyObject'))).toHaveLength(7);
    expect(ops().filter((o) => o.startsWith('PutObject'))).toEqual([`PutObject /${b}/dst/`]);
    // Metadata came along.
    const js = await head(b, 'dst/assets/app.js');
    expect(Number(js.Metadata?.permissions) & 0o7777).toBe(0o640);
    expect(js.Metadata?.mtime).toBe(String(Date.parse('2021-02-03T04:05:06Z') / 1000));
    expect((await head(b, 'dst/docs/link')).Metadata?.symlink).toBe('true');
    expect((await head(b, 'dst/docs/big.bin')).Metadata?.md5chksum).toBe(
      (await head(a, 'src/docs/big.bin')).Metadata?.md5chksum,
    );

    s3.proxy.requests.length = 0;
    const again = await paras3(['-r', `${a}:src/`, `${b}:dst`]);
    expect(again.stdout).toMatch(
      /^done: files 0 created, 0 updated, 0 deleted, 4 unchanged; directories 3 unchanged; /m,
    );
    expect(ops().every((o) => o.startsWith('ListObjectsV2'))).toBe(true);
  });

  it('a dry run plans copies and deletes and changes nothing; --delete honours the guards', async () => {
    const a = await s3.bucket('copy-dry-a');
    const b = await s3.bucket('copy-dry-b');
    await putObject(s3.server.endpoint, a, 'p/new.txt', 'new');
    await putObject(s3.server.endpoint, a, 'p/same.txt', 'same');
    await putObject(s3.server.endpoint, b, 'q/same.txt', 'same');
    await putObject(s3.server.endpoint, b, 'q/stale.txt', 'stale');
    await putObject(s3.server.endpoint, b, 'q/old/x.txt', 'x');
    const before = await s3Tree(s3.server.endpoint, b);

    const dry = await paras3(['-r', '-n', '-d', `${a}:p/`, `${b}:q`]);
    expect(dry.code).toBe(0);
    expect(dry.stdout.trimEnd().split('\n').slice(1, -1)).toEqual([
      'mkdir ./',
      'copy new.txt (3 B, new)',
      'delete old/x.txt (1 B)',
      'delete stale.txt (5 B)',
    ]);
    expect(await s3Tree(s3.server.endpoint, b)).toEqual(before);

    const capped = await paras3(['-r', '-d', '--max-delete', '1', `${a}:p/`, `${b}:q`]);
    expect(capped.code).toBe(1);
    expect(capped.stderr).toBe(
      'paras3: deletes refused: 2 deletes planned, more than --max-delete 1; nothing is deleted\n',
    );
    expect(Object.keys(await s3Tree(s3.server.endpoint, b, 'q/')).sort()).toEqual([
      'q/',
      'q/new.txt',
      'q/old/x.txt',
      'q/same.txt',
      'q/stale.txt',
    ]);

    const real = await paras3(['-r', '-d', '--exclude', 'old/', `${a}:p/`, `${b}:q`]);
    expect(real.code, real.stderr).toBe(0);
    expect(Object.keys(await s3Tree(s3.server.endpoint, b, 'q/')).sort()).toEqual([
      'q/',
      'q/new.txt',
      'q/old/x.txt',
      'q/same.txt',
    ]);
  });

  it('a source with no files never empties the destination', async () => {
    const a = await s3.bucket('copy-empty-a');
    const b = await s3.bucket('copy-empty-b');
    await putObject(s3.server.endpoint, a, 'p/only/', '');
    await putObject(s3.server.endpoint, b, 'q/keep.txt', 'k');
    const r = await paras3(['-r', '-d', `${a}:p/`, `${b}:q`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/deletes refused: the source has no files/);
    expect(Object.keys(await s3Tree(s3.server.endpoint, b))).toContain('q/keep.txt');
  });

  it('an interrupted copy, run again, converges', async () => {
    const a = await s3.bucket('copy-int-a');
    const b = await s3.bucket('copy-int-b');
    for (let i = 0; i < 6; i++) await putObject(s3.server.endpoint, a, `p/f${i}.txt`, `file ${i}`);
    // The copy of f3 hangs until the run is interrupted.
    s3.proxy.setRules([
      { kind: 'stall', match: (q) => q.method === 'PUT' && q.url.startsWith(`/${b}/q/f3.txt`) },
    ]);
    const r = await paras3(['-r', '--threads', '2', `${a}:p/`, `${b}:q`], {
      onStart: (signals) => {
        const timer = setInterval(() => {
          if (s3.proxy.requests.some((q) => q.url.startsWith(`/${b}/q/f3.txt`))) {
            clearInterval(timer);
            signals.emit('SIGINT');
          }
        }, 5);
      },
    });
    expect(r.code).toBe(130);
    s3.proxy.setRules([]);
    const keys = (await listKeys(s3.server.endpoint, b, 'q/')).map((k) => k.key);
    expect(keys).not.toContain('q/f3.txt');

    const again = await paras3(['-r', `${a}:p/`, `${b}:q`]);
    expect(again.code, again.stderr).toBe(0);
    // What the interrupt left undone is copied now, whatever the scheduling let finish before it.
    const [, created, unchanged] =
      /files (\d+) created, 0 updated, 0 deleted, (\d+) unchanged/.exec(again.stdout) ?? [];
    expect(Number(created)).toBeGreaterThanOrEqual(1);
    expect(Number(created) + Number(unchanged)).toBe(6);
    const source = await s3Tree(s3.server.endpoint, a, 'p/');
    expect(await s3Tree(s3.server.endpoint, b, 'q/')).toEqual({
      'q/': '',
      ...Object.fromEntries(Object.entries(source).map(([k, v]) => [k.replace(/^p\//, 'q/'), v])),
    });
  });
});
