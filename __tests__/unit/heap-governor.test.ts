// run/heap-governor.ts: full collections only in runs with many transfers, one when they start and then
// only when the heap has grown past what the last one kept; and V8's own collector is reachable without
// the process having been started with --expose-gc, and without leaving `gc` in the global scope.
import { describe, expect, it } from 'vitest';
import { GOVERNED_FROM, heapGovernor } from '../../src/run/heap-governor.js';

describe('heapGovernor', () => {
  it('leaves a run with fewer transfers alone', () => {
    let calls = 0;
    const g = heapGovernor(() => calls++);
    g.transfersStart(GOVERNED_FROM - 1);
    for (let i = 0; i < 10_000; i++) g.actionDone();
    expect(calls).toBe(0);
    expect(g.collections).toBe(0);
  });

  it('collects once when many transfers start, and again only once the heap has grown', () => {
    let calls = 0;
    const g = heapGovernor(() => calls++);
    g.transfersStart(GOVERNED_FROM);
    g.transfersStart(GOVERNED_FROM); // a second phase does not collect again
    expect(calls).toBe(1);
    // The heap does not grow here: looks every 256 actions find it within its limit.
    for (let i = 0; i < 2048; i++) g.actionDone();
    expect(calls).toBe(1);
    // 128 MiB more alive than when the limit was set (a quarter of the heap then, plus 16 MiB, is less
    // while that heap was under 448 MiB): the next look collects.
    const hold = Array.from({ length: 128 }, () => new Array(128 * 1024).fill(1.5));
    for (let i = 0; i < 256; i++) g.actionDone();
    expect(calls).toBe(2);
    expect(g.collections).toBe(2);
    expect(hold.length).toBe(128);
  });

  it('lets a large heap grow by at most 64 MiB (plus 16) before it collects again', () => {
    // 384 MiB alive: a quarter would be 96 MiB and more; the cap makes 80 MiB the most.
    const base = Array.from({ length: 384 }, () => new Array(128 * 1024).fill(1.5));
    let calls = 0;
    const g = heapGovernor(() => calls++);
    g.transfersStart(GOVERNED_FROM);
    const more = Array.from({ length: 88 }, () => new Array(128 * 1024).fill(1.5));
    for (let i = 0; i < 256; i++) g.actionDone();
    expect(calls).toBe(2);
    expect(base.length + more.length).toBe(472);
  });

  it("reaches V8's collector in a process started without --expose-gc, and defines no global gc", () => {
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    const g = heapGovernor();
    g.transfersStart(GOVERNED_FROM);
    expect(g.collections).toBe(1);
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
