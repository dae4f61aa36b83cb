// transport.ts deleteKeys: DeleteObjects in batches, one outcome per key, whichever request failed.
import { describe, expect, it } from 'vitest';
import { DELETE_BATCH } from '../../src/core/limits.js';
import type { DeleteOutcome, ObjectStore } from '../../src/core/store/types.js';
import { deleteKeys } from '../../src/core/transfer/transport.js';

/** A store whose deleteMany answers batch n (1-based) with `answer(n, keys)`; nothing else is called. */
function storeAnswering(answer: (n: number, keys: string[]) => DeleteOutcome[]): ObjectStore {
  let n = 0;
  return {
    async deleteMany(_bucket: string, keys: string[]) {
      return answer(++n, keys);
    },
  } as unknown as ObjectStore;
}

const keys = Array.from({ length: DELETE_BATCH + 2 }, (_, i) => `k${i}`);

describe('deleteKeys', () => {
  it('a batch whose request fails fails each of its keys with that error; the next batch still goes', async () => {
    const refused = new Error('InternalError: We broke');
    const store = storeAnswering((n, batch) => {
      if (n === 1) throw refused;
      return batch.map(() => ({ ok: true }));
    });
    const out = await deleteKeys(store, 'b', keys);
    expect(out).toHaveLength(keys.length);
    expect(out[0]).toEqual({ ok: false, error: 'InternalError: We broke', cause: refused });
    expect(out.slice(0, DELETE_BATCH).every((o) => !o.ok)).toBe(true);
    expect(out.slice(DELETE_BATCH)).toEqual([{ ok: true }, { ok: true }]);
  });

  it("a key's own error in an answer stays that key's outcome", async () => {
    const store = storeAnswering((_n, batch) =>
      batch.map((k) => (k === 'k1' ? { ok: false, error: 'AccessDenied: no' } : { ok: true })),
    );
    const out = await deleteKeys(store, 'b', ['k0', 'k1', 'k2']);
    expect(out).toEqual([{ ok: true }, { ok: false, error: 'AccessDenied: no' }, { ok: true }]);
  });

  it('an interrupt rejects: the keys after it were never tried', async () => {
    const stop = new AbortController();
    const store = storeAnswering(() => {
      stop.abort();
      throw new Error('aborted');
    });
    await expect(deleteKeys(store, 'b', keys, stop.signal)).rejects.toThrow('aborted');
  });
});
