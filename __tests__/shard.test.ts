// --shard K/N end to end (issue 14): N shards run at once against one server leave the same tree, with
// the same object metadata, as one unsharded run, in every direction, with and without --delete. Each
// shard talks through its own proxy, so the server log says which shard wrote which key: every key is
// written by exactly one of them. A shard that fails part-way converges when rerun, and the shards of a
// no-op sync move nothing.
import type { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { lutimes, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { equalShardOf } from '../src/core/shard.js';
import { type FaultProxy, type LoggedRequest, startFaultProxy } from './helpers/fault-proxy.js';
import { useS3Server } from './helpers/fixtures.js';
import { runMain } from './helpers/inprocess.js';
import { REPO_ROOT, runCli } from './helpers/run.js';
import { cliEnv, listKeys, s3Client } from './helpers/s3server.js';
import { makeTree, readTree, type TreeSpec, tempDir } from './helpers/tree.js';

const s3 = useS3Server({ proxy: true });
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(join(REPO_ROOT, 'schema', 'report.schema.json'), 'utf8')),
);
const MAX_SHARDS = 4;
// One proxy per shard: its log is what that shard sent.
const proxies: FaultProxy[] = [];
beforeAll(async () => {
  for (let k = 0; k < MAX_SHARDS; k++) proxies.push(await startFaultProxy(s3.server.endpoint));
});
afterAll(async () => {
  for (const p of proxies) await p.stop();
});

const T1 = new Date('2024-01-02T03:04:05Z');
const T2 = new Date('2025-06-07T08:09:10Z');

/** What the destination holds before the sync: some of it stays, some changes, some goes. */
const OLD: TreeSpec = {
  'keep.txt': 'same',
  'a/1.txt': { content: 'old one', mtime: T1 },
  'a/b/2.txt': 'two',
  'gone/x.txt': 'x',
  'gone/deep/y.txt': 'y',
  'gone/deep/z.txt': 'z',
  'stale.html': '<old>',
  'meta.txt': { content: 'equal bytes', mode: 0o644, mtime: T1 },
};

/** The source: ~25 entries over nested directories, pages, an empty directory, a symlink, modes, times. */
const NEW: TreeSpec = {
  'keep.txt': 'same',
  'a/1.txt': { content: 'new one, longer', mtime: T2 },
  'a/b/2.txt': 'two',
  'a/b/c/3.txt': 'three',
  'a/b/c/d/4.txt': 'four',
  'index.html': '<html>',
  'docs/index.html': '<docs>',
  'docs/guide/p1.html': '<p1>',
  'docs/guide/p2.html': '<p2>',
  'assets/app.js': { content: 'js', mode: 0o640, mtime: T1 },
  'assets/app.css': 'css',
  'assets/img/a.png': 'png-a',
  'assets/img/b.png': 'png-b',
  empty: { dir: true },
  link: { symlink: 'keep.txt' },
  'meta.txt': { content: 'equal bytes', mode: 0o600, mtime: T2 },
  'caf\u00e9/\u00fcber.txt': 'unicode',
  'x y/z.txt': 'space',
  ...Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`many/f${i}.txt`, `file ${i}`])),
};

const paras3 = (args: string[], endpoint: string) =>
  runMain(['-r', '--json', ...args], { ...cliEnv(endpoint), PARAS3_MD5_CACHE: 'off' });

async function sync(args: string[], endpoint = s3.server.endpoint): Promise<Report> {
  const r = await paras3(args, endpoint);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

interface Report {
  ok: boolean;
  actions: { op: string; path: string; key?: string; localPath?: string; status: string }[];
}

/** N shards of one sync at once, shard k through proxy k; their reports, in shard order. */
async function shards(n: number, args: string[], suffix = (k: number) => `${k}/${n}`): Promise<Report[]> {
  for (const p of proxies) p.requests.length = 0;
  const runs = await Promise.all(
    Array.from({ length: n }, (_, k) => paras3([...args, '--shard', suffix(k + 1)], proxies[k]!.endpoint)),
  );
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
  return runs.map((r, k) => {
    const doc = JSON.parse(r.stdout);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.shard).toBe(suffix(k + 1).replace(/@0+-f+$/, ''));
    return doc as Report;
  });
}

const WRITES = new Set([
  'PutObject',
  'CopyObject',
  'CreateMultipartUpload',
  'UploadPart',
  'UploadPartCopy',
  'CompleteMultipartUpload',
  'DeleteObject',
]);

/** Keys each shard wrote, from its proxy's log. */
function writtenKeys(n: number): string[][] {
  return proxies
    .slice(0, n)
    .map((p) =>
      p.requests.filter((q: LoggedRequest) => WRITES.has(q.op) && q.key !== undefined).map((q) => q.key!),
    );
}

/**
 * Every key is written by exactly one shard: the union of the shards' writes is the plan, and no key
 * appears in two shards' logs. (A shard may send a write again after a failed attempt; the server log
 * shows each attempt, with the status it got.)
 */
function expectDisjointWrites(n: number): string[] {
  const by = new Map<string, string[]>();
  proxies.slice(0, n).forEach((p, k) => {
    for (const q of p.requests)
      if (WRITES.has(q.op) && q.key !== undefined)
        by.set(q.key, [...(by.get(q.key) ?? []), `shard ${k + 1}: ${q.op} ${q.status ?? q.fault ?? '-'}`]);
  });
  const shared = [...by].filter(([, w]) => new Set(w.map((x) => x.split(':')[0])).size > 1);
  expect(shared).toEqual([]);
  // Once each, unless an attempt failed and was sent again.
  const repeated = [...by].filter(([, w]) => w.filter((x) => / 2\d\d$/.test(x)).length !== 1);
  expect(repeated).toEqual([]);
  return [...by.keys()];
}

/** Deleted paths by shard, from their reports (DeleteObjects carries its keys in the body). */
function deletedPaths(reports: Report[]): string[] {
  const all = reports.flatMap((r) => r.actions.filter((a) => a.op === 'delete').map((a) => a.path));
  expect(new Set(all).size).toBe(all.length);
  return all.sort();
}

/** An S3 prefix as relative key → size, ETag and user metadata (everything a sync decides and writes). */
async function s3State(bucket: string, prefix: string) {
  const client = s3Client(s3.server.endpoint);
  const out: Record<string, unknown> = {};
  for (const { key, size, etag } of await listKeys(s3.server.endpoint, bucket, prefix)) {
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    out[key.slice(prefix.length)] = { size, etag, metadata: head.Metadata, type: head.ContentType };
  }
  return out;
}

/** A local tree with file modes and times; directories' times depend on when files landed in them. */
async function localState(root: string) {
  const tree = await readTree(root, { mode: true, mtime: true });
  for (const node of Object.values(tree)) if (node.kind === 'dir') delete node.mtimeMs;
  return tree;
}

/**
 * A fresh local tree with every time given (files, directories, the root, symlinks), so two copies made
 * at different moments are the same tree, metadata included. Made after the destination is seeded: the
 * upload compare then always reads the objects' metadata (an object written after the file's ctime is
 * taken as this file's, to the second, which would make equal-content files depend on the clock).
 */
async function localTree(spec: TreeSpec): Promise<string> {
  const dir = await tempDir();
  const full: TreeSpec = {};
  for (const [path, v] of Object.entries(spec)) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) full[parts.slice(0, i).join('/')] ??= { dir: true, mtime: T1 };
    full[path] =
      typeof v === 'string'
        ? { content: v, mtime: T1 }
        : 'content' in v
          ? { mtime: T1, ...v }
          : 'dir' in v
            ? { mtime: T1, ...v }
            : v;
  }
  await makeTree(dir, full);
  for (const [path, v] of Object.entries(spec))
    if (typeof v === 'object' && 'symlink' in v) await lutimes(join(dir, path), T1, T1);
  await utimes(dir, T1, T1);
  return dir;
}

describe.each([false, true])('N = 1..4 shards equal one run (delete: %s)', (withDelete) => {
  const del = withDelete ? ['--delete'] : [];

  it('upload', async () => {
    const bucket = await s3.bucket('shard-up');
    const oldDir = await localTree(OLD);
    await sync([`${oldDir}/`, `${bucket}:ref`]);
    const ref = await sync([...del, `${await localTree(NEW)}/`, `${bucket}:ref`]);
    const refState = await s3State(bucket, 'ref/');
    expect(Object.keys(refState).includes('gone/x.txt')).toBe(!withDelete);
    for (let n = 1; n <= MAX_SHARDS; n++) {
      await sync([`${oldDir}/`, `${bucket}:n${n}`]);
      const reports = await shards(n, [...del, `${await localTree(NEW)}/`, `${bucket}:n${n}`]);
      expect(await s3State(bucket, `n${n}/`), `${n} shards`).toEqual(refState);
      const written = expectDisjointWrites(n).map((k) => k.slice(`n${n}/`.length));
      const refWritten = ref.actions.filter((a) => a.op !== 'delete').map((a) => a.key!.slice('ref/'.length));
      expect(written.sort()).toEqual(refWritten.sort());
      expect(deletedPaths(reports)).toEqual(deletedPaths([ref]));
    }
  });

  it('download', async () => {
    const bucket = await s3.bucket('shard-down');
    const newDir = await localTree(NEW);
    await sync([`${newDir}/`, `${bucket}:src`]);
    const refDir = await localTree(OLD);
    const ref = await sync([...del, `${bucket}:src/`, refDir]);
    const refState = await localState(refDir);
    expect('gone/deep' in refState).toBe(!withDelete);
    for (let n = 1; n <= MAX_SHARDS; n++) {
      const dir = await localTree(OLD);
      const reports = await shards(n, [...del, `${bucket}:src/`, dir]);
      expect(await localState(dir), `${n} shards`).toEqual(refState);
      // Every object was read by exactly one shard (a request retried under load is still one shard's).
      const gets = proxies
        .slice(0, n)
        .flatMap((p) => [...new Set(p.requests.filter((q) => q.op === 'GetObject').map((q) => q.key))]);
      expect(new Set(gets).size).toBe(gets.length);
      expect(deletedPaths(reports)).toEqual(deletedPaths([ref]));
    }
  });

  it('S3 to S3', async () => {
    const bucket = await s3.bucket('shard-copy');
    const [oldDir, newDir] = [await localTree(OLD), await localTree(NEW)];
    await sync([`${newDir}/`, `${bucket}:src`]);
    await sync([`${oldDir}/`, `${bucket}:ref`]);
    const ref = await sync([...del, `${bucket}:src/`, `${bucket}:ref`]);
    const refState = await s3State(bucket, 'ref/');
    for (let n = 1; n <= MAX_SHARDS; n++) {
      await sync([`${oldDir}/`, `${bucket}:n${n}`]);
      const reports = await shards(n, [...del, `${bucket}:src/`, `${bucket}:n${n}`]);
      expect(await s3State(bucket, `n${n}/`), `${n} shards`).toEqual(refState);
      const written = expectDisjointWrites(n).map((k) => k.slice(`n${n}/`.length));
      const refWritten = ref.actions.filter((a) => a.op !== 'delete').map((a) => a.key!.slice('ref/'.length));
      expect(written.sort()).toEqual(refWritten.sort());
      expect(deletedPaths(reports)).toEqual(deletedPaths([ref]));
    }
  });
});

describe('shard runs that fail, rerun, and have nothing to do', () => {
  it('a shard that fails part-way converges when rerun; then the shards of a no-op sync move nothing', async () => {
    const bucket = await s3.bucket('shard-rerun');
    const oldDir = await localTree(OLD);
    for (const p of ['ref', 'sh']) await sync([`${oldDir}/`, `${bucket}:${p}`]);
    const newDir = await localTree(NEW);
    await sync(['--delete', `${newDir}/`, `${bucket}:ref`]);
    // Shard 2 of 3 gets a server error for every PUT of one of its keys (retries included), so it fails
    // with its other files done and nothing deleted.
    const victim = Object.entries(NEW).find(
      ([p, v]) => !(p in OLD) && (typeof v === 'string' || 'content' in v) && equalShardOf(p, 3) === 2,
    )![0];
    proxies[1]!.setRules([
      { kind: 'status', status: 500, code: 'InternalError', match: { op: 'PutObject', key: `sh/${victim}` } },
    ]);
    for (const p of proxies) p.requests.length = 0;
    const runs = await Promise.all(
      [1, 2, 3].map((k) =>
        runMain(['-r', '--delete', `${newDir}/`, `${bucket}:sh`, '--shard', `${k}/3`], {
          ...cliEnv(proxies[k - 1]!.endpoint),
          PARAS3_MD5_CACHE: 'off',
          S3SYNC_RETRIES: '2',
          S3SYNC_WAITONERROR: '0',
        }),
      ),
    );
    proxies[1]!.setRules([]);
    expect(runs.map((r) => r.code)).toEqual([0, 1, 0]);
    expect(runs[1]!.stderr).toContain(victim);
    expect(await s3State(bucket, 'sh/')).not.toEqual(await s3State(bucket, 'ref/'));

    const rerun = await paras3(
      ['--delete', `${newDir}/`, `${bucket}:sh`, '--shard', '2/3'],
      proxies[1]!.endpoint,
    );
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(await s3State(bucket, 'sh/')).toEqual(await s3State(bucket, 'ref/'));

    const noop = await shards(3, ['--delete', `${newDir}/`, `${bucket}:sh`]);
    for (const r of noop) expect(r.actions).toEqual([]);
    expect(writtenKeys(3).flat()).toEqual([]);
  });
  it('a shard interrupted mid-transfer exits 130, and its rerun converges', async () => {
    const bucket = await s3.bucket('shard-sigint');
    const oldDir = await localTree(OLD);
    for (const p of ['ref', 'sh']) await sync([`${oldDir}/`, `${bucket}:${p}`]);
    const newDir = await localTree(NEW);
    await sync(['--delete', `${newDir}/`, `${bucket}:ref`]);
    const victim = Object.entries(NEW).find(
      ([p, v]) => !(p in OLD) && (typeof v === 'string' || 'content' in v) && equalShardOf(p, 2) === 2,
    )![0];
    // The victim's PUT never gets an answer; the moment it arrives, shard 2 gets its SIGINT.
    let signals: EventEmitter | undefined;
    proxies[1]!.setRules([
      {
        kind: 'stall',
        match: (q) => {
          const hit = q.op === 'PutObject' && q.key === `sh/${victim}`;
          if (hit) setImmediate(() => signals?.emit('SIGINT'));
          return hit;
        },
      },
    ]);
    const args = (k: number) => ['-r', '--delete', `${newDir}/`, `${bucket}:sh`, '--shard', `${k}/2`];
    const env = (k: number) => ({ ...cliEnv(proxies[k - 1]!.endpoint), PARAS3_MD5_CACHE: 'off' });
    const [one, two] = await Promise.all([
      runMain(args(1), env(1)),
      runMain(args(2), env(2), { onStart: (s) => (signals = s) }),
    ]);
    proxies[1]!.setRules([]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(130);
    expect(await s3State(bucket, 'sh/')).not.toEqual(await s3State(bucket, 'ref/'));

    const rerun = await runMain(args(2), env(2));
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(await s3State(bucket, 'sh/')).toEqual(await s3State(bucket, 'ref/'));
  });
});

describe('paras3 plan --shards N', () => {
  it('prints a matrix whose ranges, given back to --shard, do the sync', async () => {
    const bucket = await s3.bucket('shard-plan');
    const oldDir = await localTree(OLD);
    for (const p of ['ref', 'sh']) await sync([`${oldDir}/`, `${bucket}:${p}`]);
    const newDir = await localTree(NEW);
    await sync(['--delete', `${newDir}/`, `${bucket}:ref`]);

    const plan = await runMain(
      ['plan', '--shards', '3', '--json', '-r', '--delete', `${newDir}/`, `${bucket}:sh`],
      {
        ...cliEnv(s3.server.endpoint),
      },
    );
    expect(plan.code, plan.stderr).toBe(0);
    const matrix = JSON.parse(plan.stdout) as {
      include: { shard: string; range: string; files: number; bytes: number; deletes: number }[];
    };
    expect(matrix.include.map((e) => e.shard)).toEqual(['1/3', '2/3', '3/3']);
    const sourceFiles = Object.values(NEW).filter((v) => !(typeof v === 'object' && 'dir' in v)).length;
    expect(matrix.include.reduce((n, e) => n + e.files, 0)).toBe(sourceFiles);
    // gone/x.txt, gone/deep/{y,z}.txt, stale.html and the nodes gone/ and gone/deep/.
    expect(matrix.include.reduce((n, e) => n + e.deletes, 0)).toBe(6);

    await shards(3, ['--delete', `${newDir}/`, `${bucket}:sh`], (k) => {
      const e = matrix.include[k - 1]!;
      return `${e.shard}@${e.range}`;
    });
    expect(await s3State(bucket, 'sh/')).toEqual(await s3State(bucket, 'ref/'));
    expectDisjointWrites(3);
  });

  it('with --delete counts no deletes where a real run would refuse them, and says why', async () => {
    const bucket = await s3.bucket('shard-plan-guards');
    const env = cliEnv(s3.server.endpoint);
    const stale = await localTree({
      'keep.txt': 'keep',
      'old1.txt': 'o',
      'old2.txt': 'o',
      'sub/old3.txt': 'o',
    });
    await sync([`${stale}/`, `${bucket}:g`]);
    const planDeletes = async (src: string, extraEnv: Record<string, string> = {}) => {
      const r = await runMain(
        ['plan', '--shards', '2', '--json', '-r', '--delete', `${src}/`, `${bucket}:g`],
        {
          ...env,
          ...extraEnv,
        },
      );
      expect(r.code, r.stderr).toBe(0);
      const matrix = JSON.parse(r.stdout) as { include: { deletes: number }[] };
      return { deletes: matrix.include.reduce((n, e) => n + e.deletes, 0), stderr: r.stderr };
    };
    const realRun = (src: string, extraEnv: Record<string, string> = {}) =>
      runMain(['-r', '--delete', `${src}/`, `${bucket}:g`], { ...env, PARAS3_MD5_CACHE: 'off', ...extraEnv });

    // No guard applies: the three stale files and the node of sub/.
    const kept = await localTree({ 'keep.txt': 'keep' });
    expect(await planDeletes(kept)).toEqual({ deletes: 4, stderr: '' });

    const cases: [string, string, Record<string, string>, RegExp][] = [
      [
        'an empty source',
        await localTree({ empty: { dir: true } }),
        {},
        /the source has no files; refusing to delete 4 files at the destination/,
      ],
      // The refused run above still created its directory: empty/ is a fifth delete now.
      ['PARAS3_MAX_DELETE', kept, { PARAS3_MAX_DELETE: '2' }, /5 deletes planned, more than --max-delete 2/],
      [
        'a skipped source entry',
        await localTree({ 'keep.txt': 'keep', junk_$folder$: '' }),
        {},
        /1 source entry was skipped, so nothing is deleted/,
      ],
    ];
    for (const [what, src, extraEnv, why] of cases) {
      const plan = await planDeletes(src, extraEnv);
      expect(plan.deletes, what).toBe(0);
      expect(plan.stderr, what).toMatch(new RegExp(`^paras3: warning: deletes refused: ${why.source}`, 'm'));
      const run = await realRun(src, extraEnv);
      expect(run.code, what).toBe(1);
      expect(run.stderr, what).toMatch(new RegExp(`^paras3: deletes refused: ${why.source}`, 'm'));
    }
    expect((await listKeys(s3.server.endpoint, bucket, 'g/')).map((k) => k.key)).toEqual([
      'g/',
      'g/empty/',
      'g/keep.txt',
      'g/old1.txt',
      'g/old2.txt',
      'g/sub/',
      'g/sub/old3.txt',
    ]);
  });

  it('the built CLI prints the matrix as one line of JSON', async () => {
    const bucket = await s3.bucket('shard-bundle');
    const dir = await localTree(NEW);
    const r = await runCli(['plan', '--shards', '2', '--json', '-r', `${dir}/`, `${bucket}:x`], {
      env: cliEnv(s3.server.endpoint),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(2);
    const matrix = JSON.parse(r.stdout) as { include: { shard: string; files: number }[] };
    expect(matrix.include.map((e) => e.shard)).toEqual(['1/2', '2/2']);
    expect(matrix.include.reduce((n, e) => n + e.files, 0)).toBe(Object.keys(NEW).length - 1);
  });

  it('names bad usage in one line, exit 2', async () => {
    const env = cliEnv(s3.server.endpoint);
    const cases: [string[], RegExp][] = [
      [['plan', 'a/', 'b:c'], /^paras3: paras3 plan needs --shards N \(see paras3 --help\)\n$/],
      [['--shards', '2', 'a/', 'b:c'], /^paras3: --shards belongs to paras3 plan/],
      [['plan', '--shards', '0', 'a/', 'b:c'], /^paras3: --shards "0" must be a whole number from 1 to 256/],
      [['plan', '--shards', '2', '--shard', '1/2', 'a/', 'b:c'], /^paras3: --shard is for the sync jobs/],
      [
        ['--shard', '3/2', 'a/', 'b:c'],
        /^paras3: --shard "3\/2": K must be from 1 to N \(2\) \(see paras3 --help\)\n$/,
      ],
      [['--shard', '1/2@zz-1', 'a/', 'b:c'], /^paras3: --shard "1\/2@zz-1": use K\/N/],
    ];
    for (const [args, expected] of cases) {
      const r = await runMain(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(expected);
    }
  });
});
