// Per-object HTTP headers for uploads: Content-Type from the extension, Cache-Control by glob.
import mime from 'mime-types';
import { compileGlob } from './glob.js';
import type { HeaderRule } from './types.js';

export type HeaderLookup = (path: string) => { contentType: string; cacheControl?: string };

export function headerLookup(
  rules: readonly HeaderRule[],
  extraTypes?: Record<string, string>,
): HeaderLookup {
  const compiled = rules.map((r) => ({ match: r.glob ? compileGlob(r.glob) : () => true, value: r.value }));
  return (path) => {
    const dot = path.lastIndexOf('.');
    const ext = dot > path.lastIndexOf('/') ? path.slice(dot + 1).toLowerCase() : '';
    const contentType =
      (ext && extraTypes?.[ext]) ||
      mime.contentType(path.slice(path.lastIndexOf('/') + 1)) ||
      'application/octet-stream';
    return { contentType, cacheControl: compiled.find((r) => r.match(path, false))?.value };
  };
}

/**
 * Parses `--cache-control` values: `GLOB=VALUE` applies to matching paths, a plain VALUE to all.
 * A value may itself contain '=' (`max-age=60`), so only a left side that looks like a glob or path
 * (contains one of `*?[{/.`) and no spaces or commas makes the form `GLOB=VALUE`.
 */
export function parseHeaderRules(values: readonly string[]): HeaderRule[] {
  return (
    values
      .map((v) => v.trim())
      .filter((v) => v !== '')
      .map((v) => {
        const eq = v.indexOf('=');
        const left = eq > 0 ? v.slice(0, eq) : '';
        if (left && /[*?[{/.]/.test(left) && !/[\s,]/.test(left))
          return { glob: left, value: v.slice(eq + 1).trim() };
        return { value: v };
      })
      // Specific globs first: a plain value is the fallback whatever order the user gave.
      .sort((a, b) => Number(a.glob === undefined) - Number(b.glob === undefined))
  );
}
