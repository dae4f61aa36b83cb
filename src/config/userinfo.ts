// Credentials in a URL setting (an endpoint or a proxy, `scheme://user:password@host`): how messages
// show such a value, and which strings a front end must hide. Values that are not valid URLs still go
// into messages (the error that rejects them), so neither rule may rely on the value parsing: a raw
// `@` or `/` in a password, or a missing scheme, must not let any of it through.

const SCHEME = /^\s*[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The user information of a value as it is written: everything between `scheme://` (or the start)
 * and the last `@`. The last, not the first: Node's URL parser takes `user:p@ss@host` as password
 * `p@ss`, and a `/` in a password makes the value fail to parse, so the end of the authority cannot
 * be trusted to bound it. Undefined when there is no `@` after the scheme.
 */
function userinfoSpan(value: string): { start: number; end: number } | undefined {
  const start = SCHEME.exec(value)?.[0].length ?? 0;
  const end = value.lastIndexOf('@');
  return end >= start ? { start, end } : undefined;
}

/**
 * The value with its password shown as `****` (`http://user:****@host`); a user information without
 * a `:` is all masked, since a lone token in that place is a credential as well.
 */
export function maskUrlPassword(value: string): string {
  const span = userinfoSpan(value);
  if (!span) return value;
  const userinfo = value.slice(span.start, span.end);
  const colon = userinfo.indexOf(':');
  const shown = colon === -1 ? '****' : `${userinfo.slice(0, colon)}:****`;
  return `${value.slice(0, span.start)}${shown}${value.slice(span.end)}`;
}

/**
 * Every form in which the value's password may appear in a message: as written, percent-decoded, and
 * as the URL parser re-encodes it (what a serialised URL shows). A value without a scheme is read as
 * http://, as the proxy settings take it.
 */
export function urlSecrets(value: string): string[] {
  const span = userinfoSpan(value);
  if (!span) return [];
  const userinfo = value.slice(span.start, span.end);
  const colon = userinfo.indexOf(':');
  const written = colon === -1 ? userinfo : userinfo.slice(colon + 1);
  const found = [written, safeDecode(written)];
  const text = value.trim();
  try {
    const url = new URL(SCHEME.test(text) ? text : `http://${text}`);
    const parsed = url.password || (colon === -1 ? url.username : '');
    found.push(parsed, safeDecode(parsed));
  } catch {
    // Not a URL: the written forms are all there is.
  }
  return [...new Set(found.filter((s) => s !== ''))];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
