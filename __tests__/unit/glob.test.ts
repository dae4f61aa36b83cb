// glob.ts: --exclude patterns with .gitignore's slash rules, and the flat-listing variant for S3.
import { describe, expect, it } from 'vitest';
import { compileGlob, compileGlobs, excludeWithAncestors } from '../../src/core/glob.js';

describe('compileGlob', () => {
  it.each<[string, string, boolean, boolean]>([
    // A pattern without '/' matches a name at any depth.
    ['*.log', 'x.log', false, true],
    ['*.log', 'a/b/x.log', false, true],
    ['*.log', 'x.log.txt', false, false],
    ['node_modules', 'node_modules', true, true],
    ['node_modules', 'a/node_modules', true, true],
    ['node_modules', 'node_modules_x', true, false],
    // Dotfiles are matched like any other name.
    ['*', '.env', false, true],
    ['.git', 'sub/.git', true, true],
    // A pattern with '/' is anchored at the synced root.
    ['assets/**', 'assets/a/b.png', false, true],
    ['assets/**', 'x/assets/a.png', false, false],
    ['/index.html', 'index.html', false, true],
    ['/index.html', 'sub/index.html', false, false],
    ['a/*.txt', 'a/b.txt', false, true],
    ['a/*.txt', 'a/c/b.txt', false, false],
    // A trailing '/' matches directories only.
    ['build/', 'build', true, true],
    ['build/', 'build', false, false],
    ['build/', 'src/build', true, true],
    // Exact names: no prefix matching (`test` is not `test-123.txt`).
    ['test', 'test-123.txt', false, false],
    ['xyz', 'xyz2', false, false],
    // Surrounding whitespace (from --exclude-from lines) is ignored.
    ['  *.tmp  ', 'a.tmp', false, true],
    // Names with spaces, + and % are literal.
    ['a b+c%20.txt', 'dir/a b+c%20.txt', false, true],
    ['{a,b}.txt', 'b.txt', false, true],
    ['?.txt', 'ab.txt', false, false],
  ])('%j on %j (dir: %s) → %s', (pattern, path, isDir, expected) => {
    expect(compileGlob(pattern)(path, isDir)).toBe(expected);
  });
});

describe('compileGlobs', () => {
  it('matches when any pattern matches, and never for an empty or blank list', () => {
    const m = compileGlobs(['*.log', 'tmp/']);
    expect(m('a.log', false)).toBe(true);
    expect(m('tmp', true)).toBe(true);
    expect(m('tmp', false)).toBe(false);
    expect(m('a.txt', false)).toBe(false);
    expect(compileGlobs([])('anything', false)).toBe(false);
    expect(compileGlobs(['', '   '])('anything', false)).toBe(false);
  });
});

describe('excludeWithAncestors', () => {
  it('excludes everything below an excluded directory, for listings that arrive flat', () => {
    const m = excludeWithAncestors(compileGlobs(['node_modules', 'cache/']));
    expect(m('node_modules', true)).toBe(true);
    expect(m('node_modules/pkg/index.js', false)).toBe(true);
    expect(m('a/node_modules/x', false)).toBe(true);
    expect(m('cache/x', false)).toBe(true);
    expect(m('cache/deep', true)).toBe(true);
    // `cache/` only matches directories: a file named cache is kept.
    expect(m('cache', false)).toBe(false);
    expect(m('src/index.js', false)).toBe(false);
    expect(m('node_modules_x/y', false)).toBe(false);
  });

  it('still applies file patterns to files', () => {
    const m = excludeWithAncestors(compileGlobs(['*.log']));
    expect(m('a/b.log', false)).toBe(true);
    expect(m('a/b.txt', false)).toBe(false);
  });
});
