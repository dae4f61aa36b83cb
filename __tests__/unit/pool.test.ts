import { describe, expect, it } from 'vitest';
import { forEachLimited } from '../../src/core/pool.js';

/** A promise settled from outside, so each test decides the order in which calls finish. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((r) => {
    open = r;
  });
  return { done, open };
}

describe('forEachLimited', () => {
  it('starts items in order, never more than n at once, and calls each once', async () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const started: number[] = [];
    let running = 0;
    let most = 0;
    await forEachLimited(items, 4, async (item, index) => {
      expect(index).toBe(item);
      started.push(item);
      running++;
      most = Math.max(most, running);
      // Finish in an order other than the start order.
      await new Promise<void>((r) => setImmediate(r));
      if (item % 3 === 0) await new Promise<void>((r) => setImmediate(r));
      running--;
    });
    expect(started).toEqual(items);
    expect(most).toBe(4);
  });

  it('holds no more pending calls than n, however many items there are', async () => {
    const gates = Array.from({ length: 1000 }, gate);
    let started = 0;
    const run = forEachLimited(gates, 3, async (g) => {
      started++;
      await g.done;
    });
    await new Promise<void>((r) => setImmediate(r));
    expect(started).toBe(3);
    for (const g of gates) g.open();
    await run;
    expect(started).toBe(1000);
  });

  it('after an error starts nothing more, and throws it only once the calls in flight have ended', async () => {
    const slow = gate();
    const events: string[] = [];
    const run = forEachLimited([0, 1, 2, 3, 4, 5], 2, async (item) => {
      events.push(`start ${item}`);
      if (item === 0) {
        await slow.done;
        events.push('end 0');
      } else throw new Error(`item ${item} failed`);
    });
    let thrown: unknown;
    const settled = run.catch((e) => {
      thrown = e;
      events.push('thrown');
    });
    await new Promise<void>((r) => setImmediate(r));
    expect(events).toEqual(['start 0', 'start 1']);
    slow.open();
    await settled;
    expect(events).toEqual(['start 0', 'start 1', 'end 0', 'thrown']);
    expect((thrown as Error).message).toBe('item 1 failed');
  });

  it('does nothing for no items, and runs with n below 1 as with 1', async () => {
    await forEachLimited([], 8, async () => {
      throw new Error('not called');
    });
    const seen: number[] = [];
    await forEachLimited([1, 2, 3], 0, async (i) => {
      seen.push(i);
    });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('takes items from a generator as runners free up, never ahead of them', async () => {
    const gates = Array.from({ length: 10 }, gate);
    let pulled = 0;
    function* items() {
      for (const g of gates) {
        pulled++;
        yield g;
      }
    }
    const seen: number[] = [];
    const run = forEachLimited(items(), 2, async (g, index) => {
      seen.push(index);
      await g.done;
    });
    await new Promise<void>((r) => setImmediate(r));
    expect(pulled).toBe(2);
    for (const g of gates) g.open();
    await run;
    expect(pulled).toBe(10);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
