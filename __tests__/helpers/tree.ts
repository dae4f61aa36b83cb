// Build and read local directory trees, so a test states a whole tree as one object literal and asserts
// the whole result (rclone's CheckRemoteListing habit), not one file.
import { mkdtempSync } from 'node:fs';
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type TreeSpecEntry =
  | string
  | Buffer
  | { symlink: string }
  | { dir: true; mode?: number; mtime?: Date | number }
  /** mtime: a Date or epoch milliseconds. */
  | { content: string | Buffer; mode?: number; mtime?: Date | number };

/** Paths are '/'-separated and relative to the root. */
export type TreeSpec = Record<string, TreeSpecEntry>;

export interface TreeNode {
  kind: 'file' | 'dir' | 'symlink';
  /** Files only, decoded as UTF-8. */
  content?: string;
  /** Permission bits (st_mode & 0o7777); only with readTree(root, { mode: true }). */
  mode?: number;
  /** Symlinks only: the link text, never followed. */
  target?: string;
  /** Only with readTree(root, { mtime: true }); not for symlinks. */
  mtimeMs?: number;
}

export type Tree = Record<string, TreeNode>;

/** Create `spec` under `root`; parent directories are created as needed. */
export async function makeTree(root: string, spec: TreeSpec): Promise<void> {
  // Directory modes and times are applied last: creating children would bump a directory's mtime, and a
  // read-only directory could not receive them.
  const dirAttrs: Array<[string, { mode?: number; mtime?: Date | number }]> = [];
  for (const [rel, entry] of Object.entries(spec)) {
    const path = join(root, ...rel.split('/'));
    await mkdir(dirname(path), { recursive: true });
    if (typeof entry === 'string' || Buffer.isBuffer(entry)) {
      await writeFile(path, entry);
    } else if ('symlink' in entry) {
      await symlink(entry.symlink, path);
    } else if ('dir' in entry) {
      await mkdir(path, { recursive: true });
      dirAttrs.push([path, entry]);
    } else {
      await writeFile(path, entry.content);
      // chmod explicitly: writeFile's mode is filtered through the umask.
      if (entry.mode !== undefined) await chmod(path, entry.mode);
      if (entry.mtime !== undefined) await setMtime(path, entry.mtime);
    }
  }
  // Deepest first, so a parent's time is set after its children's changes.
  dirAttrs.sort(([a], [b]) => b.length - a.length);
  for (const [path, { mode, mtime }] of dirAttrs) {
    if (mtime !== undefined) await setMtime(path, mtime);
    if (mode !== undefined) await chmod(path, mode);
  }
}

// A number is epoch milliseconds, like Date and mtimeMs (fs.utimes would read a number as seconds).
async function setMtime(path: string, mtime: Date | number): Promise<void> {
  const date = new Date(mtime);
  await utimes(path, date, date);
}

/**
 * Everything under `root` (not root itself), keyed by '/'-relative path in sorted order, directories
 * included. Uses lstat, so symlinks are reported as links and never followed. Mode and mtime are opt-in,
 * so a plain `toEqual` on the result compares kinds, contents and link targets only.
 */
export async function readTree(root: string, opts: { mode?: boolean; mtime?: boolean } = {}): Promise<Tree> {
  const tree: Tree = {};
  async function walk(dir: string, prefix: string): Promise<void> {
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const path = join(dir, name);
      const rel = prefix + name;
      const st = await lstat(path);
      const node: TreeNode = st.isSymbolicLink()
        ? { kind: 'symlink', target: await readlink(path) }
        : st.isDirectory()
          ? { kind: 'dir' }
          : { kind: 'file', content: await readFile(path, 'utf8') };
      if (opts.mode && node.kind !== 'symlink') node.mode = st.mode & 0o7777;
      if (opts.mtime && node.kind !== 'symlink') node.mtimeMs = st.mtimeMs;
      tree[rel] = node;
      if (node.kind === 'dir') await walk(path, `${rel}/`);
    }
  }
  await walk(root, '');
  return tree;
}

const tempDirs: string[] = [];

/** A fresh directory under os.tmpdir(), removed by cleanupTempDirs(). */
export async function tempDir(prefix = 'paras3-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Synchronous tempDir, for building env objects inline. */
export function tempDirSync(prefix = 'paras3-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Remove every directory made by tempDir/tempDirSync. The vitest setup file runs this after each file. */
export async function cleanupTempDirs(): Promise<void> {
  await Promise.all(tempDirs.splice(0).map(removeDir));
}

async function removeDir(dir: string): Promise<void> {
  try {
    await rm(dir, { recursive: true, force: true });
  } catch {
    // A test may leave a read-only directory (mode tests); as non-root, rm cannot empty it.
    await makeDirsWritable(dir);
    await rm(dir, { recursive: true, force: true });
  }
}

async function makeDirsWritable(dir: string): Promise<void> {
  await chmod(dir, 0o700);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await makeDirsWritable(join(dir, entry.name));
  }
}
