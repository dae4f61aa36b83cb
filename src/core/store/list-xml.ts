// Reads one ListObjectsV2 answer straight from its bytes. Why not an XML library (the SDK's
// fast-xml-parser): a page of 1,000 keys became a tree of objects, then the SDK's typed copy with a Date
// per key, all garbage a moment later; on a 100,000-key listing that churn set the process's peak memory
// (about 70 MB of it) and a third of its CPU. S3's answer is a fixed, flat shape whose text never holds
// `<` (XML escapes it), so each field is the bytes between its tags. Each value is decoded into a string
// of its own, never a slice that would keep the whole page alive. Tested against the SDK's own parse of
// the same answers on s3rver and moto (__tests__/store-list.test.ts); its edge cases in
// __tests__/unit/list-xml.test.ts.
import { unquoteEtag } from '../etag.js';
import { decodeListed, xmlText } from './http.js';
import type { ListPage } from './types.js';

export interface ParsedListPage extends ListPage {
  truncated: boolean;
  nextToken?: string;
}

const tag = (name: string) => [Buffer.from(`<${name}>`), Buffer.from(`</${name}>`)] as const;
const CONTENTS = tag('Contents');
const COMMON = tag('CommonPrefixes');
const KEY = tag('Key');
const SIZE = tag('Size');
const ETAG = tag('ETag');
const MODIFIED = tag('LastModified');
const PREFIX = tag('Prefix');
const TRUNCATED = tag('IsTruncated');
const NEXT = tag('NextContinuationToken');
const ENCODING = tag('EncodingType');
const ROOT = Buffer.from('<ListBucketResult');
const END = Buffer.from('</ListBucketResult>');

class BadListing extends Error {
  override name = 'InvalidListing';
}

const QUOTE = Buffer.from('"');
const QUOTE_ESCAPED = Buffer.from('&quot;');

/**
 * The decoded text of the first `name` element in [from, to), or undefined when there is none. With
 * `quoted`, the quotes around it (an ETag's, raw or escaped) are left out of the string: cutting them
 * off the decoded text instead makes a slice that keeps the quoted text alive beside it, per object.
 */
function field(
  buf: Buffer,
  t: readonly [Buffer, Buffer],
  from: number,
  to: number,
  quoted = false,
): string | undefined {
  const open = buf.indexOf(t[0], from);
  if (open === -1 || open >= to) return undefined;
  let start = open + t[0].length;
  let end = buf.indexOf(t[1], start);
  if (end === -1 || end > to) throw new BadListing(`the server's listing is cut inside ${t[0]}`);
  if (quoted)
    for (const q of [QUOTE, QUOTE_ESCAPED])
      if (
        end - start >= 2 * q.length &&
        q.compare(buf, start, start + q.length) === 0 &&
        q.compare(buf, end - q.length, end) === 0
      ) {
        start += q.length;
        end -= q.length;
        break;
      }
  const text = buf.toString('utf8', start, end);
  return text.includes('&') ? xmlText(text) : text;
}

/** Every [start, end) of `t`'s elements in the body, in order. */
function* blocks(buf: Buffer, t: readonly [Buffer, Buffer]): Generator<[number, number]> {
  let pos = 0;
  for (;;) {
    const open = buf.indexOf(t[0], pos);
    if (open === -1) return;
    const end = buf.indexOf(t[1], open);
    if (end === -1) throw new BadListing(`the server's listing is cut inside ${t[0]}`);
    yield [open + t[0].length, end];
    pos = end + t[1].length;
  }
}

export function parseListPage(buf: Buffer): ParsedListPage {
  if (buf.indexOf(ROOT) === -1)
    throw new BadListing(
      `the server answered a listing with something else: ${buf.toString('utf8', 0, 120)}`,
    );
  const encoded = field(buf, ENCODING, 0, buf.length) === 'url';
  const objects: ListPage['objects'] = [];
  for (const [from, to] of blocks(buf, CONTENTS)) {
    const key = field(buf, KEY, from, to);
    const size = Number(field(buf, SIZE, from, to));
    const modified = Date.parse(field(buf, MODIFIED, from, to) ?? '');
    if (key === undefined || !Number.isSafeInteger(size) || size < 0 || Number.isNaN(modified))
      throw new BadListing(
        `the server listed an object without a key, size or date: ${buf.toString('utf8', from, to)}`,
      );
    objects.push({
      key: decodeListed(key, encoded),
      size,
      etag: unquoteEtag(field(buf, ETAG, from, to, true)),
      lastModified: modified,
    });
  }
  const prefixes: string[] = [];
  for (const [from, to] of blocks(buf, COMMON)) {
    const p = field(buf, PREFIX, from, to);
    if (p !== undefined) prefixes.push(decodeListed(p, encoded));
  }
  // A body cut short after a whole <Contents> would otherwise read as a shorter, complete page.
  // (An absent IsTruncated reads as false, as the SDK reads it; a value other than true or false fails.)
  const flag = field(buf, TRUNCATED, 0, buf.length);
  if (buf.lastIndexOf(END) === -1)
    throw new BadListing(`the server's listing page is incomplete (it has no end tag)`);
  if (flag !== undefined && flag !== 'true' && flag !== 'false')
    throw new BadListing(`the server's listing says IsTruncated ${JSON.stringify(flag)}`);
  const truncated = flag === 'true';
  const nextToken = truncated ? field(buf, NEXT, 0, buf.length) : undefined;
  return { objects, prefixes, truncated, nextToken };
}
