// Issue 5, "hostile and odd input never escapes or corrupts" and "deletes are never a surprise": keys
// that would leave the destination, names that are a file on one side and a directory on the other,
// links, special and unreadable files, and every guard in front of the delete phase.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmod, mkdir, symlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { s3Operation } from './helpers/fault-proxy.js';
import { useS3Server } from './helpers/fixtures.js';
import { CLI_BUNDLE, capture, cleanEnv, type RunResult, runActionAt, runCli } from './helpers/run.js';
import { cliEnv, getObject, listKeys, putObject } from './helpers/s3server.js';
import { makeTree, readTree, tempDir } from './helpers/tree.js';

const BUCKET = 'safety';
const isRoot = process.getuid?.() === 0;

const s3 = useS3Server({ bucket: BUCKET, proxy: true });

const cli = (args: string[], endpoint = s3.server.endpoint, env: Record<string, string> = {}) =>
  runCli(args, { env: { ...cliEnv(endpoint), ...env } });
const keysUnder = async (prefix: string) =>
  (await listKeys(s3.server.endpoint, BUCKET, prefix)).map((k) => k.key);
const skippedLines = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('paras3: skipped '))
    .sort();

async function seed(prefix: string, keys: Record<string, string>): Promise<void> {
  for (const [key, body] of Object.entries(keys))
    await putObject(s3.server.endpoint, BUCKET, prefix + key, body);
}

describe('hostile keys', () => {
  it('are never written: each is reported, the run exits 1 and the rest of the tree is restored', async () => {
    await seed('hk/', { 'good.txt': 'good', 'sub/': '', 'sub/ok.txt': 'ok' });
    const hostile = [
      'hk/../evil',
      'hk//x',
      'hk/a//b',
      'hk/nul\u0000x',
      'hk/sub/../../escape',
      'hk/./dot',
      'hk/../\u001b[2J',
    ];
    s3.proxy.setRules([{ kind: 'injectKeys', keys: hostile.map((key) => ({ key, size: 4 })) }]);
    const parent = await tempDir();
    const run = await cli(['-r', `${BUCKET}:hk/`, join(parent, 'dst/')], s3.proxy.endpoint);

    expect(run.code).toBe(1);
    expect(skippedLines(run.stderr)).toEqual(
      [
        'hk/../evil: unsafe key (has a ".." segment), skipped',
        'hk//x: unsafe key (is an absolute path), skipped',
        'hk/a//b: unsafe key (has an empty path segment), skipped',
        'hk/nul\\x00x: unsafe key (contains a NUL character), skipped',
        'hk/sub/../../escape: unsafe key (has a ".." segment), skipped',
        'hk/./dot: unsafe key (has a "." segment), skipped',
        // Control characters are shown escaped: a key cannot drive the terminal.
        'hk/../\\x1b[2J: unsafe key (has a ".." segment), skipped',
      ]
        .map((l) => `paras3: skipped ${l}`)
        .sort(),
    );
    expect(run.stdout).toMatch(
      /^finished with problems: files 2 created, 0 updated, 0 deleted, 0 unchanged; directories 2 created; 7 skipped; /m,
    );
    // Only the safe keys were fetched, and nothing exists outside the destination.
    expect(s3.proxy.requests.filter((r) => s3Operation(r) === 'GetObject')).toHaveLength(2);
    expect(await readTree(parent)).toEqual({
      dst: { kind: 'dir' },
      'dst/good.txt': { kind: 'file', content: 'good' },
      'dst/sub': { kind: 'dir' },
      'dst/sub/ok.txt': { kind: 'file', content: 'ok' },
    });
  });

  it('a key under a local symlink to elsewhere is not written through the link', async () => {
    await seed('through/', { 'link/': '', 'link/planted.txt': 'planted', 'fine.txt': 'fine' });
    const outside = await tempDir();
    const dst = await tempDir();
    await symlink(outside, join(dst, 'link'));
    const run = await cli(['-r', `${BUCKET}:through/`, `${dst}/`]);
    expect(run.code).toBe(1);
    expect(skippedLines(run.stderr)).toEqual([
      'paras3: skipped link/planted.txt: parent "link" is not a directory locally',
      'paras3: skipped link: is a symlink locally but a directory on S3; skipped with its contents',
    ]);
    expect(await readTree(outside)).toEqual({});
    expect(await readTree(dst)).toEqual({
      'fine.txt': { kind: 'file', content: 'fine' },
      link: { kind: 'symlink', target: outside },
    });
  });

  it('a key that is both a file and a directory prefix is reported, and its directory still restored', async () => {
    await seed('both/', { 'a/': '', 'a/b': 'inside' });
    s3.proxy.setRules([{ kind: 'injectKeys', keys: [{ key: 'both/a', size: 0 }] }]);
    const dst = await tempDir();
    const run = await cli(['-r', `${BUCKET}:both/`, `${dst}/`], s3.proxy.endpoint);
    expect(run.code).toBe(1);
    expect(skippedLines(run.stderr)).toEqual([
      'paras3: skipped a: is both a file and a directory prefix on S3; the file is skipped',
    ]);
    expect(await readTree(dst)).toEqual({
      a: { kind: 'dir' },
      'a/b': { kind: 'file', content: 'inside' },
    });
  });

  it('a name that is a file on one side and a directory on the other is reported, not crashed on', async () => {
    await seed('kinds/', { 'f/': '', 'f/inner.txt': 'inner', d: 'file on S3', 'ok.txt': 'ok' });
    const dst = await tempDir();
    await makeTree(dst, { f: 'a local file', 'd/local.txt': 'a local dir' });
    const run = await cli(['-r', `${BUCKET}:kinds/`, `${dst}/`]);
    expect(run.code).toBe(1);
    expect(skippedLines(run.stderr)).toEqual([
      'paras3: skipped d: is a directory locally but a file on S3; skipped',
      'paras3: skipped f/inner.txt: parent "f" is not a directory locally',
      'paras3: skipped f: is a file locally but a directory on S3; skipped with its contents',
    ]);
    expect(await readTree(dst)).toEqual({
      d: { kind: 'dir' },
      'd/local.txt': { kind: 'file', content: 'a local dir' },
      f: { kind: 'file', content: 'a local file' },
      'ok.txt': { kind: 'file', content: 'ok' },
    });
  });
});

describe('odd local entries', () => {
  it('broken and looping symlinks are stored as links, never followed, and never abort the run', async () => {
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'a', broken: { symlink: 'missing/target' }, loop: { symlink: 'loop' } });
    const up = await cli(['-r', `${src}/`, `${BUCKET}:links/`]);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(await keysUnder('links/')).toEqual(['links/', 'links/a.txt', 'links/broken', 'links/loop']);
    // Second run in both comparison modes: nothing to do, links compared as links.
    for (const flags of [['-r'], ['-r', '--no-md5']]) {
      const again = await cli([...flags, `${src}/`, `${BUCKET}:links/`]);
      expect(again.stdout).toMatch(/0 created, 0 updated, 0 deleted, 3 unchanged/);
    }
    const dst = await tempDir();
    const down = await cli(['-r', `${BUCKET}:links/`, `${dst}/`]);
    expect(down.code).toBe(0);
    expect(await readTree(dst)).toEqual(await readTree(src));
  });

  it('FIFOs, sockets and devices are skipped with a warning; the rest is uploaded', async () => {
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'a', 'sub/b.txt': 'b' });
    execFileSync('mkfifo', [join(src, 'fifo'), join(src, 'sub/fifo2')]);
    const sock: Server = createServer();
    await new Promise<void>((resolve) => sock.listen(join(src, 'sock'), resolve));
    if (isRoot) execFileSync('mknod', [join(src, 'null'), 'c', '1', '3']);
    try {
      const run = await cli(['-r', `${src}/`, `${BUCKET}:special/`]);
      expect(run.code).toBe(0);
      const warnings = run.stderr.split('\n').filter(Boolean).sort();
      expect(warnings).toEqual(
        ['fifo', 'sub/fifo2', 'sock', ...(isRoot ? ['null'] : [])]
          .map((p) => `paras3: warning: skipping ${p}: not a regular file, directory or symlink`)
          .sort(),
      );
      expect(await keysUnder('special/')).toEqual([
        'special/',
        'special/a.txt',
        'special/sub/',
        'special/sub/b.txt',
      ]);
    } finally {
      await new Promise((resolve) => sock.close(resolve));
    }
  });

  // chmod 000 does not stop root, so the CLI runs as `nobody` over a tree it can read except where it
  // must not. Without root there is no way to switch users: skip, saying why.
  const canDropPrivileges = isRoot && hasSetpriv();
  it.skipIf(!canDropPrivileges)(
    'unreadable files and directories are reported, the rest is uploaded, exit 1, nothing deleted',
    async () => {
      const src = await tempDir();
      await makeTree(src, {
        'a.txt': 'a',
        'secret.txt': { content: 'no', mode: 0o000 },
        'locked/inner.txt': 'hidden',
        'open/b.txt': 'b',
      });
      await chmod(join(src, 'locked'), 0o700);
      await chmod(src, 0o755);
      await seed('unreadable/', { 'stale.txt': 'old', 'a.txt': 'old a' });

      const run = await runAsNobody(['-r', '--delete', `${src}/`, `${BUCKET}:unreadable/`]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^paras3: failed to upload secret\.txt: EACCES/m);
      expect(run.stderr).toMatch(/^paras3: skipped locked: cannot read directory: EACCES$/m);
      expect(run.stderr).toMatch(
        /^paras3: deletes refused: a listing was incomplete, so nothing is deleted$/m,
      );
      expect(await keysUnder('unreadable/')).toEqual([
        'unreadable/',
        'unreadable/a.txt',
        'unreadable/locked/',
        'unreadable/open/',
        'unreadable/open/b.txt',
        'unreadable/stale.txt',
      ]);
    },
  );

  it.skipIf(!canDropPrivileges)(
    'a file that cannot be read for its hash (same size as its object) is reported and kept out; the pairs beside it are still compared and synced',
    async () => {
      // Objects first: a file changed after its object was written is never taken as its source (an
      // object newer than the file's ctime would be, and its metadata left unread: examine.ts).
      await seed('unhashable/', { 'same.txt': 'xx', 'a.txt': 'old a', 'b.txt': 'bbbbb' });
      const src = await tempDir();
      await makeTree(src, {
        'same.txt': { content: 'yy', mode: 0o000 },
        'a.txt': 'new a',
        'b.txt': 'bbbbb',
      });
      await chmod(src, 0o755);

      const run = await runAsNobody(['-r', `${src}/`, `${BUCKET}:unhashable/`]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/same\.txt: cannot read: EACCES/);
      // b.txt: equal bytes, but the seeded object lacks the mode and mtime an upload stores.
      expect(run.stdout, `${run.stdout}\n${run.stderr}`).toMatch(
        /files 0 created, 1 updated, 1 metadata updated, 0 deleted, 0 unchanged; .*1 skipped/,
      );
      expect((await getObject(s3.server.endpoint, BUCKET, 'unhashable/a.txt')).body.toString()).toBe('new a');
      expect((await getObject(s3.server.endpoint, BUCKET, 'unhashable/same.txt')).body.toString()).toBe('xx');
    },
  );
});

describe('deletes', () => {
  it('none when the destination listing fails: the run stops before planning', async () => {
    await seed('lf/', { 'stale.txt': 'stale' });
    const src = await tempDir();
    await makeTree(src, { 'new.txt': 'new' });
    s3.proxy.setRules([
      {
        kind: 'status',
        status: 500,
        code: 'InternalError',
        match: (r) => s3Operation(r) === 'ListObjectsV2',
      },
    ]);
    const run = await cli(['-r', '--delete', `${src}/`, `${BUCKET}:lf/`], s3.proxy.endpoint, {
      S3SYNC_RETRIES: '1',
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(await keysUnder('lf/')).toEqual(['lf/stale.txt']);

    const dst = await tempDir();
    await makeTree(dst, { 'local.txt': 'keep' });
    const down = await cli(['-r', '--delete', `${BUCKET}:lf/`, `${dst}/`], s3.proxy.endpoint, {
      S3SYNC_RETRIES: '1',
    });
    expect(down.code).toBe(1);
    expect(await readTree(dst)).toEqual({ 'local.txt': { kind: 'file', content: 'keep' } });
  });

  it('none when the server repeats a continuation token: the listing fails as invalid, with one line', async () => {
    await seed('loop/', { 'stale.txt': 'stale' });
    const src = await tempDir();
    await makeTree(src, { 'new.txt': 'new' });
    // Ten answers at most: a run that follows the token past them meets s3rver's refusal, not a hang.
    s3.proxy.setRules([{ kind: 'repeatToken', token: 'LOOP', times: 10 }]);
    const run = await cli(['-r', '--delete', `${src}/`, `${BUCKET}:loop/`], s3.proxy.endpoint);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `paras3: listing destination s3://${BUCKET}/loop/ failed at page 2: InvalidListing: the server repeated a continuation token ("LOOP"), so the listing would never end\n`,
    );
    expect(await keysUnder('loop/')).toEqual(['loop/stale.txt']);

    s3.proxy.setRules([{ kind: 'repeatToken', token: 'LOOP', times: 10 }]);
    const dst = await tempDir();
    await makeTree(dst, { 'local.txt': 'keep' });
    const down = await cli(['-r', '--delete', `${BUCKET}:loop/`, `${dst}/`], s3.proxy.endpoint);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      /^paras3: listing source s3:\/\/safety\/loop\/ failed at page 2: InvalidListing: [^\n]*\n$/,
    );
    expect(await readTree(dst)).toEqual({ 'local.txt': { kind: 'file', content: 'keep' } });
  });

  it('none when the server ignores the prefix: a key outside it fails the listing, with one line', async () => {
    await seed('', { 'np/': '', 'np/index.html': 'i', 'npother/important.txt': 'IMPORTANT' });
    const before = await keysUnder('np');
    const src = await tempDir();
    await makeTree(src, { 'index.html': 'i' });
    s3.proxy.setRules([{ kind: 'ignorePrefix' }]);
    const run = await cli(['-r', '--delete', `${src}/`, `${BUCKET}:np/`], s3.proxy.endpoint);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^paras3: listing destination s3:\/\/safety\/np\/ failed at page 1: InvalidListing: the server listed key "[^"]*", outside the prefix "np\/" asked for\n$/,
    );
    expect(await keysUnder('np')).toEqual(before);

    const dst = await tempDir();
    await makeTree(dst, { 'local.txt': 'keep' });
    const down = await cli(['-r', '--delete', `${BUCKET}:np/`, `${dst}/`], s3.proxy.endpoint);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      /^paras3: listing source s3:\/\/safety\/np\/ failed at page 1: InvalidListing: [^\n]*\n$/,
    );
    expect(await readTree(dst)).toEqual({ 'local.txt': { kind: 'file', content: 'keep' } });
  });

  it('none when the source does not exist (exit 2), local or on S3', async () => {
    await seed('nosrc/', { 'keep.txt': 'keep' });
    const parent = await tempDir();
    const up = await cli(['-r', '--delete', join(parent, 'missing/'), `${BUCKET}:nosrc/`]);
    expect(up.code).toBe(2);
    expect(up.stderr).toMatch(/^paras3: source .*\/missing\/? does not exist$/m);
    expect(await keysUnder('nosrc/')).toEqual(['nosrc/keep.txt']);

    const dst = await tempDir();
    await makeTree(dst, { 'keep.txt': 'keep' });
    const down = await cli(['-r', '--delete', `${BUCKET}:no-such-prefix/`, `${dst}/`]);
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/^paras3: source s3:\/\/safety\/no-such-prefix\/ does not exist$/m);
    expect(await readTree(dst)).toEqual({ 'keep.txt': { kind: 'file', content: 'keep' } });
  });

  it('none when a transfer failed: one refused PUT keeps every destination entry', async () => {
    await seed('tf/', { 'stale1.txt': 's', 'stale2.txt': 's' });
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c' });
    s3.proxy.setRules([
      {
        kind: 'status',
        status: 403,
        code: 'AccessDenied',
        match: (r) => s3Operation(r) === 'PutObject' && r.url.startsWith(`/${BUCKET}/tf/b.txt`),
      },
    ]);
    const run = await cli(['-r', '--delete', `${src}/`, `${BUCKET}:tf/`], s3.proxy.endpoint);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^paras3: failed to upload b\.txt: /m);
    expect(run.stdout).toMatch(
      /files 2 created, 0 updated, 0 deleted, 0 unchanged; directories 1 created; 1 failed, 2 skipped/,
    );
    expect(s3.proxy.requests.map(s3Operation)).not.toContain('DeleteObjects');
    expect(await keysUnder('tf/')).toEqual(['tf/', 'tf/a.txt', 'tf/c.txt', 'tf/stale1.txt', 'tf/stale2.txt']);
  });

  it('none while a source entry is skipped: a local directory where S3 has a file keeps its contents', async () => {
    await seed('sk/', { x: 'a file on S3', 'ok.txt': 'ok' });
    const dst = await tempDir();
    await makeTree(dst, { 'x/a.txt': 'a', 'x/deep/b.txt': 'b', 'gone.txt': 'g' });
    const run = await cli(['-r', '--delete', `${BUCKET}:sk/`, `${dst}/`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^paras3: skipped x: is a directory locally but a file on S3; skipped$/m);
    expect(run.stderr).toMatch(
      /^paras3: deletes refused: 1 source entry was skipped, so nothing is deleted$/m,
    );
    expect(await readTree(dst)).toEqual({
      'gone.txt': { kind: 'file', content: 'g' },
      'ok.txt': { kind: 'file', content: 'ok' },
      x: { kind: 'dir' },
      'x/a.txt': { kind: 'file', content: 'a' },
      'x/deep': { kind: 'dir' },
      'x/deep/b.txt': { kind: 'file', content: 'b' },
    });
  });

  it('an upload with --exclude keeps the node of a directory that still holds excluded objects', async () => {
    await seed('ex/', { '': '', 'old/': '', 'old/keep.log': 'k', 'old/x.txt': 'x' });
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'a' });
    const run = await cli(['-r', '--delete', '--exclude', '*.log', `${src}/`, `${BUCKET}:ex`]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await keysUnder('ex/')).toEqual(['ex/', 'ex/a.txt', 'ex/old/', 'ex/old/keep.log']);
    // So the tree still restores without --make-dirs.
    const back = await tempDir();
    expect((await cli(['-r', `${BUCKET}:ex/`, `${back}/`])).code).toBe(0);
    expect(Object.keys(await readTree(back)).sort()).toEqual(['a.txt', 'old', 'old/keep.log']);
  });

  it('a file named like a Hadoop marker (`x_$folder$`) with bytes stays a file, backed up and restored', async () => {
    const src = await tempDir();
    await makeTree(src, { report_$folder$: 'important data', 'ok.txt': 'ok' });
    for (let i = 0; i < 2; i++) {
      const run = await cli(['-r', '--delete', `${src}/`, `${BUCKET}:hf`]);
      expect(run.code).toBe(0);
      expect(run.stdout).not.toMatch(/^delete /m);
    }
    expect(await keysUnder('hf/')).toEqual(['hf/', 'hf/ok.txt', 'hf/report_$folder$']);
    const back = await tempDir();
    expect((await cli(['-r', `${BUCKET}:hf/`, `${back}/`])).code).toBe(0);
    expect(await readTree(back)).toEqual({
      'ok.txt': { kind: 'file', content: 'ok' },
      report_$folder$: { kind: 'file', content: 'important data' },
    });
  });

  it('a directory stored both as `x/` and as a Hadoop marker `x_$folder$` is gone after one --delete run', async () => {
    await seed('twostyle/', { 'keep.txt': 'k', 'x/': '', x_$folder$: '', 'x/old.txt': 'o' });
    const src = await tempDir();
    await makeTree(src, { 'keep.txt': 'k' });
    const run = await cli(['-r', '--delete', `${src}/`, `${BUCKET}:twostyle/`]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await keysUnder('twostyle/')).toEqual(['twostyle/', 'twostyle/keep.txt']);
  });

  it('without -r, nothing is deleted or overwritten for a directory the run did not descend into', async () => {
    await seed('nr/', { '': '', 'top.txt': 't', 'd/': '', 'd/in.txt': 'i' });
    const dst = await tempDir();
    await makeTree(dst, { d: 'precious', 'top.txt': 't', 'gone.txt': 'g' });
    const run = await cli(['--delete', `${BUCKET}:nr/`, `${dst}/`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^paras3: skipped d: is a directory in the source \(not descended into without -r\); not deleted$/m,
    );
    expect(await readTree(dst)).toEqual({
      d: { kind: 'file', content: 'precious' },
      'gone.txt': { kind: 'file', content: 'g' },
      'top.txt': { kind: 'file', content: 't' },
    });
  });

  it('--max-delete N refuses the whole delete phase when more than N would go', async () => {
    await seed('md/', { 'x.txt': 'x', 'y.txt': 'y', 'z.txt': 'z' });
    const src = await tempDir();
    await makeTree(src, { 'keep.txt': 'keep' });
    const refused = await cli(['-r', '--delete', '--max-delete', '2', `${src}/`, `${BUCKET}:md/`]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^paras3: deletes refused: 3 deletes planned, more than --max-delete 2; nothing is deleted$/m,
    );
    // Transfers still happen; only deletes are held back.
    expect(await keysUnder('md/')).toEqual(['md/', 'md/keep.txt', 'md/x.txt', 'md/y.txt', 'md/z.txt']);

    const allowed = await cli(['-r', '--delete', '--max-delete', '3', `${src}/`, `${BUCKET}:md/`]);
    expect(allowed.stderr).toBe('');
    expect(allowed.code).toBe(0);
    expect(await keysUnder('md/')).toEqual(['md/', 'md/keep.txt']);
  });

  it('a DeleteObjects request refused as a whole (500, after retries) counts its deletes as failed, with the error', async () => {
    await seed('df/', { 'keep.txt': 'keep', 'stale1.txt': 's', 'stale2.txt': 's' });
    const src = await tempDir();
    await makeTree(src, { 'keep.txt': 'keep' });
    s3.proxy.setRules([
      {
        kind: 'status',
        status: 500,
        code: 'InternalError',
        message: 'We broke',
        match: { op: 'DeleteObjects' },
      },
    ]);
    const run = await cli(['-r', '--delete', `${src}/`, `${BUCKET}:df/`], s3.proxy.endpoint);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^paras3: failed to delete stale1\.txt: .*We broke/m);
    expect(run.stderr).toMatch(/^paras3: failed to delete stale2\.txt: .*We broke/m);
    expect(run.stderr).not.toMatch(/^paras3: skipped/m);
    expect(run.stdout).toMatch(/^finished with problems: files .*, 0 deleted, .*; 2 failed; /m);

    const json = await cli(['-r', '--delete', '--json', `${src}/`, `${BUCKET}:df/`], s3.proxy.endpoint);
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.totals).toMatchObject({ failed: 2, skipped: 0, files: { deleted: 0 } });
    const deletes = doc.actions.filter((a: { op: string }) => a.op === 'delete');
    expect(deletes.map((a: { path: string; status: string }) => `${a.path} ${a.status}`)).toEqual([
      'stale1.txt failed',
      'stale2.txt failed',
    ]);
    for (const a of deletes) expect(a.error).toMatch(/We broke/);

    const ws = await tempDir();
    await makeTree(join(ws, 'site'), { 'keep.txt': 'keep' });
    const action = await runActionAt(s3.proxy.endpoint, ws, {
      source: 'site/',
      destination: `${BUCKET}:df/`,
      delete: 'true',
    });
    expect(action.code).toBe(1);
    expect(action.stdout).toMatch(/^::error::failed to delete stale1\.txt: .*We broke/m);
    expect(action.summary).toMatch(/<th>failed<\/th>/);
    expect(action.summary).not.toMatch(/<th>skipped<\/th>/);
    expect(action.summary).toMatch(
      /<td>failed delete<\/td><td><code>df\/stale1\.txt<\/code><\/td><td>[^<]*We broke/,
    );
    expect(await keysUnder('df/')).toEqual(['df/', 'df/keep.txt', 'df/stale1.txt', 'df/stale2.txt']);
  });

  it('a key refused in a 200 DeleteObjects answer (its own Error) counts as failed; the others are deleted', async () => {
    await seed('dk/', { 'keep.txt': 'keep', 'locked.txt': 's', 'stale.txt': 's' });
    const src = await tempDir();
    await makeTree(src, { 'keep.txt': 'keep' });
    s3.proxy.setRules([
      { kind: 'deleteErrors', keys: /locked/, code: 'AccessDenied', message: 'Object locked' },
    ]);
    const run = await cli(['-r', '--delete', '--json', `${src}/`, `${BUCKET}:dk/`], s3.proxy.endpoint);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^paras3: failed to delete locked\.txt: AccessDenied: Object locked$/m);
    const doc = JSON.parse(run.stdout);
    expect(doc.totals).toMatchObject({ failed: 1, skipped: 0, files: { deleted: 1 } });
    const deletes = doc.actions.filter((a: { op: string }) => a.op === 'delete');
    expect(deletes.map((a: { path: string; status: string }) => `${a.path} ${a.status}`)).toEqual([
      'locked.txt failed',
      'stale.txt done',
    ]);
    expect(await keysUnder('dk/')).toEqual(['dk/', 'dk/keep.txt', 'dk/locked.txt']);
  });

  it('an empty source never empties a non-empty destination unless --max-delete is given', async () => {
    await seed('es/', { 'a.txt': 'a', 'sub/': '', 'sub/b.txt': 'b' });
    const empty = await tempDir();
    const refused = await cli(['-r', '--delete', `${empty}/`, `${BUCKET}:es/`]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^paras3: deletes refused: the source has no files; refusing to delete 2 files at the destination/m,
    );
    expect(await keysUnder('es/')).toEqual(['es/', 'es/a.txt', 'es/sub/', 'es/sub/b.txt']);

    // The same for a download from a prefix that holds only its own directory node.
    await seed('es-empty/', { '': '' });
    const dst = await tempDir();
    await makeTree(dst, { 'local.txt': 'keep' });
    const down = await cli(['-r', '--delete', `${BUCKET}:es-empty/`, `${dst}/`]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/deletes refused: the source has no files/);
    expect(await readTree(dst)).toEqual({ 'local.txt': { kind: 'file', content: 'keep' } });

    const allowed = await cli(['-r', '--delete', '--max-delete', '10', `${empty}/`, `${BUCKET}:es/`]);
    expect(allowed.code).toBe(0);
    expect(await keysUnder('es/')).toEqual(['es/']);
  });
});

function hasSetpriv(): boolean {
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The CLI as user `nobody`; HOME and cwd are world-readable temp dirs. */
async function runAsNobody(args: string[]): Promise<RunResult> {
  const home = await tempDir('paras3-nobody-');
  await chmod(home, 0o755);
  await mkdir(join(home, 'cwd'));
  const child: ChildProcess = spawn(
    'setpriv',
    ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', process.execPath, CLI_BUNDLE, ...args],
    { cwd: join(home, 'cwd'), env: cleanEnv({ ...cliEnv(s3.server.endpoint), HOME: home }), stdio: 'pipe' },
  );
  child.stdin?.end();
  const out = capture(child);
  const { code, signal } = await out.exit;
  return { code, signal, stdout: out.stdout(), stderr: out.stderr() };
}
