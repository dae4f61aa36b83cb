// Walks the cached roots into manifest-shaped entries (no hashes yet), sorted by path so packs come out
// the same for the same tree.
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import nodePath from 'node:path';
import { errorCode } from '../core/errors.js';
import { lstat, readlink } from '../core/fastfs.js';
import { isTempName } from '../core/temps.js';
import type { Stamp } from './restored.js';

export interface ScannedEntry {
  root: number;
  path: string;
  kind: 'file' | 'dir' | 'symlink';
  mode: number;
  mtime: number;
  size: number;
  target?: string;
  /** Absolute local path. */
  fsPath: string;
  /** The stat that identifies this version of the file (see restored.ts). */
  stamp: Stamp;
}

export interface ScanResult {
  entries: ScannedEntry[];
  /** Roots that do not exist (not an error: a cache of nothing is saved without them). */
  missing: number[];
  warnings: string[];
}

export async function scanRoots(rootPaths: readonly string[]): Promise<ScanResult> {
  const result: ScanResult = { entries: [], missing: [], warnings: [] };
  for (const [root, top] of rootPaths.entries()) {
    let st: Awaited<ReturnType<typeof lstat>>;
    try {
      st = await lstat(top);
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw err;
      result.missing.push(root);
      continue;
    }
    const rootEntry = entryOf(root, '', top, st);
    if (!rootEntry) {
      result.warnings.push(`${top}: not a file, directory or symlink; skipped`);
      continue;
    }
    if (rootEntry.kind === 'symlink') rootEntry.target = await readlink(top);
    result.entries.push(rootEntry);
    if (rootEntry.kind === 'dir') await walk(root, '', top, result);
  }
  return result;
}

async function walk(root: number, rel: string, dir: string, out: ScanResult): Promise<void> {
  let names: Dirent[];
  try {
    names = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    out.warnings.push(`${dir}: cannot read (${errorCode(err) ?? (err as Error).message}); skipped`);
    return;
  }
  names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found = await Promise.all(
    names
      .filter((d) => !isTempName(d.name))
      .map(async (d) => {
        const path = rel === '' ? d.name : `${rel}/${d.name}`;
        const fsPath = nodePath.join(dir, d.name);
        const st = await lstat(fsPath);
        const e = entryOf(root, path, fsPath, st);
        if (e?.kind === 'symlink') e.target = await readlink(fsPath);
        return { e, fsPath, path };
      }),
  );
  for (const { e, fsPath, path } of found) {
    if (!e) {
      out.warnings.push(`${fsPath}: not a file, directory or symlink; skipped`);
      continue;
    }
    out.entries.push(e);
    if (e.kind === 'dir') await walk(root, path, fsPath, out);
  }
}

function entryOf(
  root: number,
  path: string,
  fsPath: string,
  st: {
    mode: number;
    mtimeMs: number;
    ctimeMs: number;
    ino: number;
    dev: number;
    size: number;
    isFile(): boolean;
    isDirectory(): boolean;
    isSymbolicLink(): boolean;
  },
): ScannedEntry | undefined {
  const kind = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : undefined;
  if (!kind) return undefined;
  return {
    root,
    path,
    kind,
    mode: st.mode & 0o7777,
    mtime: Math.round(st.mtimeMs),
    size: kind === 'file' ? st.size : 0,
    fsPath,
    stamp: { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, dev: st.dev },
  };
}
