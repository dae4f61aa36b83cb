// compare.ts: the decision table, one row per rule, in both directions.
import { describe, expect, it } from 'vitest';
import { type CompareOptions, needsHash, needsTransfer } from '../../src/core/compare.js';
import type { Entry } from '../../src/core/types.js';

const MD5_A = '0cc175b9c0f1b6a831c399e269772661';
const MD5_B = '92eb5ffee6ae2fec3ad71c777531578f';

const local = (e: Partial<Entry> = {}): Entry => ({ path: 'f', kind: 'file', size: 1, mtime: 1000, ...e });
const remote = (e: Partial<Entry> = {}): Entry => ({
  path: 'f',
  kind: 'file',
  size: 1,
  mtime: 1000,
  key: 'pre/f',
  ...e,
});

const up: CompareOptions = { md5: true, direction: 'upload' };
const down: CompareOptions = { md5: true, direction: 'download' };
const upTime: CompareOptions = { md5: false, direction: 'upload' };
const downTime: CompareOptions = { md5: false, direction: 'download' };

describe('needsTransfer', () => {
  it.each<[string, Entry, Entry | undefined, CompareOptions, ReturnType<typeof needsTransfer>]>([
    // Missing and size come first in every mode.
    ['no destination entry', local(), undefined, up, 'missing'],
    ['no destination entry (time mode)', local(), undefined, upTime, 'missing'],
    [
      'sizes differ, even with equal MD5s',
      local({ md5: MD5_A }),
      remote({ size: 2, md5: MD5_A }),
      up,
      'size',
    ],
    ['sizes differ in time mode, even when older', local({ mtime: 1 }), remote({ size: 2 }), upTime, 'size'],
    ['sizes differ on download', remote({ size: 5 }), local({ size: 4, md5: MD5_A }), down, 'size'],
    // MD5 mode.
    ['upload: same size, same MD5', local({ md5: MD5_A }), remote({ md5: MD5_A }), up, null],
    ['upload: same size, other MD5', local({ md5: MD5_A }), remote({ md5: MD5_B }), up, 'md5'],
    [
      'upload: MD5 decides, not time',
      local({ md5: MD5_A, mtime: 9999 }),
      remote({ md5: MD5_A, mtime: 1 }),
      up,
      null,
    ],
    [
      'upload: multipart ETag with no proven MD5',
      local({ md5: MD5_A }),
      remote({ etag: 'abc-3', md5: undefined }),
      up,
      'etag-unknown',
    ],
    ['download: same size, same MD5', remote({ md5: MD5_A }), local({ md5: MD5_A }), down, null],
    ['download: same size, other MD5', remote({ md5: MD5_B }), local({ md5: MD5_A }), down, 'md5'],
    [
      'download: multipart ETag with no proven MD5',
      remote({ etag: 'abc-3' }),
      local({ md5: MD5_A }),
      down,
      'etag-unknown',
    ],
    // Time mode (--no-md5), whole seconds.
    [
      'upload: local newer than LastModified',
      local({ mtime: 1001 }),
      remote({ mtime: 1000 }),
      upTime,
      'time',
    ],
    ['upload: same second', local({ mtime: 1000 }), remote({ mtime: 1000 }), upTime, null],
    ['upload: local older', local({ mtime: 999 }), remote({ mtime: 1000 }), upTime, null],
    ['upload: time mode ignores differing MD5s', local({ md5: MD5_A }), remote({ md5: MD5_B }), upTime, null],
    [
      'download: object newer than the local mtime and ctime',
      remote({ mtime: 2000 }),
      local({ mtime: 1000, ctime: 1999 }),
      downTime,
      'time',
    ],
    [
      'download: restored mtime is old, but the restore (ctime) is after the upload',
      remote({ mtime: 2000 }),
      local({ mtime: 1000, ctime: 2000 }),
      downTime,
      null,
    ],
    [
      'download: without a ctime, mtime alone decides (newer object)',
      remote({ mtime: 2000 }),
      local({ mtime: 1999 }),
      downTime,
      'time',
    ],
    [
      'download: without a ctime, mtime alone decides (older object)',
      remote({ mtime: 2000 }),
      local({ mtime: 2000 }),
      downTime,
      null,
    ],
    ['download: local newer', remote({ mtime: 1000 }), local({ mtime: 2000, ctime: 2000 }), downTime, null],
  ])('%s', (_name, src, dst, opts, expected) => {
    expect(needsTransfer(src, dst, opts)).toBe(expected);
  });

  it('asserts that the local MD5 was computed when sizes are equal in MD5 mode', () => {
    expect(() => needsTransfer(local(), remote({ md5: MD5_A }), up)).toThrow(
      /local MD5 of f was not computed/,
    );
    expect(() => needsTransfer(remote({ md5: MD5_A }), local(), down)).toThrow(/not computed/);
  });
});

describe('needsHash', () => {
  it.each<[string, Entry, Entry | undefined, CompareOptions, boolean]>([
    ['equal sizes in MD5 mode', local(), remote(), up, true],
    ['equal sizes on download', remote(), local(), down, true],
    ['no destination: nothing to compare', local(), undefined, up, false],
    ['sizes differ: size settles it, no hashing', local({ size: 2 }), remote(), up, false],
    ['time mode never hashes', local(), remote(), upTime, false],
    ['time mode never hashes (download)', remote(), local(), downTime, false],
    ['directories are never hashed', local({ kind: 'dir', size: 0 }), remote({ size: 0 }), up, false],
    ['nor is a file over a directory', local({ size: 0 }), remote({ kind: 'dir', size: 0 }), up, false],
    ['symlinks are hashed (their content is the target)', local({ kind: 'symlink' }), remote(), up, true],
  ])('%s', (_name, src, dst, opts, expected) => {
    expect(needsHash(src, dst, opts)).toBe(expected);
  });
});
