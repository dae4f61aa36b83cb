// Issue 5: the object metadata that makes a restore faithful. What an upload stores, a download reads
// back as equal: no metadata update on the next run, in either direction. Pure: the rules one by one are
// in unit/metadata.test.ts; this is the round trip.
import { describe, expect, it } from 'vitest';
import { metadataDiff, metadataFor, parseMetadata } from '../src/core/metadata.js';
import type { Entry } from '../src/core/types.js';
import { localFile, localLink, md5 } from './helpers/entries.js';

const MD5 = md5('content');
const entries: [string, Entry][] = [
  [
    'a file with a sub-millisecond mtime',
    localFile('bin/run.sh', 'x', { mtimeMs: 1_577_934_245_123.457, mode: 0o104755 }),
  ],
  ['a file with a whole-second mtime', localFile('a', 'x', { mtimeMs: 1_577_934_245_000, mode: 0o100600 })],
  ['a file from the epoch', localFile('a', 'x', { mtimeMs: 0, mode: 0o100644, uid: 0, gid: 0 })],
  ['a file with an mtime far ahead', localFile('a', 'x', { mtimeMs: 4_102_444_800_999.999, mode: 0o100644 })],
  [
    'a file with the setgid and sticky bits',
    localFile('a', 'x', { mtimeMs: 1_000_000_000_500, mode: 0o103775 }),
  ],
  ['a symlink', localLink('l', '../target', { mtimeMs: 1_577_934_245_123.457 })],
];

describe('restore metadata, written then read', () => {
  it.each(entries)('%s reads back equal, upload and download alike', (_name, e) => {
    const stored = parseMetadata(metadataFor(e, MD5, { posix: true }));
    expect(stored.md5).toBe(MD5);
    expect(stored.symlink).toBe(e.kind === 'symlink');
    expect(stored.mode).toBe((e.mode as number) & 0o7777);
    expect(stored.uid).toBe(e.uid);
    expect(stored.gid).toBe(e.gid);
    expect(metadataDiff(e, stored, { direction: 'upload', owner: true })).toBeNull();
    expect(metadataDiff(e, stored, { direction: 'download', owner: true })).toBeNull();
  });

  it.each(entries.filter(([, e]) => e.kind === 'file'))(
    '%s, restored (utimes takes seconds as a double), is equal to what is stored',
    (_name, e) => {
      const stored = parseMetadata(metadataFor(e, undefined, { posix: true }));
      // What a download sets, read back as the file system keeps it: to the microsecond, or whole seconds.
      const fine = { ...e, mtimeMs: Math.round((stored.mtimeMs as number) * 1000) / 1000 };
      const coarse = { ...e, mtimeMs: Math.floor((stored.mtimeMs as number) / 1000) * 1000 };
      for (const restored of [fine, coarse]) {
        expect(metadataDiff(restored, stored, { direction: 'download', owner: true })).toBeNull();
      }
    },
  );

  it('without POSIX metadata keeps only what a restore cannot do without', () => {
    const link = localLink('l', 't', { mtimeMs: 5000, mode: 0o120777 });
    expect(parseMetadata(metadataFor(link, MD5, { posix: false }))).toEqual({
      mode: undefined,
      mtimeMs: undefined,
      uid: undefined,
      gid: undefined,
      symlink: true,
      md5: MD5,
    });
    // A download then writes nothing beyond the content: nothing to compare.
    const file = localFile('f', 'x');
    const stored = parseMetadata(metadataFor(file, undefined, { posix: false }));
    expect(metadataDiff(file, stored, { direction: 'download', owner: true })).toBeNull();
  });

  it('reads what other tools wrote: s3sync.rb (st_mode in decimal) and rclone (mtime with nanoseconds)', () => {
    expect(
      parseMetadata({
        permissions: String(0o100640),
        owner: '33',
        group: '33',
        mtime: '1577934245.123456789',
      }),
    ).toEqual({
      mode: 0o640,
      mtimeMs: 1_577_934_245_123.456_8,
      uid: 33,
      gid: 33,
      symlink: false,
      md5: undefined,
    });
  });
});
