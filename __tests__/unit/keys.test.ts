// keys.ts: the one place where keys become local paths; it refuses anything that would leave the root.
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ancestors,
  localPathFor,
  parentOf,
  relativeKeyPath,
  toKeyPath,
  unsafeRelativePath,
} from '../../src/core/keys.js';

describe('unsafeRelativePath', () => {
  it.each<[string, string | null]>([
    ['a/b.txt', null],
    ['a b/+%20/ü.txt', null],
    ['..a/b..', null],
    ['.hidden/x', null],
    ['', 'empty path'],
    ['a/\0b', 'contains a NUL character'],
    ['/etc/passwd', 'is an absolute path'],
    ['a\\b', 'contains a backslash'],
    ['C:x', 'starts with a drive letter'],
    ['a//b', 'has an empty path segment'],
    ['a/', 'has an empty path segment'],
    ['../x', 'has a ".." segment'],
    ['a/../../x', 'has a ".." segment'],
    ['a/./b', 'has a "." segment'],
    ['..', 'has a ".." segment'],
  ])('%j → %j', (rel, expected) => {
    expect(unsafeRelativePath(rel)).toBe(expected);
  });
});

describe('localPathFor', () => {
  it('joins a safe path under the root, and the empty path is the root', () => {
    expect(localPathFor('/r', 'a/b c.txt', nodePath.posix)).toBe('/r/a/b c.txt');
    expect(localPathFor('/r', '', nodePath.posix)).toBe('/r');
    expect(localPathFor('C:\\r', 'a/b', nodePath.win32)).toBe('C:\\r\\a\\b');
  });

  it.each(['../x', 'a/../../x', '/abs', 'a\\..\\..\\x', 'a//b'])('refuses %j', (rel) => {
    expect(() => localPathFor('/r', rel, nodePath.posix)).toThrow(/refusing key path/);
  });
});

describe('relativeKeyPath and toKeyPath', () => {
  it('makes /-separated NFC paths from local paths on any platform', () => {
    expect(relativeKeyPath('/r', '/r/a/b.txt', nodePath.posix)).toBe('a/b.txt');
    expect(relativeKeyPath('C:\\r', 'C:\\r\\a\\b.txt', nodePath.win32)).toBe('a/b.txt');
    // macOS writes NFD; the same name must pair with its NFC key.
    expect(relativeKeyPath('/r', '/r/cafe\u0301', nodePath.posix)).toBe('caf\u00e9');
    expect(toKeyPath('e\u0301')).toBe('\u00e9');
  });
});

describe('ancestors and parentOf', () => {
  it.each<[string, string[], string]>([
    ['a', [], ''],
    ['a/b', ['a'], 'a'],
    ['a/b/c.txt', ['a', 'a/b'], 'a/b'],
  ])('%j', (path, anc, parent) => {
    expect(ancestors(path)).toEqual(anc);
    expect(parentOf(path)).toBe(parent);
  });
});
