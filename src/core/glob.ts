// Glob matching for --exclude/--include and per-glob headers, with .gitignore's rule for slashes:
// a pattern without '/' matches a name at any depth (`*.log`, `node_modules`), a pattern with '/'
// matches the whole path from the synced root (`assets/**`, `/index.html`), and a trailing '/'
// matches directories only.
import picomatch from 'picomatch';

export type PathMatcher = (path: string, isDir: boolean) => boolean;

interface ParsedGlob {
  /** The pattern without its leading and trailing '/'. */
  glob: string;
  dirOnly: boolean;
  /** Contains '/': matched against the whole path, not the last name. */
  anchored: boolean;
}

function parseGlob(pattern: string): ParsedGlob {
  let glob = pattern.trim();
  const dirOnly = glob.endsWith('/');
  if (dirOnly) glob = glob.replace(/\/+$/, '');
  const anchored = glob.includes('/');
  if (glob.startsWith('/')) glob = glob.slice(1);
  return { glob, dirOnly, anchored };
}

export function compileGlob(pattern: string): PathMatcher {
  const { glob, dirOnly, anchored } = parseGlob(pattern);
  const isMatch = picomatch(glob, { dot: true, basename: !anchored });
  return (path, isDir) => (!dirOnly || isDir) && isMatch(path);
}

/** True when any pattern matches. Empty list → never. */
export function compileGlobs(patterns: readonly string[]): PathMatcher {
  const matchers = patterns.filter((p) => p.trim() !== '').map(compileGlob);
  if (matchers.length === 0) return () => false;
  return (path, isDir) => matchers.some((m) => m(path, isDir));
}

/** One --include or --exclude, in command-line order. */
export interface FilterRule {
  include: boolean;
  glob: string;
}

/**
 * What an ordered filter makes of a path:
 * - `include`: synced (a rule included it or a directory above it);
 * - `exclude`: not listed, not synced, never deleted; an excluded directory is not walked;
 * - `walk`: a directory no rule decides, walked only because it could hold an included path.
 *   It is not excluded, but nothing includes it in its own right either: a plan may leave it out
 *   when nothing below it is included (so `--include '*.html'` creates no empty directories).
 */
export type FilterDecision = 'include' | 'exclude' | 'walk';

/**
 * rclone's filter order with .gitignore's glob rules. Rules apply in the order given; for each path
 * the first rule that matches it decides. A path no rule matches takes the decision of the nearest
 * directory above it that a rule decided; failing that it is included when there is no --include
 * rule, and excluded (a file) or walked if it could hold an included path (a directory) when there
 * is. Nothing below an excluded directory is included, whatever later rules say: a walk never gets
 * there (as in .gitignore, a file cannot be re-included inside an excluded directory), and a flat S3
 * listing must agree with the walk. Decisions for directories are memoised.
 */
export function classifyPaths(
  rules: readonly FilterRule[],
): (path: string, isDir: boolean) => FilterDecision {
  const compiled = rules
    .filter((r) => r.glob.trim() !== '')
    .map((r) => ({ include: r.include, match: compileGlob(r.glob), parsed: parseGlob(r.glob) }));
  const includes = compiled.filter((r) => r.include);
  if (compiled.length === 0) return () => 'include';
  // With no --include, the default is to include; the root is where the default lives.
  const rootDecision: FilterDecision = includes.length > 0 ? 'walk' : 'include';
  const firstMatch = (path: string, isDir: boolean): FilterDecision | undefined => {
    for (const r of compiled) if (r.match(path, isDir)) return r.include ? 'include' : 'exclude';
    return undefined;
  };
  const dirs = new Map<string, FilterDecision>();
  const parentOf = (path: string): FilterDecision => {
    const slash = path.lastIndexOf('/');
    return slash === -1 ? rootDecision : dirDecision(path.slice(0, slash));
  };
  const dirDecision = (dir: string): FilterDecision => {
    let d = dirs.get(dir);
    if (d === undefined) {
      const parent = parentOf(dir);
      if (parent === 'exclude') d = 'exclude';
      else {
        d = firstMatch(dir, true) ?? (parent === 'include' ? 'include' : undefined);
        d ??= includes.some((r) => couldHoldMatch(r.parsed, dir)) ? 'walk' : 'exclude';
      }
      dirs.set(dir, d);
    }
    return d;
  };
  return (path, isDir) => {
    if (isDir) return dirDecision(path);
    const parent = parentOf(path);
    if (parent === 'exclude') return 'exclude';
    return firstMatch(path, false) ?? (parent === 'include' ? 'include' : 'exclude');
  };
}

/**
 * The ordered filter as the listings use it: true for a file that is excluded and for a directory
 * that is not to be walked. Rules with no --include behave exactly as compileGlobs of the excludes.
 */
export function compileFilter(rules: readonly FilterRule[]): PathMatcher {
  const classify = classifyPaths(rules);
  return (path, isDir) => classify(path, isDir) === 'exclude';
}

/**
 * Whether some path strictly below `dir` could match the include pattern, so the walk must go in.
 * A pattern without '/' matches a name at any depth: always. An anchored one is compared segment by
 * segment with the directory; `**`, or a segment that cannot be split safely (a '/' inside braces or
 * parentheses), means "maybe", which only costs a walk.
 */
function couldHoldMatch(p: ParsedGlob, dir: string): boolean {
  if (!p.anchored) return true;
  const segments = p.glob.split('/');
  if (segments.some((s) => !balanced(s))) return true;
  const parts = dir.split('/');
  for (let i = 0; i < parts.length; i++) {
    const seg = segments[i];
    if (seg === undefined) return false;
    if (seg.includes('**')) return true;
    if (!picomatch.isMatch(parts[i]!, seg, { dot: true })) return false;
  }
  return segments.length > parts.length;
}

function balanced(segment: string): boolean {
  let depth = 0;
  for (const c of segment) {
    if (c === '{' || c === '(') depth++;
    else if (c === '}' || c === ')') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/**
 * An exclude filter that also excludes everything under an excluded directory, for listings that
 * arrive flat (S3) rather than as a walk that can prune. Results per directory are memoised.
 */
export function excludeWithAncestors(match: PathMatcher): PathMatcher {
  const dirCache = new Map<string, boolean>();
  const dirExcluded = (dir: string): boolean => {
    let v = dirCache.get(dir);
    if (v === undefined) {
      const slash = dir.lastIndexOf('/');
      v = (slash !== -1 && dirExcluded(dir.slice(0, slash))) || match(dir, true);
      dirCache.set(dir, v);
    }
    return v;
  };
  return (path, isDir) => {
    const slash = path.lastIndexOf('/');
    return (
      (slash !== -1 && dirExcluded(path.slice(0, slash))) || (isDir ? dirExcluded(path) : match(path, false))
    );
  };
}
