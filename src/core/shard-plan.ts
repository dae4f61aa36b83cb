// `paras3 plan --shards N`: list once and cut the hash space into N ranges of about equal
// work, printed as a GitHub Actions matrix. Pure except for planShards, which lists.

import { assertSourceExists, listSide, listSides } from './listing.js';
import { planSync } from './plan.js';
import { balancedRanges, formatRange, shardHash } from './shard.js';
import type { ObjectStore } from './store/types.js';
import { directionOf, pairSides, planOptionsFor } from './sync.js';
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
  /** Destination entries the shard would delete (only with --delete, and none when a guard refuses them). */
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
}

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
 * listing can be dropped afterwards: only numbers are kept.
 */
export function weighSource(src: readonly Entry[]): Weights {
  const w = allocate(src.length);
  for (const e of src) {
    const file = e.kind !== 'dir';
    w.hashes[w.n] = shardHash(e.path);
    w.sizes[w.n] = file ? e.size : 0;
    w.weights[w.n] = w.sizes[w.n]! + ENTRY_WEIGHT;
    w.kinds[w.n++] = file ? 1 : 0;
  }
  return w;
}

/** Each path the sync would delete (planned as the sync plans it, see planShards) weighs ENTRY_WEIGHT. */
export function weighDeletes(w: Weights, deletes: readonly string[]): Weights {
  if (deletes.length === 0) return w;
  const out = allocate(w.n + deletes.length);
  out.hashes.set(w.hashes.subarray(0, w.n));
  out.weights.set(w.weights.subarray(0, w.n));
  out.sizes.set(w.sizes.subarray(0, w.n));
  out.kinds.set(w.kinds.subarray(0, w.n));
  out.n = w.n;
  for (const path of deletes) {
    out.hashes[out.n] = shardHash(path);
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

/** The matrix of a source listing and the paths the sync would delete. */
export function shardMatrix(src: readonly Entry[], deletes: readonly string[], count: number): Matrix {
  return cutMatrix(weighDeletes(weighSource(src), deletes), count);
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
 * Lists as the sync would (same filters) and plans the matrix. Without --delete only the source is
 * listed: its entries are all the matrix weighs. With --delete the deletes are the ones a run would make:
 * both sides are listed, paired and planned as the sync does (without comparing, which deletes do not
 * depend on), so the delete guards (an incomplete listing, skipped source entries, --max-delete, an
 * empty source) refuse here as they would there; a refusal is a warning and no shard counts a delete.
 * That holds both listings and the pairs at once, as a run does.
 */
export async function planShards(
  options: SyncOptions,
  deps: { store: ObjectStore; signal?: AbortSignal },
  count: number,
  events: SyncEvents = {},
): Promise<Matrix> {
  const direction = directionOf(options.source, options.destination); // both local: the one usage error
  const signal = deps.signal ?? new AbortController().signal;
  if (!options.delete) {
    events.onPhase?.('listing');
    const src = await listSide(options, 'source', deps.store, signal, events);
    assertSourceExists(options, src);
    return cutMatrix(weighSource(src.entries), count);
  }
  const { src, dst } = await listSides(options, deps.store, signal, events);
  const pairing = pairSides(options, direction, src, dst);
  // By size: a comparison by MD5 needs the hashes a shard computes, and no delete depends on it.
  const plan = planSync(pairing, { ...planOptionsFor(options, direction, pairing, src, dst), by: 'size' });
  if (plan.deleteRefused) events.onWarning?.(`deletes refused: ${plan.deleteRefused}`);
  const deletes = plan.actions.flatMap((a) => (a.op === 'delete' ? [a.path] : []));
  return shardMatrix(src.entries, deletes, count);
}
