// The action also runs on Windows runners: local paths with drive letters and backslashes must become
// '/'-separated keys, and keys must become backslashed paths under the right drive. path.win32 lets
// this run on any platform.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localPathFor } from '../src/core/keys.js';
import { parseLocationArg, resolvePair } from '../src/core/location.js';
import { localFsPath } from '../src/core/names.js';

const win = { cwd: 'D:\\a\\work', path: path.win32 };

describe('resolvePair with Windows paths', () => {
  it.each([
    // [source, destination, source root, destination prefix]
    ['C:\\site\\', 'bucket:www', 'C:\\site', 'www/'],
    ['C:\\site\\', 'bucket:', 'C:\\site', ''],
    ['C:\\site', 'bucket:www/', 'C:\\site', 'www/site/'],
    ['D:\\a\\b', 'bucket:pre', 'D:\\a\\b', 'pre/b/'],
    ['D:\\a\\b\\', 'bucket:pre/deep/', 'D:\\a\\b', 'pre/deep/'],
    ['C:/site/', 'bucket:www', 'C:\\site', 'www/'],
    ['public\\', 'bucket:www', 'D:\\a\\work\\public', 'www/'],
    ['build\\site', 'bucket:www', 'D:\\a\\work\\build\\site', 'www/site/'],
    ['.', 'bucket:www', 'D:\\a\\work', 'www/'],
    ['C:\\', 'bucket:drive', 'C:\\', 'drive/'],
  ])('upload %s → %s: root %s, prefix %s', (src, dst, root, prefix) => {
    const pair = resolvePair(src, dst, win);

    expect(pair.direction).toBe('upload');
    expect(pair.source).toEqual({ kind: 'local', root });
    expect(pair.destination).toEqual({ kind: 's3', bucket: 'bucket', prefix });
    expect(pair.destinationDisplay).toBe(`s3://bucket/${prefix}`);
    expect(pair.sourceDisplay).toBe(root.endsWith('\\') ? root : `${root}\\`);
  });

  it.each([
    ['bucket:cache/', 'C:\\restore', 'C:\\restore'],
    ['bucket:cache/deps', 'C:\\restore\\', 'C:\\restore\\deps'],
    ['bucket:cache/deps/', 'D:\\a\\b', 'D:\\a\\b'],
    ['s3://bucket/cache/node_modules', 'node\\', 'D:\\a\\work\\node\\node_modules'],
  ])('download %s → %s: root %s', (src, dst, root) => {
    const pair = resolvePair(src, dst, win);

    expect(pair.direction).toBe('download');
    expect(pair.destination).toEqual({ kind: 'local', root });
  });

  it('a drive letter is never mistaken for a bucket', () => {
    expect(parseLocationArg('C:\\site')).toEqual({ kind: 'local', path: 'C:\\site' });
    expect(parseLocationArg('d:/x')).toEqual({ kind: 'local', path: 'd:/x' });
    expect(() => resolvePair('C:\\site\\', 'D:\\out', win)).toThrow(/both SOURCE and DESTINATION are local/);
  });
});

describe('keys and local paths on Windows', () => {
  it('a /-separated relative path (the key side) is found on disk under the root with backslashes', () => {
    expect(localFsPath('C:\\site', 'assets/app.js', undefined, '\\')).toBe('C:\\site\\assets\\app.js');
    expect(localFsPath('D:\\a\\b\\', 'x/y/z.html', undefined, '\\')).toBe('D:\\a\\b\\x\\y\\z.html');
  });

  it('a key becomes a backslashed path under the root, and an escaping key is refused', () => {
    expect(localPathFor('C:\\restore', 'deps/pkg/index.js', path.win32)).toBe(
      'C:\\restore\\deps\\pkg\\index.js',
    );
    expect(() => localPathFor('C:\\restore', '../evil', path.win32)).toThrow(/refusing/);
    expect(() => localPathFor('C:\\restore', 'a\\..\\..\\evil', path.win32)).toThrow(/backslash/);
    expect(() => localPathFor('C:\\restore', 'D:/evil', path.win32)).toThrow(/Windows does not allow/);
  });
});
