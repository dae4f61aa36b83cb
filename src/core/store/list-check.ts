// What a ListObjectsV2 answer must hold before a sync trusts it, checked page by page by both stores
// (signed.ts, sdk.ts) with one ListingCheck per listing. A server (or a proxy) that ignores `prefix=`
// lists keys of other trees, which tree/s3.ts would cut into nonsense paths and plan as deletes; one
// that hands back a continuation token it gave before would be followed forever, each page held in
// memory. Breaking either rule is an InvalidListing: the listing fails, and with it the run, before
// anything is planned or deleted. Messages leave out the bucket and prefix: the tree stage adds them
// (tree/s3.ts).
import { printable } from '../keys.js';
import type { ListPage } from './types.js';

export class InvalidListing extends Error {
  override name = 'InvalidListing';
}

/** Longest part of a token quoted in a message: real ones run to hundreds of characters. */
const TOKEN_SHOWN = 40;

export class ListingCheck {
  /** Every token followed so far: a cycle of any length repeats one of them. */
  private readonly tokens = new Set<string>();

  constructor(private readonly prefix: string) {}

  /** Refuses a page with a key, or (with a delimiter) a common prefix, outside the prefix asked for. */
  page(page: ListPage): void {
    if (this.prefix === '') return;
    for (const o of page.objects) if (!o.key.startsWith(this.prefix)) this.outside('key', o.key);
    for (const p of page.prefixes) if (!p.startsWith(this.prefix)) this.outside('common prefix', p);
  }

  private outside(what: string, name: string): never {
    throw new InvalidListing(
      `the server listed ${what} "${printable(name)}", outside the prefix "${printable(this.prefix)}" asked for`,
    );
  }

  /** The token of the next page, if the page was truncated; a truncated page needs a token never seen. */
  next(truncated: boolean | undefined, token: string | undefined): string | undefined {
    if (!truncated) return undefined;
    if (!token) throw new InvalidListing('the server sent a truncated page without a continuation token');
    if (this.tokens.has(token)) {
      const shown = token.length > TOKEN_SHOWN ? `${token.slice(0, TOKEN_SHOWN)}…` : token;
      throw new InvalidListing(
        `the server repeated a continuation token (${JSON.stringify(shown)}), so the listing would never end`,
      );
    }
    this.tokens.add(token);
    return token;
  }
}
