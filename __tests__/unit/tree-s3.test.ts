// tree/s3.ts: how one listed object becomes an Entry (directory-node conventions, ETags, refusals).
import type { _Object } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { entryFromObject, md5FromEtag, unquoteEtag } from '../../src/core/tree/s3.js';

const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
const obj = (Key: string, Size = 0, ETag = `"${EMPTY_MD5}"`): _Object => ({
  Key,
  Size,
  ETag,
  LastModified: new Date(1_700_000_000_500),
});

describe('entryFromObject', () => {
  it('reads a file with its size, LastModified in whole seconds, and its ETag as MD5', () => {
    expect(entryFromObject(obj('pre/a b+%.txt', 3, '"764EFA883DDA1E11DB47671C4A3BBD9E"'), 'pre/')).toEqual({
      path: 'a b+%.txt',
      kind: 'file',
      size: 3,
      mtime: 1_700_000_000,
      etag: '764efa883dda1e11db47671c4a3bbd9e',
      md5: '764efa883dda1e11db47671c4a3bbd9e',
      key: 'pre/a b+%.txt',
    });
  });

  it('leaves the MD5 unknown for a multipart ETag', () => {
    expect(entryFromObject(obj('pre/big', 20, '"0123456789abcdef0123456789abcdef-3"'), 'pre/')).toMatchObject(
      {
        kind: 'file',
        etag: '0123456789abcdef0123456789abcdef-3',
        md5: undefined,
      },
    );
  });

  it.each([
    // The S3 console's folder convention (what paras3 writes).
    ['pre/sub/', 0, EMPTY_MD5, 'sub'],
    ['pre/a/b/', 0, EMPTY_MD5, 'a/b'],
    // s3sync.rb: a key without slash whose 38-byte body is the GUID (and the variant with a newline).
    ['pre/sub', 38, 'd66759af42f282e1ba19144df2d405d0', 'sub'],
    ['pre/sub', 39, '0123cb7c232ca171c93c1e53746efe93', 'sub'],
    // Hadoop / old S3 tools: `name_$folder$`.
    ['pre/sub_$folder$', 0, EMPTY_MD5, 'sub'],
  ])('recognises the directory node %j', (key, size, etag, path) => {
    expect(entryFromObject(obj(key, size, `"${etag}"`), 'pre/')).toMatchObject({
      path,
      kind: 'dir',
      size: 0,
      md5: undefined,
      key,
    });
  });

  it('takes a 38-byte file with another ETag for a file', () => {
    expect(entryFromObject(obj('pre/sub', 38, '"0cc175b9c0f1b6a831c399e269772661"'), 'pre/')).toMatchObject({
      kind: 'file',
      size: 38,
    });
  });

  it('reports the root node, under a prefix and at the bucket root', () => {
    expect(entryFromObject(obj('pre/'), 'pre/')).toBe('root');
    expect(entryFromObject(obj('x'), '')).toMatchObject({ path: 'x', kind: 'file' });
  });

  it('normalises names to NFC so NFD keys pair with local names', () => {
    expect(entryFromObject(obj('pre/cafe\u0301'), 'pre/')).toMatchObject({ path: 'caf\u00e9' });
  });

  it.each([
    ['pre/../etc/passwd', 'has a ".." segment'],
    ['pre/a//b', 'has an empty path segment'],
    ['pre//abs', 'is an absolute path'],
    ['pre/a\\b', 'contains a backslash'],
  ])('refuses the key %j', (key, why) => {
    expect(entryFromObject(obj(key, 1), 'pre/')).toEqual({ refused: why, rel: key });
  });
});

describe('ETags', () => {
  it.each([
    ['"ABC"', 'abc'],
    ['abc', 'abc'],
    [undefined, ''],
  ])('unquoteEtag(%j) = %j', (etag, expected) => {
    expect(unquoteEtag(etag)).toBe(expected);
  });

  it.each([
    [EMPTY_MD5, EMPTY_MD5],
    [`${EMPTY_MD5}-2`, undefined],
    ['', undefined],
    ['xyz', undefined],
  ])('md5FromEtag(%j) = %j', (etag, expected) => {
    expect(md5FromEtag(etag)).toBe(expected);
  });
});
