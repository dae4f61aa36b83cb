// Glob matching for --exclude and per-glob headers, with .gitignore's rule for slashes:
// a pattern without '/' matches a name at any depth (`*.log`, `node_modules`), a pattern with '/'
// matches the whole path from the synced root (`assets/**`, `/index.html`), and a trailing '/'
// matches directories only.
import picomatch from 'picomatch';

export type PathMatcher = (path: string, isDir: boolean) => boolean;

export function compileGlob(pattern: string): PathMatcher {
  let glob = pattern.trim();
  const dirOnly = glob.endsWith('/');
  if (dirOnly) glob = glob.replace(/\/+$/, '');
  const anchored = glob.includes('/');
  if (glob.startsWith('/')) glob = glob.slice(1);
  const isMatch = picomatch(glob, { dot: true, basename: !anchored });
  return (path, isDir) => (!dirOnly || isDir) && isMatch(path);
}

/** True when any pattern matches. Empty list → never. */
export function compileGlobs(patterns: readonly string[]): PathMatcher {
  const matchers = patterns.filter((p) => p.trim() !== '').map(compileGlob);
  if (matchers.length === 0) return () => false;
  return (path, isDir) => matchers.some((m) => m(path, isDir));
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
