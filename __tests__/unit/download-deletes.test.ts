// The local delete phase of a download (download.ts deleteBatch): what it reports must be what it did.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../src/core/store/types.js';
import { downloadTransport } from '../../src/core/transfer/download.js';
import { DeletesStopped } from '../../src/core/transfer/transport.js';
import type { DeleteAction, Entry } from '../../src/core/types.js';
import { makeTree, tempDir } from '../helpers/tree.js';

/** A delete of `path` under `root` (a local target is the full path). */
const file = (root: string, path: string): DeleteAction => ({
  op: 'delete',
  path,
  target: join(root, path),
  size: 1,
  dest: { path, kind: 'file', size: 1, mtime: 0 } as Entry,
});

function transport(root: string, signal?: AbortSignal, onWarning?: (m: string) => void) {
  return downloadTransport({
    store: {} as ObjectStore,
    source: { kind: 's3', bucket: 'b', prefix: '' },
    destination: { kind: 'local', root },
    partSize: 8 * 1024 * 1024,
    restoreOwner: false,
    verifyRetries: 3,
    signal,
    onWarning,
  });
}

describe('local deletes of a download', () => {
  it('an interrupted run starts no further local delete, and says which ones it did', async () => {
    const root = await tempDir();
    await makeTree(root, { 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c' });
    const stop = new AbortController();
    const t = transport(root, stop.signal);
    // Interrupted while the phase runs: after the first delete.
    const first = file(root, 'a.txt');
    const outcome = t.deleteBatch([
      {
        ...first,
        get target() {
          queueMicrotask(() => stop.abort());
          return first.target;
        },
      },
      file(root, 'b.txt'),
      file(root, 'c.txt'),
    ]);
    const err = await outcome.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DeletesStopped);
    expect((err as DeletesStopped).outcomes).toEqual([{ ok: true }]);
    expect(existsSync(join(root, 'a.txt'))).toBe(false);
    expect(existsSync(join(root, 'b.txt'))).toBe(true);
    expect(existsSync(join(root, 'c.txt'))).toBe(true);
  });

  it('a directory that is not empty because a delete inside it failed is reported failed, not kept as excluded', async () => {
    const root = await tempDir();
    // `d/x` was listed as a file but is a directory now: its unlink fails (EISDIR), even as root.
    await makeTree(root, { 'd/x/y': 'y' });
    const warnings: string[] = [];
    const t = transport(root, undefined, (m) => warnings.push(m));
    const dir: DeleteAction = {
      op: 'delete',
      path: 'd',
      target: join(root, 'd'),
      size: 0,
      dest: { path: 'd', kind: 'dir', size: 0, mtime: 0 } as Entry,
    };
    const outcomes = await t.deleteBatch([file(root, 'd/x'), dir]);
    expect(outcomes[0]).toMatchObject({ ok: false });
    expect(outcomes[1]).toEqual({ ok: false, error: 'not empty: d/x could not be deleted' });
    expect(warnings).toEqual([]);
    expect(existsSync(join(root, 'd/x/y'))).toBe(true);
  });
});
