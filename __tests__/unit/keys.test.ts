// keys.ts: which relative paths may become local paths (on each platform), the local path itself, how
// names are shown, path arithmetic, and S3's key order.
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ancestors,
  baseName,
  compareKeys,
  localPathFor,
  parentPath,
  printable,
  toKeyPath,
  unsafeRelativePath,
} from '../../src/core/keys.js';

const { posix, win32 } = nodePath;

describe('unsafeRelativePath', () => {
  it.each<[string, string | null, string | null]>([
    // path, on POSIX, on Windows
    ['a/b.txt', null, null],
    ['a b/+%20/ü.txt', null, null],
    ['..hidden', null, null],
    ['...', null, 'has a name ending in a dot or space, which Windows drops'],
    ['..cache/inner/f', null, null],
    ['b..', null, 'has a name ending in a dot or space, which Windows drops'],
    ['..b', null, null],
    ['.hidden/x', null, null],
    ['', 'empty path', 'empty path'],
    ['a/\0b', 'contains a NUL character', 'contains a NUL character'],
    ['/etc/passwd', 'is an absolute path', 'is an absolute path'],
    ['a//b', 'has an empty path segment', 'has an empty path segment'],
    ['a/', 'has an empty path segment', 'has an empty path segment'],
    ['..', 'has a ".." segment', 'has a ".." segment'],
    ['../x', 'has a ".." segment', 'has a ".." segment'],
    ['a/../../x', 'has a ".." segment', 'has a ".." segment'],
    ['.', 'has a "." segment', 'has a "." segment'],
    ['a/./b', 'has a "." segment', 'has a "." segment'],
    // Ordinary characters on POSIX; separators, drive letters or forbidden on Windows.
    ['a\\b', null, 'contains a backslash, which Windows reads as a separator'],
    ['a\\..\\..\\x', null, 'contains a backslash, which Windows reads as a separator'],
    ['C:x', null, 'contains a character Windows does not allow in names'],
    ['d/C:', null, 'contains a character Windows does not allow in names'],
    ['what?', null, 'contains a character Windows does not allow in names'],
    ['a<b>', null, 'contains a character Windows does not allow in names'],
    ['tab\there', null, 'contains a character Windows does not allow in names'],
    ['CON', null, 'has "CON", a name Windows reserves'],
    ['x/nul.txt', null, 'has "nul.txt", a name Windows reserves'],
    ['com1', null, 'has "com1", a name Windows reserves'],
    ['LPT\u00b9', null, 'has "LPT\u00b9", a name Windows reserves'],
    ['console', null, null],
    ['name.', null, 'has a name ending in a dot or space, which Windows drops'],
    ['dir /f', null, 'has a name ending in a dot or space, which Windows drops'],
  ])('%j: POSIX %j, Windows %j', (rel, onPosix, onWindows) => {
    expect(unsafeRelativePath(rel, posix)).toBe(onPosix);
    expect(unsafeRelativePath(rel, win32)).toBe(onWindows);
  });
});

describe('localPathFor', () => {
  it.each<[string, string, nodePath.PlatformPath, string]>([
    ['/r', 'a/b c.txt', posix, '/r/a/b c.txt'],
    ['/r', '', posix, '/r'],
    ['/r/', 'a', posix, '/r/a'],
    // A name that starts with dots is inside the root (the old check took `..hidden` for `..`).
    ['/r', '..hidden', posix, '/r/..hidden'],
    ['/r', '..hidden/x', posix, '/r/..hidden/x'],
    ['/r', 'a/...', posix, '/r/a/...'],
    ['/r', 'a\\b', posix, '/r/a\\b'],
    ['C:\\r', 'a/b', win32, 'C:\\r\\a\\b'],
    ['C:\\r', '..hidden', win32, 'C:\\r\\..hidden'],
  ])('%s + %j → %s', (root, rel, platform, expected) => {
    expect(localPathFor(root, rel, platform)).toBe(expected);
  });

  it.each<[string, nodePath.PlatformPath]>([
    ['../x', posix],
    ['a/../../x', posix],
    ['/abs', posix],
    ['a//b', posix],
    ['..', posix],
    ['a\\..\\..\\x', win32],
    ['C:x', win32],
  ])('refuses %j', (rel, platform) => {
    expect(() => localPathFor('/r', rel, platform)).toThrow(/^refusing key path "/);
  });

  it('shows a refused path printably', () => {
    expect(() => localPathFor('/r', '../\nx', posix)).toThrow(
      'refusing key path "../\\x0ax": has a ".." segment',
    );
  });
});

describe('printable', () => {
  it.each([
    ['plain/ünï/日本 😀', 'plain/ünï/日本 😀'],
    ['pre/nul\u0000x', 'pre/nul\\x00x'],
    ['a\nb\r\tc', 'a\\x0ab\\x0d\\x09c'],
    ['esc\u001b[2J', 'esc\\x1b[2J'],
    ['del\u007f', 'del\\x7f'],
    ['c1\u0085\u009b', 'c1\\x85\\x9b'],
    ['\u00a0nbsp', '\u00a0nbsp'],
  ])('%j → %j', (text, expected) => {
    expect(printable(text)).toBe(expected);
  });
});

describe('path arithmetic', () => {
  it.each<[string, string[], string, string]>([
    // path, ancestors, parentPath, baseName
    ['a', [], '', 'a'],
    ['a/b', ['a'], 'a', 'b'],
    ['a/b/c.txt', ['a', 'a/b'], 'a/b', 'c.txt'],
    ['..hidden/x', ['..hidden'], '..hidden', 'x'],
  ])('%j', (path, anc, parent, base) => {
    expect(ancestors(path)).toEqual(anc);
    expect(parentPath(path)).toBe(parent);
    expect(baseName(path)).toBe(base);
  });

  it('toKeyPath gives the NFC form (macOS writes NFD)', () => {
    expect(toKeyPath('cafe\u0301')).toBe('caf\u00e9');
    expect(toKeyPath('caf\u00e9')).toBe('caf\u00e9');
  });
});

describe('compareKeys', () => {
  const utf8 = (a: string, b: string) => Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));

  it.each([
    ['a', 'b'],
    ['a', 'a/'],
    ['a b', 'a/b'],
    ['a/b', 'a-b'],
    ['Z', 'a'],
    ['\u00e9', 'z'],
    // UTF-16 puts the astral character (a surrogate pair) below U+FFxx; UTF-8 puts it above.
    ['\uFF5A', '\u{1F600}'],
    ['\uE000', '\u{10000}'],
    ['\u{1F600}', '\u{1F601}'],
    ['', 'a'],
  ])('orders %j and %j as the bytes of UTF-8 do', (a, b) => {
    expect(Math.sign(compareKeys(a, b))).toBe(utf8(a, b));
    expect(Math.sign(compareKeys(b, a))).toBe(utf8(b, a));
    expect(compareKeys(a, a)).toBe(0);
  });

  it('agrees with Buffer.compare of UTF-8 on random strings, astral characters included', () => {
    // A fixed-seed generator: the same strings every run.
    let seed = 0x9e3779b9;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) >>> 0;
      return seed % n;
    };
    // Code points from every UTF-8 length and both sides of the surrogate range.
    const pools = [
      [0x20, 0x7e],
      [0x80, 0x7ff],
      [0x800, 0xd7ff],
      [0xe000, 0xffff],
      [0x10000, 0x10ffff],
    ] as const;
    const char = () => {
      const [lo, hi] = pools[rand(pools.length)] as readonly [number, number];
      return String.fromCodePoint(lo + rand(hi - lo + 1));
    };
    const word = () => Array.from({ length: rand(6) }, char).join('');
    for (let i = 0; i < 5000; i++) {
      const a = word();
      // Often share a prefix, so the comparison reaches deep.
      const b = rand(2) ? a.slice(0, rand(a.length + 1)) + word() : word();
      expect(Math.sign(compareKeys(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(utf8(a, b));
    }
  });
});
