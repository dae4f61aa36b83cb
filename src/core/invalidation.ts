// CloudFront invalidation paths for the keys a sync changed: what `aws cloudfront create-invalidation
// --paths` and CreateInvalidation accept as they are. Pure; the request itself is in run/invalidate.ts.

/**
 * Above this many paths one wildcard replaces the list: CloudFront allows 3,000 file paths in progress
 * per distribution, a long list costs per path after the first 1,000 a month, and a wildcard counts as
 * one path.
 */
export const MAX_INVALIDATION_PATHS = 1000;

/** What replaces a list longer than MAX_INVALIDATION_PATHS: everything the distribution serves. */
export const INVALIDATE_ALL = '/*';

/**
 * The URL paths of `keys` under `prefix` (the destination prefix, '' or ending in '/'), which the
 * distribution serves from its origin root: a leading `/`, the prefix stripped, each segment
 * percent-encoded (see encodeSegment), plus the directory URL (`/a/b/`, or `/`) of every changed
 * `index.html`. Sorted and without duplicates; `['/*']` when there would be more than `max`. A key
 * outside the prefix cannot be served by it and is left out.
 */
export function invalidationPaths(
  keys: Iterable<string>,
  prefix: string,
  max = MAX_INVALIDATION_PATHS,
): string[] {
  const paths = new Set<string>();
  for (const key of keys) {
    if (!key.startsWith(prefix)) continue;
    const rel = key.slice(prefix.length);
    if (rel === '') continue; // the prefix's own directory node: no URL of its own
    const path = `/${rel.split('/').map(encodeSegment).join('/')}`;
    paths.add(path);
    // Servers and CloudFront's default root object serve index.html for the directory URL too.
    if (path === '/index.html' || path.endsWith('/index.html'))
      paths.add(path.slice(0, -'index.html'.length));
  }
  if (paths.size > max) return [INVALIDATE_ALL];
  return [...paths].sort();
}

/**
 * One path segment as RFC 3986 writes it (`pchar`): unreserved characters, sub-delimiters, `:` and `@`
 * stay as they are, everything else (space, `%`, `#`, `?`, `"`, `<`, `>`, `[`, `]`, `{`, `}`, `|`, `\`,
 * `^`, `` ` ``, controls, non-ASCII as UTF-8) becomes `%XX`. CloudFront matches an invalidation path
 * against the request URL and says not to encode characters that need no encoding, so `@` in
 * `logo@2x.png` stays; it rejects a raw space, and `*` means a wildcard (only as the last character),
 * so a literal `*` is encoded too.
 */
export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment)
    .replace(/%(24|26|2B|2C|3B|3D|3A|40)/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/\*/g, '%2A');
}
