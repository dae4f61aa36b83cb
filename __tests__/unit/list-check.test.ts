// store/list-check.ts: what every ListObjectsV2 page must hold before a sync trusts it.
import { describe, expect, it } from 'vitest';
import { InvalidListing, ListingCheck } from '../../src/core/store/list-check.js';

describe('ListingCheck.next', () => {
  it('ends the listing at a page that is not truncated, whatever token it carries', () => {
    const check = new ListingCheck('p/');
    expect(check.next(false, undefined)).toBeUndefined();
    expect(check.next(undefined, 'stray')).toBeUndefined();
  });

  it('follows each new token', () => {
    const check = new ListingCheck('p/');
    expect(['a', 'b', 'c'].map((t) => check.next(true, t))).toEqual(['a', 'b', 'c']);
  });

  it.each([undefined, ''])('refuses a truncated page with token %j', (token) => {
    expect(() => new ListingCheck('p/').next(true, token)).toThrow(
      new InvalidListing('the server sent a truncated page without a continuation token'),
    );
  });

  it.each([
    ['the same token twice in a row', ['LOOP', 'LOOP']],
    ['a cycle of three', ['a', 'b', 'c', 'a']],
  ])('refuses %s', (_case, tokens) => {
    const check = new ListingCheck('p/');
    for (const t of tokens.slice(0, -1)) check.next(true, t);
    expect(() => check.next(true, tokens.at(-1))).toThrow(/repeated a continuation token/);
  });

  it('quotes at most 40 characters of a repeated token', () => {
    const check = new ListingCheck('p/');
    const token = `${'x'.repeat(40)}${'y'.repeat(200)}`;
    check.next(true, token);
    let error: unknown;
    try {
      check.next(true, token);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({
      name: 'InvalidListing',
      message: `the server repeated a continuation token ("${'x'.repeat(40)}…"), so the listing would never end`,
    });
  });
});

describe('ListingCheck.page', () => {
  const page = (keys: string[], prefixes: string[] = []) => ({
    objects: keys.map((key) => ({ key, size: 1, etag: '', lastModified: 0 })),
    prefixes,
  });

  it.each<[string, string, ReturnType<typeof page>]>([
    [
      'keys under the prefix, and the prefix itself (its directory node)',
      'site/',
      page(['site/', 'site/a', 'site/b/c']),
    ],
    [
      'a prefix that is no directory: keys that merely start with it',
      'site',
      page(['site', 'site/a', 'sitesite/x']),
    ],
    ['common prefixes under the prefix', 'site/', page(['site/a'], ['site/b/', 'site/c/'])],
    ['anything, when the prefix is empty', '', page(['a', 'b/c'], ['d/'])],
    ['an empty page', 'site/', page([])],
  ])('accepts %s', (_case, prefix, p) => {
    expect(() => new ListingCheck(prefix).page(p)).not.toThrow();
  });

  it.each<[string, string, ReturnType<typeof page>, string]>([
    [
      'a key outside the prefix',
      'site/',
      page(['other/important.txt', 'site/index.html']),
      'the server listed key "other/important.txt", outside the prefix "site/" asked for',
    ],
    [
      'a key that is the prefix without its slash',
      'site/',
      page(['site']),
      'the server listed key "site", outside the prefix "site/" asked for',
    ],
    [
      'a common prefix outside the prefix',
      'site/',
      page(['site/a'], ['other/']),
      'the server listed common prefix "other/", outside the prefix "site/" asked for',
    ],
    [
      'a key with a control character, shown escaped',
      'site/',
      page(['\u001b[2J']),
      'the server listed key "\\x1b[2J", outside the prefix "site/" asked for',
    ],
  ])('refuses %s, naming it', (_case, prefix, p, message) => {
    let error: unknown;
    try {
      new ListingCheck(prefix).page(p);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ name: 'InvalidListing', message });
  });
});
