// etag.ts: what an ETag says about an object's MD5.
import { describe, expect, it } from 'vitest';
import { encryptionHidesMd5, etagParts, isMd5Hex, md5FromEtag, unquoteEtag } from '../../src/core/etag.js';

const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

describe('ETags', () => {
  it.each<[string | undefined, string]>([
    [`"${MD5.toUpperCase()}"`, MD5],
    [MD5, MD5],
    [`W/"${MD5}"`, MD5],
    [`"${MD5}-12"`, `${MD5}-12`],
    [undefined, ''],
    ['', ''],
  ])('unquoteEtag(%j) = %j', (etag, expected) => {
    expect(unquoteEtag(etag)).toBe(expected);
  });

  it.each<[string | undefined, string | undefined, number]>([
    // etag, the MD5 it stands for, its part count
    [MD5, MD5, 0],
    [`${MD5}-2`, undefined, 2],
    [`${MD5}-10000`, undefined, 10000],
    [MD5.toUpperCase(), undefined, 0],
    ['', undefined, 0],
    ['xyz', undefined, 0],
    [`${MD5}-`, undefined, 0],
    [undefined, undefined, 0],
  ])('%j: MD5 %j, %d parts', (etag, md5, parts) => {
    expect(md5FromEtag(etag)).toBe(md5);
    expect(isMd5Hex(etag)).toBe(md5 !== undefined);
    expect(etagParts(etag)).toBe(parts);
  });

  it.each<[string | undefined, boolean | undefined, boolean]>([
    [undefined, undefined, false],
    ['AES256', undefined, false],
    ['aws:kms', undefined, true],
    ['aws:kms:dsse', undefined, true],
    [undefined, true, true],
    ['AES256', true, true],
  ])('encryption %j, customer key %j: ETag hides the MD5 = %j', (sse, customerKey, hidden) => {
    expect(encryptionHidesMd5(sse, customerKey)).toBe(hidden);
  });
});
