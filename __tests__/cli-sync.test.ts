// Sync semantics end to end: dry run, --delete, --no-md5, excludes, awkward names, headers and ACLs,
// threads. The built CLI against s3rver on real temp dirs; whole trees asserted on both sides.
import { execFileSync } from 'node:child_process';
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { md5 } from './helpers/entries.js';
import { type FaultProxy, s3Operation, startFaultProxy } from './helpers/fault-proxy.js';
import { useS3Server } from './helpers/fixtures.js';
import { ok, type RunResult, runCli } from './helpers/run.js';
import { putObject, s3Client, s3Tree as s3TreeOf } from './helpers/s3server.js';
import { makeTree, readTree, tempDir } from './helpers/tree.js';

// PARAS3_CLI points the tests at another build of the CLI (default: dist/cli/index.js).
const entry = process.env.PARAS3_CLI || undefined;

// Every request goes through a proxy that checks it as S3 would (signature, payload hash, Content-MD5);
// odd runs use the signed fast path, even runs the SDK alone, so both stores see every case.
const s3 = useS3Server({ verify: true });

const bucket = () => s3.bucket('sync');

let runs = 0;
function paras3(args: string[], extraEnv: Record<string, string> = {}): Promise<RunResult> {
  const store = ++runs % 2 === 0 ? 'sdk' : 'signed';
  return runCli(args, {
    env: { ...s3.proxyEnv, HOME: s3.env.HOME as string, PARAS3_OBJECT_STORE: store, ...extraEnv },
    entry,
  });
}

const s3Tree = (b: string, prefix = '') => s3TreeOf(s3.server.endpoint, b, prefix);

/** The action lines of a run (between the header and the summary), sorted: transfers run in parallel. */
function actions(r: RunResult): string[] {
  return ok(r).slice(1, -1).sort();
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

describe('--dryrun', () => {
  it('lists every planned create, update and delete with sizes, ends with totals, and changes nothing', async () => {
    const b = await bucket();
    const src = await tempDir();
    await makeTree(src, { 'keep.txt': 'same', 'change.txt': 'old', 'gone/x.txt': 'xx', 'gone.txt': '12345' });
    ok(await paras3(['-r', `${src}/`, `${b}:site`]));
    // Change the tree: one update, two creates (a file and a dir), and a file and a directory deleted.
    await makeTree(src, { 'change.txt': 'new content', 'new.txt': 'n', 'newdir/a.txt': 'a' });
    execFileSync('rm', ['-r', join(src, 'gone'), join(src, 'gone.txt')]);
    const s3Before = await s3Tree(b);
    const localBefore = await readTree(src);

    for (const flag of ['-n', '--dryrun']) {
      const r = await paras3(['-r', flag, '--delete', `${src}/`, `${b}:site`]);
      const lines = ok(r);

      expect(lines[0]).toBe(`dry run: ${src}/ → s3://${b}/site/`);
      expect(lines.slice(1, -1)).toEqual([
        'mkdir newdir/',
        'upload change.txt (11 B, size differs)',
        'upload new.txt (1 B, new)',
        'upload newdir/a.txt (1 B, new)',
        'delete gone.txt (5 B)',
        'delete gone/x.txt (2 B)',
        'delete gone/',
      ]);
      expect(lines.at(-1)).toBe(
        'dry run: files 2 to create, 1 to update, 2 to delete, 1 unchanged; directories 1 to create, 1 to delete; 13 B to transfer',
      );
    }
    expect(await s3Tree(b)).toEqual(s3Before);
    expect(await readTree(src)).toEqual(localBefore);

    // The real run does what the dry run said, and then there is nothing left to do.
    const real = await paras3(['-r', '--delete', `${src}/`, `${b}:site`]);
    expect(actions(real)).toEqual([
      'delete gone.txt (5 B)',
      'delete gone/',
      'delete gone/x.txt (2 B)',
      'mkdir newdir/',
      'upload change.txt (11 B)',
      'upload new.txt (1 B)',
      'upload newdir/a.txt (1 B)',
    ]);
    expect(await s3Tree(b)).toEqual({
      'site/': '',
      'site/change.txt': 'new content',
      'site/keep.txt': 'same',
      'site/new.txt': 'n',
      'site/newdir/': '',
      'site/newdir/a.txt': 'a',
    });
    await expectNothingToDo(['-r', '--delete', `${src}/`, `${b}:site`], 4);
  });

  it('changes nothing locally on a download dry run, even with --delete and --make-dirs', async () => {
    const b = await bucket();
    await putObject(s3.server.endpoint, b, 'd/new/a.txt', 'a');
    await putObject(s3.server.endpoint, b, 'd/same.txt', 's');
    const dest = await tempDir();
    await makeTree(dest, { 'same.txt': 's', 'extra.txt': 'e', olddir: { dir: true } });
    const before = await readTree(dest, { mtime: true });

    const lines = ok(await paras3(['-rnd', '--make-dirs', `${b}:d/`, dest]));

    expect(lines).toEqual([
      `dry run: s3://${b}/d/ → ${dest}/`,
      'mkdir new/',
      'download new/a.txt (1 B, new)',
      'delete extra.txt (1 B)',
      'delete olddir/',
      'dry run: files 1 to create, 0 to update, 1 to delete, 1 unchanged; directories 1 to create, 1 to delete; 1 B to transfer',
    ]);
    expect(await readTree(dest, { mtime: true })).toEqual(before);
  });

  it('plans the creation of a missing destination without creating it', async () => {
    const b = await bucket();
    await putObject(s3.server.endpoint, b, 'd/a.txt', 'a');
    const dest = join(await tempDir(), 'missing');

    const lines = ok(await paras3(['-rn', `${b}:d/`, dest]));

    expect(lines.slice(1)).toEqual([
      'mkdir ./',
      'download a.txt (1 B, new)',
      'dry run: files 1 to create, 0 to update, 0 to delete, 0 unchanged; directories 1 to create; 1 B to transfer',
    ]);
    await expect(readTree(dest)).rejects.toThrow(/ENOENT/);
  });
});

describe('--delete', () => {
  it('removes what the source lacks on S3, directory nodes after their contents', async () => {
    const b = await bucket();
    const src = await tempDir();
    await makeTree(src, {
      'a.txt': 'a',
      'old/deep/x': 'x',
      'old/y': 'y',
      'old/empty': { dir: true },
      'z.txt': 'z',
    });
    ok(await paras3(['-r', `${src}/`, `${b}:p`]));
    execFileSync('rm', ['-r', join(src, 'old'), join(src, 'z.txt')]);

    // Without -d nothing is deleted.
    await expectNothingToDo(['-r', `${src}/`, `${b}:p`], 1);
    const r = await paras3(['-r', '-d', `${src}/`, `${b}:p`]);
    const lines = ok(r).slice(1, -1);

    expect(lines).toEqual([
      'delete old/deep/x (1 B)',
      'delete old/y (1 B)',
      'delete z.txt (1 B)',
      'delete old/deep/',
      'delete old/empty/',
      'delete old/',
    ]);
    expect(await s3Tree(b)).toEqual({ 'p/': '', 'p/a.txt': 'a' });
    expect(ok(r).at(-1)).toMatch(
      /^done: files 0 created, 0 updated, 3 deleted, 1 unchanged; directories 3 deleted; /,
    );
    await expectNothingToDo(['-r', '-d', `${src}/`, `${b}:p`], 1);
  });

  it('removes local files and directories the bucket lacks on download', async () => {
    const b = await bucket();
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'a', 'sub/b.txt': 'b' });
    ok(await paras3(['-r', `${src}/`, `${b}:p`]));
    const dest = await tempDir();
    await makeTree(dest, {
      'extra.txt': 'e',
      'sub/extra.txt': 'e',
      'olddir/deep/f': 'f',
      olddir2: { dir: true },
    });

    ok(await paras3(['-r', '--delete', `${b}:p/`, dest]));

    expect(await readTree(dest)).toEqual({
      'a.txt': { kind: 'file', content: 'a' },
      sub: { kind: 'dir' },
      'sub/b.txt': { kind: 'file', content: 'b' },
    });
    await expectNothingToDo(['-r', '--delete', `${b}:p/`, dest], 2);
  });

  it('deletes nothing when a listing fails: the run stops with one line and exit 1', async () => {
    const b = await bucket();
    await putObject(s3.server.endpoint, b, 'p/a.txt', 'a');
    const dest = await tempDir();
    await makeTree(dest, { 'local-only.txt': 'keep me' });
    const proxy = await startFaultProxy(s3.server.endpoint, [
      {
        kind: 'status',
        status: 403,
        code: 'AccessDenied',
        match: (req) => s3Operation(req) === 'ListObjectsV2',
      },
    ]);
    try {
      const r = await paras3(['-r', '--delete', `${b}:p/`, dest], { AWS_ENDPOINT_URL: proxy.endpoint });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^paras3: access denied to bucket "sync-\d+"[^\n]*\n$/);
      expect(await readTree(dest)).toEqual({ 'local-only.txt': { kind: 'file', content: 'keep me' } });
    } finally {
      await proxy.stop();
    }
  });
});

describe('without -r', () => {
  it('syncs only the top level, and leaves deeper entries alone even with --delete', async () => {
    const b = await bucket();
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'a', 'sub/b.txt': 'b' });
    ok(await paras3(['-r', `${src}/`, `${b}:t`]));
    await makeTree(src, { 'a.txt': 'A', 'sub/b.txt': 'B', 'sub/new.txt': 'n' });

    expect(actions(await paras3(['-d', `${src}/`, `${b}:t`]))).toEqual([
      '1 subdirectory not descended into: without -r only the top level is synced',
      'upload a.txt (1 B)',
    ]);
    expect(await s3Tree(b)).toEqual({ 't/': '', 't/a.txt': 'A', 't/sub/': '', 't/sub/b.txt': 'b' });

    const dest = await tempDir();
    ok(await paras3(['-d', `${b}:t/`, dest]));
    expect(await readTree(dest)).toEqual({ 'a.txt': { kind: 'file', content: 'A' } });
  });
});

describe('--no-md5', () => {
  it('compares size and time; a second run over an unchanged tree transfers nothing, both ways', async () => {
    const b = await bucket();
    const src = await tempDir();
    const old = Date.now() - 3_600_000;
    await makeTree(src, {
      'a.txt': { content: 'aaa', mtime: old },
      'sub/b.txt': { content: 'bbb', mtime: old },
      'sub/empty': { dir: true },
      'zero.txt': { content: '', mtime: old },
    });
    const up = ['-r', '--no-md5', `${src}/`, `${b}:nm`];
    expect(actions(await paras3(up))).toEqual([
      'mkdir ./',
      'mkdir sub/',
      'mkdir sub/empty/',
      'upload a.txt (3 B)',
      'upload sub/b.txt (3 B)',
      'upload zero.txt (0 B)',
    ]);
    await expectNothingToDo(up, 3);

    const dest = await tempDir();
    const down = ['-r', '--no-md5', `${b}:nm/`, dest];
    ok(await paras3(down));
    expect(await readTree(dest)).toEqual(await readTree(src));
    await expectNothingToDo(down, 3);
    // The restored files carry their original times, so uploading them back moves nothing either.
    await expectNothingToDo(['-r', '--no-md5', `${dest}/`, `${b}:nm`], 3);

    // Same size, newer time: uploaded under --no-md5 (content is not looked at).
    await writeFile(join(src, 'a.txt'), 'AAA');
    const future = new Date(Date.now() + 120_000);
    await utimes(join(src, 'a.txt'), future, future);
    expect(actions(await paras3(up))).toEqual(['upload a.txt (3 B)']);
    // Still dated two minutes ahead of S3's clock, but unchanged since that upload: not sent again.
    await expectNothingToDo(up, 3);
    // (The download side of the time rule, object newer than the local file's last change, needs a
    // clock second to pass; compare.test.ts covers it without waiting.)
  });

  it('downloads nothing into the tree it just uploaded, though every object is newer than its file', async () => {
    const b = await bucket();
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'aaa', 'sub/b.txt': 'bbb' });
    // A server clock a minute ahead, so every object is newer than its file whichever second this runs
    // in: the Date headers by the proxy's clock, the listed LastModified to match.
    const uploaded = Date.now() + 60_000;
    s3.proxy.setClock(60_000);
    ok(await paras3(['-r', '--no-md5', `${src}/`, `${b}:back`]));
    const modified = { 'back/a.txt': new Date(uploaded), 'back/sub/b.txt': new Date(uploaded) };
    const etags = { 'back/a.txt': md5('aaa'), 'back/sub/b.txt': md5('bbb') };
    s3.proxy.setRules([{ kind: 'setEtag', etags, modified }]);
    await expectNothingToDo(['-r', '--no-md5', `${b}:back/`, src], 2);
    // A file changed since (new size) is still seen: the cache vouches only for the file as it was.
    await writeFile(join(src, 'a.txt'), 'aaaa');
    expect(actions(await paras3(['-r', '--no-md5', `${src}/`, `${b}:back`]))).toEqual(['upload a.txt (4 B)']);
  });

  it('without the MD5 cache passes over a same-size change with an old time, where MD5 mode catches it', async () => {
    const b = await bucket();
    const src = await tempDir();
    const old = Date.now() - 3_600_000;
    const noCache = { PARAS3_MD5_CACHE: 'off' };
    await makeTree(src, { 'a.txt': { content: 'one', mtime: old } });
    ok(await paras3(['-r', `${src}/`, `${b}:p`], noCache));
    await makeTree(src, { 'a.txt': { content: 'two', mtime: old } });

    await expectNothingToDo(['-r', '--no-md5', `${src}/`, `${b}:p`], 1, noCache);
    expect(actions(await paras3(['-r', `${src}/`, `${b}:p`], noCache))).toEqual(['upload a.txt (3 B)']);
    expect(await s3Tree(b)).toEqual({ 'p/': '', 'p/a.txt': 'two' });
  });

  it('with the MD5 cache catches a same-size change made since the upload, its old time put back', async () => {
    const b = await bucket();
    const src = await tempDir();
    const old = Date.now() - 3_600_000;
    await makeTree(src, { 'a.txt': { content: 'one', mtime: old }, 'b.txt': { content: 'bbb', mtime: old } });
    ok(await paras3(['-r', '--no-md5', `${src}/`, `${b}:q`]));
    // Same size, the mtime put back: the times say nothing changed, the file's ctime says it did.
    await makeTree(src, { 'a.txt': { content: 'two', mtime: old } });
    expect(actions(await paras3(['-r', '--no-md5', '-v', `${src}/`, `${b}:q`]))).toEqual([
      'upload a.txt (3 B, content differs)',
    ]);
    expect(await s3Tree(b)).toEqual({ 'q/': '', 'q/a.txt': 'two', 'q/b.txt': 'bbb' });
    await expectNothingToDo(['-r', '--no-md5', `${src}/`, `${b}:q`], 2);
  });
});

describe('excludes', () => {
  it('skips --exclude and --exclude-from globs (# comments), never walking excluded directories', async () => {
    const b = await bucket();
    const root = await tempDir();
    const src = join(root, 'src');
    await makeTree(src, {
      'app.js': 'js',
      'debug.log': 'log',
      'sub/trace.log': 'log',
      'node_modules/pkg/index.js': 'dep',
      'cache/x': 'c',
      'keep/cache': 'a file named cache',
      'build/out.js': 'o',
      'docs/build/page.md': 'p',
    });
    // If the excluded directory were walked, the FIFO in it would be reported as not a regular file.
    execFileSync('mkfifo', [join(src, 'node_modules', 'fifo')]);
    const patterns = join(root, 'patterns.txt');
    await writeFile(patterns, '# build output\n/build/**\n\n   # indented comment\ncache/\n');

    const r = await paras3([
      '-r',
      '--exclude',
      '*.log',
      '--exclude=node_modules',
      '--exclude-from',
      patterns,
      `${src}/`,
      `${b}:ex`,
    ]);

    ok(r);
    expect(await s3Tree(b)).toEqual({
      'ex/': '',
      'ex/app.js': 'js',
      'ex/docs/': '',
      'ex/docs/build/': '',
      'ex/docs/build/page.md': 'p',
      'ex/keep/': '',
      'ex/keep/cache': 'a file named cache',
      'ex/sub/': '',
    });
  });

  it('never deletes excluded destination paths, unless --delete-excluded', async () => {
    const b = await bucket();
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'a' });
    ok(await paras3(['-r', `${src}/`, `${b}:p`]));
    // Present only at the destination, and excluded.
    await putObject(s3.server.endpoint, b, 'p/server.log', 'log');
    await putObject(s3.server.endpoint, b, 'p/tmp/', '');
    await putObject(s3.server.endpoint, b, 'p/tmp/t', 't');
    await putObject(s3.server.endpoint, b, 'p/other.txt', 'o');
    const args = ['-r', '-d', '--exclude', '*.log', '--exclude', 'tmp/', `${src}/`, `${b}:p`];

    expect(actions(await paras3(args))).toEqual(['delete other.txt (1 B)']);
    expect(await s3Tree(b)).toEqual({
      'p/': '',
      'p/a.txt': 'a',
      'p/server.log': 'log',
      'p/tmp/': '',
      'p/tmp/t': 't',
    });

    const dry = ok(await paras3(['-n', '--delete-excluded', ...args]));
    expect(dry.slice(1, -1)).toEqual(['delete server.log (3 B)', 'delete tmp/t (1 B)', 'delete tmp/']);
    // --delete-excluded implies --delete.
    ok(
      await paras3([
        '-r',
        '--delete-excluded',
        '--exclude',
        '*.log',
        '--exclude',
        'tmp/',
        `${src}/`,
        `${b}:p`,
      ]),
    );
    expect(await s3Tree(b)).toEqual({ 'p/': '', 'p/a.txt': 'a' });
  });

  it('skips excluded keys and everything below excluded directories on download', async () => {
    const b = await bucket();
    for (const [k, v] of Object.entries({
      'p/a.txt': 'a',
      'p/a.log': 'log',
      'p/node_modules/': '',
      'p/node_modules/x/y.js': 'y',
      'p/deep/node_modules/z.js': 'z',
      'p/deep/keep.txt': 'k',
    }))
      await putObject(s3.server.endpoint, b, k, v);
    const dest = await tempDir();

    ok(
      await paras3(['-r', '--make-dirs', '--exclude', '*.log', '--exclude', 'node_modules', `${b}:p/`, dest]),
    );

    expect(await readTree(dest)).toEqual({
      'a.txt': { kind: 'file', content: 'a' },
      deep: { kind: 'dir' },
      'deep/keep.txt': { kind: 'file', content: 'k' },
    });
  });

  it('keeps excluded local files on a download with --delete', async () => {
    const b = await bucket();
    await putObject(s3.server.endpoint, b, 'p/a.txt', 'a');
    const dest = await tempDir();
    await makeTree(dest, { 'local.log': 'l', 'gone.txt': 'g', 'sub/x.log': 'x' });

    const r = await paras3(['-r', '-d', '--exclude', '*.log', `${b}:p/`, dest]);

    // `sub` is not on S3, but it still holds an excluded file: it stays, and is not even planned to go.
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      /files 1 created, 0 updated, 1 deleted, 0 unchanged(?!.*directories \d+ deleted)/,
    );
    expect(await readTree(dest)).toEqual({
      'a.txt': { kind: 'file', content: 'a' },
      'local.log': { kind: 'file', content: 'l' },
      sub: { kind: 'dir' },
      'sub/x.log': { kind: 'file', content: 'x' },
    });
  });
});

describe('names and sizes', () => {
  const NAMES = {
    xyz: 'short',
    xyz2: 'longer one',
    'test-123.txt': 'dash',
    'test/inner.txt': 'in dir',
    'a b.txt': 'space',
    'a+b.txt': 'plus',
    'a%20b.txt': 'percent',
    '100%.txt': 'bare percent',
    'ünïcödé/日本語.txt': 'unicode',
    'emoji 🎉.txt': 'emoji',
    'q?&=#.txt': 'query chars',
    'empty.txt': '',
    'empty dir': { dir: true },
  } as const;

  it('round-trips unicode, spaces, +, %, and prefix neighbours without re-sending anything', async () => {
    const b = await bucket();
    const src = await tempDir();
    await makeTree(src, NAMES);
    const up = ['-r', `${src}/`, `${b}:n`];

    ok(await paras3(up));

    expect(await s3Tree(b)).toEqual({
      'n/': '',
      'n/100%.txt': 'bare percent',
      'n/a b.txt': 'space',
      'n/a%20b.txt': 'percent',
      'n/a+b.txt': 'plus',
      'n/emoji 🎉.txt': 'emoji',
      'n/empty dir/': '',
      'n/empty.txt': '',
      'n/q?&=#.txt': 'query chars',
      'n/test-123.txt': 'dash',
      'n/test/': '',
      'n/test/inner.txt': 'in dir',
      'n/xyz': 'short',
      'n/xyz2': 'longer one',
      'n/ünïcödé/': '',
      'n/ünïcödé/日本語.txt': 'unicode',
    });
    await expectNothingToDo(up, 12);
    await expectNothingToDo(['-r', '-d', `${src}/`, `${b}:n`], 12);

    const dest = await tempDir();
    const down = ['-r', '-d', `${b}:n/`, dest];
    ok(await paras3(down));
    expect(await readTree(dest)).toEqual(await readTree(src));
    await expectNothingToDo(down, 12);
  });

  it('deletes exactly the key that went, never its neighbours with a common prefix', async () => {
    const b = await bucket();
    const src = await tempDir();
    await makeTree(src, NAMES);
    ok(await paras3(['-r', `${src}/`, `${b}:n`]));
    execFileSync('rm', ['-r', join(src, 'xyz'), join(src, 'test'), join(src, 'a b.txt')]);

    const r = await paras3(['-r', '-d', `${src}/`, `${b}:n`]);

    expect(actions(r)).toEqual([
      'delete a b.txt (5 B)',
      'delete test/',
      'delete test/inner.txt (6 B)',
      'delete xyz (5 B)',
    ]);
    const keys = Object.keys(await s3Tree(b));
    expect(keys).toContain('n/xyz2');
    expect(keys).toContain('n/test-123.txt');
    expect(keys).toContain('n/a+b.txt');
    expect(keys).toContain('n/a%20b.txt');
    expect(keys).toHaveLength(12);
  });

  it('updates a file whose size is unchanged but whose content is not (MD5 against the ETag)', async () => {
    const b = await bucket();
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'one', 'b.txt': 'same' });
    ok(await paras3(['-r', `${src}/`, `${b}:m`]));
    await makeTree(src, { 'a.txt': 'two' });

    const r = await paras3(['-r', '-v', `${src}/`, `${b}:m`]);

    expect(actions(r)).toEqual(['upload a.txt (3 B, content differs)']);
    expect(await s3Tree(b)).toEqual({ 'm/': '', 'm/a.txt': 'two', 'm/b.txt': 'same' });
  });
});

describe('upload headers and ACL', () => {
  let proxy: FaultProxy;
  const puts: Array<{ url: string; headers: Record<string, string | string[] | undefined> }> = [];
  beforeAll(async () => {
    // A pass-through proxy that records the headers of every PutObject.
    proxy = await startFaultProxy(s3.server.endpoint, [
      {
        kind: 'reset',
        match: (req) => {
          if (s3Operation(req) === 'PutObject') puts.push({ url: req.url, headers: req.headers });
          return false;
        },
      },
    ]);
  });
  afterAll(() => proxy.stop());

  it('sends the public-read ACL with --public-read, and none without', async () => {
    const b = await bucket();
    const src = await tempDir();
    await makeTree(src, { 'pub/a.txt': 'a', empty: { dir: true } });
    puts.length = 0;

    ok(await paras3(['-r', '-p', `${src}/`, `${b}:acl`], { AWS_ENDPOINT_URL: proxy.endpoint }));

    expect(puts.map((p) => decodeURIComponent(p.url.replace(/\?.*/, ''))).sort()).toEqual([
      `/${b}/acl/`,
      `/${b}/acl/empty/`,
      `/${b}/acl/pub/`,
      `/${b}/acl/pub/a.txt`,
    ]);
    for (const p of puts) expect(p.headers['x-amz-acl']).toBe('public-read');

    puts.length = 0;
    await makeTree(src, { 'pub/b.txt': 'b' });
    ok(await paras3(['-r', `${src}/`, `${b}:acl`], { AWS_ENDPOINT_URL: proxy.endpoint }));
    expect(puts).toHaveLength(1);
    expect(puts[0]?.headers['x-amz-acl']).toBeUndefined();
  });

  it('stores Content-Type from the extension, --cache-control (per glob) and --expires', async () => {
    const b = await bucket();
    const src = await tempDir();
    await makeTree(src, {
      'index.html': '<p>',
      'style.css': 'p{}',
      'data.json': '{}',
      blob: 'x',
      'img/a.png': 'png',
    });
    const expires = 'Wed, 01 Jan 2031 00:00:00 GMT';

    ok(
      await paras3([
        '-r',
        '--cache-control',
        '*.html=no-cache',
        '--cache-control',
        'max-age=600',
        '--expires',
        '2031-01-01T00:00:00Z',
        `${src}/`,
        `${b}:h`,
      ]),
    );

    const client = s3Client(s3.server.endpoint);
    try {
      const head = async (key: string) => {
        const h = await client.send(new HeadObjectCommand({ Bucket: b, Key: key }));
        return {
          type: h.ContentType,
          cache: h.CacheControl,
          expires: h.ExpiresString ?? h.Expires?.toUTCString(),
        };
      };
      expect(await head('h/index.html')).toEqual({
        type: 'text/html; charset=utf-8',
        cache: 'no-cache',
        expires,
      });
      expect(await head('h/style.css')).toEqual({
        type: 'text/css; charset=utf-8',
        cache: 'max-age=600',
        expires,
      });
      expect(await head('h/data.json')).toEqual({
        type: 'application/json; charset=utf-8',
        cache: 'max-age=600',
        expires,
      });
      expect(await head('h/img/a.png')).toEqual({ type: 'image/png', cache: 'max-age=600', expires });
      expect(await head('h/blob')).toEqual({
        type: 'application/octet-stream',
        cache: 'max-age=600',
        expires,
      });
    } finally {
      client.destroy();
    }
  });
});

describe('threads', () => {
  it('works with --threads 1 and THREADS=3, and refuses a bad count with exit 2', async () => {
    const b = await bucket();
    const src = await tempDir();
    await makeTree(src, Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}.txt`, `${i}`])));

    ok(await paras3(['-r', '--threads', '1', `${src}/`, `${b}:one`]));
    ok(await paras3(['-r', `${src}/`, `${b}:three`], { THREADS: '3' }));
    expect(Object.keys(await s3Tree(b, 'one/'))).toHaveLength(21);
    expect(Object.keys(await s3Tree(b, 'three/'))).toHaveLength(21);

    for (const [args, extra, message] of [
      [
        ['--threads', '0'],
        {},
        'paras3: THREADS="0" (from --threads) must be a whole number from 1 to 1024\n',
      ],
      [
        [],
        { THREADS: 'many' },
        'paras3: THREADS="many" (from env THREADS) must be a whole number from 1 to 1024\n',
      ],
    ] as const) {
      const r = await paras3(['-r', ...args, `${src}/`, `${b}:bad`], extra);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(message);
    }
  });
});
