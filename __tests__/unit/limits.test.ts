// limits.ts: the part size that keeps a file within S3's 10,000 parts.
import { describe, expect, it } from 'vitest';
import { choosePartSize, GIB, MAX_PARTS, MIB } from '../../src/core/limits.js';

describe('choosePartSize', () => {
  it.each<[string, number, number, number]>([
    ['small file: the configured size', 1, 8 * MIB, 8 * MIB],
    ['exactly 10,000 configured parts', 10_000 * 8 * MIB, 8 * MIB, 8 * MIB],
    ['one byte more: larger parts, in whole MiB', 10_000 * 8 * MIB + 1, 8 * MIB, 9 * MIB],
    ['5 TiB at 5 MiB parts', 5 * 1024 * GIB, 5 * MIB, 525 * MIB],
  ])('%s', (_name, size, configured, expected) => {
    const part = choosePartSize(size, configured);
    expect(part).toBe(expected);
    expect(Math.ceil(size / part)).toBeLessThanOrEqual(MAX_PARTS);
    expect(part % MIB === 0 || part === configured).toBe(true);
  });
});
