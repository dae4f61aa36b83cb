// The MD5 cache: hashes of unchanged local files are reused, and any change to a file's bytes, even
// one that keeps its size and puts its mtime back, is seen (through ctime) and synced.
import { readdirSync } from 'node:fs';
import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Md5Cache } from '../src/core/md5cache.js';
import { useS3Server } from './helpers/fixtures.js';
import { runCli } from './helpers/run.js';
import { cliEnv, getObject } from './helpers/s3server.js';
import { makeTree, tempDir } from './helpers/tree.js';

describe('Md5Cache', () => {
  it('returns a hash only for the exact stamp it was made for, and keeps it across a save', async () => {
    const dir = await tempDir('paras3-cache-');
    // A stamp from a minute ago: not "racy", so the save keeps it.
    const t = Date.now() - 60_000 + 0.25;
    const stamp = { size: 5, mtimeMs: t, ctimeMs: t, ino: 42 };
    const cache = await Md5Cache.open(path.join(dir, 'c'), '/root', 8);
    const entry = { path: 'f.txt', kind: 'file' as const, size: 5, mtime: 0, stamp };
    expect(cache.lookup(entry)).toBeUndefined();
    cache.remember('f.txt', stamp, 'aa');
    expect(cache.lookup(entry)).toEqual({ md5: 'aa', multipartEtag: undefined });
    expect(cache.lookup({ ...entry, stamp: { ...stamp, ctimeMs: stamp.ctimeMs + 1 } })).toBeUndefined();
    expect(cache.lookup({ ...entry, stamp: { ...stamp, ino: stamp.ino + 1 } })).toBeUndefined();
    await cache.save(new Set(['f.txt']));
    const again = await Md5Cache.open(path.join(dir, 'c'), '/root', 8);
    expect(again.lookup(entry)?.md5).toBe('aa');
    // Another root or part size never shares hashes.
    expect((await Md5Cache.open(path.join(dir, 'c'), '/other', 8)).lookup(entry)).toBeUndefined();
    expect((await Md5Cache.open(path.join(dir, 'c'), '/root', 16)).lookup(entry)).toBeUndefined();
  });

  it('does not keep a file changed moments before the save, or one no longer present', async () => {
    const dir = await tempDir('paras3-cache-');
    const cache = await Md5Cache.open(dir, '/root', 8);
    const now = Date.now() + 0.5;
    cache.remember('fresh', { size: 1, mtimeMs: now, ctimeMs: now, ino: 1 }, 'aa');
    cache.remember('gone', { size: 1, mtimeMs: 1000.5, ctimeMs: 1000.5, ino: 2 }, 'bb');
    cache.remember('kept', { size: 1, mtimeMs: 1000.5, ctimeMs: 1000.5, ino: 3 }, 'cc');
    await cache.save(new Set(['fresh', 'kept']));
    const again = await Md5Cache.open(dir, '/root', 8);
    const e = (p: string, ino: number, t: number) => ({
      path: p,
      kind: 'file' as const,
      size: 1,
      mtime: 0,
      stamp: { size: 1, mtimeMs: t, ctimeMs: t, ino },
    });
    expect(again.lookup(e('fresh', 1, now))).toBeUndefined();
    expect(again.lookup(e('gone', 2, 1000.5))).toBeUndefined();
    expect(again.lookup(e('kept', 3, 1000.5))?.md5).toBe('cc');
  });

  it('is an empty cache when its file is damaged', async () => {
    const dir = await tempDir('paras3-cache-');
    const cache = await Md5Cache.open(dir, '/root', 8);
    cache.remember('a', { size: 1, mtimeMs: 1000.5, ctimeMs: 1000.5, ino: 3 }, 'cc');
    await cache.save(new Set(['a']));
    const [name] = readdirSync(dir);
    await writeFile(path.join(dir, name as string), '{not json');
    const again = await Md5Cache.open(dir, '/root', 8);
    expect(
      again.lookup({
        path: 'a',
        kind: 'file',
        size: 1,
        mtime: 0,
        stamp: { size: 1, mtimeMs: 1000.5, ctimeMs: 1000.5, ino: 3 },
      }),
    ).toBeUndefined();
  });
});

describe('the MD5 cache in a sync', () => {
  const s3 = useS3Server({ bucket: 'cache' });

  it('reuses hashes on an unchanged tree and still sees a same-size rewrite with its mtime put back', async () => {
    const src = await tempDir('paras3-src-');
    await makeTree(src, { 'a.txt': 'aaaa', 'd/b.txt': 'bbbb', 'd/c.txt': 'cccc' });
    const env = cliEnv(s3.server.endpoint);
    const first = await runCli(['-r', `${src}/`, 'cache:t'], { env });
    expect(first.code).toBe(0);

    const second = await runCli(['-r', '--debug', `${src}/`, 'cache:t'], { env });
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('0 local files hashed, 3 taken from the MD5 cache');
    expect(second.stdout).toContain('0 created, 0 updated');

    // Same size, same mtime, other bytes: only ctime tells, and it must.
    const file = path.join(src, 'd/b.txt');
    const before = await stat(file);
    await writeFile(file, 'BBBB');
    await utimes(file, before.atime, before.mtime);
    const third = await runCli(['-r', '--debug', `${src}/`, 'cache:t'], { env });
    expect(third.code).toBe(0);
    expect(third.stderr).toContain('1 local files hashed, 2 taken from the MD5 cache');
    expect(third.stdout).toContain('upload d/b.txt');
    expect((await getObject(s3.server.endpoint, 'cache', 't/d/b.txt')).body.toString()).toBe('BBBB');
    expect(await readFile(file, 'utf8')).toBe('BBBB');
  });

  it('hashes every file when PARAS3_MD5_CACHE=off', async () => {
    const src = await tempDir('paras3-src-');
    await makeTree(src, { 'a.txt': 'aaaa', 'b.txt': 'bbbb' });
    const env = { ...cliEnv(s3.server.endpoint), PARAS3_MD5_CACHE: 'off' };
    expect((await runCli(['-r', `${src}/`, 'cache:off'], { env })).code).toBe(0);
    const again = await runCli(['-r', '--debug', `${src}/`, 'cache:off'], { env });
    expect(again.stderr).toContain('2 local files hashed, 0 taken from the MD5 cache');
  });

  it('remembers downloaded files, so a second download reads nothing to compare', async () => {
    const src = await tempDir('paras3-src-');
    await makeTree(src, { 'x/1.bin': 'one', 'x/2.bin': 'two' });
    const env = cliEnv(s3.server.endpoint);
    expect((await runCli(['-r', `${src}/`, 'cache:dl'], { env })).code).toBe(0);
    const dst = await tempDir('paras3-dst-');
    expect((await runCli(['-r', 'cache:dl/', dst], { env })).code).toBe(0);
    // Downloaded files are racy for a moment (their ctime is the rename); wait for that window by
    // touching nothing: the cache skips racy entries, so this run may hash them, the next must not.
    const again = await runCli(['-r', '--debug', 'cache:dl/', dst], { env });
    expect(again.stdout).toContain('0 created, 0 updated');
    expect(again.stderr).toMatch(/MD5: \d+ local files hashed, \d+ taken from the MD5 cache/);
  });
});
