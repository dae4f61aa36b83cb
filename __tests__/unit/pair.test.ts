// pair.ts: two listings in, pairs (source only, destination only, both) and conflicts out. Every outcome
// and every conflict, per kind and per direction.
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Pairing, pairListings } from '../../src/core/pair.js';
import type { Conflict, Direction, Entry, Pair } from '../../src/core/types.js';
import {
  DIRECTIONS,
  folder,
  hadoopFolder,
  listing,
  localDir,
  localFile,
  localLink,
  NFC_E,
  NFD_E,
  object,
  s3syncNode,
  sidesOf,
  tree,
} from '../helpers/entries.js';

const pair = (direction: Direction, src: Entry[], dst: Entry[], path = nodePath.posix): Pairing =>
  pairListings(listing(src), listing(dst), { direction, path });

const kindOf = (p: Pair): Entry['kind'] => (p.kind === 'dest-only' ? p.dest.kind : p.source.kind);
/** `both d/` for a directory pair, `source-only a` for a file (or symlink) pair. */
const show = (p: Pairing): string[] =>
  p.pairs.map((x) => `${x.kind} ${x.path}${kindOf(x) === 'dir' ? '/' : ''}`);
/** The paths conflicts hold, whether `held` keys a path alone or tags it with its kind (`d:x`). */
const heldPaths = (p: Pairing): Set<string> => new Set([...p.held].map((h) => h.replace(/^[df]:/, '')));
const conflict = (p: Pairing, path: string): Conflict | undefined => p.conflicts.find((c) => c.path === path);

describe('pairListings: the three outcomes', () => {
  it.each(DIRECTIONS)(
    '%s: source only, destination only and both, for files and directories',
    (direction) => {
      const [s, d] = sidesOf(direction);
      const p = pair(
        direction,
        tree(s, ['a', 'd/', 'd/x', 'both', 'bd/']),
        tree(d, ['b', 'e/', 'both', 'bd/']),
      );
      expect(show(p)).toEqual([
        'source-only a',
        'dest-only b',
        'both bd/',
        'both both',
        'source-only d/',
        'source-only d/x',
        'dest-only e/',
      ]);
      expect(p.conflicts).toEqual([]);
      expect(p.held.size).toBe(0);
      expect(p.ambiguous).toBe(false);
    },
  );

  it('upload: a symlink pairs with its object like a file', () => {
    const p = pair('upload', [localLink('l', 'target'), localLink('m', 'x')], [object('l', 'target')]);
    expect(show(p)).toEqual(['both l', 'source-only m']);
    expect(p.pairs[0]).toMatchObject({ source: { kind: 'symlink' }, dest: { kind: 'file' } });
  });

  it('a file and a directory of one path are two pairs, the directory first (S3 holds both)', () => {
    const up = pair('upload', [localFile('x')], [object('x'), folder('x'), object('x/y')]);
    expect(show(up)).toEqual(['dest-only x/', 'both x', 'dest-only x/y']);
    expect(up.conflicts).toEqual([]);
    const copy = pair('copy', [object('x'), folder('x'), object('x/y')], []);
    expect(show(copy)).toEqual(['source-only x/', 'source-only x', 'source-only x/y']);
    expect(copy.conflicts).toEqual([]);
  });

  it("sorts pairs in S3's order: the bytes of UTF-8, astral characters last", () => {
    const names = ['z', 'a b', 'a/b', 'a', 'B', NFC_E, '\u{1F600}', '\uFF5A', 'a-b'];
    const p = pair(
      'copy',
      names.map((n) => object(n)),
      [],
    );
    const bytes = [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(p.pairs.map((x) => x.path)).toEqual(bytes);
  });

  it('pairs a name with its NFD form on the other side: one name, never two objects', () => {
    const p = pair('upload', [localFile(`caf${NFD_E}`)], [object(`caf${NFC_E}`)]);
    expect(show(p)).toEqual([`both caf${NFC_E}`]);
    expect(p.pairs[0]).toMatchObject({ source: { name: `caf${NFD_E}` }, dest: { path: `caf${NFC_E}` } });
  });
});

describe('pairListings: twins (names equal after NFC) are a conflict, never a guess', () => {
  const names = [NFC_E, NFD_E];
  it.each<[Direction, 'source' | 'destination']>([
    ['upload', 'source'],
    ['upload', 'destination'],
    ['download', 'source'],
    ['download', 'destination'],
    ['copy', 'source'],
    ['copy', 'destination'],
  ])('%s: two files on the %s', (direction, side) => {
    const [s, d] = sidesOf(direction);
    const make = (k: typeof s, n: string) => (k === 'local' ? localFile(n, n) : object(n, n));
    const twins = side === 'source' ? s : d;
    const other = side === 'source' ? d : s;
    const pairTwins = [...names.map((n) => make(twins, n)), make(twins, 'ok')];
    const single = [make(other, NFC_E), make(other, 'ok')];
    const p = side === 'source' ? pair(direction, pairTwins, single) : pair(direction, single, pairTwins);
    // Neither twin is written, and the single name on the other side is neither written nor deleted.
    expect(show(p)).toEqual(['both ok']);
    expect(p.conflicts).toEqual([
      {
        path: NFC_E,
        reason: 'twins',
        side,
        names,
        message: `"${NFC_E}" and "${NFD_E}" are the same name after Unicode normalisation (NFC) on the ${side}; neither is synced, and nothing is deleted`,
      },
    ]);
    expect(heldPaths(p).has(NFC_E)).toBe(true);
    expect(p.ambiguous).toBe(true);
  });

  it('upload: two local directories, and everything under either of them, are held', () => {
    const p = pair(
      'upload',
      [localDir(NFC_E), localFile(`${NFC_E}/a`), localDir(NFD_E), localFile(`${NFD_E}/b`), localFile('ok')],
      [folder(NFC_E), object(`${NFC_E}/c`), object('ok')],
    );
    expect(show(p)).toEqual(['both ok']);
    expect(conflict(p, NFC_E)).toMatchObject({
      reason: 'twins',
      side: 'source',
      names: [`${NFC_E}/`, `${NFD_E}/`],
    });
    for (const path of [NFC_E, `${NFC_E}/a`, `${NFC_E}/b`, `${NFC_E}/c`])
      expect(heldPaths(p).has(path)).toBe(true);
    expect(p.ambiguous).toBe(true);
  });

  it.each<Direction>(['download', 'copy'])(
    '%s: two directory nodes on S3, and everything under them',
    (direction) => {
      const [, d] = sidesOf(direction);
      const p = pair(
        direction,
        [folder(NFC_E), object(`${NFD_E}/`, ''), object(`${NFD_E}/x`), object('ok')],
        tree(d, [`${NFC_E}/`, `${NFC_E}/y`, 'ok']),
      );
      expect(show(p)).toEqual(['both ok']);
      expect(conflict(p, NFC_E)).toMatchObject({
        reason: 'twins',
        side: 'source',
        names: [`${NFC_E}/`, `${NFD_E}/`],
      });
      for (const path of [NFC_E, `${NFC_E}/x`, `${NFC_E}/y`]) expect(heldPaths(p).has(path)).toBe(true);
    },
  );

  it.each<[string, Entry[]]>([
    ['x/ then x_$folder$', [folder('x'), hadoopFolder('x')]],
    ['x_$folder$ then x/', [hadoopFolder('x'), folder('x')]],
    ['s3sync.rb x then x/', [s3syncNode('x'), folder('x')]],
    ['x/ then s3sync.rb x', [folder('x'), s3syncNode('x')]],
  ])('one directory in two node styles (%s) is one directory, the console node kept', (_name, nodes) => {
    for (const p of [pair('upload', [localDir('x')], nodes), pair('download', nodes, [localDir('x')])]) {
      expect(p.conflicts).toEqual([]);
      expect(p.ambiguous).toBe(false);
      expect(show(p)).toEqual(['both x/']);
      const [only] = p.pairs;
      if (only?.kind !== 'both') throw new Error('expected one pair of both sides');
      // The S3 side is the one with an ETag; the console node `x/` has no name of its own.
      const s3 = only.source.etag === undefined ? only.dest : only.source;
      expect(s3.etag).toBeDefined();
      expect(s3.name).toBeUndefined();
    }
  });

  it('a Hadoop marker and an s3sync.rb node of one directory are one directory too', () => {
    const p = pair('download', [hadoopFolder('x'), s3syncNode('x')], []);
    expect(p.conflicts).toEqual([]);
    expect(show(p)).toEqual(['source-only x/']);
  });
});

describe('pairListings: a file where a directory is, on download only', () => {
  it('S3 `x` beside `x/…`: the file is skipped, the directory synced', () => {
    for (const src of [
      [object('x'), object('x/y')],
      [object('x'), folder('x')],
    ]) {
      const p = pair('download', src, []);
      expect(p.conflicts).toEqual([
        {
          path: 'x',
          reason: 'file-vs-dir',
          side: 'source',
          names: ['x', 'x/'],
          message: expect.stringContaining(
            'is both a file and a directory prefix on S3; the file is skipped',
          ),
        },
      ]);
      expect(show(p).some((s) => s.endsWith(' x'))).toBe(false);
      expect(p.ambiguous).toBe(false);
    }
  });

  it('a local directory where S3 has a file: the file is skipped, the directory held', () => {
    const p = pair('download', [object('d'), object('ok')], [localDir('d'), localFile('d/mine')]);
    expect(p.conflicts).toMatchObject([
      {
        path: 'd',
        reason: 'file-vs-dir',
        side: 'both',
        names: ['d', 'd'],
        message: /directory locally but a file on S3/,
      },
    ]);
    expect(show(p)).toEqual(['dest-only d/', 'dest-only d/mine', 'source-only ok']);
    expect(heldPaths(p).has('d')).toBe(true);
  });

  it.each<[string, Entry]>([
    ['file', localFile('d')],
    ['symlink', localLink('d', '/etc')],
  ])('a local %s where S3 has a directory: the directory is skipped with its subtree', (kind, local) => {
    // A symlink above a download would write through it, outside the destination.
    const p = pair(
      'download',
      [folder('d'), object('d/a'), folder('d/sub'), object('d/sub/b'), object('ok')],
      [local],
    );
    expect(p.conflicts).toContainEqual({
      path: 'd',
      reason: 'file-vs-dir',
      side: 'both',
      names: ['d', 'd/'],
      message: expect.stringContaining(
        `is a ${kind} locally but a directory on S3; skipped with its contents`,
      ),
    });
    expect(show(p)).toEqual(['dest-only d', 'source-only ok']);
    expect(heldPaths(p).has('d')).toBe(true);
  });

  // held's contract: "paths that conflicts took out of the sync". The subtree is taken out, but neither
  // held nor reported: the user is told about `d` only, and the skipped count is 1, not 4.
  it('a local file where S3 has a directory: every path under it is held and reported', () => {
    const p = pair(
      'download',
      [folder('d'), object('d/a'), folder('d/sub'), object('d/sub/b')],
      [localFile('d')],
    );
    for (const path of ['d/a', 'd/sub', 'd/sub/b']) {
      expect(heldPaths(p).has(path)).toBe(true);
      expect(conflict(p, path)).toBeDefined();
    }
  });

  it.each<Direction>(['upload', 'copy'])(
    '%s: no such conflict (S3 holds `x` and `x/` side by side)',
    (direction) => {
      const [s] = sidesOf(direction);
      const src = s === 'local' ? [localFile('x')] : [object('x'), object('x/y')];
      const p = pair(direction, src, [folder('x'), object('x/y'), object('d')]);
      expect(p.conflicts).toEqual([]);
      expect(p.held.size).toBe(0);
    },
  );
});

describe('pairListings: keys that cannot be local names, on download only', () => {
  it.each<[string, string, nodePath.PlatformPath]>([
    ['..', 'has a ".." segment', nodePath.posix],
    ['.', 'has a "." segment', nodePath.posix],
    ['../up', 'has a ".." segment', nodePath.posix],
    ['a/../../up', 'has a ".." segment', nodePath.posix],
    ['a/./b', 'has a "." segment', nodePath.posix],
    ['a//b', 'has an empty path segment', nodePath.posix],
    ['/lead', 'is an absolute path', nodePath.posix],
    ['a\0b', 'contains a NUL character', nodePath.posix],
    ['a\\b', 'contains a backslash, which Windows reads as a separator', nodePath.win32],
    ['C:x', 'contains a character Windows does not allow in names', nodePath.win32],
    ['con.txt', 'has "con.txt", a name Windows reserves', nodePath.win32],
    ['dot.', 'has a name ending in a dot or space, which Windows drops', nodePath.win32],
  ])('refuses %j (%s)', (rel, why, platform) => {
    const p = pair('download', [object(rel), object('ok')], [], platform);
    expect(p.conflicts).toEqual([
      {
        path: rel,
        reason: 'unsafe-name',
        side: 'source',
        names: [rel],
        message: expect.stringContaining(why),
      },
    ]);
    expect(show(p)).toEqual(['source-only ok']);
    expect(p.ambiguous).toBe(false);
    // Only a download writes local names: the same key is copied and compared as it is.
    for (const direction of ['copy', 'upload'] as const) {
      const other =
        direction === 'copy' ? pair('copy', [object(rel)], []) : pair('upload', [], [object(rel)]);
      expect(other.conflicts).toEqual([]);
    }
  });

  it('refuses a directory node with an unsafe name, and what lies under it', () => {
    const p = pair('download', [object('up/../', ''), object('up/../x')], []);
    expect(p.conflicts.map((c) => [c.path, c.reason])).toEqual([
      ['up/..', 'unsafe-name'],
      ['up/../x', 'unsafe-name'],
    ]);
    expect(p.pairs).toEqual([]);
  });

  it.each<[string, nodePath.PlatformPath]>([
    ['..hidden', nodePath.posix],
    ['...', nodePath.posix],
    ['..cache/inner/f', nodePath.posix],
    ['b..', nodePath.posix],
    ['.hidden', nodePath.posix],
    ['a\\b', nodePath.posix],
    ['C:x', nodePath.posix],
    ['con.txt', nodePath.posix],
    ['..hidden', nodePath.win32],
  ])('takes %j as an ordinary name', (rel, platform) => {
    const p = pair('download', [object(rel)], [], platform);
    expect(p.conflicts).toEqual([]);
    expect(show(p)).toEqual([`source-only ${rel}`]);
  });
});

describe('pairListings: a folder key that holds bytes', () => {
  it.each<Direction>(['download', 'copy'])('%s: reported, and the directory still synced', (direction) => {
    const p = pair(direction, [object('x/', 'bytes'), object('x/f')], []);
    expect(p.conflicts).toMatchObject([
      { path: 'x', reason: 'dir-with-content', side: 'source', names: ['x'] },
    ]);
    expect(show(p)).toEqual(['source-only x/', 'source-only x/f']);
    expect(heldPaths(p).has('x')).toBe(false);
    expect(p.ambiguous).toBe(false);
  });

  it('upload: not a conflict when it is the destination (nothing is read from it)', () => {
    const p = pair('upload', [localDir('x')], [object('x/', 'bytes')]);
    expect(p.conflicts).toEqual([]);
    expect(show(p)).toEqual(['both x/']);
  });
});
