// Keeps a large run's heap near what it holds alive. V8 sizes the old generation by how cheap a
// collection looks, not by memory: with a sync's mutator utilisation (0.99 and more) it lets the heap
// grow to four times what the last full collection left before it collects again. Measured on a
// 100,000-file download: after the listing, 85 MB were alive, and the old generation grew to 210 MB of
// mostly garbage with no full collection at all (peak RSS 345 MB). A sync knows better when garbage
// has piled up: once the plan is made, what listing and planning allocated is dead, and every finished
// transfer leaves its requests behind. So, in a run with many transfers, one full collection when they
// start, and another whenever the heap has grown by a quarter (at most 64 MiB, plus 16 MiB) of what the
// last one kept.
// A forced collection is atomic (about 1 ms per MB alive, measured: 80 ms at 100,000 files), which is why
// small runs never pay for one. Not in src/core: the engine knows nothing of the process it runs in.
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Transfers from which a run is governed: below this the heap is mostly Node's and the code's own. */
export const GOVERNED_FROM = 10_000;
/** Finished actions between two looks at the heap (a look costs about a microsecond). */
const LOOK_EVERY = 256;
const SLACK_BYTES = 16 * 1024 * 1024;
const GROWTH = 1.25;
/**
 * The most a quarter may be: in a million-file run, whose heap keeps 600 MB alive, a quarter let the
 * peak pass 960 MiB. A collection there costs about 0.6 s, a few more of them about 1 % of the run.
 */
const MAX_GROWTH_BYTES = 64 * 1024 * 1024;

export interface HeapGovernor {
  /** Transfers are about to start: governs the run from here if there are enough of them. */
  transfersStart(files: number): void;
  /** One action finished. */
  actionDone(): void;
  /** Full collections this governor asked for (tests and --debug read it). */
  readonly collections: number;
}

/** `collect` for tests; by default V8's own, made only when a run turns out to need it. */
export function heapGovernor(collector?: () => void): HeapGovernor {
  let collect: (() => void) | undefined;
  let governed = false;
  let done = 0;
  let limit = 0;
  let collections = 0;
  const collectNow = () => {
    if (!collect) return;
    collect();
    collections++;
    const kept = v8.getHeapStatistics().used_heap_size;
    limit = kept + Math.min(kept * (GROWTH - 1), MAX_GROWTH_BYTES) + SLACK_BYTES;
  };
  return {
    transfersStart(files) {
      if (governed || files < GOVERNED_FROM) return;
      governed = true;
      collect = collector ?? fullCollector();
      collectNow();
    },
    actionDone() {
      if (!governed || ++done % LOOK_EVERY !== 0) return;
      if (v8.getHeapStatistics().used_heap_size > limit) collectNow();
    },
    get collections() {
      return collections;
    },
  };
}

/**
 * V8's full collection as a function, or undefined where it cannot be had. `--expose-gc` set at run
 * time installs `gc` in contexts made afterwards (not in this one, so no global changes), and is
 * switched off again at once unless the process was started with it.
 */
function fullCollector(): (() => void) | undefined {
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return own as () => void;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}
