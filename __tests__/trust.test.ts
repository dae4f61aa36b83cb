// Issue 9, "no surprise deletes, no silent loss, no corrupt file kept, no hang": each class of failure a
// review found, in both directions and more than one place in the tree, asserted on the bucket and on
// the tree (every body's sha256, modes), not only on what paras3 prints.
import { createHash } from 'node:crypto';
import { chmod, readdir, readFile, stat, symlink, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3Operation } from './helpers/fault-proxy.js';
import { useS3Server } from './helpers/fixtures.js';
import { runMain } from './helpers/inprocess.js';
import { cliEnv, getObject, listKeys, putObject, s3Client } from './helpers/s3server.js';
import { makeTree, readTree, type TreeSpec, tempDir } from './helpers/tree.js';

const s3 = useS3Server({ proxy: true });

/** paras3 in this process, against the server (or the proxy), with one HOME (and MD5 cache) per file. */
const paras3 = (args: string[], opts: { proxy?: boolean; env?: Record<string, string> } = {}) =>
  runMain(args, {
    ...cliEnv(opts.proxy ? s3.proxy.endpoint : s3.server.endpoint),
    HOME: s3.env.HOME as string,
    PATH: process.env.PATH ?? '',
    ...opts.env,
  });

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex').slice(0, 16);

/** Every key under a prefix with the sha256 of its body. */
async function bucketState(bucket: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const { key } of await listKeys(s3.server.endpoint, bucket, prefix))
    out[key] = sha((await getObject(s3.server.endpoint, bucket, key)).body);
  return out;
}

/** Every path under a root: kind, sha256 of content, permission bits. */
async function treeState(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [path, n] of Object.entries(await readTree(root, { mode: true }))) {
    out[path] =
      n.kind === 'file'
        ? `file ${sha(n.content ?? '')} ${n.mode?.toString(8)}`
        : n.kind === 'symlink'
          ? `symlink ${n.target}`
          : 'dir';
  }
  return out;
}

const head = (bucket: string, key: string) =>
  s3Client(s3.server.endpoint).send(new HeadObjectCommand({ Bucket: bucket, Key: key }));

describe('1. an empty source that is not empty', () => {
  for (const where of ['top level', 'nested']) {
    it(`a source of directories only never empties the destination (upload, ${where})`, async () => {
      const b = await s3.bucket('empty-up');
      const full = await tempDir();
      await makeTree(full, { 'index.html': 'i', 'assets/app.js': 'a', 'assets/deep/x.css': 'x' });
      expect((await paras3(['-r', `${full}/`, `${b}:site`])).code).toBe(0);
      const before = await bucketState(b);

      const hollow = await tempDir();
      const dirs: TreeSpec =
        where === 'top level'
          ? { assets: { dir: true as const } }
          : { 'public/assets/x': { dir: true as const } };
      await makeTree(hollow, dirs);
      const src = where === 'top level' ? hollow : join(hollow, 'public');
      const r = await paras3(['-r', '--delete', `${src}/`, `${b}:site`]);

      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^paras3: deletes refused: the source has no files; refusing to delete 3 files/m,
      );
      expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^finished with problems: /);
      // Every file is still there (a directory node may have been added, nothing went).
      expect(await bucketState(b)).toMatchObject(before);
    });
  }

  it('a bucket prefix of directory nodes and _$folder$ markers never empties a local tree (download)', async () => {
    const b = await s3.bucket('empty-down');
    await putObject(s3.server.endpoint, b, 'p/', '');
    await putObject(s3.server.endpoint, b, 'p/a/', '');
    await putObject(s3.server.endpoint, b, 'p/b_$folder$', '');
    await putObject(s3.server.endpoint, b, 'p/a/c/', '');
    const dst = await tempDir();
    await makeTree(dst, { 'keep.txt': 'k', 'a/deep/keep.bin': 'kk' });
    const before = await treeState(dst);

    const r = await paras3(['-r', '--delete', `${b}:p/`, `${dst}/`]);

    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/deletes refused: the source has no files; refusing to delete 2 files/);
    expect(await treeState(dst)).toMatchObject(before);

    // Given --max-delete, the user said how much may go.
    const allowed = await paras3(['-r', '--delete', '--max-delete', '5', `${b}:p/`, `${dst}/`]);
    expect(allowed.code).toBe(0);
    expect(await treeState(dst)).toEqual({ a: 'dir', 'a/c': 'dir', b: 'dir' });
  });
});

describe('2. one name, one object', () => {
  const nfc = 'caf\u00e9.txt';
  const nfd = 'cafe\u0301.txt';

  for (const dir of ['', 'sub/']) {
    it(`two local files equal after NFC are an error naming both; neither is uploaded, nothing deleted (${dir || 'top level'})`, async () => {
      const b = await s3.bucket('twins-up');
      await putObject(s3.server.endpoint, b, `t/${dir}stale.txt`, 'stale');
      const src = await tempDir();
      await makeTree(src, {
        [`${dir}${nfc}`]: 'composed',
        [`${dir}${nfd}`]: 'decomposed',
        [`${dir}ok.txt`]: 'ok',
      });

      const r = await paras3(['-r', '--delete', `${src}/`, `${b}:t`]);

      expect(r.code).toBe(1);
      const line =
        r.stderr.split('\n').find((l) => l.includes('same name after Unicode normalisation')) ?? '';
      expect(line).toContain(`"${dir}${nfc}"`);
      expect(line).toContain(`"${dir}${nfd}"`);
      expect(r.stderr).toMatch(/deletes refused: some names are equal after Unicode normalisation/);
      const keys = Object.keys(await bucketState(b));
      expect(keys).toContain(`t/${dir}ok.txt`);
      expect(keys).toContain(`t/${dir}stale.txt`);
      expect(keys.filter((k) => k.normalize('NFC').endsWith(nfc))).toEqual([]);
    });
  }

  for (const dir of ['', 'sub/']) {
    it(`a key written NFD by another tool is the local NFC file's object: updated in place, never a second key (${dir || 'top level'})`, async () => {
      const b = await s3.bucket('nfd-up');
      await putObject(s3.server.endpoint, b, `t/${dir}${nfd}`, 'old');
      const src = await tempDir();
      await makeTree(src, { [`${dir}${nfc}`]: 'new content' });

      const r = await paras3(['-r', `${src}/`, `${b}:t`]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`upload ${dir}${nfc} (11 B)`);
      const state = await bucketState(b, 't/');
      expect(Object.keys(state).filter((k) => k.includes('.txt'))).toEqual([`t/${dir}${nfd}`]);
      expect(state[`t/${dir}${nfd}`]).toBe(sha('new content'));

      // The next run finds them equal; a restore brings back the new content under the NFC name.
      const again = await paras3(['-r', `${src}/`, `${b}:t`]);
      expect(again.stdout).toMatch(/files 0 created, 0 updated, 0 deleted, 1 unchanged/);
      const dst = await tempDir();
      await makeTree(dst, { [`${dir}${nfc}`]: 'stale local' });
      expect((await paras3(['-r', `${b}:t/`, `${dst}/`])).code).toBe(0);
      const names = (await readdir(join(dst, dir))).filter((n) => n.endsWith('.txt'));
      expect(names).toEqual([nfc]);
      expect(await readFile(join(dst, dir, nfc), 'utf8')).toBe('new content');
    });
  }

  it('two keys equal after NFC are an error naming both on download; neither is written, nothing deleted', async () => {
    const b = await s3.bucket('twins-down');
    await putObject(s3.server.endpoint, b, `d/x/${nfc}`, 'one');
    await putObject(s3.server.endpoint, b, `d/x/${nfd}`, 'two');
    await putObject(s3.server.endpoint, b, 'd/x/fine.txt', 'fine');
    const dst = await tempDir();
    await makeTree(dst, { 'x/local-only.txt': 'keep' });

    const r = await paras3(['-r', '--delete', '--make-dirs', `${b}:d/`, `${dst}/`]);

    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/same name after Unicode normalisation \(NFC\) on the source/);
    expect(await treeState(dst)).toEqual({
      x: 'dir',
      'x/fine.txt': expect.stringMatching(/^file /),
      'x/local-only.txt': expect.stringMatching(/^file /),
    });
  });
});

describe('4. metadata-only changes reach the backup', () => {
  for (const dir of ['', 'nested/deeper/']) {
    it(`chmod and a new mtime update the object's metadata without re-sending the bytes (${dir || 'top level'})`, async () => {
      const b = await s3.bucket('meta-up');
      const src = await tempDir();
      await makeTree(src, {
        [`${dir}secret`]: { content: 'key material', mode: 0o644 },
        [`${dir}plain`]: 'p',
      });
      expect((await paras3(['-r', `${src}/`, `${b}:m`])).code).toBe(0);
      const etag = (await head(b, `m/${dir}secret`)).ETag;

      await chmod(join(src, dir, 'secret'), 0o600);
      await utimes(
        join(src, dir, 'plain'),
        new Date('2020-01-01T00:00:00Z'),
        new Date('2020-01-01T00:00:00Z'),
      );
      s3.proxy.requests.length = 0;
      const r = await paras3(['-r', `${src}/`, `${b}:m`], { proxy: true });

      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`metadata ${dir}secret (mode 644 → 600)`);
      expect(r.stdout).toMatch(new RegExp(`metadata ${dir}plain \\(mtime .* → 2020-01-01T00:00:00.000Z\\)`));
      // No body was sent: only copies of the objects onto themselves.
      expect(s3.proxy.requests.filter((q) => s3Operation(q) === 'CopyObject')).toHaveLength(2);
      expect(s3.proxy.requests.filter((q) => s3Operation(q) === 'PutObject')).toEqual([]);
      const h = await head(b, `m/${dir}secret`);
      expect(Number(h.Metadata?.permissions) & 0o7777).toBe(0o600);
      expect(h.ETag).toBe(etag);

      // Then nothing is left to do, and a restore brings back what the source has now.
      const again = await paras3(['-r', `${src}/`, `${b}:m`]);
      expect(again.stdout).toMatch(/files 0 created, 0 updated, 0 deleted, 2 unchanged/);
      const dst = await tempDir();
      expect((await paras3(['-r', `${b}:m/`, `${dst}/`])).code).toBe(0);
      expect((await stat(join(dst, dir, 'secret'))).mode & 0o7777).toBe(0o600);
      expect((await stat(join(dst, dir, 'plain'))).mtimeMs).toBe(Date.parse('2020-01-01T00:00:00Z'));
    });
  }

  it('a file replaced by a symlink with the same bytes is a real change, and restores as a symlink', async () => {
    const b = await s3.bucket('meta-link');
    const src = await tempDir();
    await makeTree(src, { target: 'target', 'sub/target': 'x', 'sub/l': 'target' });
    expect((await paras3(['-r', `${src}/`, `${b}:l`])).code).toBe(0);
    await unlink(join(src, 'sub/l'));
    await symlink('target', join(src, 'sub/l'));

    const r = await paras3(['-r', `${src}/`, `${b}:l`]);
    expect(r.stdout).toContain('upload sub/l (6 B)');
    const dst = await tempDir();
    expect((await paras3(['-r', `${b}:l/`, `${dst}/`])).code).toBe(0);
    expect((await treeState(dst))['sub/l']).toBe('symlink target');
  });

  it('a restored file whose mode was changed locally gets the stored mode back on the next download', async () => {
    const b = await s3.bucket('meta-down');
    const src = await tempDir();
    await makeTree(src, {
      'a/run.sh': { content: '#!/bin/sh\n', mode: 0o755 },
      'top.txt': { content: 't', mode: 0o640 },
    });
    expect((await paras3(['-r', `${src}/`, `${b}:d`])).code).toBe(0);
    const dst = await tempDir();
    expect((await paras3(['-r', `${b}:d/`, `${dst}/`])).code).toBe(0);
    await chmod(join(dst, 'a/run.sh'), 0o644);
    await chmod(join(dst, 'top.txt'), 0o666);

    const r = await paras3(['-r', `${b}:d/`, `${dst}/`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('metadata a/run.sh (mode 644 → 755)');
    expect(r.stdout).toContain('metadata top.txt (mode 666 → 640)');
    expect(await treeState(dst)).toEqual(await treeState(src));
  });
});

describe('5. legal names restore', () => {
  const names = {
    '..hidden': 'h',
    '...': 'dots',
    '..cache/inner/f': 'f',
    'back\\slash': 'b',
    'sub/..x/y': 'y',
  };
  it('names that merely start with dots, and backslashes on POSIX, round-trip both ways and then rest', async () => {
    const b = await s3.bucket('names');
    const src = await tempDir();
    await makeTree(src, names);
    const up = await paras3(['-r', `${src}/`, `${b}:n`]);
    expect(up.code, up.stderr).toBe(0);
    const dst = await tempDir();
    const down = await paras3(['-r', `${b}:n/`, `${dst}/`]);
    expect(down.code, down.stderr).toBe(0);
    expect(await treeState(dst)).toEqual(await treeState(src));
    for (const args of [
      ['-r', `${src}/`, `${b}:n`],
      ['-r', `${b}:n/`, `${dst}/`],
    ]) {
      const again = await paras3(args);
      expect(again.stdout).toMatch(/files 0 created, 0 updated, 0 deleted, 5 unchanged/);
    }
  });

  it('a folder key that holds bytes is reported (exit 1), not silently made an empty directory', async () => {
    const b = await s3.bucket('dirbytes');
    await putObject(s3.server.endpoint, b, 'p/d/', 'not empty');
    await putObject(s3.server.endpoint, b, 'p/d/x.txt', 'x');
    await putObject(s3.server.endpoint, b, 'p/top/', 'zz');
    const dst = await tempDir();
    const r = await paras3(['-r', `${b}:p/`, `${dst}/`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^paras3: skipped d: is a folder key \(ending in "\/"\) that holds bytes/m);
    expect(r.stderr).toMatch(/^paras3: skipped top: is a folder key/m);
    expect(await treeState(dst)).toEqual({
      d: 'dir',
      'd/x.txt': `file ${sha('x')} ${(0o666 & ~process.umask()).toString(8)}`,
      top: 'dir',
    });
  });
});

describe('6. a server that never answers', () => {
  it('a stalled download fails that file after --timeout and the retries, naming the endpoint; the others land', async () => {
    const b = await s3.bucket('stall');
    await putObject(s3.server.endpoint, b, 's/ok.txt', 'ok');
    await putObject(s3.server.endpoint, b, 's/sub/hang.txt', 'hang');
    s3.proxy.setRules([
      { kind: 'stall', match: (q) => q.method === 'GET' && q.url.startsWith(`/${b}/s/sub/hang.txt`) },
    ]);
    const dst = await tempDir();
    const r = await paras3(['-r', '--make-dirs', '--timeout', '1', `${b}:s/`, `${dst}/`], {
      proxy: true,
      env: { S3SYNC_RETRIES: '2', S3SYNC_WAITONERROR: '0' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^paras3: failed to download sub/hang.txt: ${s3.proxy.endpoint.replace(/[.]/g, '\\.')} did not answer in time`,
        'm',
      ),
    );
    expect(await treeState(dst)).toEqual({ 'ok.txt': expect.stringMatching(/^file /), sub: 'dir' });
    // Exactly the two attempts, then no more.
    expect(s3.proxy.requests.filter((q) => q.url.startsWith(`/${b}/s/sub/hang.txt`))).toHaveLength(2);
  });

  it('a stalled listing fails the run with one line naming the endpoint, and nothing is planned', async () => {
    const b = await s3.bucket('stall-list');
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'a' });
    s3.proxy.setRules([{ kind: 'stall', match: (q) => s3Operation(q) === 'ListObjectsV2' }]);
    const r = await paras3(['-r', '--timeout', '1', `${src}/`, `${b}:p`], {
      proxy: true,
      env: { S3SYNC_RETRIES: '1' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^paras3: .*did not answer in time/),
    ]);
    expect(await listKeys(s3.server.endpoint, b)).toEqual([]);
  });
});

describe('8. temp files of a killed run', () => {
  const deadPid = 2 ** 22 + 12345; // above pid_max's default: no such process
  it('are never uploaded, wherever they are in the tree', async () => {
    const b = await s3.bucket('temps-up');
    const src = await tempDir();
    await makeTree(src, {
      'a.txt': 'a',
      [`.a.txt.paras3-${deadPid}-0123abcd`]: 'partial',
      'sub/b.bin': 'b',
      [`sub/.b.bin.paras3-${deadPid}-00c0ffee`]: 'partial',
    });
    expect((await paras3(['-r', `${src}/`, `${b}:t`])).code).toBe(0);
    expect(Object.keys(await bucketState(b)).sort()).toEqual(['t/', 't/a.txt', 't/sub/', 't/sub/b.bin']);
  });

  it('are removed by the next download into their directory, unless their process is alive', async () => {
    const b = await s3.bucket('temps-down');
    await putObject(s3.server.endpoint, b, 'd/a.txt', 'a');
    await putObject(s3.server.endpoint, b, 'd/sub/', '');
    await putObject(s3.server.endpoint, b, 'd/sub/b.txt', 'b');
    const dst = await tempDir();
    const live = `.b.txt.paras3-${process.pid}-00000000`;
    await makeTree(dst, {
      [`.a.txt.paras3-${deadPid}-0123abcd`]: 'x',
      [`sub/.b.txt.paras3-${deadPid}-aaaaaaaa`]: 'y',
      [`sub/${live}`]: 'z',
    });
    const r = await paras3(['-r', `${b}:d/`, `${dst}/`]);
    expect(r.code, r.stderr).toBe(0);
    expect((await readdir(dst)).sort()).toEqual(['a.txt', 'sub']);
    expect((await readdir(join(dst, 'sub'))).sort()).toEqual([live, 'b.txt']);
  });
});

describe('8b. names that merely resemble a temp file are synced like any other', () => {
  const deadPid = 2 ** 22 + 12345;
  // No leading dot, no pid, a pid with no leading dot: each could be a user's file, not a run's partial.
  const lookalikes: TreeSpec = {
    'notes.paras3-cafebabe': 'user data',
    '.notes.paras3-cafebabe': 'hidden user data',
    [`sub/notes.paras3-${deadPid}-0123abcd`]: 'more user data',
  };

  it('an upload with --delete uploads them and keeps their earlier copies', async () => {
    const b = await s3.bucket('lookalike-up');
    await putObject(s3.server.endpoint, b, 'bk/notes.paras3-cafebabe', 'user data');
    const src = await tempDir();
    await makeTree(src, { 'keep.txt': 'k', ...lookalikes });
    const r = await paras3(['-r', '--delete', `${src}/`, `${b}:bk`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/^delete /m);
    expect(await bucketState(b)).toEqual({
      'bk/': sha(''),
      'bk/.notes.paras3-cafebabe': sha('hidden user data'),
      'bk/keep.txt': sha('k'),
      'bk/notes.paras3-cafebabe': sha('user data'),
      'bk/sub/': sha(''),
      [`bk/sub/notes.paras3-${deadPid}-0123abcd`]: sha('more user data'),
    });
  });

  it('a download leaves local ones alone, and writes those it is sent', async () => {
    const b = await s3.bucket('lookalike-down');
    await putObject(s3.server.endpoint, b, 'd/a.txt', 'a');
    await putObject(s3.server.endpoint, b, 'd/sub/', '');
    await putObject(s3.server.endpoint, b, 'd/sub/.b.paras3-cafebabe', 'from s3');
    const dst = await tempDir();
    await makeTree(dst, lookalikes);
    const r = await paras3(['-r', `${b}:d/`, `${dst}/`]);
    expect(r.code, r.stderr).toBe(0);
    const file = (content: string) => ({ kind: 'file', content });
    expect(await readTree(dst)).toEqual({
      'notes.paras3-cafebabe': file('user data'),
      '.notes.paras3-cafebabe': file('hidden user data'),
      sub: { kind: 'dir' },
      [`sub/notes.paras3-${deadPid}-0123abcd`]: file('more user data'),
      'sub/.b.paras3-cafebabe': file('from s3'),
      'a.txt': file('a'),
    });
  });
});

describe('9. control characters never reach the terminal raw', () => {
  for (const dir of ['', 'deep/er/']) {
    it(`file names with ESC, CR and newline are shown escaped in every line (${dir || 'top level'})`, async () => {
      const b = await s3.bucket('ctrl');
      const src = await tempDir();
      await makeTree(src, {
        [`${dir}esc\u001b[31mred`]: 'r',
        [`${dir}cr\rline`]: 'c',
        [`${dir}nl\nname`]: 'n',
      });
      const r = await paras3(['-r', '-n', `${src}/`, `${b}:c`]);
      expect(r.code, r.stderr).toBe(0);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: what must never appear.
      expect(r.stdout).not.toMatch(/[\u001b\r]/);
      expect(r.stdout).toContain(`upload ${dir}esc\\x1b[31mred (1 B, new)`);
      expect(r.stdout).toContain(`upload ${dir}cr\\x0dline (1 B, new)`);
      expect(r.stdout).toContain(`upload ${dir}nl\\x0aname (1 B, new)`);
    });
  }
});

describe('SSE-KMS: ETags that are not MD5s', () => {
  it('uploads, re-syncs and restores a tree (small files and a multipart one) through md5chksum', async () => {
    const b = await s3.bucket('kms');
    const src = await tempDir();
    await makeTree(src, {
      'a.txt': 'alpha',
      'sub/b.txt': 'beta',
      'sub/big.bin': Buffer.alloc(9 * 1024 * 1024, 7),
    });
    s3.proxy.setRules([{ kind: 'sseKms' }]);

    const up = await paras3(['-r', `${src}/`, `${b}:k`], { proxy: true });
    expect(up.code, up.stderr).toBe(0);
    s3.proxy.requests.length = 0;
    const again = await paras3(['-r', `${src}/`, `${b}:k`], {
      proxy: true,
      env: { PARAS3_MD5_CACHE: 'off' },
    });
    expect(again.stdout).toMatch(/files 0 created, 0 updated, 0 deleted, 3 unchanged/);
    // The listed ETags are not the MD5s: each equal-size file was proven equal through its md5chksum.
    expect(s3.proxy.requests.filter((q) => q.op === 'HeadObject')).toHaveLength(3);

    const dst = await tempDir();
    const down = await paras3(['-r', `${b}:k/`, `${dst}/`], { proxy: true });
    expect(down.code, down.stderr).toBe(0);
    expect(down.stderr).toBe('');
    expect(await treeState(dst)).toEqual(await treeState(src));
    const downAgain = await paras3(['-r', `${b}:k/`, `${dst}/`], { proxy: true });
    expect(downAgain.stdout).toMatch(/files 0 created, 0 updated, 0 deleted, 3 unchanged/);
  });

  it('a corrupted body of an SSE-KMS object is caught by md5chksum and never kept', async () => {
    const b = await s3.bucket('kms-corrupt');
    const src = await tempDir();
    await makeTree(src, { 'deep/x.bin': 'x'.repeat(5000) });
    expect((await paras3(['-r', `${src}/`, `${b}:k`])).code).toBe(0);
    s3.proxy.setRules([
      { kind: 'corrupt', offset: 100, match: { op: 'GetObject', key: 'k/deep/x.bin' } },
      { kind: 'sseKms' },
    ]);
    const dst = await tempDir();
    await makeTree(dst, { 'deep/x.bin': 'old' });
    const r = await paras3(['-r', `${b}:k/`, `${dst}/`], { proxy: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/failed to download deep\/x\.bin: .*MD5 mismatch/);
    expect(await treeState(dst)).toEqual({ deep: 'dir', 'deep/x.bin': expect.stringContaining(sha('old')) });
  });

  it('an SSE-KMS object written by another tool without md5chksum is accepted by size, with a warning', async () => {
    const b = await s3.bucket('kms-foreign');
    await putObject(s3.server.endpoint, b, 'f/plain.txt', 'no checksum here');
    s3.proxy.setRules([{ kind: 'sseKms' }]);
    const dst = await tempDir();
    const r = await paras3(['-r', `${b}:f/`, `${dst}/`], { proxy: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'paras3: warning: plain.txt: encrypted object without md5chksum or checksum; verified by size only\n',
    );
  });
});

describe('messages', () => {
  it('https against a plain-http server says so, in one line, exit 2', async () => {
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'a' });
    const endpoint = s3.server.endpoint.replace('http:', 'https:');
    const r = await paras3(['-r', '--endpoint', endpoint, `${src}/`, 'bkt-tls:p'], {
      env: { S3SYNC_RETRIES: '1' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `paras3: TLS handshake with ${endpoint} failed: is the endpoint http, not https?\n`,
    );
  });

  it('a failed listing names the listing and the page', async () => {
    const b = await s3.bucket('listfail');
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'a' });
    s3.proxy.setRules([
      {
        kind: 'status',
        status: 500,
        code: 'InternalError',
        match: (q) => s3Operation(q) === 'ListObjectsV2',
      },
    ]);
    const r = await paras3(['-r', `${src}/`, `${b}:deep/p`], { proxy: true, env: { S3SYNC_RETRIES: '1' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `paras3: listing destination s3://${b}/deep/p/ failed at page 1: InternalError: Injected by fault proxy\n`,
    );
  });

  it('a name the native charset cannot hold fails that entry only; the summary and --json are still written', async () => {
    const b = await s3.bucket('charset');
    await putObject(s3.server.endpoint, b, 'c/ok.txt', 'ok');
    await putObject(s3.server.endpoint, b, 'c/日本.txt', 'jp');
    const dst = await tempDir();
    const r = await paras3(['-r', '--json', `${b}:c/`, `${dst}/`], {
      env: { S3SYNC_NATIVE_CHARSET: 'iso-8859-1' },
    });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.totals.files.created).toBe(1);
    expect(doc.totals.failed).toBe(1);
    expect(doc.actions.find((a: { path: string }) => a.path === '日本.txt').error).toMatch(
      /cannot be written as a iso-8859-1 file name/,
    );
    expect(await readdir(dst)).toEqual(['ok.txt']);
  });

  it('a refused delete phase is one line, and the last line does not say done', async () => {
    const b = await s3.bucket('refused');
    await putObject(s3.server.endpoint, b, 'r/a.txt', 'a');
    await putObject(s3.server.endpoint, b, 'r/b.txt', 'b');
    const src = await tempDir();
    await makeTree(src, { 'c.txt': 'c' });
    const r = await paras3(['-r', '-d', '--max-delete', '1', `${src}/`, `${b}:r`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'paras3: deletes refused: 2 deletes planned, more than --max-delete 1; nothing is deleted\n',
    );
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^finished with problems: /);
  });

  it('a profile that does not exist is named, with where it was looked for (env and settings file alike)', async () => {
    const home = await tempDir();
    await makeTree(home, {
      '.aws/config': '[profile other]\nregion = eu-west-1\n',
      '.aws/credentials': '[ci]\n',
    });
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'a' });
    const env = { AWS_ENDPOINT_URL: s3.server.endpoint, AWS_REGION: 'us-east-1', HOME: home };
    const r = await runMain(['-r', `${src}/`, 'bkt-profile:p'], { ...env, AWS_PROFILE: 'nope' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `paras3: AWS profile "nope" (from env AWS_PROFILE) is not in ${home}/.aws/config or ${home}/.aws/credentials\n`,
    );
    await makeTree(home, { '.paras3.ini': 'AWS_PROFILE = missing\n' });
    const fromIni = await runMain(['-r', `${src}/`, 'bkt-profile:p'], env);
    expect(fromIni.stderr).toMatch(
      new RegExp(`^paras3: AWS profile "missing" \\(from ${home}/\\.paras3\\.ini\\) is not in `),
    );
  });
});
