// glob.ts: --exclude/--include patterns with .gitignore's slash rules, rclone's rule order, and the
// flat-listing variant for S3.
import { describe, expect, it } from 'vitest';
import {
  classifyPaths,
  compileFilter,
  compileGlob,
  compileGlobs,
  excludeWithAncestors,
  type FilterDecision,
  type FilterRule,
} from '../../src/core/glob.js';

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

const inc = (glob: string): FilterRule => ({ include: true, glob });
const exc = (glob: string): FilterRule => ({ include: false, glob });

describe('classifyPaths (ordered --include/--exclude)', () => {
  it.each<[string, FilterRule[], string, boolean, FilterDecision]>([
    ['no rules include everything', [], 'a/b.txt', false, 'include'],
    ['no rules walk every directory as included', [], 'a', true, 'include'],
    ['only excludes: unmatched paths are included', [exc('*.log')], 'a/b.txt', false, 'include'],
    ['only excludes: a matching file is excluded', [exc('*.log')], 'a/b.log', false, 'exclude'],
    ['only excludes: a matching directory is excluded', [exc('tmp/')], 'x/tmp', true, 'exclude'],
    [
      'only excludes: files below an excluded directory are excluded',
      [exc('tmp/')],
      'tmp/a.txt',
      false,
      'exclude',
    ],
    ['an include makes unmatched files excluded', [inc('*.html')], 'a.css', false, 'exclude'],
    ['an include keeps a matching file at any depth', [inc('*.html')], 'a/b/c.html', false, 'include'],
    ['an unanchored include walks every directory', [inc('*.html')], 'a/b', true, 'walk'],
    // First match wins, in command-line order.
    [
      'include before exclude: the include wins',
      [inc('*.html'), exc('draft*')],
      'draft.html',
      false,
      'include',
    ],
    [
      'exclude before include: the exclude wins',
      [exc('draft*'), inc('*.html')],
      'draft.html',
      false,
      'exclude',
    ],
    [
      'a later rule decides what earlier ones do not match',
      [exc('draft*'), inc('*.html')],
      'page.html',
      false,
      'include',
    ],
    // An included directory includes what is below it, unless a rule matches the path itself.
    ['an included directory includes its files', [inc('assets/')], 'assets/img/a.png', false, 'include'],
    ['an included directory includes its subdirectories', [inc('assets/')], 'assets/img', true, 'include'],
    [
      'a rule on the file beats the included directory',
      [inc('assets/'), exc('*.map')],
      'assets/a.map',
      false,
      'exclude',
    ],
    [
      '…in either order, since the directory rule does not match the file',
      [exc('*.map'), inc('assets/')],
      'assets/a.map',
      false,
      'exclude',
    ],
    ['`dir/**` includes the directory itself', [inc('assets/**')], 'assets', true, 'include'],
    // Nothing is re-included below an excluded directory (the walk never goes there).
    [
      'an excluded directory hides later includes',
      [exc('node_modules/'), inc('*.js')],
      'node_modules/a.js',
      false,
      'exclude',
    ],
    [
      'an excluded directory hides included subdirectories',
      [exc('build/'), inc('keep/')],
      'build/keep',
      true,
      'exclude',
    ],
    [
      'a directory no anchored include leads through is not walked',
      [inc('docs/*.md')],
      'src',
      true,
      'exclude',
    ],
    // Anchored includes walk only directories on their way.
    ['an anchored include walks its first directory', [inc('docs/api/*.md')], 'docs', true, 'walk'],
    ['…and its second', [inc('docs/api/*.md')], 'docs/api', true, 'walk'],
    ['…but not a sibling', [inc('docs/api/*.md')], 'docs/guide', true, 'exclude'],
    ['…nor a directory below the last segment', [inc('docs/api/*.md')], 'docs/api/old', true, 'exclude'],
    ['…and includes what it matches', [inc('docs/api/*.md')], 'docs/api/x.md', false, 'include'],
    ['a leading slash anchors too', [inc('/site/*.html')], 'other', true, 'exclude'],
    ['a wildcard segment walks what it matches', [inc('v*/index.html')], 'v2', true, 'walk'],
    [
      'a wildcard segment does not walk what it does not match',
      [inc('v*/index.html')],
      'w2',
      true,
      'exclude',
    ],
    ['`**` may hold anything below', [inc('a/**/z.txt')], 'a/b/c/d', true, 'walk'],
    ['braces within a segment are matched per segment', [inc('{docs,img}/*')], 'img', true, 'walk'],
    ['braces within a segment exclude others', [inc('{docs,img}/*')], 'src', true, 'exclude'],
    ['a "/" inside braces is walked, to be safe', [inc('{docs/api,img}/*.md')], 'src', true, 'walk'],
    [
      'a directory-only include does not match a file of that name',
      [inc('build/')],
      'build',
      false,
      'exclude',
    ],
    ['blank rules are ignored', [inc('  '), exc('')], 'a.txt', false, 'include'],
  ])('%s', (_name, rules, path, isDir, expected) => {
    expect(classifyPaths(rules)(path, isDir)).toBe(expected);
  });

  it('gives the same answers for a path however the directories above it were asked first', () => {
    const rules = [exc('tmp/'), inc('*.txt'), inc('keep/')];
    const fresh = () => classifyPaths(rules);
    const warmed = classifyPaths(rules);
    for (const d of ['keep', 'keep/deep', 'tmp', 'a']) warmed(d, true);
    for (const [path, isDir] of [
      ['keep/deep/x.bin', false],
      ['tmp/a.txt', false],
      ['a/b.txt', false],
      ['a/b.bin', false],
    ] as const) {
      expect(warmed(path, isDir)).toBe(fresh()(path, isDir));
    }
  });
});

describe('compileFilter', () => {
  it('excludes unmatched files and prunes directories that cannot hold an included path', () => {
    const m = compileFilter([inc('docs/**/*.md'), exc('*.tmp')]);
    expect(m('docs', true)).toBe(false);
    expect(m('docs/a/b', true)).toBe(false);
    expect(m('docs/a/b/c.md', false)).toBe(false);
    expect(m('docs/a/b/c.txt', false)).toBe(true);
    expect(m('src', true)).toBe(true);
    expect(m('README.md', false)).toBe(true);
  });

  it('with excludes only, agrees with compileGlobs of the same patterns', () => {
    const patterns = ['*.log', 'tmp/', 'a/*.txt', '/index.html'];
    const viaFilter = excludeWithAncestors(compileFilter(patterns.map(exc)));
    const viaGlobs = excludeWithAncestors(compileGlobs(patterns));
    for (const [path, isDir] of [
      ['x.log', false],
      ['tmp', true],
      ['tmp', false],
      ['tmp/y', false],
      ['a/b.txt', false],
      ['a/c/b.txt', false],
      ['index.html', false],
      ['sub/index.html', false],
      ['src/main.ts', false],
    ] as const) {
      expect(viaFilter(path, isDir), `${path} ${isDir}`).toBe(viaGlobs(path, isDir));
    }
  });

  it('gives a flat S3 listing the same answers as a walk that prunes', () => {
    const rules = [exc('node_modules/'), inc('*.js')];
    const flat = excludeWithAncestors(compileFilter(rules));
    expect(flat('node_modules/a.js', false)).toBe(true);
    expect(flat('lib/a.js', false)).toBe(false);
    expect(flat('lib/a.css', false)).toBe(true);
  });
});
