// Per-object HTTP headers for uploads: Content-Type from the extension, Cache-Control by glob.
import { UsageError } from './errors.js';
import { compileGlob } from './glob.js';
import type { HeaderRule } from './types.js';

export type HeaderLookup = (path: string) => { contentType: string; cacheControl?: string };

// mime-types parses its database and ranks every type when it is loaded (about 10 ms here), which a
// run with nothing to send should not pay: loaded by loadContentTypes() once a plan has actions.
let contentTypeOf: ((name: string) => string | false) | undefined;

export async function loadContentTypes(): Promise<void> {
  contentTypeOf ??= (await import('mime-types')).contentType;
}

export function headerLookup(
  rules: readonly HeaderRule[],
  extraTypes?: Record<string, string>,
): HeaderLookup {
  const compiled = rules.map((r) => ({ match: r.glob ? compileGlob(r.glob) : () => true, value: r.value }));
  return (path) => {
    const typeOf = contentTypeOf;
    if (!typeOf) throw new Error('a Content-Type looked up before loadContentTypes()');
    const dot = path.lastIndexOf('.');
    const ext = dot > path.lastIndexOf('/') ? path.slice(dot + 1).toLowerCase() : '';
    const contentType =
      (ext && extraTypes?.[ext]) ||
      typeOf(path.slice(path.lastIndexOf('/') + 1)) ||
      'application/octet-stream';
    return { contentType, cacheControl: compiled.find((r) => r.match(path, false))?.value };
  };
}

/** Cache-Control directives (RFC 9111 §5.2, RFC 8246, RFC 5861) and whether each takes a number. */
const DIRECTIVES: ReadonlyMap<string, boolean> = new Map([
  ['max-age', true],
  ['s-maxage', true],
  ['stale-while-revalidate', true],
  ['stale-if-error', true],
  ['max-stale', true],
  ['min-fresh', true],
  ['no-cache', false],
  ['no-store', false],
  ['no-transform', false],
  ['public', false],
  ['private', false],
  ['must-revalidate', false],
  ['proxy-revalidate', false],
  ['must-understand', false],
  ['immutable', false],
  ['only-if-cached', false],
]);

/**
 * Parses `--cache-control` values: `NAME=VALUE` applies VALUE to paths matching the glob NAME, a
 * plain VALUE to all. A value may itself contain '=' (`max-age=60`), so the text before the first
 * '=' decides: a Cache-Control directive name (`max-age`) or a list (`public, max-age`) makes the
 * whole text a value; any other single path segment or glob (`CNAME`, `*.html`, `assets/**`) is a
 * rule, and its VALUE must then read as Cache-Control. What fits neither is refused rather than
 * sent as a header nobody meant.
 */
export function parseHeaderRules(values: readonly string[]): HeaderRule[] {
  return (
    values
      .map((v) => v.trim())
      .filter((v) => v !== '')
      .map(parseHeaderRule)
      // Specific globs first: a plain value is the fallback whatever order the user gave.
      .sort((a, b) => Number(a.glob === undefined) - Number(b.glob === undefined))
  );
}

function parseHeaderRule(text: string): HeaderRule {
  const eq = text.indexOf('=');
  if (eq < 0) return { value: text };
  const left = text.slice(0, eq).trim();
  const right = text.slice(eq + 1).trim();
  const refuse = (why: string) =>
    new UsageError(
      `--cache-control '${text}': ${why}; write GLOB=VALUE (e.g. '*.html=no-cache') or a plain VALUE`,
    );
  if (left.includes(',')) return { value: text };
  const takesNumber = DIRECTIVES.get(left.toLowerCase());
  if (takesNumber !== undefined) {
    if (takesNumber && /^"?\d+"?$/.test(right)) return { value: text };
    throw refuse(
      `'${left}' is a Cache-Control directive${takesNumber ? ' that takes a number of seconds' : ' without a value'}, and '${right}' is not one`,
    );
  }
  if (left === '' || /\s/.test(left))
    throw refuse(`'${left}' is neither a glob nor a Cache-Control directive`);
  if (right === '') throw refuse(`no value for '${left}'`);
  const unknown = right
    .split(',')
    .map((d) => d.trim())
    .find((d) => {
      const m = /^([A-Za-z-]+)(?:=(.+))?$/.exec(d);
      const takesNumber = m && DIRECTIVES.get((m[1] ?? '').toLowerCase());
      return (
        !m || takesNumber === undefined || (takesNumber ? !/^\d+$/.test(m[2] ?? '') : m[2] !== undefined)
      );
    });
  if (unknown !== undefined) throw refuse(`'${unknown}' is not a Cache-Control directive`);
  return { glob: left, value: right };
}
