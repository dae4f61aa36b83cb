// compare.ts: the decision table of needsTransfer's doc comment, row by row, in each direction; then
// linkness, needsLocalHash, remoteMd5Unknown and metadataChange.
import { describe, expect, it } from 'vitest';
import {
  type CompareOptions,
  linkness,
  metadataChange,
  needsLocalHash,
  needsTransfer,
  remoteMd5Unknown,
} from '../../src/core/compare.js';
import type { RestoreInfo } from '../../src/core/metadata.js';
import type { Direction, Entry, TransferReason } from '../../src/core/types.js';
import { at, localDir, localFile, localLink, md5, object, T } from '../helpers/entries.js';

const MULTIPART = `${md5('parts')}-3`;
const meta = (m: Partial<RestoreInfo> = {}): RestoreInfo => ({ symlink: false, ...m });

const by = (b: CompareOptions['by'], direction: Direction): CompareOptions => ({ by: b, direction });

describe('needsTransfer: upload (source local, destination S3)', () => {
  it.each<[string, CompareOptions['by'], Entry, Entry | undefined, TransferReason | null]>([
    // No destination entry.
    ['no object', 'md5', localFile('f'), undefined, 'missing'],
    ['no object (time)', 'time', localFile('f'), undefined, 'missing'],
    ['no object (size)', 'size', localFile('f'), undefined, 'missing'],
    // Symlink-ness, once the object's metadata was read; before size, which may differ.
    ['a symlink over a file', 'md5', localLink('f', 'abc'), object('f', 'abc', { meta: meta() }), 'kind'],
    [
      'a file over a symlink',
      'md5',
      localFile('f', 'abc'),
      object('f', 'abc', { meta: meta({ symlink: true }) }),
      'kind',
    ],
    ['kind before size', 'md5', localLink('f', 'abcd'), object('f', 'abc', { meta: meta() }), 'kind'],
    ['kind in size mode too', 'size', localLink('f', 'abc'), object('f', 'abc', { meta: meta() }), 'kind'],
    [
      'symlink over an object whose metadata was not read: no kind',
      'md5',
      localLink('f', 'abc'),
      object('f', 'abc'),
      null,
    ],
    [
      'symlink over a symlink object',
      'md5',
      localLink('f', 'abc'),
      object('f', 'abc', { meta: meta({ symlink: true }) }),
      null,
    ],
    // Size first, in every mode.
    ['sizes differ, same MD5', 'md5', localFile('f', 'ab'), object('f', 'ab', { size: 3 }), 'size'],
    ['sizes differ, source older', 'time', localFile('f', 'ab', at(T - 100)), object('f', 'abc'), 'size'],
    ['sizes differ (size mode)', 'size', localFile('f', 'ab'), object('f', 'abc'), 'size'],
    // Size mode: equal sizes are the same.
    [
      'size mode: other bytes, other time',
      'size',
      localFile('f', 'ab', at(T + 100)),
      object('f', 'cd'),
      null,
    ],
    // MD5 mode.
    ['same MD5', 'md5', localFile('f', 'ab'), object('f', 'ab'), null],
    ['other MD5', 'md5', localFile('f', 'ab'), object('f', 'cd'), 'md5'],
    ['MD5 decides, not time', 'md5', localFile('f', 'ab', at(T + 100)), object('f', 'ab'), null],
    [
      'multipart ETag, MD5 not proven',
      'md5',
      localFile('f', 'ab'),
      object('f', 'ab', { etag: MULTIPART }),
      'etag-unknown',
    ],
    [
      'multipart ETag, MD5 proven by the hash stage',
      'md5',
      localFile('f', 'ab'),
      { ...object('f', 'ab', { etag: MULTIPART }), md5: md5('ab') },
      null,
    ],
    // Time mode: the source newer than LastModified.
    ['time: source newer', 'time', localFile('f', 'ab', at(T + 1)), object('f', 'cd'), 'time'],
    ['time: same second', 'time', localFile('f', 'ab', at(T + 0.9)), object('f', 'cd'), null],
    ['time: source older', 'time', localFile('f', 'ab', at(T - 1)), object('f', 'cd'), null],
  ])('%s', (_name, b, src, dst, expected) => {
    expect(needsTransfer(src, dst, by(b, 'upload'))).toBe(expected);
  });

  it('asserts that the local MD5 was computed whenever MD5 mode needs it', () => {
    const unhashed = localFile('f', 'ab', { md5: undefined });
    expect(() => needsTransfer(unhashed, object('f', 'ab'), by('md5', 'upload'))).toThrow(
      'compare: local MD5 of f was not computed',
    );
    // Sizes that differ settle it without a hash.
    expect(needsTransfer(unhashed, object('f', 'abc'), by('md5', 'upload'))).toBe('size');
  });
});

describe('needsTransfer: download (source S3, destination local)', () => {
  it.each<[string, CompareOptions['by'], Entry, Entry | undefined, TransferReason | null]>([
    ['no local file', 'md5', object('f'), undefined, 'missing'],
    [
      'a symlink object over a local file',
      'md5',
      object('f', 'ab', { meta: meta({ symlink: true }) }),
      localFile('f', 'ab'),
      'kind',
    ],
    [
      'a file object over a local symlink',
      'md5',
      object('f', 'ab', { meta: meta() }),
      localLink('f', 'ab'),
      'kind',
    ],
    ['sizes differ', 'md5', object('f', 'abc'), localFile('f', 'ab'), 'size'],
    ['same MD5', 'md5', object('f', 'ab'), localFile('f', 'ab'), null],
    ['other MD5', 'md5', object('f', 'ab'), localFile('f', 'cd'), 'md5'],
    [
      'multipart ETag, MD5 not proven',
      'md5',
      object('f', 'ab', { etag: MULTIPART }),
      localFile('f', 'ab'),
      'etag-unknown',
    ],
    ['size mode: other bytes', 'size', object('f', 'ab', { mtime: T + 100 }), localFile('f', 'cd'), null],
    // Time mode: LastModified newer than the local file's last change, max(mtime, ctime).
    [
      'time: object newer than mtime and ctime',
      'time',
      object('f', 'ab', { mtime: T + 1 }),
      localFile('f', 'cd'),
      'time',
    ],
    ['time: same second', 'time', object('f', 'ab'), localFile('f', 'cd'), null],
    ['time: object older', 'time', object('f', 'ab', { mtime: T - 1 }), localFile('f', 'cd'), null],
    [
      'time: a restore put mtime back, but its ctime is after the upload',
      'time',
      object('f', 'ab', { mtime: T + 10 }),
      localFile('f', 'cd', { mtime: T - 1000, mtimeMs: (T - 1000) * 1000, ctimeMs: (T + 20) * 1000 }),
      null,
    ],
    [
      'time: ctime unknown, mtime alone decides',
      'time',
      object('f', 'ab', { mtime: T + 10 }),
      localFile('f', 'cd', { ctimeMs: undefined }),
      'time',
    ],
    // The MD5 cache vouched for the file (or saw it change and it was hashed): the MD5s decide.
    [
      'time: vouched equal, object newer',
      'time',
      object('f', 'ab', { mtime: T + 10 }),
      localFile('f', 'ab', { md5Decides: true }),
      null,
    ],
    [
      'time: MD5s decide, other bytes, object older',
      'time',
      object('f', 'ab', { mtime: T - 10 }),
      localFile('f', 'cd', { md5Decides: true }),
      'md5',
    ],
  ])('%s', (_name, b, src, dst, expected) => {
    expect(needsTransfer(src, dst, by(b, 'download'))).toBe(expected);
  });

  it('asserts that the local MD5 was computed (the local side is the destination)', () => {
    expect(() =>
      needsTransfer(object('f', 'ab'), localFile('f', 'ab', { md5: undefined }), by('md5', 'download')),
    ).toThrow(/local MD5 of f was not computed/);
  });
});

describe('needsTransfer: copy (S3 to S3)', () => {
  const other = `${md5('other')}-3`;
  it.each<[string, CompareOptions['by'], Entry, Entry | undefined, TransferReason | null]>([
    ['no destination object', 'md5', object('f'), undefined, 'missing'],
    [
      'symlink-ness differs',
      'md5',
      object('f', 'ab', { meta: meta({ symlink: true }) }),
      object('f', 'ab', { meta: meta() }),
      'kind',
    ],
    [
      'symlink-ness known on one side only',
      'md5',
      object('f', 'ab', { meta: meta({ symlink: true }) }),
      object('f', 'ab'),
      null,
    ],
    ['sizes differ', 'md5', object('f', 'abc'), object('f', 'ab'), 'size'],
    ['same plain ETag', 'md5', object('f', 'ab'), object('f', 'ab'), null],
    [
      'same multipart ETag: the same bytes',
      'md5',
      object('f', 'ab', { etag: MULTIPART }),
      object('f', 'ab', { etag: MULTIPART }),
      null,
    ],
    ['other plain ETags', 'md5', object('f', 'ab'), object('f', 'cd'), 'md5'],
    [
      'ETags differ, an MD5 unknown',
      'md5',
      object('f', 'ab', { etag: MULTIPART }),
      object('f', 'ab'),
      'etag-unknown',
    ],
    [
      'ETags differ, both unknown',
      'md5',
      object('f', 'ab', { etag: MULTIPART }),
      object('f', 'ab', { etag: other }),
      'etag-unknown',
    ],
    [
      'ETags differ, MD5s proven equal (md5chksum)',
      'md5',
      { ...object('f', 'ab', { etag: MULTIPART }), md5: md5('ab') },
      object('f', 'ab'),
      null,
    ],
    [
      'no ETag at all',
      'md5',
      object('f', 'ab', { etag: '' }),
      object('f', 'ab', { etag: '' }),
      'etag-unknown',
    ],
    ['time: source newer', 'time', object('f', 'ab', { mtime: T + 1 }), object('f', 'cd'), 'time'],
    ['time: source not newer', 'time', object('f', 'ab'), object('f', 'cd'), null],
    ['size mode: other ETags', 'size', object('f', 'ab'), object('f', 'cd'), null],
  ])('%s', (_name, b, src, dst, expected) => {
    expect(needsTransfer(src, dst, by(b, 'copy'))).toBe(expected);
  });
});

describe('linkness', () => {
  it.each<[string, Entry, boolean | undefined]>([
    ['a local symlink', localLink('l', 't'), true],
    ['a local file', localFile('f'), false],
    ['an object whose metadata says symlink', object('l', 't', { meta: meta({ symlink: true }) }), true],
    ['an object whose metadata says file', object('f', 't', { meta: meta() }), false],
    ['an object whose metadata was not read', object('f'), undefined],
  ])('%s → %s', (_name, e, expected) => {
    expect(linkness(e)).toBe(expected);
  });
});

describe('needsLocalHash', () => {
  it.each<[string, Entry, Entry, CompareOptions, boolean]>([
    ['upload, MD5 mode, equal sizes', localFile('f', 'ab'), object('f', 'cd'), by('md5', 'upload'), true],
    ['download, MD5 mode, equal sizes', object('f', 'ab'), localFile('f', 'cd'), by('md5', 'download'), true],
    [
      'symlinks (their content is the target)',
      localLink('f', 'ab'),
      object('f', 'cd'),
      by('md5', 'upload'),
      true,
    ],
    ['sizes differ: size settles it', localFile('f', 'ab'), object('f', 'abc'), by('md5', 'upload'), false],
    ['time mode', localFile('f', 'ab'), object('f', 'cd'), by('time', 'upload'), false],
    ['size mode', object('f', 'ab'), localFile('f', 'cd'), by('size', 'download'), false],
    ['copy: nothing local', object('f', 'ab'), object('f', 'cd'), by('md5', 'copy'), false],
    ['directories', localDir('d'), object('d/', ''), by('md5', 'upload'), false],
  ])('%s → %s', (_name, src, dst, opts, expected) => {
    expect(needsLocalHash(src, dst, opts)).toBe(expected);
  });
});

describe('remoteMd5Unknown', () => {
  it.each<[string, Entry, boolean]>([
    ['a plain ETag is its MD5', object('f'), false],
    ['a multipart ETag alone', object('f', 'x', { etag: MULTIPART }), true],
    [
      'a multipart ETag with a proven MD5',
      { ...object('f', 'x', { etag: MULTIPART }), md5: md5('x') },
      false,
    ],
    ['no ETag', object('f', 'x', { etag: '' }), false],
  ])('%s → %s', (_name, e, expected) => {
    expect(remoteMd5Unknown(e)).toBe(expected);
  });
});

describe('metadataChange', () => {
  const local = localFile('f', 'x', { mode: 0o100644, uid: 1000, gid: 1000 });
  const same = meta({ mode: 0o644, uid: 1000, gid: 1000, mtimeMs: T * 1000 });
  const opts = (direction: Direction, o: { posix?: boolean; owner?: boolean } = {}) => ({
    direction,
    posixMetadata: o.posix ?? true,
    restoreOwner: o.owner ?? false,
  });

  it.each<[string, Entry, Entry, ReturnType<typeof opts>, string | null]>([
    ['upload: equal', local, object('f', 'x', { meta: same }), opts('upload'), null],
    [
      'upload: mode differs',
      local,
      object('f', 'x', { meta: { ...same, mode: 0o600 } }),
      opts('upload'),
      'mode 600 → 644',
    ],
    [
      'upload: owner always compared',
      local,
      object('f', 'x', { meta: { ...same, uid: 0 } }),
      opts('upload'),
      'owner 0 → 1000',
    ],
    ['upload: metadata not read', local, object('f', 'x'), opts('upload'), null],
    [
      'upload: POSIX metadata off',
      local,
      object('f', 'x', { meta: { ...same, mode: 0o600 } }),
      opts('upload', { posix: false }),
      null,
    ],
    [
      'download: mode differs',
      object('f', 'x', { meta: { ...same, mode: 0o600 } }),
      local,
      opts('download'),
      'mode 644 → 600',
    ],
    [
      'download: owner not restored',
      object('f', 'x', { meta: { ...same, uid: 0 } }),
      local,
      opts('download'),
      null,
    ],
    [
      'download: owner restored',
      object('f', 'x', { meta: { ...same, uid: 0 } }),
      local,
      opts('download', { owner: true }),
      'owner 1000 → 0',
    ],
    ['download: metadata not read', object('f', 'x'), local, opts('download'), null],
    [
      'download: POSIX metadata off',
      object('f', 'x', { meta: { ...same, mode: 0o600 } }),
      local,
      opts('download', { posix: false }),
      null,
    ],
    [
      'copy: never (a copy carries the metadata)',
      object('f', 'x', { meta: { ...same, mode: 0o600 } }),
      object('f', 'x', { meta: same }),
      opts('copy'),
      null,
    ],
  ])('%s', (_name, src, dst, o, expected) => {
    expect(metadataChange(src, dst, o)).toBe(expected);
  });
});
