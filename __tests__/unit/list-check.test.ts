// store/list-check.ts: what every ListObjectsV2 page must hold before a sync trusts it.
import { describe, expect, it } from 'vitest';
import { InvalidListing, ListingCheck } from '../../src/core/store/list-check.js';

describe('ListingCheck.next', () => {
  it('ends the listing at a page that is not truncated, whatever token it carries', () => {
    const check = new ListingCheck();
    expect(check.next(false, undefined)).toBeUndefined();
    expect(check.next(undefined, 'stray')).toBeUndefined();
  });

  it('follows each new token', () => {
    const check = new ListingCheck();
    expect(['a', 'b', 'c'].map((t) => check.next(true, t))).toEqual(['a', 'b', 'c']);
  });

  it.each([undefined, ''])('refuses a truncated page with token %j', (token) => {
    expect(() => new ListingCheck().next(true, token)).toThrow(
      new InvalidListing('the server sent a truncated page without a continuation token'),
    );
  });

  it.each([
    ['the same token twice in a row', ['LOOP', 'LOOP']],
    ['a cycle of three', ['a', 'b', 'c', 'a']],
  ])('refuses %s', (_case, tokens) => {
    const check = new ListingCheck();
    for (const t of tokens.slice(0, -1)) check.next(true, t);
    expect(() => check.next(true, tokens.at(-1))).toThrow(/repeated a continuation token/);
  });

  it('quotes at most 40 characters of a repeated token', () => {
    const check = new ListingCheck();
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
