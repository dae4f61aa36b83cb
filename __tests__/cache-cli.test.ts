// `paras3 cache …` end to end: the built CLI against s3rver on real temp dirs. Save and restore whole
// trees (modes, mtimes, symlinks), partial hits through restore keys, misses, incremental saves that
// upload only what changed, two saves of one key at once, a save cut off half-way, list and prune.
import { createHash } from 'node:crypto';
import { readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useS3Server } from './helpers/fixtures.js';
import { capture, type RunResult, runCli, spawnCli } from './helpers/run.js';
import { listKeys, putObject } from './helpers/s3server.js';
import { makeTree, readTree, tempDir } from './helpers/tree.js';

const s3 = useS3Server({ proxy: true });

const cache = (args: string[], opts: { cwd?: string; proxy?: boolean } = {}): Promise<RunResult> =>
  runCli(['cache', ...args], {
    cwd: opts.cwd,
    env: opts.proxy ? { ...s3.proxyEnv, HOME: s3.env.HOME as string } : s3.env,
  });

/** Resolves once `check` holds (polled lightly), rejects if the child exits first. */
function until(exit: Promise<unknown>, check: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
    exit.then(() => {
      clearInterval(timer);
      reject(new Error('the child exited before the condition held'));
    });
  });
}

const json = (r: RunResult) => JSON.parse(r.stdout) as Record<string, unknown>;

const MTIME = Date.UTC(2024, 0, 2, 3, 4, 5, 678);

/** A workspace with a `deps` tree of small files, one larger file, a symlink and odd modes. */
async function workspace(spec: Record<string, string> = {}): Promise<string> {
  const ws = await tempDir('paras3-cache-ws-');
  await makeTree(join(ws, 'deps'), {
    'a.txt': { content: 'alpha', mode: 0o640, mtime: MTIME },
    'bin/run.sh': { content: '#!/bin/sh\necho hi\n', mode: 0o755, mtime: MTIME },
    'lib/big.bin': { content: Buffer.alloc(300 * 1024, 7), mtime: MTIME },
    'lib/same.txt': 'alpha',
    link: { symlink: 'lib/same.txt' },
    empty: { dir: true, mode: 0o700, mtime: MTIME },
    ...spec,
  });
  return ws;
}

describe('paras3 cache save and restore', () => {
  it('restores an exact hit with contents, modes, mtimes and symlinks; a second save of the key is refused', async () => {
    const b = await s3.bucket('cache');
    const ws = await workspace();
    const saved = await cache(['save', '--store', `${b}:ci`, '--key', 'deps-1', '--json', 'deps'], {
      cwd: ws,
    });
    expect(saved.stderr).toBe('');
    expect(saved.code).toBe(0);
    expect(json(saved)).toMatchObject({ saved: true, outcome: 'saved', files: 4 });

    const ws2 = await tempDir('paras3-cache-ws-');
    const r = await cache(['restore', '--store', `${b}:ci`, '--key', 'deps-1', '--json', 'deps'], {
      cwd: ws2,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ cacheHit: true, matchedKey: 'deps-1', files: 4 });
    expect(await readTree(join(ws2, 'deps'), { mode: true })).toEqual(
      await readTree(join(ws, 'deps'), { mode: true }),
    );
    // Times as the source has them (utimes takes float seconds, so neither side is exactly MTIME).
    const times = await readTree(join(ws2, 'deps'), { mtime: true });
    const source = await readTree(join(ws, 'deps'), { mtime: true });
    for (const p of ['a.txt', 'bin/run.sh', 'empty', 'lib/big.bin'])
      expect(Math.abs((times[p]?.mtimeMs as number) - MTIME), p).toBeLessThan(1);
    expect(
      Math.abs((times['lib/same.txt']?.mtimeMs as number) - (source['lib/same.txt']?.mtimeMs as number)),
    ).toBeLessThan(1);

    const again = await cache(['save', '--store', `${b}:ci`, '--key', 'deps-1', 'deps'], { cwd: ws });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already has an entry; not saved again/);
  });

  it('falls back to the newest entry of a restore key (partial hit, exit 0), and misses with exit 1', async () => {
    const b = await s3.bucket('cache');
    const ws = await workspace();
    const store = `${b}:ci`;
    expect((await cache(['save', '--store', store, '--key', 'deps-old', 'deps'], { cwd: ws })).code).toBe(0);
    await writeFile(join(ws, 'deps', 'a.txt'), 'newer');
    expect((await cache(['save', '--store', store, '--key', 'deps-new', 'deps'], { cwd: ws })).code).toBe(0);
    expect((await cache(['save', '--store', store, '--key', 'other-x', 'deps'], { cwd: ws })).code).toBe(0);

    const ws2 = await tempDir('paras3-cache-ws-');
    const args = [
      'restore',
      '--store',
      store,
      '--key',
      'deps-missing',
      '--restore-key',
      'nope-',
      '--restore-key',
      'deps-',
    ];
    const r = await cache([...args, '--json', 'deps'], { cwd: ws2 });
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ cacheHit: false, matchedKey: 'deps-new' });
    expect((await readTree(join(ws2, 'deps')))['a.txt']?.content).toBe('newer');

    const text = await cache(args.concat('deps'), { cwd: ws2 });
    expect(text.stdout).toMatch(/^partial cache hit: deps-new: 4 files, 307 kB\n$/);

    const miss = await cache(['restore', '--store', store, '--key', 'zzz', '--json', 'deps'], { cwd: ws2 });
    expect(miss.code).toBe(1);
    expect(json(miss)).toMatchObject({ cacheHit: false, matchedKey: null });
    const missText = await cache(['restore', '--store', store, '--key', 'zzz', 'deps'], { cwd: ws2 });
    expect([missText.code, missText.stdout]).toEqual([1, 'cache miss: zzz\n']);
  });

  it('uploads only the changed files on a save after a restore, and restores the new tree whole', async () => {
    const b = await s3.bucket('cache');
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`many/f${String(i).padStart(3, '0')}.txt`] = `file ${i} `.repeat(100);
    const ws = await workspace(files);
    const store = `${b}:ci`;
    const first = json(
      await cache(['save', '--store', store, '--key', 'k-1', '--json', 'deps'], { cwd: ws }),
    );
    // On another machine: restore, change 2 of 204 files, save under a new key.
    const ws2 = await tempDir('paras3-cache-ws-');
    expect((await cache(['restore', '--store', store, '--key', 'k-1', 'deps'], { cwd: ws2 })).code).toBe(0);
    await writeFile(join(ws2, 'deps/many/f007.txt'), 'changed');
    await writeFile(join(ws2, 'deps/many/f100.txt'), 'changed too');
    const second = json(
      await cache(['save', '--store', store, '--key', 'k-2', '--restore-key', 'k-', '--json', 'deps'], {
        cwd: ws2,
      }),
    );
    expect(second).toMatchObject({ saved: true, base: 'k-1', hashedFiles: 2 });
    // One new pack (both changed files share it), and the manifest.
    expect(second.uploads).toBe(2);
    expect(second.uploadedBytes as number).toBeLessThan((first.uploadedBytes as number) * 0.25);

    const ws3 = await tempDir('paras3-cache-ws-');
    expect((await cache(['restore', '--store', store, '--key', 'k-2', 'deps'], { cwd: ws3 })).code).toBe(0);
    expect(await readTree(join(ws3, 'deps'), { mode: true })).toEqual(
      await readTree(join(ws2, 'deps'), { mode: true }),
    );
  });

  it('caches several paths at once, a single file among them, and needs the same paths to restore', async () => {
    const b = await s3.bucket('cache');
    const ws = await workspace({});
    await makeTree(ws, { 'tool.lock': 'v1', 'other/x.txt': 'x' });
    const store = `${b}:ci`;
    expect(
      (await cache(['save', '--store', store, '--key', 'multi', 'deps', 'tool.lock', 'other'], { cwd: ws }))
        .code,
    ).toBe(0);
    const ws2 = await tempDir('paras3-cache-ws-');
    const r = await cache(['restore', '--store', store, '--key', 'multi', 'deps', 'tool.lock', 'other'], {
      cwd: ws2,
    });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(await readTree(ws2)).toEqual(await readTree(ws));
    const other = await cache(['restore', '--store', store, '--key', 'multi', 'deps'], {
      cwd: await tempDir('paras3-cache-ws-'),
    });
    expect(other.code).toBe(1);
    expect(other.stderr).toBe(
      'paras3: cache entry "multi" holds other paths (deps, tool.lock, other); not used\n',
    );
  });

  it('reads a file rewritten after the restore with its size and mtime put back (as npm leaves node_modules)', async () => {
    const b = await s3.bucket('cache');
    const ws = await workspace();
    const store = `${b}:ci`;
    const first = json(
      await cache(['save', '--store', store, '--key', 'm-1', '--json', 'deps'], { cwd: ws }),
    );
    // No restore on this machine recorded these files: every one is read.
    expect(first).toMatchObject({ saved: true, hashedFiles: 4 });
    const ws2 = await tempDir('paras3-cache-ws-');
    expect((await cache(['restore', '--store', store, '--key', 'm-1', 'deps'], { cwd: ws2 })).code).toBe(0);
    // npm ci installs a new version: same size, and every mtime in node_modules is one constant.
    const a = join(ws2, 'deps/a.txt');
    const before = await stat(a);
    await writeFile(a, 'ALPHA');
    await utimes(a, before.atime, before.mtime);
    const after = await stat(a);
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
    const r = json(
      await cache(['save', '--store', store, '--key', 'm-2', '--restore-key', 'm-1', '--json', 'deps'], {
        cwd: ws2,
      }),
    );
    expect(r).toMatchObject({ saved: true, base: 'm-1', hashedFiles: 1 });
    const ws3 = await tempDir('paras3-cache-ws-');
    await cache(['restore', '--store', store, '--key', 'm-2', 'deps'], { cwd: ws3 });
    expect((await readTree(join(ws3, 'deps')))['a.txt']?.content).toBe('ALPHA');
    expect(await readTree(join(ws3, 'deps'), { mode: true })).toEqual(
      await readTree(join(ws2, 'deps'), { mode: true }),
    );
  });

  it('saves the bytes on disk when the newest entry of the restore key is not the one restored', async () => {
    const b = await s3.bucket('cache');
    const store = `${b}:ci`;
    const when = new Date(Date.UTC(2020, 0, 1));
    const one = await tempDir('paras3-cache-ws-');
    const two = await tempDir('paras3-cache-ws-');
    const job = await tempDir('paras3-cache-ws-');
    await makeTree(join(one, 'nm'), { 'a.js': { content: 'AAAA', mtime: when.getTime() } });
    await makeTree(join(two, 'nm'), { 'a.js': { content: 'BBBB', mtime: when.getTime() } });
    expect((await cache(['save', '--store', store, '--key', 'npm-1', 'nm'], { cwd: one })).code).toBe(0);
    const restored = await cache(
      ['restore', '--store', store, '--key', 'npm-2', '--restore-key', 'npm-', '--json', 'nm'],
      { cwd: job },
    );
    expect(json(restored)).toMatchObject({ matchedKey: 'npm-1' });
    // Meanwhile another job saves a newer entry under the same prefix: same path, size and mtime.
    expect((await cache(['save', '--store', store, '--key', 'npm-12', 'nm'], { cwd: two })).code).toBe(0);
    const r = json(
      await cache(['save', '--store', store, '--key', 'npm-2', '--restore-key', 'npm-', '--json', 'nm'], {
        cwd: job,
      }),
    );
    expect(r).toMatchObject({ saved: true, base: 'npm-12' });
    const check = await tempDir('paras3-cache-ws-');
    expect((await cache(['restore', '--store', store, '--key', 'npm-2', 'nm'], { cwd: check })).code).toBe(0);
    expect((await readTree(join(check, 'nm')))['a.js']?.content).toBe('AAAA');
  });

  it('reads every file when the restore record is damaged', async () => {
    const b = await s3.bucket('cache');
    const store = `${b}:ci`;
    const ws = await workspace();
    expect((await cache(['save', '--store', store, '--key', 'd-1', 'deps'], { cwd: ws })).code).toBe(0);
    const ws2 = await tempDir('paras3-cache-ws-');
    expect((await cache(['restore', '--store', store, '--key', 'd-1', 'deps'], { cwd: ws2 })).code).toBe(0);
    const dir = join(s3.env.HOME as string, '.cache', 'paras3');
    const records = (await readdir(dir)).filter((n) => n.startsWith('cache-restored-'));
    expect(records.length).toBeGreaterThan(0);
    for (const n of records) await writeFile(join(dir, n), '{"format":');
    const r = json(
      await cache(['save', '--store', store, '--key', 'd-2', '--restore-key', 'd-1', '--json', 'deps'], {
        cwd: ws2,
      }),
    );
    expect(r).toMatchObject({ saved: true, hashedFiles: 4, uploads: 1 });
  });
});

describe('paras3 cache: safety', () => {
  it('never restores a save that failed before its manifest was written', async () => {
    const b = await s3.bucket('cache');
    const ws = await workspace();
    s3.proxy.setRules([
      { kind: 'status', status: 403, code: 'AccessDenied', match: { op: 'PutObject', key: /\/blobs\// } },
    ]);
    const r = await cache(['save', '--store', `${b}:ci`, '--key', 'cut', 'deps'], { cwd: ws, proxy: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/access denied/);
    s3.proxy.setRules([]);
    const keys = (await listKeys(s3.server.endpoint, b)).map((k) => k.key);
    expect(keys.some((k) => k.startsWith('ci/manifests/'))).toBe(false);
    const ws2 = await tempDir('paras3-cache-ws-');
    const miss = await cache(['restore', '--store', `${b}:ci`, '--key', 'cut', 'deps'], { cwd: ws2 });
    expect([miss.code, miss.stdout]).toEqual([1, 'cache miss: cut\n']);
  });

  it('never restores a save killed while its data was in flight', async () => {
    const b = await s3.bucket('cache');
    const ws = await workspace();
    s3.proxy.setRules([{ kind: 'stall', match: { op: 'PutObject', key: /\/blobs\// } }]);
    const child = spawnCli(['cache', 'save', '--store', `${b}:ci`, '--key', 'killed', 'deps'], {
      cwd: ws,
      env: { ...s3.proxyEnv, HOME: s3.env.HOME as string },
    });
    const out = capture(child);
    child.stdin?.end();
    await until(out.exit, () =>
      s3.proxy.requests.some((q) => q.op === 'PutObject' && /\/blobs\//.test(q.key ?? '')),
    );
    child.kill('SIGKILL');
    await out.exit;
    s3.proxy.setRules([]);
    const ws2 = await tempDir('paras3-cache-ws-');
    const miss = await cache(['restore', '--store', `${b}:ci`, '--key', 'killed', 'deps'], { cwd: ws2 });
    expect([miss.code, miss.stdout]).toEqual([1, 'cache miss: killed\n']);
  });
});

describe('paras3 cache: leftovers of interrupted saves', () => {
  it('uploads a blob again when the store holds only part of it under its name', async () => {
    const b = await s3.bucket('cache');
    const ws = await workspace();
    const big = Buffer.alloc(300 * 1024, 7);
    // What s3rver keeps of a PUT cut off half-way: a shorter object under the content's name.
    const id = createHash('sha256').update(big).digest('hex');
    await putObject(s3.server.endpoint, b, `ci/blobs/${id}`, big.subarray(0, 1000));
    expect((await cache(['save', '--store', `${b}:ci`, '--key', 'k', 'deps'], { cwd: ws })).code).toBe(0);
    const ws2 = await tempDir('paras3-cache-ws-');
    const r = await cache(['restore', '--store', `${b}:ci`, '--key', 'k', 'deps'], { cwd: ws2 });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(await readTree(join(ws2, 'deps'))).toEqual(await readTree(join(ws, 'deps')));
  });
});

describe('paras3 cache: hostile manifests', () => {
  const manifest = (entries: unknown[]) =>
    gzipSync(
      JSON.stringify({
        format: 'paras3-cache/1',
        key: 'evil',
        saveId: 'x',
        created: new Date().toISOString(),
        roots: ['deps'],
        packs: {},
        entries: [{ kind: 'dir', root: 0, path: '', mode: 0o755, mtime: MTIME }, ...entries],
      }),
    );
  const evil: [string, unknown[], RegExp][] = [
    [
      'a ../ path',
      [{ kind: 'symlink', root: 0, path: '../escape', target: 'x', mtime: MTIME }],
      /"\.\." segment/,
    ],
    [
      'an absolute path',
      [{ kind: 'symlink', root: 0, path: '/tmp/escape', target: 'x', mtime: MTIME }],
      /absolute path/,
    ],
    [
      'a path below a symlink',
      [
        { kind: 'symlink', root: 0, path: 'l', target: '/tmp', mtime: MTIME },
        { kind: 'dir', root: 0, path: 'l/x', mode: 0o755, mtime: MTIME },
      ],
      /lies below a symlink/,
    ],
    [
      'a path without its parent',
      [{ kind: 'dir', root: 0, path: 'a/b', mode: 0o755, mtime: MTIME }],
      /no parent directory/,
    ],
  ];
  for (const [what, entries, message] of evil) {
    it(`refuses a manifest with ${what}, writing nothing`, async () => {
      const b = await s3.bucket('cache');
      await putObject(s3.server.endpoint, b, 'ci/manifests/evil.json.gz', manifest(entries));
      const ws = await tempDir('paras3-cache-ws-');
      const r = await cache(['restore', '--store', `${b}:ci`, '--key', 'evil', 'deps'], { cwd: ws });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(await readTree(ws)).toEqual({});
    });
  }
});

describe('paras3 cache: manifests that do not match their packs', () => {
  const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
  const cases: [string, number, Record<string, unknown>, RegExp][] = [
    [
      'a pack smaller than the manifest says',
      100,
      { size: 50, sha256: '0'.repeat(64), offset: 0 },
      /4 bytes, where the cache entry says 100/,
    ],
    [
      'a file that is not the bytes of its slice',
      4,
      { size: 2, sha256: sha('cd'), offset: 0 },
      /do not match the cache entry/,
    ],
  ];
  for (const [what, packSize, file, message] of cases) {
    it(`refuses ${what}, writing no file`, async () => {
      const b = await s3.bucket('cache');
      const pack = Buffer.from('abcd');
      const id = sha(pack);
      await putObject(s3.server.endpoint, b, `ci/packs/${id}`, pack);
      const m = {
        format: 'paras3-cache/1',
        key: 'k',
        saveId: 'x',
        created: new Date().toISOString(),
        roots: ['deps'],
        packs: { [id]: packSize },
        entries: [
          { kind: 'dir', root: 0, path: '', mode: 0o755, mtime: MTIME },
          { kind: 'file', root: 0, path: 'f', mode: 0o644, mtime: MTIME, pack: id, ...file },
        ],
      };
      await putObject(s3.server.endpoint, b, 'ci/manifests/k.json.gz', gzipSync(JSON.stringify(m)));
      const ws = await tempDir('paras3-cache-ws-');
      const r = await cache(['restore', '--store', `${b}:ci`, '--key', 'k', 'deps'], { cwd: ws });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(await readTree(join(ws, 'deps'))).toEqual({});
    });
  }
});

describe('paras3 cache list and prune', () => {
  it('lists entries newest first, prunes with --keep-last and its data, and keeps what the rest uses', async () => {
    const b = await s3.bucket('cache');
    const store = `${b}:ci`;
    const ws = await workspace();
    for (const k of ['p-1', 'p-2', 'p-3']) {
      await writeFile(join(ws, 'deps/a.txt'), `content of ${k}`);
      expect((await cache(['save', '--store', store, '--key', k, 'deps'], { cwd: ws })).code).toBe(0);
    }
    const listed = JSON.parse((await cache(['list', '--store', store, '--json'])).stdout) as {
      key: string;
    }[];
    expect(listed.map((e) => e.key).sort()).toEqual(['p-1', 'p-2', 'p-3']);

    const dry = await cache([
      'prune',
      '--store',
      store,
      '--keep-last',
      '1',
      '--gc-grace',
      '0',
      '--dryrun',
      '--json',
    ]);
    const dryReport = json(dry);
    expect((dryReport.deletedKeys as string[]).length).toBe(2);
    expect(JSON.parse((await cache(['list', '--store', store, '--json'])).stdout)).toHaveLength(3);

    const pruned = json(
      await cache(['prune', '--store', store, '--keep-last', '1', '--gc-grace', '0', '--json']),
    );
    expect(pruned.keptKeys).toHaveLength(1);
    // The two pruned entries each had one pack of their own (a.txt's content); blobs are shared.
    expect(pruned.deletedData).toBe(2);
    const kept = (pruned.keptKeys as string[])[0] as string;
    const ws2 = await tempDir('paras3-cache-ws-');
    const r = await cache(['restore', '--store', store, '--key', kept, 'deps'], { cwd: ws2 });
    expect(r.code).toBe(0);
    expect(await readTree(join(ws2, 'deps'))).toEqual(await readTree(join(ws, 'deps')));

    const none = json(
      await cache(['prune', '--store', store, '--older-than', '0s', '--gc-grace', '0', '--json']),
    );
    expect(none.keptKeys).toEqual([]);
    expect((await listKeys(s3.server.endpoint, b)).map((k) => k.key)).toEqual([]);
  });

  it('refuses bad usage with exit 2 and one line', async () => {
    const cases: [string[], RegExp][] = [
      [['save', '--key', 'k', 'deps'], /--store BUCKET:PREFIX is required/],
      [['save', '--store', 'b:p', 'deps'], /--key KEY is required/],
      [['restore', '--store', 'b:p', '--key', 'k'], /give at least one PATH/],
      [['prune', '--store', 'b:p'], /one of --older-than AGE or --keep-last N/],
      [['prune', '--store', 'b:p', '--older-than', 'soon'], /is not an age/],
      [['list', '--store', 'b:p', '--key', 'k'], /--key does not apply to cache list/],
      [['frob'], /unknown command "frob"/],
      [['save', '--store', 'local/dir', '--key', 'k', 'deps'], /is not bucket:prefix/],
      [['save', '--store', 'bkt:p', '--key', 'a,b', 'deps'], /contains a comma/],
    ];
    for (const [args, message] of cases) {
      const r = await cache(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});

describe('paras3 cache: a damaged entry among the restore keys', () => {
  it('passes over a manifest it cannot read and restores the next entry, with a warning', async () => {
    const b = await s3.bucket('cache');
    const ws = await tempDir('paras3-cache-ws-');
    await makeTree(join(ws, 'deps'), { a: 'one' });
    expect((await cache(['save', '--store', `${b}:ci`, '--key', 'k-1', 'deps'], { cwd: ws })).code).toBe(0);
    // Newer, and not a manifest (a truncated upload, a bit flip): it must not hide k-1.
    await putObject(s3.server.endpoint, b, 'ci/manifests/k-2.json.gz', Buffer.from('not gzip'));
    const fresh = await tempDir('paras3-cache-ws-');
    const r = await cache(['restore', '--store', `${b}:ci`, '--key', 'k-9', '--restore-key', 'k-', 'deps'], {
      cwd: fresh,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/cache entry "k-2": not a readable manifest .*; passed over/);
    expect(await readTree(join(fresh, 'deps'))).toEqual({ a: { kind: 'file', content: 'one' } });
  });
});
