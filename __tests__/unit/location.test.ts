// location.ts: parsing `bucket:prefix` vs local paths, and the trailing-slash rule applied once.
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { dirPrefix, displayLocation, parseLocationArg, resolvePair } from '../../src/core/location.js';

describe('parseLocationArg', () => {
  it.each([
    ['mybucket:pre', { kind: 's3', bucket: 'mybucket', prefix: 'pre' }],
    ['mybucket:pre/', { kind: 's3', bucket: 'mybucket', prefix: 'pre/' }],
    ['mybucket:', { kind: 's3', bucket: 'mybucket', prefix: '' }],
    ['my.bucket-1_x:a/b c/+%', { kind: 's3', bucket: 'my.bucket-1_x', prefix: 'a/b c/+%' }],
    ['s3://mybucket/pre/etc', { kind: 's3', bucket: 'mybucket', prefix: 'pre/etc' }],
    ['s3://mybucket', { kind: 's3', bucket: 'mybucket', prefix: '' }],
    ['s3://mybucket/', { kind: 's3', bucket: 'mybucket', prefix: '' }],
    // A prefix may contain ':' (only the first one separates the bucket).
    ['mybucket:a:b', { kind: 's3', bucket: 'mybucket', prefix: 'a:b' }],
    ['/etc', { kind: 'local', path: '/etc' }],
    ['./etc/', { kind: 'local', path: './etc/' }],
    ['etc', { kind: 'local', path: 'etc' }],
    // Windows drives are local, never a bucket called "C".
    ['C:\\Users\\me', { kind: 'local', path: 'C:\\Users\\me' }],
    ['c:/data', { kind: 'local', path: 'c:/data' }],
    ['C:', { kind: 'local', path: 'C:' }],
    // A slash or backslash before the colon makes it a path.
    ['./ab:x', { kind: 'local', path: './ab:x' }],
    ['dir/name:x', { kind: 'local', path: 'dir/name:x' }],
    ['dir\\name:x', { kind: 'local', path: 'dir\\name:x' }],
    // Legacy US buckets may have capitals and underscores.
    ['Legacy_Bucket:x', { kind: 's3', bucket: 'Legacy_Bucket', prefix: 'x' }],
    ['abc:', { kind: 's3', bucket: 'abc', prefix: '' }],
  ])('%s → %o', (arg, expected) => {
    expect(parseLocationArg(arg)).toEqual(expected);
  });

  it.each([
    ['', /empty location/],
    ['mybucket:/abs', /cannot start with "\/"/],
    ['mybucket:a//b', /cannot contain "\/\/"/],
    ['mybucket:a/\0/b', /NUL/],
    ['mybucket:a/../b', /"\." or "\.\." segments/],
    ['mybucket:./a', /"\." or "\.\." segments/],
    ['mybucket:..', /"\." or "\.\." segments/],
    // `name:rest` with two or more characters and no slash before the colon is S3: the name must be a bucket.
    ['ab:x', /location "ab:x": "ab" is not a valid bucket name .*write \.\/ab:x\)$/],
    ['.hidden:x', /"\.hidden" is not a valid bucket name/],
    ['Bad_Bucket!:x', /"Bad_Bucket!" is not a valid bucket name/],
    ['my file:v2', /"my file" is not a valid bucket name/],
    ['my..bucket:x', /"my\.\.bucket" is not a valid bucket name/],
    ['-bucket:x', /"-bucket" is not a valid bucket name/],
    [`${'a'.repeat(64)}:x`, /is not a valid bucket name/],
    ['s3://', /"" is not a valid bucket name/],
    ['s3://ab/x', /"ab" is not a valid bucket name/],
  ])('refuses %j as a usage error', (arg, message) => {
    expect(() => parseLocationArg(arg)).toThrow(UsageError);
    expect(() => parseLocationArg(arg)).toThrow(message);
  });
});

describe('resolvePair (the original README examples and the trailing-slash rule)', () => {
  const cwd = '/work/here';
  it.each([
    // [source, destination, resolved source, resolved destination, direction]
    ['/etc', 'mybucket:pre', '/etc/', 's3://mybucket/pre/etc/', 'upload'],
    ['/etc/', 'mybucket:pre/etcbackup', '/etc/', 's3://mybucket/pre/etcbackup/', 'upload'],
    ['mybucket:pre/etc/', '/root/etcrestore', 's3://mybucket/pre/etc/', '/root/etcrestore/', 'download'],
    ['mybucket:pre/etc', '/root', 's3://mybucket/pre/etc/', '/root/etc/', 'download'],
    // `pre` and `pre/` as a destination mean the same directory.
    ['/etc', 'mybucket:pre/', '/etc/', 's3://mybucket/pre/etc/', 'upload'],
    ['/etc/', 'mybucket:pre', '/etc/', 's3://mybucket/pre/', 'upload'],
    ['/etc/', 'mybucket:pre/', '/etc/', 's3://mybucket/pre/', 'upload'],
    // `bucket:` is the bucket root.
    ['/etc/', 'mybucket:', '/etc/', 's3://mybucket/', 'upload'],
    ['/etc', 'mybucket:', '/etc/', 's3://mybucket/etc/', 'upload'],
    ['mybucket:', '/restore', 's3://mybucket/', '/restore/', 'download'],
    ['s3://mybucket', '/restore', 's3://mybucket/', '/restore/', 'download'],
    ['s3://mybucket/pre/etc', '/root', 's3://mybucket/pre/etc/', '/root/etc/', 'download'],
    // Relative paths resolve against cwd; `.` and `..` have no name to append, so they mean contents.
    ['etc', 'mybucket:pre', '/work/here/etc/', 's3://mybucket/pre/etc/', 'upload'],
    ['.', 'mybucket:pre', '/work/here/', 's3://mybucket/pre/', 'upload'],
    ['..', 'mybucket:pre', '/work/', 's3://mybucket/pre/', 'upload'],
    ['sub/..', 'mybucket:pre', '/work/here/', 's3://mybucket/pre/', 'upload'],
    ['mybucket:pre/etc', '.', 's3://mybucket/pre/etc/', '/work/here/etc/', 'download'],
    ['mybucket:pre/etc/', 'out/', 's3://mybucket/pre/etc/', '/work/here/out/', 'download'],
    // The root directory has no name either.
    ['/', 'mybucket:pre', '/', 's3://mybucket/pre/', 'upload'],
  ])('%s %s → %s → %s', (src, dst, srcDisplay, dstDisplay, direction) => {
    const pair = resolvePair(src, dst, { cwd, path: nodePath.posix });
    expect(pair.sourceDisplay).toBe(srcDisplay);
    expect(pair.destinationDisplay).toBe(dstDisplay);
    expect(pair.direction).toBe(direction);
  });

  it('gives the engine roots without display slashes and S3 prefixes ending in "/"', () => {
    expect(resolvePair('/etc', 'mybucket:pre', { cwd, path: nodePath.posix })).toMatchObject({
      source: { kind: 'local', root: '/etc' },
      destination: { kind: 's3', bucket: 'mybucket', prefix: 'pre/etc/' },
    });
    expect(resolvePair('mybucket:pre/etc', '/root', { cwd, path: nodePath.posix })).toMatchObject({
      source: { kind: 's3', bucket: 'mybucket', prefix: 'pre/etc/' },
      destination: { kind: 'local', root: '/root/etc' },
    });
    expect(resolvePair('mybucket:', '/root/', { cwd, path: nodePath.posix })).toMatchObject({
      source: { kind: 's3', bucket: 'mybucket', prefix: '' },
      destination: { kind: 'local', root: '/root' },
    });
  });

  it.each([
    ['C:\\src\\etc', 'mybucket:pre', 'C:\\src\\etc\\', 's3://mybucket/pre/etc/'],
    ['C:\\src\\etc\\', 'mybucket:pre', 'C:\\src\\etc\\', 's3://mybucket/pre/'],
    ['C:/src/etc/', 'mybucket:pre', 'C:\\src\\etc\\', 's3://mybucket/pre/'],
    ['C:', 'mybucket:pre', 'C:\\work\\', 's3://mybucket/pre/'],
  ])('Windows: %s %s → %s → %s', (src, dst, srcDisplay, dstDisplay) => {
    const pair = resolvePair(src, dst, { cwd: 'C:\\work', path: nodePath.win32 });
    expect(pair.sourceDisplay).toBe(srcDisplay);
    expect(pair.destinationDisplay).toBe(dstDisplay);
  });

  it('resolves a Windows download destination with the source name appended', () => {
    const pair = resolvePair('mybucket:pre/etc', 'D:\\restore', { cwd: 'C:\\work', path: nodePath.win32 });
    expect(pair.destination).toEqual({ kind: 'local', root: 'D:\\restore\\etc' });
  });

  it.each([
    // S3 to S3 is a server-side copy, with the same trailing-slash rule.
    ['mybucket:a', 'other:b', 's3://mybucket/a/', 's3://other/b/a/'],
    ['mybucket:a/', 'other:b', 's3://mybucket/a/', 's3://other/b/'],
    ['s3://mybucket/', 'other:', 's3://mybucket/', 's3://other/'],
    ['mybucket:pre/a', 'mybucket:pre/b/', 's3://mybucket/pre/a/', 's3://mybucket/pre/b/a/'],
  ])('copies %s to %s: %s → %s', (src, dst, srcDisplay, dstDisplay) => {
    const pair = resolvePair(src, dst, { cwd, path: nodePath.posix });
    expect(pair.direction).toBe('copy');
    expect(pair.sourceDisplay).toBe(srcDisplay);
    expect(pair.destinationDisplay).toBe(dstDisplay);
  });

  // A copy within one bucket whose destination lies inside its source (or the reverse) feeds on
  // itself: `b:pre/` → `b:pre/sub/` copies `sub/` into `sub/sub/` on every run, and
  // `--delete b:pre/sub/ b:pre/` deletes the source itself (its keys are extra at the destination).
  it.each([
    ['mybucket:pre/', 'mybucket:pre/sub/'],
    ['mybucket:', 'mybucket:backup/'],
    ['mybucket:pre', 'mybucket:'],
    ['mybucket:pre/sub/', 'mybucket:pre/'],
    ['mybucket:pre/', 'mybucket:pre/'],
  ])('refuses to copy %s to %s, which overlap', (src, dst) => {
    expect(() => resolvePair(src, dst, { cwd, path: nodePath.posix })).toThrow(UsageError);
  });

  it('copies between prefixes that only share a beginning', () => {
    expect(resolvePair('mybucket:pre/', 'mybucket:prefix/', { cwd, path: nodePath.posix }).direction).toBe(
      'copy',
    );
  });

  it.each([
    ['/a', '/b', /both SOURCE and DESTINATION are local paths/],
    ['./a', 'C:\\b', /both SOURCE and DESTINATION are local paths/],
    ['/a', 'mybucket:/x', /cannot start with/],
  ])('refuses %s %s', (src, dst, message) => {
    expect(() => resolvePair(src, dst, { cwd, path: nodePath.posix })).toThrow(message);
    expect(() => resolvePair(src, dst, { cwd, path: nodePath.posix })).toThrow(UsageError);
  });
});

describe('dirPrefix and displayLocation', () => {
  it.each([
    ['', ''],
    ['pre', 'pre/'],
    ['pre/', 'pre/'],
    ['a/b', 'a/b/'],
  ])('dirPrefix(%j) = %j', (prefix, expected) => {
    expect(dirPrefix(prefix)).toBe(expected);
  });

  it('shows S3 as s3:// URLs and local roots with one trailing separator', () => {
    expect(displayLocation({ kind: 's3', bucket: 'b', prefix: '' })).toBe('s3://b/');
    expect(displayLocation({ kind: 's3', bucket: 'b', prefix: 'p/' })).toBe('s3://b/p/');
    expect(displayLocation({ kind: 'local', root: '/x' }, nodePath.posix)).toBe('/x/');
    expect(displayLocation({ kind: 'local', root: '/' }, nodePath.posix)).toBe('/');
    expect(displayLocation({ kind: 'local', root: 'C:\\x' }, nodePath.win32)).toBe('C:\\x\\');
  });
});
