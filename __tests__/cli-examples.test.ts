// The original README's examples and the location rules, end to end: the built CLI against s3rver on
// real temp directories. Each test asserts the whole tree on both sides and that a second run moves nothing.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useS3Server } from './helpers/fixtures.js';
import { ok, type RunResult, runCli } from './helpers/run.js';
import { putObject, s3Tree as s3TreeOf } from './helpers/s3server.js';
import { makeTree, readTree, type Tree, type TreeSpec, tempDir } from './helpers/tree.js';

// PARAS3_CLI points the tests at another build of the CLI (default: dist/cli/index.js).
const entry = process.env.PARAS3_CLI || undefined;

// Through a proxy that checks every request as S3 would; the two object stores take turns.
const s3 = useS3Server({ verify: true });

/** A fresh bucket per test, so no test sees another's keys. */
const bucket = () => s3.bucket('examples');

let runs = 0;
function paras3(args: string[], cwd?: string): Promise<RunResult> {
  const store = ++runs % 2 === 0 ? 'sdk' : 'signed';
  return runCli(args, {
    env: { ...s3.proxyEnv, HOME: s3.env.HOME as string, PARAS3_OBJECT_STORE: store },
    cwd,
    entry,
  });
}

const s3Tree = (b: string, prefix = '') => s3TreeOf(s3.server.endpoint, b, prefix);

/** A second run of the same command must move nothing: just the header and the summary. */
async function expectNothingToDo(args: string[], unchanged: number): Promise<void> {
  const lines = ok(await paras3(args));
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(
    new RegExp(
      `^done: files 0 created, 0 updated, 0 deleted, ${unchanged} unchanged(; directories \\d+ unchanged)?; 0 B in `,
    ),
  );
}

const ETC: TreeSpec = {
  hosts: '127.0.0.1 localhost\n',
  'ssh/sshd_config': 'Port 22\n',
  'ssh/empty.d': { dir: true },
  motd: '',
};
const ETC_TREE: Tree = {
  hosts: { kind: 'file', content: '127.0.0.1 localhost\n' },
  motd: { kind: 'file', content: '' },
  ssh: { kind: 'dir' },
  'ssh/empty.d': { kind: 'dir' },
  'ssh/sshd_config': { kind: 'file', content: 'Port 22\n' },
};
/** The S3 side of ETC under `p` (ending in '/'), directory nodes included. */
const etcKeys = (p: string): Record<string, string> => ({
  [p]: '',
  [`${p}hosts`]: '127.0.0.1 localhost\n',
  [`${p}motd`]: '',
  [`${p}ssh/`]: '',
  [`${p}ssh/empty.d/`]: '',
  [`${p}ssh/sshd_config`]: 'Port 22\n',
});

async function localEtc(): Promise<{ root: string; etc: string }> {
  const root = await tempDir();
  const etc = join(root, 'etc');
  await makeTree(etc, ETC);
  return { root, etc };
}

describe('the original README examples', () => {
  it('paras3 -r /etc mybucket:pre puts the directory itself under pre/etc/', async () => {
    const b = await bucket();
    const { etc } = await localEtc();
    const args = ['-r', etc, `${b}:pre`];

    const lines = ok(await paras3(args));

    expect(lines[0]).toBe(`${etc}/ → s3://${b}/pre/etc/`);
    expect(await s3Tree(b)).toEqual(etcKeys('pre/etc/'));
    await expectNothingToDo(args, 3);
  });

  it('paras3 -r /etc/ mybucket:pre/etcbackup puts the contents under pre/etcbackup/', async () => {
    const b = await bucket();
    const { etc } = await localEtc();
    const args = ['-r', `${etc}/`, `${b}:pre/etcbackup`];

    const lines = ok(await paras3(args));

    expect(lines[0]).toBe(`${etc}/ → s3://${b}/pre/etcbackup/`);
    expect(await s3Tree(b)).toEqual(etcKeys('pre/etcbackup/'));
    await expectNothingToDo(args, 3);
  });

  it('paras3 -r mybucket:pre/etc/ /root/etcrestore puts the contents into the local dir', async () => {
    const b = await bucket();
    const { etc } = await localEtc();
    ok(await paras3(['-r', etc, `${b}:pre`]));
    const restore = join(await tempDir(), 'etcrestore');
    const args = ['-r', `${b}:pre/etc/`, restore];

    const lines = ok(await paras3(args));

    expect(lines[0]).toBe(`s3://${b}/pre/etc/ → ${restore}/`);
    expect(await readTree(restore)).toEqual(ETC_TREE);
    await expectNothingToDo(args, 3);
  });

  it('paras3 -r mybucket:pre/etc /root puts the directory itself at /root/etc', async () => {
    const b = await bucket();
    const { etc } = await localEtc();
    ok(await paras3(['-r', etc, `${b}:pre`]));
    const root = await tempDir();
    const args = ['-r', `${b}:pre/etc`, root];

    const lines = ok(await paras3(args));

    expect(lines[0]).toBe(`s3://${b}/pre/etc/ → ${root}/etc/`);
    expect(await readTree(root)).toEqual({
      etc: { kind: 'dir' },
      ...Object.fromEntries(Object.entries(ETC_TREE).map(([k, v]) => [`etc/${k}`, v])),
    });
    await expectNothingToDo(args, 3);
  });

  it('paras3 -r --make-dirs mybucket:pre/etc/ /root/etcrestore creates dirs that S3 has no nodes for', async () => {
    const b = await bucket();
    // Written by another tool: keys only, no directory nodes at all.
    await putObject(s3.server.endpoint, b, 'pre/etc/hosts', 'h');
    await putObject(s3.server.endpoint, b, 'pre/etc/ssh/sshd_config', 's');
    await putObject(s3.server.endpoint, b, 'pre/etc/a/b/c/deep.txt', 'd');
    const restore = join(await tempDir(), 'etcrestore');
    const args = ['-r', '--make-dirs', `${b}:pre/etc/`, restore];

    const lines = ok(await paras3(args));

    expect(lines[0]).toBe(`s3://${b}/pre/etc/ → ${restore}/`);
    expect(await readTree(restore)).toEqual({
      a: { kind: 'dir' },
      'a/b': { kind: 'dir' },
      'a/b/c': { kind: 'dir' },
      'a/b/c/deep.txt': { kind: 'file', content: 'd' },
      hosts: { kind: 'file', content: 'h' },
      ssh: { kind: 'dir' },
      'ssh/sshd_config': { kind: 'file', content: 's' },
    });
    // A download never writes to S3.
    expect(Object.keys(await s3Tree(b))).toEqual([
      'pre/etc/a/b/c/deep.txt',
      'pre/etc/hosts',
      'pre/etc/ssh/sshd_config',
    ]);
    await expectNothingToDo(args, 3);
  });
});

describe('locations', () => {
  it('treats bucket:pre and bucket:pre/ as the same destination', async () => {
    const b = await bucket();
    const { etc } = await localEtc();

    ok(await paras3(['-r', `${etc}/`, `${b}:pre`]));
    const first = await s3Tree(b);
    await expectNothingToDo(['-r', `${etc}/`, `${b}:pre/`], 3);

    expect(first).toEqual(etcKeys('pre/'));
    expect(await s3Tree(b)).toEqual(first);
  });

  it('treats bucket: as the bucket root, both ways', async () => {
    const b = await bucket();
    const { etc } = await localEtc();

    const up = ok(await paras3(['-r', `${etc}/`, `${b}:`]));
    expect(up[0]).toBe(`${etc}/ → s3://${b}/`);
    // No node for the bucket root itself.
    const { ['' as string]: _none, ...rootKeys } = etcKeys('');
    expect(await s3Tree(b)).toEqual(rootKeys);

    const restore = await tempDir();
    const down = ok(await paras3(['-r', `${b}:`, restore]));
    expect(down[0]).toBe(`s3://${b}/ → ${restore}/`);
    expect(await readTree(restore)).toEqual(ETC_TREE);
    await expectNothingToDo(['-r', `${b}:`, restore], 3);
  });

  it('accepts s3://bucket/prefix as well as bucket:prefix', async () => {
    const b = await bucket();
    const { etc } = await localEtc();
    ok(await paras3(['-r', etc, `s3://${b}/pre`]));
    expect(await s3Tree(b)).toEqual(etcKeys('pre/etc/'));
    await expectNothingToDo(['-r', etc, `${b}:pre`], 3);
  });

  it('resolves relative local paths against the working directory, and . means its contents', async () => {
    const b = await bucket();
    const { root, etc } = await localEtc();
    const up = ok(await paras3(['-r', 'etc', `${b}:rel`], root));
    expect(up[0]).toBe(`${etc}/ → s3://${b}/rel/etc/`);
    const dot = ok(await paras3(['-r', '.', `${b}:dot`], etc));
    expect(dot[0]).toBe(`${etc}/ → s3://${b}/dot/`);
    expect(await s3Tree(b)).toEqual({ ...etcKeys('dot/'), ...etcKeys('rel/etc/') });
  });

  it('creates a missing local destination directory, parents included', async () => {
    const b = await bucket();
    const { etc } = await localEtc();
    ok(await paras3(['-r', `${etc}/`, `${b}:pre`]));
    const target = join(await tempDir(), 'not', 'there', 'yet');

    ok(await paras3(['-r', `${b}:pre/`, target]));

    expect(await readTree(target)).toEqual(ETC_TREE);
  });
});

describe('directory nodes', () => {
  it('round-trips empty directories through their zero-byte dir/ nodes', async () => {
    const b = await bucket();
    const src = await tempDir();
    await makeTree(src, { empty: { dir: true }, 'a/b/c': { dir: true }, 'a/file': 'f' });

    ok(await paras3(['-r', `${src}/`, `${b}:t`]));
    expect(await s3Tree(b)).toEqual({
      't/': '',
      't/a/': '',
      't/a/b/': '',
      't/a/b/c/': '',
      't/a/file': 'f',
      't/empty/': '',
    });

    const back = await tempDir();
    ok(await paras3(['-r', `${b}:t/`, back]));
    expect(await readTree(back)).toEqual(await readTree(src));
    await expectNothingToDo(['-r', `${b}:t/`, back], 1);
    await expectNothingToDo(['-r', `${src}/`, `${b}:t`], 1);
  });

  it('reads s3sync.rb directory nodes (key without slash, GUID body) and dir_$folder$ markers', async () => {
    const b = await bucket();
    const guid = '{E40327BF-517A-46e8-A6C3-AF51BC263F59}';
    await putObject(s3.server.endpoint, b, 'old/rb', guid);
    await putObject(s3.server.endpoint, b, 'old/rb/inside.txt', 'i');
    await putObject(s3.server.endpoint, b, 'old/rbempty', guid);
    await putObject(s3.server.endpoint, b, 'old/rbnewline', `${guid}\n`);
    await putObject(s3.server.endpoint, b, 'old/hadoop_$folder$', '');
    await putObject(s3.server.endpoint, b, 'old/hadoop/h.txt', 'h');
    await putObject(s3.server.endpoint, b, 'old/hadoopempty_$folder$', '');
    const dest = await tempDir();
    const args = ['-r', `${b}:old/`, dest];

    ok(await paras3(args));

    expect(await readTree(dest)).toEqual({
      hadoop: { kind: 'dir' },
      'hadoop/h.txt': { kind: 'file', content: 'h' },
      hadoopempty: { kind: 'dir' },
      rb: { kind: 'dir' },
      'rb/inside.txt': { kind: 'file', content: 'i' },
      rbempty: { kind: 'dir' },
      rbnewline: { kind: 'dir' },
    });
    await expectNothingToDo(args, 2);
    // Uploading the tree back adds no second node beside the ones those tools wrote; only the root
    // `old/`, which had none, gets one. The files those tools wrote get the mode, owner and mtime they
    // lacked, without their bytes being sent again.
    const before = Object.keys(await s3Tree(b));
    const back = ok(await paras3(['-r', `${dest}/`, `${b}:old`]));
    const missing = '(mode not stored, owner not stored, group not stored, mtime not stored)';
    expect(back.slice(1, -1).sort()).toEqual([
      `metadata hadoop/h.txt ${missing}`,
      `metadata rb/inside.txt ${missing}`,
      'mkdir ./',
    ]);
    expect(Object.keys(await s3Tree(b))).toEqual(['old/', ...before]);
    await expectNothingToDo(['-r', `${dest}/`, `${b}:old`], 2);
  });

  it('replaces an s3sync.rb node with a same-named file on upload, without deleting the new file', async () => {
    // Regression: with --delete the node `p/x` was deleted after the file `x` had been uploaded over it.
    const b = await bucket();
    await putObject(s3.server.endpoint, b, 'p/x', '{E40327BF-517A-46e8-A6C3-AF51BC263F59}');
    await putObject(s3.server.endpoint, b, 'p/x/old.txt', 'old');
    const src = await tempDir();
    await makeTree(src, { x: 'now a file' });
    const args = ['-r', '-d', `${src}/`, `${b}:p`];

    const lines = ok(await paras3(args));

    expect(lines.slice(1, -1).sort()).toEqual(['delete x/old.txt (3 B)', 'mkdir ./', 'upload x (10 B)']);
    expect(await s3Tree(b)).toEqual({ 'p/': '', 'p/x': 'now a file' });
    await expectNothingToDo(args, 1);
  });

  it('without --make-dirs, skips keys whose parent has no node and no local dir, naming --make-dirs (exit 1)', async () => {
    const b = await bucket();
    await putObject(s3.server.endpoint, b, 'raw/top.txt', 't');
    await putObject(s3.server.endpoint, b, 'raw/nodir/a.txt', 'a');
    await putObject(s3.server.endpoint, b, 'raw/nodir/deeper/b.txt', 'b');
    await putObject(s3.server.endpoint, b, 'raw/local/c.txt', 'c');
    await putObject(s3.server.endpoint, b, 'raw/node/', '');
    await putObject(s3.server.endpoint, b, 'raw/node/d.txt', 'd');
    const dest = await tempDir();
    // A local directory stands in for the missing node.
    await makeTree(dest, { local: { dir: true } });

    const r = await paras3(['-r', `${b}:raw/`, dest]);

    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n').sort()).toEqual([
      'paras3: skipped nodir/a.txt: parent directory "nodir" has no directory node on S3; use --make-dirs to create it',
      'paras3: skipped nodir/deeper/b.txt: parent directory "nodir" has no directory node on S3; use --make-dirs to create it',
    ]);
    expect(r.stdout).toMatch(
      /^finished with problems: files 3 created, 0 updated, 0 deleted, 0 unchanged; directories 1 created; 2 skipped; /m,
    );
    expect(await readTree(dest)).toEqual({
      local: { kind: 'dir' },
      'local/c.txt': { kind: 'file', content: 'c' },
      node: { kind: 'dir' },
      'node/d.txt': { kind: 'file', content: 'd' },
      'top.txt': { kind: 'file', content: 't' },
    });

    // With --make-dirs the rest arrives, and the run after that has nothing to do.
    ok(await paras3(['-r', '--make-dirs', `${b}:raw/`, dest]));
    expect(await readTree(dest)).toMatchObject({
      nodir: { kind: 'dir' },
      'nodir/a.txt': { kind: 'file', content: 'a' },
      'nodir/deeper/b.txt': { kind: 'file', content: 'b' },
    });
    await expectNothingToDo(['-r', `${b}:raw/`, dest], 5);
  });

  it('creates a directory node beside a file of the same name (S3 keys x and x/ are both allowed)', async () => {
    // Regression: the skipped file `x` used to stop the directory `x/` from being created.
    const b = await bucket();
    await putObject(s3.server.endpoint, b, 'p/x', 'file');
    await putObject(s3.server.endpoint, b, 'p/x/', '');
    const dest = await tempDir();

    const r = await paras3(['-r', `${b}:p/`, dest]);

    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'paras3: skipped x: is both a file and a directory prefix on S3; the file is skipped\n',
    );
    expect(await readTree(dest)).toEqual({ x: { kind: 'dir' } });
  });
});
