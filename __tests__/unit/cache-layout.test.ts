// The cache's pure parts: store names, key rules, manifest checks, pack targets and argument parsing.
import { describe, expect, it } from 'vitest';
import {
  badKey,
  keyOfManifestObject,
  manifestObject,
  manifestSearchPrefix,
  parseStore,
} from '../../src/cache/layout.js';
import { type Manifest, manifestProblem } from '../../src/cache/manifest.js';
import { PackBuilder } from '../../src/cache/pack.js';
import { orderNewestFirst } from '../../src/cache/prune.js';
import { packTarget } from '../../src/cache/save.js';
import { parseCacheArgs } from '../../src/cli/cache-args.js';

const MIB = 1024 * 1024;

describe('cache store layout', () => {
  it('parses bucket:prefix and s3:// forms into a bucket and a prefix ending in /', () => {
    expect(parseStore('b-1:ci')).toEqual({ bucket: 'b-1', prefix: 'ci/' });
    expect(parseStore('b-1:')).toEqual({ bucket: 'b-1', prefix: '' });
    expect(parseStore('s3://b-1/a/b/')).toEqual({ bucket: 'b-1', prefix: 'a/b/' });
    expect(() => parseStore('./dir')).toThrow(/is not bucket:prefix/);
  });

  it('names manifests by the URI-encoded key, so a key prefix is a listing prefix', () => {
    const s = parseStore('b-1:ci');
    expect(manifestObject(s, 'Linux-node/20 abc')).toBe('ci/manifests/Linux-node%2F20%20abc.json.gz');
    expect(manifestObject(s, 'Linux-node/20 abc').startsWith(manifestSearchPrefix(s, 'Linux-node/2'))).toBe(
      true,
    );
    expect(keyOfManifestObject(s, 'ci/manifests/Linux-node%2F20%20abc.json.gz')).toBe('Linux-node/20 abc');
    expect(keyOfManifestObject(s, 'ci/manifests/other.txt')).toBeUndefined();
    expect(keyOfManifestObject(s, 'ci/manifests/%E0%A4%A.json.gz')).toBeUndefined();
  });

  it('refuses keys actions/cache refuses, and control characters', () => {
    const s = parseStore('b-1:ci');
    expect(badKey('npm-Linux-abc', s)).toBeNull();
    expect(badKey('', s)).toBe('is empty');
    expect(badKey('a,b', s)).toBe('contains a comma');
    expect(badKey('x'.repeat(513), s)).toMatch(/longer than 512/);
    expect(badKey('a\nb', s)).toBe('contains a control character');
  });

  it("refuses keys whose manifest's object key would pass S3's 1,024 bytes, counting the store prefix", () => {
    const s = parseStore('b-1:ci');
    // ci/manifests/ (13 bytes) + the encoded key + .json.gz (8 bytes): 1,003 bytes of key fit.
    expect(badKey('x'.repeat(512), s)).toBeNull();
    expect(badKey(`${'a/'.repeat(250)}xxx`, s)).toBeNull();
    expect(badKey(`${'a/'.repeat(250)}xxxx`, s)).toBe(
      "is too long for S3: URI-encoded under ci/manifests/ it makes a 1025-byte object key, over S3's limit of 1024 bytes ('/', spaces and non-ASCII characters take 3 to 12 bytes each)",
    );
    expect(badKey('€'.repeat(300), s)).toMatch(/^is too long for S3: .* 2721-byte object key/);
    expect(badKey('😀'.repeat(84), s)).toMatch(/too long for S3/);
    // The same key fits under a short prefix and not under a long one.
    const key = '€'.repeat(100);
    expect(badKey(key, parseStore('b-1:'))).toBeNull();
    expect(badKey(key, parseStore(`b-1:${'p'.repeat(120)}`))).toMatch(/too long for S3/);
  });
});

describe('manifestProblem', () => {
  const base = (entries: unknown[], packs: Record<string, number> = {}): Manifest =>
    ({
      format: 'paras3-cache/1',
      key: 'k',
      saveId: 's',
      created: '2026-01-01T00:00:00Z',
      roots: ['deps'],
      packs,
      entries: [{ kind: 'dir', root: 0, path: '', mode: 0o755, mtime: 1 }, ...entries],
    }) as Manifest;
  const sha = 'a'.repeat(64);
  const file = (over: Record<string, unknown>) => ({
    kind: 'file',
    root: 0,
    path: 'f',
    mode: 0o644,
    mtime: 1,
    size: 10,
    sha256: sha,
    pack: sha,
    offset: 0,
    ...over,
  });

  it.each([
    ['a file in a pack', [file({})], { [sha]: 10 }, null],
    ['a blob', [file({ pack: undefined, offset: undefined, blob: true })], {}, null],
    ['a ../ path', [file({ path: '../f' })], { [sha]: 10 }, /"\.\." segment/],
    ['an absolute path', [file({ path: '/etc/passwd' })], { [sha]: 10 }, /absolute path/],
    ['an empty segment', [file({ path: 'a//b' })], { [sha]: 10 }, /empty path segment/],
    ['a slice beyond its pack', [file({ offset: 5 })], { [sha]: 10 }, /outside its pack/],
    ['an unknown pack', [file({})], {}, /outside its pack/],
    ['no data', [file({ pack: undefined, offset: undefined })], {}, /has no data/],
    ['a bad mode', [file({ mode: 0o10644 })], { [sha]: 10 }, /bad mode/],
    ['a duplicate path', [file({}), file({})], { [sha]: 10 }, /appears twice/],
    ['a bad root', [file({ root: 1 })], { [sha]: 10 }, /bad root/],
    [
      'a path below a symlink',
      [{ kind: 'symlink', root: 0, path: 'l', target: '/', mtime: 1 }, file({ path: 'l/f' })],
      { [sha]: 10 },
      /below a symlink/,
    ],
  ])('%s', (_what, entries, packs, expected) => {
    const why = manifestProblem(base(entries, packs as Record<string, number>));
    if (expected === null) expect(why).toBeNull();
    else expect(why).toMatch(expected as RegExp);
  });
});

describe('packs', () => {
  it('concatenate files, name the pack by its bytes and give each file its offset', () => {
    const p = new PackBuilder(8);
    p.add('h1', Buffer.from('abc'));
    p.add('h2', Buffer.from('defgh'));
    expect(p.full()).toBe(true);
    const sealed = p.seal();
    expect(sealed?.body.toString()).toBe('abcdefgh');
    expect(sealed?.id).toBe('9c56cc51b374c3ba189210d5b6d4bf57790d351c96c47c02190ecf1e430635ab');
    expect(sealed?.members).toEqual([
      { sha256: 'h1', offset: 0 },
      { sha256: 'h2', offset: 3 },
    ]);
    expect(p.seal()).toBeUndefined();
  });

  it('are sized to give each thread one, between 1 and 16 MiB', () => {
    expect(packTarget(0, 16)).toBe(MIB);
    expect(packTarget(64 * MIB, 16)).toBe(4 * MIB);
    expect(packTarget(1024 * MIB, 16)).toBe(16 * MIB);
  });
});

describe('paras3 cache arguments', () => {
  it('parses each command with its options', () => {
    expect(
      parseCacheArgs([
        'restore',
        '--store',
        'b:p',
        '--key',
        'k',
        '--restore-key',
        'a-',
        '--restore-key',
        'b-',
        'x',
        'y',
      ]),
    ).toMatchObject({
      kind: 'restore',
      key: 'k',
      restoreKeys: ['a-', 'b-'],
      paths: ['x', 'y'],
      lookupOnly: false,
    });
    expect(parseCacheArgs(['prune', '--store', 'b:p', '--older-than', '7d'])).toMatchObject({
      kind: 'prune',
      olderThanMs: 7 * 86_400_000,
    });
    expect(parseCacheArgs(['prune', '--store', 'b:p', '--keep-last', '3', '-n'])).toMatchObject({
      keepLast: 3,
      dryrun: true,
    });
    expect(parseCacheArgs(['list', '--store', 'b:p', '--threads', '4'])).toMatchObject({
      kind: 'list',
      settingFlags: { THREADS: '4' },
    });
    expect(parseCacheArgs([])).toEqual({ kind: 'help' });
  });

  it('refuses --older-than with --keep-last, and options of other commands', () => {
    expect(() =>
      parseCacheArgs(['prune', '--store', 'b:p', '--older-than', '1d', '--keep-last', '2']),
    ).toThrow(/one of --older-than/);
    expect(() => parseCacheArgs(['save', '--store', 'b:p', '--key', 'k', '--lookup-only', 'x'])).toThrow(
      /--lookup-only does not apply to cache save/,
    );
  });
});

describe('cache entry order', () => {
  it('orders entries saved in one second by their creation time, newest first', () => {
    const e = (key: string, lastModified: number) => ({ key, lastModified, manifestSize: 1, etag: '' });
    const created = new Map([
      ['p-1', '2026-12-02T10:00:00.100Z'],
      ['p-2', '2026-12-02T10:00:00.400Z'],
      ['p-3', '2026-12-02T10:00:00.900Z'],
    ]);
    const tied = [e('p-1', 1000), e('p-2', 1000), e('p-3', 1000), e('p-0', 0)];
    expect(orderNewestFirst(tied, created).map((x) => x.key)).toEqual(['p-3', 'p-2', 'p-1', 'p-0']);
    // LastModified still comes first: a later second wins over a later client clock.
    expect(orderNewestFirst([e('a', 1000), e('b', 2000)], new Map([['a', 'z']])).map((x) => x.key)).toEqual([
      'b',
      'a',
    ]);
  });
});
