// The restore record (src/cache/restored.ts): what a restore wrote, trusted by a save only while a
// file's stamp is exactly as recorded and older than the record by more than a clock tick.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRestored, type RestoredFile, recordRestored, sameStamp } from '../../src/cache/restored.js';

const SHA = 'a'.repeat(64);
const file = (ctimeMs: number, over: Partial<RestoredFile> = {}): RestoredFile => ({
  size: 5,
  mtimeMs: 499162000000,
  ctimeMs,
  ino: 42,
  dev: 7,
  sha256: SHA,
  ...over,
});

describe('cache restore record', () => {
  it('round-trips, for the same roots only, and is replaced whole by the next restore', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'paras3-restored-'));
    const old = Date.now() - 60_000 + 0.123456;
    await recordRestored(dir, ['/w/nm'], { key: 'k', saveId: 's' }, new Map([['/w/nm/a', file(old)]]));
    expect(await loadRestored(dir, ['/w/nm'])).toEqual(new Map([['/w/nm/a', file(old)]]));
    expect((await loadRestored(dir, ['/w/other'])).size).toBe(0);
    expect((await loadRestored(dir, ['/w/nm', '/w/x'])).size).toBe(0);
    await recordRestored(dir, ['/w/nm'], { key: 'k2', saveId: 's2' }, new Map([['/w/nm/b', file(old)]]));
    expect([...(await loadRestored(dir, ['/w/nm'])).keys()]).toEqual(['/w/nm/b']);
    expect((await readdir(dir)).length).toBe(1);
    expect((await loadRestored(undefined, ['/w/nm'])).size).toBe(0);
  });

  it('drops racy stamps: ctime within a tick of the record, or whole seconds within two', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'paras3-restored-'));
    const now = Date.now();
    const files = new Map([
      ['/r/old', file(now - 5000 + 0.5)],
      ['/r/coarse-old', file(Math.floor(now / 1000) * 1000 - 3000)],
      ['/r/coarse-new', file(Math.floor(now / 1000) * 1000)],
      ['/r/future', file(now + 60_000 + 0.5)],
    ]);
    await recordRestored(dir, ['/r'], { key: 'k', saveId: 's' }, files);
    expect([...(await loadRestored(dir, ['/r'])).keys()].sort()).toEqual(['/r/coarse-old', '/r/old']);
  });

  it('is no record when damaged, and skips damaged lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'paras3-restored-'));
    const old = Date.now() - 60_000 + 0.5;
    await recordRestored(dir, ['/r'], { key: 'k', saveId: 's' }, new Map([['/r/a', file(old)]]));
    const [name] = await readdir(dir);
    const path = join(dir, name as string);
    const rec = JSON.parse(await readFile(path, 'utf8'));
    rec.files.push(['/r/b', 1, 2, 'x', 4, 5, SHA], ['/r/c', 1, 2, 3, 4, 5, 'not-a-hash'], 'junk');
    await writeFile(path, JSON.stringify(rec));
    expect([...(await loadRestored(dir, ['/r'])).keys()]).toEqual(['/r/a']);
    await writeFile(path, '{"format":');
    expect((await loadRestored(dir, ['/r'])).size).toBe(0);
    await writeFile(path, 'null');
    expect((await loadRestored(dir, ['/r'])).size).toBe(0);
  });

  it('compares every field of a stamp', () => {
    const a = file(1.5);
    expect(sameStamp(a, { ...a })).toBe(true);
    for (const k of ['size', 'mtimeMs', 'ctimeMs', 'ino', 'dev'] as const)
      expect(sameStamp(a, { ...a, [k]: a[k] + 1 }), k).toBe(false);
  });
});
