// invalidation.ts: changed keys → the CloudFront paths `create-invalidation` accepts as they are.
import { describe, expect, it } from 'vitest';
import {
  encodeSegment,
  INVALIDATE_ALL,
  invalidationPaths,
  MAX_INVALIDATION_PATHS,
} from '../../src/core/invalidation.js';

describe('invalidationPaths', () => {
  it('gives each key a leading slash, strips the destination prefix, sorts and drops duplicates', () => {
    expect(invalidationPaths(['www/b.css', 'www/a.js', 'www/b.css'], 'www/')).toEqual(['/a.js', '/b.css']);
    expect(invalidationPaths(['a.js', 'img/x.png'], '')).toEqual(['/a.js', '/img/x.png']);
  });

  it('adds the directory URL of every changed index.html, and / for the root one', () => {
    expect(invalidationPaths(['site/index.html', 'site/a/b/index.html', 'site/a/b/c.html'], 'site/')).toEqual(
      ['/', '/a/b/', '/a/b/c.html', '/a/b/index.html', '/index.html'],
    );
    // Only a file called index.html: not one that merely ends so.
    expect(invalidationPaths(['old-index.html'], '')).toEqual(['/old-index.html']);
  });

  it('keeps directory nodes as directory URLs and skips the prefix own node', () => {
    expect(invalidationPaths(['www/', 'www/docs/', 'www/docs'], 'www/')).toEqual(['/docs', '/docs/']);
  });

  it('leaves out keys outside the prefix (they are not served from it)', () => {
    expect(invalidationPaths(['other/a.html', 'www/a.html'], 'www/')).toEqual(['/a.html']);
  });

  it('URL-encodes each segment, never the slashes: spaces, percent, hash, question mark, non-ASCII', () => {
    expect(
      invalidationPaths(
        ['my docs/read me.html', '100%.txt', 'a#b', 'q?.html', 'café/naïve.html', '日本/語.txt'],
        '',
      ),
    ).toEqual(
      [
        '/my%20docs/read%20me.html',
        '/100%25.txt',
        '/a%23b',
        '/q%3F.html',
        '/caf%C3%A9/na%C3%AFve.html',
        '/%E6%97%A5%E6%9C%AC/%E8%AA%9E.txt',
      ].sort(),
    );
  });

  it('encodes a literal * (a wildcard to CloudFront) and produces no wildcard below the limit', () => {
    expect(invalidationPaths(['a*b.txt', 'end*'], '')).toEqual(['/a%2Ab.txt', '/end%2A']);
  });

  it('replaces a list longer than the limit by one wildcard for everything', () => {
    const keys = Array.from({ length: MAX_INVALIDATION_PATHS }, (_, i) => `p/f${i}.txt`);
    expect(invalidationPaths(keys, 'p/')).toHaveLength(MAX_INVALIDATION_PATHS);
    expect(invalidationPaths([...keys, 'p/one-more.txt'], 'p/')).toEqual([INVALIDATE_ALL]);
    // index.html directory URLs count too.
    expect(invalidationPaths(['a/index.html', 'b/index.html'], '', 3)).toEqual([INVALIDATE_ALL]);
  });

  it('is empty when nothing changed', () => {
    expect(invalidationPaths([], 'www/')).toEqual([]);
  });
});

describe('encodeSegment', () => {
  it('leaves RFC 3986 path characters (unreserved, sub-delims, : and @) as they are', () => {
    expect(encodeSegment("AZaz09-._~!$&'()+,;=:@")).toBe("AZaz09-._~!$&'()+,;=:@");
    expect(encodeSegment('logo@2x.png')).toBe('logo@2x.png');
  });

  it('encodes what a path segment may not hold', () => {
    expect(encodeSegment(' "<>[]{}|\\^`%#?*')).toBe('%20%22%3C%3E%5B%5D%7B%7D%7C%5C%5E%60%25%23%3F%2A');
    expect(encodeSegment('tab\there\u0001')).toBe('tab%09here%01');
  });
});
