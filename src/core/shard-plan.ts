// `paras3 plan --shards N`: list once and cut the hash space into N ranges of about equal
// work, printed as a GitHub Actions matrix. Pure except for planShards, which lists.

import { assertSourceExists, listSide } from './listing.js';
import { balancedRanges, formatRange, shardHash } from './shard.js';
import type { ObjectStore } from './store/types.js';
import { directionOf } from './sync.js';
import type { Entry, SyncEvents, SyncOptions } from './types.js';

/**
 * What one entry costs beside its bytes: a request, a listing line, a file opened. 64 KiB is about what
 * one request's round trip would move at the rates we measure, so a million empty files and a few large
 * ones both spread evenly.
 */
export const ENTRY_WEIGHT = 64 * 1024;

export interface MatrixEntry {
  /** `K/N`, as the job's name. */
  shard: string;
  /** The hash range, inclusive, 8 hex digits each: pass `--shard K/N@RANGE`. */
  range: string;
  /** Source files (and symlinks) in the shard, and their bytes. */
  files: number;
  bytes: number;
  /** Destination entries the shard would delete (only with --delete). */
  deletes: number;
}

export interface Matrix {
  include: MatrixEntry[];
}

/** Per path the plan weighs: its hash, weight, bytes and kind (0 a directory, 1 a file, 2 a delete). */
export interface Weights {
  hashes: Uint32Array;
  weights: Float64Array;
  sizes: Float64Array;
  kinds: Uint8Array;
  n: number;
  /** With --delete: the source's paths (kind-tagged), to tell which destination entries go. */
  present?: Set<string>;
}

const tagged = (e: Entry) => `${e.kind === 'dir' ? 'd' : 'f'}${e.path}`;

function allocate(size: number): Weights {
  return {
    hashes: new Uint32Array(size),
    weights: new Float64Array(size),
    sizes: new Float64Array(size),
    kinds: new Uint8Array(size),
    n: 0,
  };
}

/**
 * Every source entry the sync could act on weighs its bytes plus ENTRY_WEIGHT. What actually needs a
 * transfer is not known without hashing, which is the shards' work, so a source file counts whole. The
 * listing can be dropped afterwards: only numbers (and, with --delete, the paths) are kept.
 */
export function weighSource(src: readonly Entry[], withDeletes: boolean): Weights {
  const w = allocate(src.length);
  for (const e of src) {
    const file = e.kind !== 'dir';
    w.hashes[w.n] = shardHash(e.path);
    w.sizes[w.n] = file ? e.size : 0;
    w.weights[w.n] = w.sizes[w.n]! + ENTRY_WEIGHT;
    w.kinds[w.n++] = file ? 1 : 0;
  }
  if (withDeletes) w.present = new Set(src.map(tagged));
  return w;
}

/** With --delete, each destination entry the source lacks weighs ENTRY_WEIGHT. */
export function weighDeletes(w: Weights, dst: readonly Entry[]): Weights {
  const present = w.present;
  if (!present) return w;
  const out = allocate(w.n + dst.length);
  out.hashes.set(w.hashes.subarray(0, w.n));
  out.weights.set(w.weights.subarray(0, w.n));
  out.sizes.set(w.sizes.subarray(0, w.n));
  out.kinds.set(w.kinds.subarray(0, w.n));
  out.n = w.n;
  for (const e of dst) {
    if (present.has(tagged(e))) continue;
    out.hashes[out.n] = shardHash(e.path);
    out.weights[out.n] = ENTRY_WEIGHT;
    out.kinds[out.n++] = 2;
  }
  return out;
}

/** Cuts the hash space where the weight balances, and counts what each shard holds. */
export function cutMatrix(w: Weights, count: number): Matrix {
  const ranges = balancedRanges(w.hashes.subarray(0, w.n), w.weights.subarray(0, w.n), count);
  const include: MatrixEntry[] = ranges.map((r, k) => ({
    shard: `${k + 1}/${count}`,
    range: formatRange(r),
    files: 0,
    bytes: 0,
    deletes: 0,
  }));
  for (let i = 0; i < w.n; i++) {
    const e = include[rangeOf(ranges, w.hashes[i]!)]!;
    if (w.kinds[i] === 1) {
      e.files++;
      e.bytes += w.sizes[i]!;
    } else if (w.kinds[i] === 2) e.deletes++;
  }
  return { include };
}

/**
 * The matrix of two listings. Reads them directly, without pairing them: a plan needs no more than which
 * paths exist where, and 100,000 pairs would cost memory and time for nothing.
 */
export function shardMatrix(
  src: readonly Entry[],
  dst: readonly Entry[],
  opts: { count: number; delete: boolean },
): Matrix {
  return cutMatrix(weighDeletes(weighSource(src, opts.delete), dst), opts.count);
}

/** The index of the range holding h (ranges are sorted and cover the space). */
function rangeOf(ranges: readonly { lo: number; hi: number }[], h: number): number {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (h > ranges[mid]!.hi) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Lists as the sync would (same filters) and plans the matrix. The sides are listed one after the other,
 * so the source's entries are gone before the destination's arrive (100,000 files: ~50 MB less at the
 * peak); without --delete the destination is not listed at all, since only its deletes would weigh.
 */
export async function planShards(
  options: SyncOptions,
  deps: { store: ObjectStore; signal?: AbortSignal },
  count: number,
  events: SyncEvents = {},
): Promise<Matrix> {
  directionOf(options.source, options.destination); // both local: the one usage error, before listing
  const signal = deps.signal ?? new AbortController().signal;
  events.onPhase?.('listing');
  let weights: Weights;
  {
    const src = await listSide(options, 'source', deps.store, signal, events);
    assertSourceExists(options, src);
    weights = weighSource(src.entries, options.delete);
  }
  if (options.delete) {
    const dst = await listSide(options, 'destination', deps.store, signal, events);
    weights = weighDeletes(weights, dst.entries);
  }
  return cutMatrix(weights, count);
}
