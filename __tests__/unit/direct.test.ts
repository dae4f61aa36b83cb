import { describe, expect, it } from 'vitest';
import { encodeKey } from '../../src/core/direct.js';

describe('encodeKey', () => {
  it.each([
    ['plain/key.txt', 'plain/key.txt'],
    ['with space+plus%pct', 'with%20space%2Bplus%25pct'],
    ["bang!quote'paren()star*", 'bang%21quote%27paren%28%29star%2A'],
    ['ünïcödé/日本', '%C3%BCn%C3%AFc%C3%B6d%C3%A9/%E6%97%A5%E6%9C%AC'],
    ['dir/', 'dir/'],
    ['a~b-c_d.e', 'a~b-c_d.e'],
  ])('encodes %j as S3 expects it in a path', (key, encoded) => {
    expect(encodeKey(key)).toBe(encoded);
  });
});
