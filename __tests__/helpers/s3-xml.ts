// The S3 XML the fault proxy writes (error documents) or rewrites (ListObjectsV2 pages with injected
// keys or replaced ETags). Regular expressions, not a parser: the proxy must pass through exactly what
// the server sent apart from the change it makes.

export interface InjectedKey {
  key: string;
  size?: number;
  etag?: string;
}

/** S3's error document; `details` become extra elements after `Message` (e.g. `Region`, `ServerTime`). */
export function errorXml(code: string, message: string, details: Record<string, string> = {}): string {
  const extra = Object.entries(details)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message>${extra}` +
    '<RequestId>FAULTPROXY</RequestId><HostId>FAULTPROXY</HostId></Error>'
  );
}

/**
 * Replaces the ETag of the named keys (given without quotes) in a listing page, and the LastModified of
 * those named in `modified`.
 */
export function setListedEtags(
  xml: string,
  etags: Record<string, string>,
  modified: Record<string, Date> = {},
): string {
  return mapListedContents(xml, (key, contents) => {
    const etag = etags[key];
    const at = modified[key];
    let out = contents;
    if (etag !== undefined)
      out = out.replace(/<ETag>[\s\S]*?<\/ETag>/, `<ETag>${escapeXml(`"${etag}"`)}</ETag>`);
    if (at)
      out = out.replace(
        /<LastModified>[\s\S]*?<\/LastModified>/,
        `<LastModified>${at.toISOString()}</LastModified>`,
      );
    return out;
  });
}

/** A listing page made to say it goes on, with `token` as its continuation token (or none). */
export function truncatedWithToken(xml: string, token: string | undefined): string {
  const next =
    token === undefined ? '' : `<NextContinuationToken>${escapeXml(token)}</NextContinuationToken>`;
  return xml
    .replace(/<NextContinuationToken>[\s\S]*?<\/NextContinuationToken>/, '')
    .replace(/<IsTruncated>[^<]*<\/IsTruncated>/, '<IsTruncated>true</IsTruncated>')
    .replace('</ListBucketResult>', `${next}</ListBucketResult>`);
}

/** Rewrites the ETag (unquoted) of every listed object through `f(key, etag)`. */
export function mapListedEtags(xml: string, f: (key: string, etag: string) => string): string {
  return mapListedContents(xml, (key, contents) => {
    const etag = unescapeXml(/<ETag>([\s\S]*?)<\/ETag>/.exec(contents)?.[1] ?? '').replace(/"/g, '');
    const next = f(key, etag);
    if (next === etag) return contents;
    return contents.replace(/<ETag>[\s\S]*?<\/ETag>/, `<ETag>${escapeXml(`"${next}"`)}</ETag>`);
  });
}

/** Rewrites each listed object's `<Contents>` element through `f(key, element)`. */
function mapListedContents(xml: string, f: (key: string, contents: string) => string): string {
  return xml.replace(/<Contents>[\s\S]*?<\/Contents>/g, (contents) =>
    f(unescapeXml(/<Key>([\s\S]*?)<\/Key>/.exec(contents)?.[1] ?? ''), contents),
  );
}

/** S3 lists keys in the byte order of their UTF-8 encoding, not JS string (UTF-16) order. */
function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Adds `keys` to a ListObjectsV2 page: each goes into the page whose key range holds it, and only if it
 * starts with the request's `prefix`. `pageStarts` maps each NextContinuationToken seen to the last key
 * of the page that returned it, so the page fetched with that token knows where it starts.
 */
export function injectKeys(
  xml: string,
  keys: InjectedKey[],
  url: string,
  pageStarts: Map<string, string>,
): string {
  const q = new URL(url, 'http://x').searchParams;
  const token = q.get('continuation-token');
  const after = token !== null ? pageStarts.get(token) : (q.get('start-after') ?? undefined);
  const prefix = q.get('prefix') ?? '';
  const contents = [...xml.matchAll(/<Contents>[\s\S]*?<\/Contents>/g)].map((m) => ({
    xml: m[0],
    key: unescapeXml(/<Key>([\s\S]*?)<\/Key>/.exec(m[0])?.[1] ?? ''),
  }));
  const next = /<NextContinuationToken>([\s\S]*?)<\/NextContinuationToken>/.exec(xml)?.[1];
  const lastKey = contents.at(-1)?.key;
  if (next !== undefined && lastKey !== undefined) pageStarts.set(unescapeXml(next), lastKey);
  // A truncated page ends at its last key; later keys belong to the next page.
  const upTo = next !== undefined ? lastKey : undefined;

  const extra = keys
    .filter((k) => k.key.startsWith(prefix))
    .filter((k) => after === undefined || compareKeys(k.key, after) > 0)
    .filter((k) => upTo === undefined || compareKeys(k.key, upTo) <= 0)
    .map((k) => ({ key: k.key, xml: contentsXml(k) }));
  if (extra.length === 0) return xml;

  // Insert each key before the first listed key above it, leaving the server's own order as it was.
  const merged = [...contents];
  for (const e of extra.sort((a, b) => compareKeys(a.key, b.key))) {
    const at = merged.findIndex((c) => compareKeys(c.key, e.key) > 0);
    merged.splice(at === -1 ? merged.length : at, 0, e);
  }
  const body = merged.map((c) => c.xml).join('');
  const withoutContents = xml.replace(/<Contents>[\s\S]*?<\/Contents>/g, '');
  return withoutContents
    .replace(/<KeyCount>\d+<\/KeyCount>/, `<KeyCount>${merged.length}</KeyCount>`)
    .replace('</ListBucketResult>', `${body}</ListBucketResult>`);
}

function contentsXml(k: InjectedKey): string {
  return (
    `<Contents><Key>${escapeXml(k.key)}</Key><LastModified>${new Date(0).toISOString()}</LastModified>` +
    `<ETag>${escapeXml(k.etag ?? '"d41d8cd98f00b204e9800998ecf8427e"')}</ETag><Size>${k.size ?? 0}</Size>` +
    '<StorageClass>STANDARD</StorageClass></Contents>'
  );
}

/** Escapes markup, and writes control characters (NUL included) as numeric references. */
export function escapeXml(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must be escaped.
  return s.replace(/[&<>"'\u0000-\u001f]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function unescapeXml(s: string): string {
  return s.replace(/&(#x?[0-9a-f]+|lt|gt|amp|quot|apos);/gi, (_, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (e[0] !== '#') return named[e.toLowerCase()]!;
    return String.fromCodePoint(
      e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
    );
  });
}
