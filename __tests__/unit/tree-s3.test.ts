// tree/s3.ts: how one listed object becomes an Entry (directory-node conventions of other tools, own
// names of non-canonical keys) and how an entry gives its key back.
import { describe, expect, it } from 'vitest';
import type { ListedObject } from '../../src/core/store/types.js';
import { entryFromObject, keyOf, S3SYNC_DIR_ETAG, S3SYNC_DIR_SIZE } from '../../src/core/tree/s3.js';
import type { Entry } from '../../src/core/types.js';
import { NFC_E, NFD_E } from '../helpers/entries.js';

const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
const A_MD5 = '0cc175b9c0f1b6a831c399e269772661';
const S3SYNC_NL_ETAG = '0123cb7c232ca171c93c1e53746efe93';
const obj = (key: string, size = 0, etag = EMPTY_MD5): ListedObject => ({
  key,
  size,
  etag,
  lastModified: 1_700_000_000_999,
});

describe('entryFromObject', () => {
  it('reads a file: its size, LastModified in whole seconds, its ETag, and the ETag as its MD5', () => {
    expect(entryFromObject(obj('pre/a b+%.txt', 1, A_MD5), 'pre/')).toEqual({
      path: 'a b+%.txt',
      kind: 'file',
      size: 1,
      mtime: 1_700_000_000,
      etag: A_MD5,
      md5: A_MD5,
    });
  });

  it.each([
    ['multipart', `${A_MD5}-3`],
    ['none', ''],
    ['not hex', 'not-an-md5-at-all-not-an-md5-xyz'],
  ])('leaves the MD5 unknown for an ETag that is not one (%s)', (_name, etag) => {
    expect(entryFromObject(obj('pre/big', 20, etag), 'pre/')).toMatchObject({
      kind: 'file',
      etag,
      md5: undefined,
    });
  });

  it.each<[string, string, number, string, Partial<Entry>]>([
    // The S3 console's folder convention (what paras3 writes): no name of its own.
    ['console node', 'pre/sub/', 0, EMPTY_MD5, { path: 'sub' }],
    ['nested console node', 'pre/a/b/', 0, EMPTY_MD5, { path: 'a/b' }],
    // Hadoop and old S3 tools: `name_$folder$`.
    ['Hadoop marker', 'pre/sub_$folder$', 0, EMPTY_MD5, { path: 'sub', name: 'sub_$folder$' }],
    ['nested Hadoop marker', 'pre/a/sub_$folder$', 0, EMPTY_MD5, { path: 'a/sub', name: 'a/sub_$folder$' }],
    // s3sync.rb: a key without slash whose 38-byte body is a GUID line, and the 39-byte variant.
    ['s3sync.rb node', 'pre/sub', S3SYNC_DIR_SIZE, S3SYNC_DIR_ETAG, { path: 'sub', name: 'sub' }],
    [
      's3sync.rb node with a newline',
      'pre/sub',
      S3SYNC_DIR_SIZE + 1,
      S3SYNC_NL_ETAG,
      { path: 'sub', name: 'sub' },
    ],
  ])('recognises a directory: %s', (_name, key, size, etag, expected) => {
    const e = entryFromObject(obj(key, size, etag), 'pre/');
    expect(e).toMatchObject({ kind: 'dir', size: 0, md5: undefined, ...expected });
    if (!('name' in expected)) expect(e).not.toHaveProperty('name');
    expect(e).not.toHaveProperty('dirWithContent');
  });

  it.each<[string, number, string]>([
    ['38 bytes with another ETag', S3SYNC_DIR_SIZE, A_MD5],
    ['the GUID ETag with another size', S3SYNC_DIR_SIZE + 1, S3SYNC_DIR_ETAG],
    ['the newline ETag with 38 bytes', S3SYNC_DIR_SIZE, S3SYNC_NL_ETAG],
  ])('takes a key without slash for a file: %s', (_name, size, etag) => {
    expect(entryFromObject(obj('pre/sub', size, etag), 'pre/')).toMatchObject({
      kind: 'file',
      size,
      path: 'sub',
    });
  });

  it.each([
    ['pre/report_$folder$', 'report_$folder$'],
    ['pre/a/report_$folder$', 'a/report_$folder$'],
  ])('takes %j with bytes for a file, not a Hadoop marker (markers are empty)', (key, path) => {
    expect(entryFromObject(obj(key, 15, A_MD5), 'pre/')).toMatchObject({ path, kind: 'file', size: 15 });
  });

  it('marks a folder key that holds bytes, and never takes the bytes as content', () => {
    const e = entryFromObject(obj('pre/sub/', 5, A_MD5), 'pre/');
    expect(e).toMatchObject({ path: 'sub', kind: 'dir', size: 0, dirWithContent: true, md5: undefined });
  });

  it('reports the root node, under a prefix; at the bucket root every key is an entry', () => {
    expect(entryFromObject(obj('pre/'), 'pre/')).toBe('root');
    expect(entryFromObject(obj('x'), '')).toMatchObject({ path: 'x', kind: 'file' });
    expect(entryFromObject(obj('x/'), '')).toMatchObject({ path: 'x', kind: 'dir' });
  });

  it.each<[string, string, string, string | undefined]>([
    ['an NFD file key', `pre/caf${NFD_E}`, `caf${NFC_E}`, `caf${NFD_E}`],
    ['an NFD console node', `pre/${NFD_E}/`, NFC_E, `${NFD_E}/`],
    ['an NFD key under an NFD prefix', `pre/${NFD_E}/${NFD_E}`, `${NFC_E}/${NFC_E}`, `${NFD_E}/${NFD_E}`],
    ['an NFC key', `pre/caf${NFC_E}`, `caf${NFC_E}`, undefined],
    ['an NFC console node', `pre/${NFC_E}/`, NFC_E, undefined],
  ])('pairs by the NFC path and keeps a non-canonical key as its name: %s', (_name, key, path, name) => {
    const e = entryFromObject(obj(key), 'pre/') as Entry;
    expect(e.path).toBe(path);
    expect(e.name).toBe(name);
  });

  it.each([
    ['pre/../etc/passwd', '../etc/passwd'],
    ['pre/a//b', 'a//b'],
    ['pre//abs', '/abs'],
    ['pre/a\\b', 'a\\b'],
    ['pre/nul\0x', 'nul\0x'],
  ])('lists the hostile key %j as it is (pair.ts refuses it where it matters)', (key, path) => {
    expect(entryFromObject(obj(key, 1, A_MD5), 'pre/')).toMatchObject({ path, kind: 'file' });
  });

  // `_$folder$` alone is a name, not a marker for a directory with an empty name: `pre/_$folder$` is read
  // as a directory with path '' (the root) and `pre/a/_$folder$` as one with path `a/`, against Entry's
  // "no leading or trailing slash". An upload of a local file so named is then deleted after every run
  // (see plan.test.ts), and it can never be downloaded.
  it.each([
    ['pre/_$folder$', '_$folder$'],
    ['pre/a/_$folder$', 'a/_$folder$'],
  ])('takes %j for a file named `_$folder$`', (key, path) => {
    expect(entryFromObject(obj(key, 1, A_MD5), 'pre/')).toMatchObject({ path, kind: 'file' });
  });
});

describe('keyOf', () => {
  it.each([
    'pre/f',
    'pre/a/b/c.txt',
    'pre/sub/',
    'pre/sub_$folder$',
    'pre/a/sub_$folder$',
    `pre/caf${NFD_E}`,
    `pre/${NFD_E}/`,
    `pre/${NFD_E}/x`,
    `pre/${NFD_E}_$folder$`,
  ])('gives back the listed key %j', (key) => {
    expect(keyOf('pre/', entryFromObject(obj(key), 'pre/') as Entry)).toBe(key);
  });

  it('gives back an s3sync.rb node key', () => {
    const e = entryFromObject(obj('pre/sub', S3SYNC_DIR_SIZE, S3SYNC_DIR_ETAG), 'pre/') as Entry;
    expect(keyOf('pre/', e)).toBe('pre/sub');
    // Under another prefix (a copy's destination), the same relative name.
    expect(keyOf('to/', e)).toBe('to/sub');
  });

  it('makes the canonical key of an entry that has no name of its own', () => {
    const base = { size: 0, mtime: 0 };
    expect(keyOf('to/', { ...base, path: 'a/b', kind: 'file' })).toBe('to/a/b');
    expect(keyOf('to/', { ...base, path: 'a/b', kind: 'dir' })).toBe('to/a/b/');
    expect(keyOf('', { ...base, path: 'x', kind: 'symlink' })).toBe('x');
    // A local entry's NFD name is its key name too.
    expect(keyOf('to/', { ...base, path: NFC_E, name: NFD_E, kind: 'file' })).toBe(`to/${NFD_E}`);
  });
});
