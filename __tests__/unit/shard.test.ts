// shard.ts and the shard filter of plan.ts: the documented hash (a fixed table, so any change of the
// function is caught), the K/N and K/N@LO-HI forms, byte-balanced ranges, and that the shards of a plan
// are exactly the unsharded plan, cut without overlap, with the delete guards judging the whole tree.
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { pairListings } from '../../src/core/pair.js';
import { planSync } from '../../src/core/plan.js';
import {
  balancedRanges,
  equalRange,
  equalShardOf,
  formatShard,
  HASH_SPACE,
  inShard,
  orderByHash,
  parseShard,
  parseShardCount,
  type Shard,
  shardHash,
} from '../../src/core/shard.js';
import { ENTRY_WEIGHT, shardMatrix } from '../../src/core/shard-plan.js';
import { shardOwner } from '../../src/core/shard-run.js';
import type { Direction, Entry, Location, Plan } from '../../src/core/types.js';
import { DIRECTIONS, listing, sidesOf, tree } from '../helpers/entries.js';

// Computed apart from the code under test (Python: hashlib.sha256(unicodedata.normalize('NFC', p)
// .encode()).digest()[:4], big-endian), with the shard for N = 2, 3, 4, 7 as floor(h × N / 2^32) + 1.
const TABLE: [string, string, [number, number, number, number]][] = [
  ['', 'e3b0c442', [2, 3, 4, 7]],
  ['a', 'ca978112', [2, 3, 4, 6]],
  ['a.txt', '18b7cb09', [1, 1, 1, 1]],
  ['dir', '2b64c6d9', [1, 1, 1, 2]],
  ['dir/a.txt', '153ebcff', [1, 1, 1, 1]],
  ['dir/sub/b.bin', '52374ed5', [1, 1, 2, 3]],
  ['index.html', '0eb54730', [1, 1, 1, 1]],
  ['assets/app.js', '489e15dd', [1, 1, 2, 2]],
  ['caf\u00e9.txt', '5996d1f7', [1, 2, 2, 3]],
  ['cafe\u0301.txt', '5996d1f7', [1, 2, 2, 3]],
  ['日本語/ファイル.txt', '530b53a0', [1, 1, 2, 3]],
  ['x y/z', 'c2c94559', [2, 3, 4, 6]],
  ['emoji-😀.png', 'dfb76c51', [2, 3, 4, 7]],
  ['node_modules/.bin/tsc', 'ffb34f9d', [2, 3, 4, 7]],
];

describe('the shard hash', () => {
  it.each(TABLE)('%j hashes to %s and falls in the documented shards', (path, hex, shards) => {
    expect(shardHash(path).toString(16).padStart(8, '0')).toBe(hex);
    expect([2, 3, 4, 7].map((n) => equalShardOf(path, n))).toEqual(shards);
    expect(equalShardOf(path, 1)).toBe(1);
  });

  it('is the same for the NFC and NFD forms of a name', () => {
    expect(shardHash('cafe\u0301/x')).toBe(shardHash('caf\u00e9/x'));
  });

  it('K/N owns exactly the paths equalShardOf gives K', () => {
    for (const n of [1, 2, 3, 4, 7]) {
      for (const [path] of TABLE) {
        const owners = Array.from({ length: n }, (_, k) => parseShard(`${k + 1}/${n}`)).filter((s) =>
          inShard(s, path),
        );
        expect(owners.map((s) => s.index)).toEqual([equalShardOf(path, n)]);
      }
    }
  });
});

describe('equal ranges', () => {
  it.each([1, 2, 3, 4, 7, 256])('the %i ranges cover the space without gap or overlap', (n) => {
    let next = 0;
    for (let k = 1; k <= n; k++) {
      const r = equalRange(k, n);
      expect(r.lo).toBe(next);
      expect(r.hi).toBeGreaterThanOrEqual(r.lo);
      // The edges agree with floor(h × N / 2^32) + 1.
      expect(Math.floor((r.lo * n) / HASH_SPACE) + 1).toBe(k);
      expect(Math.floor((r.hi * n) / HASH_SPACE) + 1).toBe(k);
      next = r.hi + 1;
    }
    expect(next).toBe(HASH_SPACE);
  });
});

describe('parseShard', () => {
  it('reads K/N as the equal range, and K/N@LO-HI as given', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4, lo: 0x40000000, hi: 0x7fffffff });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1, lo: 0, hi: 0xffffffff });
    expect(parseShard('3/4@8000abcd-C0000000')).toEqual({
      index: 3,
      count: 4,
      lo: 0x8000abcd,
      hi: 0xc0000000,
    });
  });

  it('prints the range only when it is not the equal one', () => {
    expect(formatShard(parseShard('2/4'))).toBe('2/4');
    expect(formatShard(parseShard('2/4@40000000-7fffffff'))).toBe('2/4');
    expect(formatShard(parseShard('2/4@40000000-7ffffffe'))).toBe('2/4@40000000-7ffffffe');
  });

  it.each([
    ['', 'use K/N'],
    ['2', 'use K/N'],
    ['0/4', 'K must be from 1 to N (4)'],
    ['5/4', 'K must be from 1 to N (4)'],
    ['1/0', 'N must be from 1 to 256'],
    ['1/257', 'N must be from 1 to 256'],
    ['2/4@', 'use K/N'],
    ['2/4@10-1', 'LO above HI'],
    ['2/4@0-100000000', 'use K/N'],
    ['-1/4', 'use K/N'],
  ])('refuses %j: %s', (text, why) => {
    expect(() => parseShard(text, '--shard')).toThrow(why);
    expect(() => parseShard(text, '--shard')).toThrow(`--shard ${JSON.stringify(text)}`);
  });

  it('reads --shards N from 1 to 256', () => {
    expect(parseShardCount('4')).toBe(4);
    for (const bad of ['0', '257', 'x', '2.5', ''])
      expect(() => parseShardCount(bad)).toThrow('from 1 to 256');
  });
});

const cut = (items: { hash: number; weight: number }[], n: number) =>
  balancedRanges(
    items.map((i) => i.hash),
    items.map((i) => i.weight),
    n,
  );

describe('orderByHash', () => {
  it('orders indices by hash, ties by index', () => {
    const hashes = Array.from({ length: 5000 }, (_, i) => shardHash(`p${i % 4000}`));
    const naive = hashes.map((_, i) => i).sort((a, b) => hashes[a]! - hashes[b]! || a - b);
    expect([...orderByHash(hashes)]).toEqual(naive);
    expect([...orderByHash([HASH_SPACE - 1, 0, HASH_SPACE - 1])]).toEqual([1, 0, 2]);
  });
});

describe('balancedRanges', () => {
  const check = (ranges: { lo: number; hi: number }[], n: number) => {
    expect(ranges).toHaveLength(n);
    expect(ranges[0]!.lo).toBe(0);
    expect(ranges[n - 1]!.hi).toBe(HASH_SPACE - 1);
    for (let k = 0; k < n; k++) {
      expect(ranges[k]!.hi).toBeGreaterThanOrEqual(ranges[k]!.lo);
      if (k > 0) expect(ranges[k]!.lo).toBe(ranges[k - 1]!.hi + 1);
    }
  };
  const weightIn = (items: { hash: number; weight: number }[], r: { lo: number; hi: number }) =>
    items.filter((i) => i.hash >= r.lo && i.hash <= r.hi).reduce((n, i) => n + i.weight, 0);

  it('gives each shard about the same weight, within the largest single item', () => {
    // One large file among many small ones, all at different hashes.
    const items = Array.from({ length: 400 }, (_, i) => ({
      hash: shardHash(`f${i}`),
      weight: i === 7 ? 5_000_000 : 1000 + (i % 13) * 100_000,
    }));
    const total = items.reduce((n, i) => n + i.weight, 0);
    const largest = Math.max(...items.map((i) => i.weight));
    for (const n of [1, 2, 3, 4, 7]) {
      const ranges = cut(items, n);
      check(ranges, n);
      for (const r of ranges) expect(Math.abs(weightIn(items, r) - total / n)).toBeLessThanOrEqual(largest);
    }
  });

  it('is the equal cut when nothing weighs anything', () => {
    expect(cut([], 4)).toEqual([1, 2, 3, 4].map((k) => equalRange(k, 4)));
  });

  it('still gives every shard a range when there are fewer items than shards', () => {
    const items = [{ hash: 5, weight: 10 }];
    const ranges = cut(items, 4);
    check(ranges, 4);
    expect(ranges.filter((r) => weightIn(items, r) > 0)).toHaveLength(1);
  });

  it('keeps equal hashes together and copes with items at the edges of the space', () => {
    const items = [
      { hash: 0, weight: 10 },
      { hash: 100, weight: 10 },
      { hash: 100, weight: 10 },
      { hash: HASH_SPACE - 1, weight: 10 },
    ];
    const ranges = cut(items, 3);
    check(ranges, 3);
    const holding100 = ranges.filter((r) => r.lo <= 100 && r.hi >= 100);
    expect(holding100).toHaveLength(1);
  });
});

// A tree with nested directories, pages, files only on the destination (deleted), and directories
// only on the destination (deleted after their contents).
const SRC = ['a/', 'a/1.txt', 'a/b/', 'a/b/2.txt', 'a/b/c/', 'a/b/c/3.txt', 'index.html', 'x.txt=new', 'e/'];
const DST = ['a/', 'a/1.txt', 'x.txt=old', 'gone/', 'gone/deep/', 'gone/deep/g1.txt', 'gone/g2.txt', 'z.txt'];
const LOCAL: Location = { kind: 'local', root: '/r' };
const S3_A: Location = { kind: 's3', bucket: 'src', prefix: 'from/' };
const S3_B: Location = { kind: 's3', bucket: 'dst', prefix: 'to/' };
const SIDES: Record<Direction, [Location, Location]> = {
  upload: [LOCAL, S3_B],
  download: [S3_A, LOCAL],
  copy: [S3_A, S3_B],
};

function planOf(direction: Direction, opts: { shard?: Shard; maxDelete?: number } = {}): Plan {
  const [s, d] = sidesOf(direction);
  const src = listing(tree(s, SRC));
  const dst = listing(tree(d, DST));
  const [source, destination] = SIDES[direction];
  return planSync(pairListings(src, dst, { direction, path: nodePath.posix }), {
    direction,
    by: 'md5',
    source,
    destination,
    delete: true,
    maxDelete: opts.maxDelete,
    makeDirs: true,
    posixMetadata: false,
    restoreOwner: false,
    dirNodes: true,
    destRootPresent: false,
    listings: {
      sourceIncomplete: false,
      destIncomplete: false,
      sourceFiles: src.entries.filter((e) => e.kind !== 'dir').length,
      destFiles: dst.entries.filter((e) => e.kind !== 'dir').length,
    },
    path: nodePath.posix,
    owns: opts.shard ? shardOwner(opts.shard) : undefined,
  });
}

const targets = (p: Plan) => p.actions.map((a) => `${a.op} ${a.target}`);

describe('the plan of a shard', () => {
  for (const direction of DIRECTIONS) {
    it(`${direction}: N = 1..4 shards are the unsharded plan, each action in exactly one shard`, () => {
      const whole = planOf(direction);
      expect(whole.actions.length).toBeGreaterThan(8);
      for (let n = 1; n <= 4; n++) {
        const parts = Array.from({ length: n }, (_, k) =>
          planOf(direction, { shard: parseShard(`${k + 1}/${n}`) }),
        );
        expect(parts.flatMap(targets).sort()).toEqual(targets(whole).sort());
        expect(parts.reduce((t, p) => t + p.unchanged, 0)).toBe(whole.unchanged);
        expect(parts.reduce((t, p) => t + p.unchangedDirs, 0)).toBe(whole.unchangedDirs);
        // Within a shard, the unsharded order holds (mkdirs, assets, pages, deletes deepest first).
        for (const p of parts) {
          const order = targets(whole);
          const idx = targets(p).map((t) => order.indexOf(t));
          expect(idx).toEqual([...idx].sort((a, b) => a - b));
        }
      }
    });
  }

  it('a shard with no actions of its own still refuses deletes the whole tree would refuse', () => {
    // 5 deletes in all (g1, g2, z and the directories gone/ and gone/deep/): --max-delete 4 refuses in
    // every shard, whatever its own share.
    expect(planOf('upload').actions.filter((a) => a.op === 'delete')).toHaveLength(5);
    for (let k = 1; k <= 4; k++) {
      const p = planOf('upload', { shard: parseShard(`${k}/4`), maxDelete: 4 });
      expect(p.deleteRefused).toMatch(/^5 deletes planned, more than --max-delete 4/);
      expect(p.actions.filter((a) => a.op === 'delete')).toEqual([]);
      const allowed = planOf('upload', { shard: parseShard(`${k}/4`), maxDelete: 5 });
      expect(allowed.deleteRefused).toBeUndefined();
    }
  });

  it('a download shard sweeps every directory the whole sync deletes, deepest first', () => {
    const p = planOf('download', { shard: parseShard('1/2') });
    expect(p.sweepDirs?.map((d) => d.path)).toEqual(['gone/deep', 'gone']);
    expect(planOf('download').sweepDirs).toBeUndefined();
    expect(planOf('upload', { shard: parseShard('1/2') }).sweepDirs).toBeUndefined();
  });
});

describe('shardMatrix', () => {
  const src = listing(
    tree('local', [...Array.from({ length: 60 }, (_, i) => `f${i}=${'x'.repeat(i * 100)}`), 'd/']),
  );

  it('covers every file once and balances the weight', () => {
    const m = shardMatrix(src.entries, ['old1', 'old2'], 4);
    expect(m.include.map((e) => e.shard)).toEqual(['1/4', '2/4', '3/4', '4/4']);
    expect(m.include.reduce((n, e) => n + e.files, 0)).toBe(60);
    expect(m.include.reduce((n, e) => n + e.deletes, 0)).toBe(2);
    const bytes = src.entries.reduce((n, e) => n + e.size, 0);
    expect(m.include.reduce((n, e) => n + e.bytes, 0)).toBe(bytes);
    const weights = m.include.map((e) => e.bytes + (e.files + e.deletes) * ENTRY_WEIGHT);
    expect(Math.max(...weights) - Math.min(...weights)).toBeLessThanOrEqual(2 * (5900 + ENTRY_WEIGHT));
    // Each range, given back as --shard K/N@RANGE, owns exactly the files the entry counts.
    for (const e of m.include) {
      const s = parseShard(`${e.shard}@${e.range}`);
      const own = src.entries.filter((x: Entry) => x.kind !== 'dir' && inShard(s, x.path));
      expect(own).toHaveLength(e.files);
    }
  });

  it('counts no deletes when none are planned', () => {
    expect(shardMatrix(src.entries, [], 2).include.every((e) => e.deletes === 0)).toBe(true);
  });
});
