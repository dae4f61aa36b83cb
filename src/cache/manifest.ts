// The manifest of one cache entry: every path under the saved roots with its kind, mode, mtime, size
// and SHA-256, and where its bytes are (a slice of a pack, or a blob). It is the last object a save
// writes, so an entry without one was never completed and is never restored. Read back, it is checked
// whole before anything is written locally: a hostile or damaged manifest is refused, not half-applied.
import { gunzipSync, gzipSync } from 'node:zlib';
import { unsafeRelativePath } from '../core/keys.js';

export const MANIFEST_FORMAT = 'paras3-cache/1';

interface Common {
  /** Index into Manifest.roots. */
  root: number;
  /** Relative to the root, `/`-separated; '' is the root itself. */
  path: string;
  /** Milliseconds since the epoch. */
  mtime: number;
}

export interface DirEntry extends Common {
  kind: 'dir';
  mode: number;
}

export interface FileEntry extends Common {
  kind: 'file';
  mode: number;
  size: number;
  sha256: string;
  /** Small files: the pack holding the bytes at [offset, offset + size). */
  pack?: string;
  offset?: number;
  /** Large files: stored alone as blobs/<sha256>. */
  blob?: true;
}

export interface SymlinkEntry extends Common {
  kind: 'symlink';
  target: string;
}

export type ManifestEntry = DirEntry | FileEntry | SymlinkEntry;

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  key: string;
  /** Random per save: reading the manifest back tells a save whether its own write is the one stored. */
  saveId: string;
  /** ISO time the save finished; orders entries with equal LastModified. */
  created: string;
  /** The paths as given to the save; a restore must name the same ones (as actions/cache's version does). */
  roots: string[];
  /** Pack id → size in bytes. */
  packs: Record<string, number>;
  entries: ManifestEntry[];
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

export function encodeManifest(m: Manifest): Buffer {
  return gzipSync(JSON.stringify(m));
}

/** Parses and checks a manifest; throws a ManifestError naming the first problem. */
export function decodeManifest(body: Buffer, label: string): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(gunzipSync(body).toString('utf8')) as Manifest;
  } catch (err) {
    throw new ManifestError(`${label}: not a readable manifest (${(err as Error).message})`);
  }
  const why = manifestProblem(m);
  if (why) throw new ManifestError(`${label}: refused, ${why}`);
  return m;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** The first reason a manifest cannot be applied safely, or null. */
export function manifestProblem(m: Manifest): string | null {
  if (!m || typeof m !== 'object' || m.format !== MANIFEST_FORMAT) return 'unknown manifest format';
  if (!Array.isArray(m.roots) || !Array.isArray(m.entries) || typeof m.packs !== 'object' || !m.packs)
    return 'malformed manifest';
  for (const [id, size] of Object.entries(m.packs)) {
    if (!SHA256.test(id) || !Number.isSafeInteger(size) || size < 0) return `bad pack ${JSON.stringify(id)}`;
  }
  const seen = new Set<string>();
  const links = new Set<string>();
  for (const e of m.entries) {
    if (!Number.isInteger(e.root) || e.root < 0 || e.root >= m.roots.length) return 'entry with a bad root';
    if (typeof e.path !== 'string') return 'entry without a path';
    const id = `${e.root}/${e.path}`;
    if (e.path !== '') {
      const unsafe = unsafeRelativePath(e.path);
      if (unsafe) return `path ${JSON.stringify(e.path)} ${unsafe}`;
    }
    if (seen.has(id)) return `path ${JSON.stringify(e.path)} appears twice`;
    seen.add(id);
    if (!Number.isFinite(e.mtime)) return `path ${JSON.stringify(e.path)} has no mtime`;
    if (e.kind === 'symlink') {
      if (typeof e.target !== 'string' || e.target === '' || e.target.includes('\0'))
        return `symlink ${JSON.stringify(e.path)} has a bad target`;
      links.add(id);
    } else if (e.kind === 'file') {
      if (!Number.isSafeInteger(e.size) || e.size < 0 || !SHA256.test(e.sha256 ?? ''))
        return `file ${JSON.stringify(e.path)} has a bad size or hash`;
      if (e.pack !== undefined) {
        const packSize = m.packs[e.pack];
        if (packSize === undefined || !Number.isSafeInteger(e.offset) || (e.offset as number) < 0)
          return `file ${JSON.stringify(e.path)} points outside its pack`;
        if ((e.offset as number) + e.size > packSize)
          return `file ${JSON.stringify(e.path)} points outside its pack`;
      } else if (e.blob !== true) return `file ${JSON.stringify(e.path)} has no data`;
      if (!validMode(e.mode)) return `file ${JSON.stringify(e.path)} has a bad mode`;
    } else if (e.kind === 'dir') {
      if (!validMode(e.mode)) return `directory ${JSON.stringify(e.path)} has a bad mode`;
    } else return `path ${JSON.stringify((e as Common).path)} has an unknown kind`;
  }
  // Anything below a symlink would be written through the link, possibly outside the root.
  for (const e of m.entries) {
    let i = e.path.indexOf('/');
    while (i !== -1) {
      if (links.has(`${e.root}/${e.path.slice(0, i)}`))
        return `path ${JSON.stringify(e.path)} lies below a symlink`;
      i = e.path.indexOf('/', i + 1);
    }
  }
  return null;
}

function validMode(mode: unknown): boolean {
  return Number.isInteger(mode) && (mode as number) >= 0 && (mode as number) <= 0o7777;
}

/** Bytes the entry's files hold. */
export function manifestBytes(m: Manifest): number {
  let n = 0;
  for (const e of m.entries) if (e.kind === 'file') n += e.size;
  return n;
}
