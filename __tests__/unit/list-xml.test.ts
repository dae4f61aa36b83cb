// The ListObjectsV2 reader's edge cases, on answers written out by hand (the agreement with the SDK's
// parser on real servers is __tests__/store-list.test.ts).
import { describe, expect, it } from 'vitest';
import { xmlText } from '../../src/core/store/http.js';
import { parseListPage } from '../../src/core/store/list-xml.js';

const page = (body: string, tail = '</ListBucketResult>') =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>p/</Prefix>${body}${tail}`,
  );
const obj = (key: string, extra = '') =>
  `<Contents><Key>${key}</Key><LastModified>2026-12-02T10:00:00.000Z</LastModified><ETag>&quot;0123456789abcdef0123456789abcdef&quot;</ETag><Size>5</Size><Owner><ID>x</ID></Owner><StorageClass>STANDARD</StorageClass>${extra}</Contents>`;

describe('parseListPage', () => {
  it('reads keys, sizes, ETags and times, and the continuation token', () => {
    const p = parseListPage(
      page(
        `<IsTruncated>true</IsTruncated><NextContinuationToken>tok+/=</NextContinuationToken>${obj('p/a&amp;b&lt;c&gt;&#233;&#x65E5;')}`,
      ),
    );
    expect(p.objects).toEqual([
      {
        key: 'p/a&b<c>é日',
        size: 5,
        etag: '0123456789abcdef0123456789abcdef',
        lastModified: Date.parse('2026-12-02T10:00:00.000Z'),
      },
    ]);
    expect(p.truncated).toBe(true);
    expect(p.nextToken).toBe('tok+/=');
  });

  it('decodes url-encoded keys and common prefixes, and never takes the request Prefix for one', () => {
    const p = parseListPage(
      page(
        `<EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>${obj('p/sp+ace%0Dcr%2B')}<CommonPrefixes><Prefix>p/d%20ir/</Prefix></CommonPrefixes>`,
      ),
    );
    expect(p.objects.map((o) => o.key)).toEqual(['p/sp ace\rcr+']);
    expect(p.prefixes).toEqual(['p/d ir/']);
    expect(p.truncated).toBe(false);
  });

  it('reads an ETag quoted, escaped, weak, upper case or bare as the same lower-case hex', () => {
    const hex = '0123456789abcdef0123456789abcdef';
    const withEtag = (etag: string) =>
      page(
        `<Contents><Key>p/a</Key><LastModified>2026-12-02T10:00:00.000Z</LastModified><ETag>${etag}</ETag><Size>5</Size></Contents>`,
      );
    for (const etag of [
      `"${hex}"`,
      `&quot;${hex}&quot;`,
      `&#34;${hex}&#34;`,
      hex,
      `"${hex.toUpperCase()}"`,
      `W/"${hex}"`,
    ])
      expect(parseListPage(withEtag(etag)).objects[0]?.etag, etag).toBe(hex);
    // Only a pair of quotes is taken off: a lone or empty one is kept as text, never read past.
    expect(parseListPage(withEtag(`"${hex}`)).objects[0]?.etag).toBe(hex);
    expect(parseListPage(withEtag('"')).objects[0]?.etag).toBe('');
    expect(parseListPage(withEtag('')).objects[0]?.etag).toBe('');
    expect(parseListPage(withEtag(`${hex}-12`)).objects[0]?.etag).toBe(`${hex}-12`);
  });

  it('reads an absent IsTruncated as false, as the SDK does', () => {
    expect(parseListPage(page(obj('p/a'))).truncated).toBe(false);
  });

  it('refuses a page cut short, even right after a whole object', () => {
    expect(() => parseListPage(page(`<IsTruncated>false</IsTruncated>${obj('p/a')}`, ''))).toThrow(
      /incomplete/,
    );
    expect(() => parseListPage(page(`<IsTruncated>false</IsTruncated><Contents><Key>p/a</Key>`, ''))).toThrow(
      /cut inside/,
    );
  });

  it('refuses an object without a key, size or date, a strange IsTruncated, and a body that is no listing', () => {
    expect(() => parseListPage(page('<Contents><Key>p/a</Key></Contents>'))).toThrow(
      /without a key, size or date/,
    );
    expect(() => parseListPage(page('<IsTruncated>maybe</IsTruncated>'))).toThrow(/IsTruncated "maybe"/);
    expect(() => parseListPage(Buffer.from('<html>proxy error</html>'))).toThrow(/something else/);
  });
});

describe('xmlText, as the listing reader uses it', () => {
  it('decodes the five named entities and numeric references, and leaves other text alone', () => {
    expect(xmlText('&amp;&lt;&gt;&quot;&apos;&#38;&#x26;&#128512;')).toBe('&<>"\'&&😀');
    expect(xmlText('plain & not an entity;')).toBe('plain & not an entity;');
  });
});
