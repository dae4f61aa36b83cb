// The paths a cache holds, as given (`node_modules`, `~/.npm`), and where they are on this machine.
import os from 'node:os';
import nodePath from 'node:path';
import { UsageError } from '../core/errors.js';

/** Trimmed, blank lines dropped, duplicates refused; globs are not supported and said so. */
export function checkRoots(paths: readonly string[]): string[] {
  const roots = paths.map((p) => p.trim()).filter((p) => p !== '');
  if (roots.length === 0) throw new UsageError('no PATH to cache: give at least one directory');
  const seen = new Set<string>();
  for (const r of roots) {
    if (/[*?[\]{}]/.test(r)) throw new UsageError(`path "${r}": globs are not supported, name directories`);
    if (r.includes('\0')) throw new UsageError(`path "${r}": contains NUL`);
    if (seen.has(r)) throw new UsageError(`path "${r}" is given twice`);
    seen.add(r);
  }
  return roots;
}

/** `~` and `~/x` are the home directory; anything else is relative to cwd. */
export function rootPath(root: string, cwd: string): string {
  if (root === '~' || root.startsWith('~/')) return nodePath.join(os.homedir(), root.slice(1));
  return nodePath.resolve(cwd, root);
}

export function sameRoots(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((r, i) => r === b[i]);
}
