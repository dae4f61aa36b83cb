// Splitting one sync over N jobs (a GitHub Actions matrix) so that together they do exactly what one run
// would, and no two touch the same key.
//
// The shard of a path is a fixed function of the path alone, documented so any tool can recompute it:
//   h = the first 4 bytes of SHA-256(UTF-8(NFC(path))), read as a big-endian unsigned 32-bit integer,
// where `path` is the entry's relative path ('/'-separated, no leading or trailing slash; a directory is
// its own path, '' the root). SHA-256 from node:crypto: no dependency, the same bytes on every OS, Node
// version and S3SYNC_NATIVE_CHARSET (names are compared as text, after decoding). 32 bits are plenty: the
// space only has to be cut into at most 256 ranges, and a dozen files with equal `h` cost nothing.
//
// Shard K of N owns a range [lo, hi] of h. Plain `K/N` is the K-th of N equal ranges, i.e. the paths
// with floor(h × N / 2^32) = K − 1. `K/N@lo-hi` (8 hex digits each, inclusive) is a range chosen by
// `paras3 plan`, which cuts the space where the bytes balance; the N ranges a plan prints cover the
// whole space without overlap, so every path has exactly one owner.
import * as crypto from 'node:crypto';
import { UsageError } from './errors.js';

/** 2^32: the hash space. */
export const HASH_SPACE = 0x1_0000_0000;
/** The most jobs one GitHub Actions matrix runs. */
export const MAX_SHARDS = 256;

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
  /** Inclusive bounds of the hash range this shard owns. */
  lo: number;
  hi: number;
}

// crypto.hash (Node 20.12+) skips the Hash object: a quarter faster over 100,000 short paths.
const oneShot = (crypto as { hash?: typeof crypto.hash }).hash;

/** The documented hash of a relative path: see the top of this file. */
export function shardHash(path: string): number {
  const text = path.normalize('NFC');
  const digest = oneShot
    ? oneShot('sha256', text, 'buffer')
    : crypto.createHash('sha256').update(text, 'utf8').digest();
  return digest.readUInt32BE(0);
}

/** The K-th of N equal ranges: exactly the h with floor(h × N / 2^32) = K − 1. */
export function equalRange(index: number, count: number): { lo: number; hi: number } {
  return {
    lo: Math.ceil(((index - 1) * HASH_SPACE) / count),
    hi: Math.ceil((index * HASH_SPACE) / count) - 1,
  };
}

/** The shard (1-based) that owns a path when the space is cut into N equal ranges. */
export function equalShardOf(path: string, count: number): number {
  return Math.floor((shardHash(path) * count) / HASH_SPACE) + 1;
}

export function inShard(shard: Shard, path: string): boolean {
  const h = shardHash(path);
  return h >= shard.lo && h <= shard.hi;
}

const hex = (n: number) => n.toString(16).padStart(8, '0');

export function formatRange(r: { lo: number; hi: number }): string {
  return `${hex(r.lo)}-${hex(r.hi)}`;
}

/** `K/N`, with `@lo-hi` when the range is not the equal one. */
export function formatShard(s: Shard): string {
  const eq = equalRange(s.index, s.count);
  const plain = `${s.index}/${s.count}`;
  return eq.lo === s.lo && eq.hi === s.hi ? plain : `${plain}@${formatRange(s)}`;
}

/** Parses `K/N` or `K/N@lo-hi`; `what` names the flag or input in the one-line error. */
export function parseShard(text: string, what = '--shard'): Shard {
  const bad = (why: string) => new UsageError(`${what} ${JSON.stringify(text)}: ${why}`);
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*(?:@\s*([0-9a-f]{1,8})\s*-\s*([0-9a-f]{1,8})\s*)?$/i.exec(text);
  if (!m) throw bad('use K/N (e.g. 2/4), or K/N@LO-HI with the hex range paras3 plan printed');
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) throw bad(`N must be from 1 to ${MAX_SHARDS}`);
  if (index < 1 || index > count) throw bad(`K must be from 1 to N (${count})`);
  if (m[3] === undefined || m[4] === undefined) return { index, count, ...equalRange(index, count) };
  const lo = Number.parseInt(m[3], 16);
  const hi = Number.parseInt(m[4], 16);
  if (lo > hi) throw bad('the range is empty (LO above HI)');
  return { index, count, lo, hi };
}

/** `--shards N` of `paras3 plan`. */
export function parseShardCount(text: string, what = '--shards'): number {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_SHARDS)
    throw new UsageError(`${what} ${JSON.stringify(text)} must be a whole number from 1 to ${MAX_SHARDS}`);
  return n;
}

/** Item indices in order of their hashes (a plain numeric sort of hash × 2^21 + index when that is exact). */
export function orderByHash(hashes: ArrayLike<number>): Uint32Array {
  const n = hashes.length;
  const order = new Uint32Array(n);
  if (n < 2 ** 21) {
    // hash < 2^32 and index < 2^21: the key stays below 2^53, so it is exact, and a Float64Array sorts
    // without a comparator call per step (100,000 items: a tenth of the time).
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = hashes[i]! * 2 ** 21 + i;
    keys.sort();
    for (let i = 0; i < n; i++) order[i] = keys[i]! % 2 ** 21;
    return order;
  }
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => hashes[a]! - hashes[b]! || a - b);
}

/**
 * N ranges that cover the hash space, cut so each holds about 1/N of the total weight (item i has hash
 * `hashes[i]` and weight `weights[i]`). Cuts fall halfway between neighbouring hashes, so a path added
 * later lands on either side with equal odds. Equal hashes are never split (one path's file and
 * directory, or a rare collision). Every range is non-empty, even with fewer items than shards; with no
 * weight at all the ranges are the equal ones.
 */
export function balancedRanges(
  hashes: ArrayLike<number>,
  weights: ArrayLike<number>,
  count: number,
): { lo: number; hi: number }[] {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i]!;
  if (total <= 0) return Array.from({ length: count }, (_, k) => equalRange(k + 1, count));
  const order = orderByHash(hashes);
  const n = order.length;
  const hash = (j: number) => hashes[order[j]!]!;
  const weight = (j: number) => weights[order[j]!]!;
  const starts = [0];
  let cum = 0;
  let j = 0;
  for (let k = 1; k < count; k++) {
    const target = (total * k) / count;
    // An item goes below the cut when most of it lies below the target.
    while (j < n && cum + weight(j) / 2 <= target) cum += weight(j++);
    while (j > 0 && j < n && hash(j) === hash(j - 1)) cum += weight(j++);
    const below = j > 0 ? hash(j - 1) : -1;
    const above = j < n ? hash(j) : HASH_SPACE;
    let cut = below + Math.ceil((above - below) / 2);
    // Room for the ranges on either side: each at least one value wide.
    cut = Math.max(cut, starts[k - 1]! + 1);
    cut = Math.min(cut, HASH_SPACE - (count - k));
    starts.push(cut);
  }
  starts.push(HASH_SPACE);
  return starts.slice(0, count).map((lo, k) => ({ lo, hi: starts[k + 1]! - 1 }));
}
