// The MD5 cache: hashes of unchanged local files are reused, and any change to a file's bytes, even
// one that keeps its size and puts its mtime back, is seen (through ctime) and synced. It also remembers
// which object a file last agreed with, so an unchanged pair's metadata is not read again.
import { readdirSync } from 'node:fs';
import { appendFile, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FileStamp, Md5Cache, type RemoteState, stampOf } from '../src/core/md5cache.js';
import type { Entry } from '../src/core/types.js';
import { localFile, md5, object } from './helpers/entries.js';
import { useS3Server } from './helpers/fixtures.js';
import { runCli } from './helpers/run.js';
import { cliEnv, getObject, putObject } from './helpers/s3server.js';
import { makeTree, tempDir } from './helpers/tree.js';

const MD5_A = md5('a');
const MD5_B = md5('b');
const MULTIPART = `${md5('parts')}-2`;
// The clock the cache judges "racy" stamps by, fixed: a stamp an hour before it is safely old.
const NOW = 1_700_000_000_000;
const OLD = NOW - 3_600_000 + 0.25;

const stamp = (s: Partial<FileStamp> = {}): FileStamp => ({
  size: 5,
  mtimeMs: OLD,
  ctimeMs: OLD,
  ino: 42,
  dev: 7,
  ...s,
});
/** The listed local entry of a file with this stamp. */
const entry = (p: string, s: FileStamp = stamp()): Entry =>
  localFile(p, 'hello', { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino, dev: s.dev });
const remote = (r: Partial<RemoteState> = {}): RemoteState => ({
  key: 'pre/f',
  etag: MD5_A,
  modified: 1000,
  ...r,
});

async function openCache(root = '/root', partSize = 8) {
  const dir = await tempDir('paras3-cache-');
  return { dir, cache: await Md5Cache.open(dir, root, partSize) };
}

describe('Md5Cache', () => {
  // Only Date is faked, and only here: file I/O goes on as usual, and nothing waits on a timer.
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it.each<[string, Partial<FileStamp>]>([
    ['size', { size: 6 }],
    ['mtime', { mtimeMs: OLD + 1 }],
    ['ctime (content rewritten, mtime put back)', { ctimeMs: OLD + 1 }],
    ['inode (file replaced)', { ino: 43 }],
    ['device', { dev: 8 }],
  ])('trusts a hash only for the exact stamp it was made for: not another %s', async (_name, change) => {
    const { cache } = await openCache();
    expect(cache.lookup(entry('f'))).toBeUndefined();
    cache.remember('f', stamp(), MD5_A);
    expect(cache.lookup(entry('f'))).toEqual({ md5: MD5_A, multipartEtag: undefined });
    expect(cache.lookup(entry('f', stamp(change)))).toBeUndefined();
    expect(cache.lookup(entry('g'))).toBeUndefined();
  });

  it('has nothing for an entry without a stamp (S3 entries, directories)', async () => {
    const { cache } = await openCache();
    cache.remember('f', stamp(), MD5_A);
    expect(stampOf(object('f'))).toBeUndefined();
    expect(cache.lookup(object('f'))).toBeUndefined();
  });

  it('keeps hashes across a save, for the same root and part size only', async () => {
    const { dir, cache } = await openCache();
    cache.remember('f', stamp(), MD5_A, MULTIPART);
    await cache.save(new Set(['f']));
    expect((await Md5Cache.open(dir, '/root', 8)).lookup(entry('f'))).toEqual({
      md5: MD5_A,
      multipartEtag: MULTIPART,
    });
    expect((await Md5Cache.open(dir, '/other', 8)).lookup(entry('f'))).toBeUndefined();
    // Multipart ETags depend on the part size: another part size shares nothing.
    expect((await Md5Cache.open(dir, '/root', 16)).lookup(entry('f'))).toBeUndefined();
  });

  it('rewrites its file only when it would say something new', async () => {
    const { dir, cache } = await openCache();
    cache.remember('f', stamp(), MD5_A);
    cache.remember('g', stamp(), MD5_B);
    await cache.save(new Set(['f', 'g']));
    const [name = ''] = readdirSync(dir);
    const file = path.join(dir, name);
    // A line cut short (no newline) is dropped when read, and gone once the file is rewritten.
    const mark = () => appendFile(file, '["cut short"');
    const rewritten = async () => !(await readFile(file, 'utf8')).endsWith('["cut short"');

    // Read back and saved with the same paths and nothing learnt: the file stays as it is.
    await mark();
    const again = await Md5Cache.open(dir, '/root', 8);
    await again.save(new Set(['f', 'g']));
    await cache.save(new Set(['f', 'g']));
    expect(await rewritten()).toBe(false);

    // A file present that has no record would add nothing: not rewritten.
    await (await Md5Cache.open(dir, '/root', 8)).save(new Set(['f', 'g', 'new']));
    expect(await rewritten()).toBe(false);
    // A path gone (or given as gone), or an agreement learnt: rewritten.
    await again.save(new Set(['f']));
    expect(await rewritten()).toBe(true);
    await mark();
    await (await Md5Cache.open(dir, '/root', 8)).save(['f', 'f'], ['f']);
    expect(await rewritten()).toBe(true);
    expect((await Md5Cache.open(dir, '/root', 8)).lookup(entry('f'))).toBeUndefined();
    await cache.save(['f']);
    await mark();
    const fourth = await Md5Cache.open(dir, '/root', 8);
    fourth.rememberRemote('f', stamp(), remote());
    await fourth.save(new Set(['f']));
    expect(await rewritten()).toBe(true);
    expect((await Md5Cache.open(dir, '/root', 8)).agreesWith(entry('f'), 'pre/f', MD5_A, 1000)).toBe(true);
  });

  it('writes its file privately and atomically (no temp file left)', async () => {
    const { dir, cache } = await openCache();
    cache.remember('f', stamp(), MD5_A);
    await cache.save(new Set(['f']));
    const names = readdirSync(dir);
    expect(names).toEqual([expect.stringMatching(/^md5-[0-9a-f]{24}\.json$/)]);
    expect((await stat(path.join(dir, names[0] as string))).mode & 0o777).toBe(0o600);
  });

  it('keeps every path across a save, whatever its characters and however many', async () => {
    const { dir, cache } = await openCache('/ro"ot\\');
    const odd = [
      '__proto__',
      '123',
      'a"b',
      'back\\slash',
      'new\nline',
      'tab\t',
      'é/ü/日本',
      '\u2028',
      'x'.repeat(300),
    ];
    // Enough rows for the document to be written in several pieces.
    const many = Array.from({ length: 20_000 }, (_, i) => `dir${i % 50}/file-${i}.txt`);
    for (const p of [...odd, ...many])
      cache.remember(p, stamp(), MD5_A, undefined, remote({ key: `pre/${p}` }));
    await cache.save(new Set([...odd, ...many]));
    const again = await Md5Cache.open(dir, '/ro"ot\\', 8);
    for (const p of [...odd, ...many]) {
      expect(again.lookup(entry(p))?.md5, p).toBe(MD5_A);
      expect(again.agreesWith(entry(p), `pre/${p}`, MD5_A, 1000), p).toBe(true);
    }
  });

  it('drops paths no longer present', async () => {
    const { dir, cache } = await openCache();
    cache.remember('gone', stamp(), MD5_A);
    cache.remember('kept', stamp(), MD5_B);
    await cache.save(new Set(['kept']));
    const again = await Md5Cache.open(dir, '/root', 8);
    expect(again.lookup(entry('gone'))).toBeUndefined();
    expect(again.lookup(entry('kept'))?.md5).toBe(MD5_B);
  });

  it.each<[string, Partial<FileStamp>, boolean]>([
    // A change within the same clock tick as the hash would leave the stamp as it is ("racily clean").
    ['changed 40 ms before the save', { mtimeMs: NOW - 40.5, ctimeMs: NOW - 40.5 }, false],
    ['changed 60 ms before the save', { mtimeMs: NOW - 60.5, ctimeMs: NOW - 60.5 }, true],
    // A write moves mtime to its tick; a file whose mtime is older (one this run downloaded: the
    // object's mtime set on it) cannot change in the record's tick without its mtime showing it.
    ['ctime 40 ms before the save, mtime an hour before (downloaded)', { ctimeMs: NOW - 40.5 }, true],
    ['mtime 40 ms before the save, ctime after it', { mtimeMs: NOW - 40.5, ctimeMs: NOW + 1.5 }, false],
    ['stamped after the save (a clock ahead)', { mtimeMs: NOW + 60_000.5, ctimeMs: NOW + 60_000.5 }, false],
    // A write now stamps ctime now: with the last change an hour back, no rewrite keeps this stamp.
    ['dated a minute ahead, last changed an hour before', { mtimeMs: NOW + 60_000.5 }, true],
    [
      'dated a minute ahead, last changed 40 ms before the save',
      { mtimeMs: NOW + 60_000.5, ctimeMs: NOW - 40.5 },
      false,
    ],
    // Whole-second file systems (FAT, HFS+) get two seconds.
    ['whole seconds, 1 s before the save', { mtimeMs: NOW - 1000, ctimeMs: NOW - 1000 }, false],
    ['whole seconds, 3 s before the save', { mtimeMs: NOW - 3000, ctimeMs: NOW - 3000 }, true],
  ])('after a save, trusts a file %s: %s', async (_name, s, trusted) => {
    const { dir, cache } = await openCache();
    cache.remember('f', stamp(s), MD5_A);
    await cache.save(new Set(['f']));
    const found = (await Md5Cache.open(dir, '/root', 8)).lookup(entry('f', stamp(s)));
    expect(found?.md5).toBe(trusted ? MD5_A : undefined);
  });

  it('judges a file racy as of when it was hashed, not only when the cache is saved', async () => {
    // Hashed 500 ms after a whole-second mtime; the run saves 10 s later. A rewrite of the same size in
    // the rest of that tick leaves the stamp as it was, so the hash must be checked again next time.
    const { dir, cache } = await openCache();
    const s = { mtimeMs: NOW - 1000, ctimeMs: NOW - 1000 };
    vi.setSystemTime(NOW - 500);
    cache.remember('f', stamp(s), MD5_A);
    vi.setSystemTime(NOW + 10_000);
    await cache.save(new Set(['f']));
    expect((await Md5Cache.open(dir, '/root', 8)).lookup(entry('f', stamp(s)))).toBeUndefined();
  });

  it('remembers which object a file agreed with, while both are unchanged', async () => {
    const { dir, cache } = await openCache();
    cache.remember('f', stamp(), MD5_A, undefined, remote());
    const agrees = (c: Md5Cache, e: Entry, key: string, etag: string, modified: number) =>
      c.agreesWith(e, key, etag, modified);
    expect(agrees(cache, entry('f'), 'pre/f', MD5_A, 1000)).toBe(true);
    expect(agrees(cache, entry('f'), 'pre/g', MD5_A, 1000)).toBe(false);
    expect(agrees(cache, entry('f'), 'pre/f', MD5_B, 1000)).toBe(false);
    expect(agrees(cache, entry('f'), 'pre/f', MD5_A, 1001)).toBe(false);
    expect(agrees(cache, entry('f', stamp({ ctimeMs: OLD + 1 })), 'pre/f', MD5_A, 1000)).toBe(false);
    await cache.save(new Set(['f']));
    expect(agrees(await Md5Cache.open(dir, '/root', 8), entry('f'), 'pre/f', MD5_A, 1000)).toBe(true);
  });

  it('after a write whose LastModified is unknown, agrees up to the server clock of the write', async () => {
    const { dir, cache } = await openCache();
    cache.remember('f', stamp(), MD5_A, undefined, remote({ modified: undefined, writtenBy: 2000 }));
    await cache.save(new Set(['f']));
    const again = await Md5Cache.open(dir, '/root', 8);
    expect(again.agreesWith(entry('f'), 'pre/f', MD5_A, 1999)).toBe(true);
    expect(again.agreesWith(entry('f'), 'pre/f', MD5_A, 2000)).toBe(true);
    // Written again by someone else since, with the same bytes: its metadata may be another's.
    expect(again.agreesWith(entry('f'), 'pre/f', MD5_A, 2001)).toBe(false);
  });

  it('keeps the agreement while the stamp stays, and forgets it with a new stamp', async () => {
    const { cache } = await openCache();
    cache.remember('f', stamp(), MD5_A, undefined, remote());
    cache.remember('f', stamp(), MD5_A);
    expect(cache.agreesWith(entry('f'), 'pre/f', MD5_A, 1000)).toBe(true);
    const changed = stamp({ ctimeMs: OLD + 1 });
    cache.remember('f', changed, MD5_A);
    expect(cache.agreesWith(entry('f', changed), 'pre/f', MD5_A, 1000)).toBe(false);
  });

  // A same-stamp change (racy) gives other bytes under the same stamp: the object the old bytes agreed
  // with must not be taken to agree with the new ones.
  it('forgets the agreement when the same stamp comes with another MD5', async () => {
    const { cache } = await openCache();
    cache.remember('f', stamp(), MD5_A, undefined, remote());
    cache.remember('f', stamp(), MD5_B);
    expect(cache.agreesWith(entry('f'), 'pre/f', MD5_A, 1000)).toBe(false);
  });

  it('records an agreement found by a check only for the file version it was hashed at', async () => {
    const { cache } = await openCache();
    cache.rememberRemote('f', stamp(), remote());
    expect(cache.agreesWith(entry('f'), 'pre/f', MD5_A, 1000)).toBe(false); // nothing hashed yet
    cache.remember('f', stamp(), MD5_A);
    cache.rememberRemote('f', stamp({ ctimeMs: OLD + 1 }), remote());
    expect(cache.agreesWith(entry('f'), 'pre/f', MD5_A, 1000)).toBe(false);
    cache.rememberRemote('f', stamp(), remote());
    expect(cache.agreesWith(entry('f'), 'pre/f', MD5_A, 1000)).toBe(true);
  });

  it('is an empty cache when its file is damaged or of another format, and drops rows it cannot read', async () => {
    const { dir, cache } = await openCache();
    cache.remember('a', stamp(), MD5_A);
    cache.remember('b', stamp(), MD5_B);
    cache.remember('c', stamp(), MD5_B);
    await cache.save(new Set(['a', 'b', 'c']));
    const file = path.join(dir, readdirSync(dir)[0] as string);
    const [header = '', ...rows] = (await readFile(file, 'utf8')).split('\n');
    expect(rows.pop()).toBe(''); // every line ends in a newline
    const row = (p: string) => JSON.parse(rows.find((r) => r.startsWith(`["${p}"`)) as string);
    const open = async (body: string) => {
      await writeFile(file, body);
      return Md5Cache.open(dir, '/root', 8);
    };

    // A row whose MD5 is not one, a line that is not JSON, a last line cut short: those are dropped,
    // the others kept.
    const b = row('b');
    b[6] = 'not-an-md5';
    const cut = JSON.stringify(row('c')).slice(0, 20);
    const partly = await open(`${header}\n${JSON.stringify(row('a'))}\n${JSON.stringify(b)}\n{oops\n${cut}`);
    expect(partly.lookup(entry('a'))?.md5).toBe(MD5_A);
    expect(partly.lookup(entry('b'))).toBeUndefined();
    expect(partly.lookup(entry('c'))).toBeUndefined();

    const body = rows.join('\n');
    for (const damaged of [
      '{not json',
      `[]\n${body}\n`,
      'null',
      `${header.replace('"format":3', '"format":2')}\n${body}\n`,
      `${header.replace('/root', '/x')}\n${body}\n`,
      `${header.replace('"partSize":8', '"partSize":9')}\n${body}\n`,
      // format 2: the whole document on one line
      JSON.stringify({
        format: 2,
        root: '/root',
        partSize: 8,
        entries: { a: [5, OLD, OLD, 42, 7, MD5_A, null, null, 0] },
      }),
    ]) {
      expect((await open(damaged)).lookup(entry('a')), damaged.slice(0, 40)).toBeUndefined();
    }
    // A line longer than any this version writes (1 MiB) is damage: nothing is trusted.
    expect((await open(`${header}\n${'x'.repeat(3 << 20)}\n${body}\n`)).lookup(entry('a'))).toBeUndefined();
    expect((await open(`${header}\n${body}\n`)).lookup(entry('a'))?.md5).toBe(MD5_A);
  });

  it('does nothing when disabled', async () => {
    const cache = Md5Cache.disabled();
    expect(cache.enabled).toBe(false);
    cache.remember('f', stamp(), MD5_A, undefined, remote());
    expect(cache.lookup(entry('f'))).toBeUndefined();
    expect(cache.agreesWith(entry('f'), 'pre/f', MD5_A, 1000)).toBe(false);
    await expect(cache.save(new Set(['f']))).resolves.toBeUndefined();
  });
});

describe('the MD5 cache in a sync', () => {
  const s3 = useS3Server({ bucket: 'cache' });
  const compareLine = (stderr: string) => /compare: .*/.exec(stderr)?.[0];

  it('reuses hashes on an unchanged tree and still sees a same-size rewrite with its mtime put back', async () => {
    const src = await tempDir('paras3-src-');
    await makeTree(src, { 'a.txt': 'aaaa', 'd/b.txt': 'bbbb', 'd/c.txt': 'cccc' });
    const env = cliEnv(s3.server.endpoint);
    const first = await runCli(['-r', `${src}/`, 'cache:t'], { env });
    expect(first.code).toBe(0);

    const second = await runCli(['-r', '--debug', `${src}/`, 'cache:t'], { env });
    expect(second.code).toBe(0);
    expect(compareLine(second.stderr)).toMatch(/^compare: 0 local files hashed, 3 MD5s from the cache, /);
    expect(second.stdout).toContain('files 0 created, 0 updated, 0 deleted, 3 unchanged');

    // Same size, same mtime, other bytes: only ctime tells, and it must.
    const file = path.join(src, 'd/b.txt');
    const before = await stat(file);
    await writeFile(file, 'BBBB');
    await utimes(file, before.atime, before.mtime);
    const third = await runCli(['-r', '--debug', `${src}/`, 'cache:t'], { env });
    expect(third.code).toBe(0);
    expect(compareLine(third.stderr)).toMatch(/^compare: 1 local files hashed, 2 MD5s from the cache, /);
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
    expect(compareLine(again.stderr)).toMatch(/^compare: 2 local files hashed, 0 MD5s from the cache, /);
  });

  it("does not take a file restored from another tool's object (no mode, no mtime) as agreeing with it: the backup adds them", async () => {
    const env = cliEnv(s3.server.endpoint);
    await putObject(s3.server.endpoint, 'cache', 'foreign/a.txt', 'written by another tool');
    const dst = await tempDir('paras3-dst-');
    expect((await runCli(['-r', 'cache:foreign/', dst], { env })).code).toBe(0);
    // Twice, so that the second run's cache has no racy stamps left.
    for (const _ of [1, 2]) expect((await runCli(['-r', 'cache:foreign/', dst], { env })).code).toBe(0);
    const up = await runCli(['-r', `${dst}/`, 'cache:foreign'], { env });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/files 0 created, 0 updated, 1 metadata updated, 0 deleted, 0 unchanged/);
    expect(
      (await getObject(s3.server.endpoint, 'cache', 'foreign/a.txt')).metadata.permissions,
    ).toBeDefined();
  });

  it('remembers downloaded files, so a later download reads neither a file nor an object header', async () => {
    const src = await tempDir('paras3-src-');
    await makeTree(src, { 'x/1.bin': 'one', 'x/2.bin': 'two' });
    const env = cliEnv(s3.server.endpoint);
    expect((await runCli(['-r', `${src}/`, 'cache:dl'], { env })).code).toBe(0);
    const dst = await tempDir('paras3-dst-');
    expect((await runCli(['-r', 'cache:dl/', dst], { env })).code).toBe(0);
    // Downloaded moments before the cache was saved, but with the object's older mtime set on them:
    // not racy, so the very next run reads nothing.
    const second = await runCli(['-r', '--debug', 'cache:dl/', dst], { env });
    expect(second.stdout).toContain('files 0 created, 0 updated, 0 deleted, 2 unchanged');
    expect(compareLine(second.stderr)).toBe(
      "compare: 0 local files hashed, 2 MD5s from the cache, 0 objects' headers read",
    );
  });
});
