// Entries and listings for the pure unit tests, in the shapes the two listers make them: local entries
// with the stat fields the walker fills in (and the MD5 the examine stage adds), S3 entries made by
// entryFromObject itself, so a test never builds an S3 entry that a listing could not produce.
import { createHash } from 'node:crypto';
import type { RestoreInfo } from '../../src/core/metadata.js';
import { entryFromObject, S3SYNC_DIR_ETAG, S3SYNC_DIR_SIZE } from '../../src/core/tree/s3.js';
import type { Direction, Entry, Listing } from '../../src/core/types.js';

/** Seconds since the epoch: every entry's time unless a test says otherwise. */
export const T = 1_700_000_000;

/** `é` in the two Unicode forms: NFC (one code point, what keys are paired by) and NFD (macOS). */
export const NFC_E = '\u00e9';
export const NFD_E = 'e\u0301';

export const md5 = (content: string): string => createHash('md5').update(content).digest('hex');

/** The time fields of a local entry last changed at `seconds` (mtime and ctime alike). */
export const at = (seconds: number): Partial<Entry> => ({
  mtime: Math.floor(seconds),
  mtimeMs: seconds * 1000,
  ctimeMs: seconds * 1000,
});

function localEntry(name: string, kind: Entry['kind'], size: number, mode: number): Entry {
  const path = name.normalize('NFC');
  const e: Entry = { path, kind, size, ...at(T), ino: 1, dev: 1, mode, uid: 1000, gid: 1000 } as Entry;
  if (path !== name) e.name = name;
  return e;
}

/** A local file, hashed. `name` is its name on disk (NFD stays NFD; the path is its NFC form). */
export function localFile(name: string, content = 'x', extra: Partial<Entry> = {}): Entry {
  return { ...localEntry(name, 'file', Buffer.byteLength(content), 0o100644), md5: md5(content), ...extra };
}

export function localDir(name: string, extra: Partial<Entry> = {}): Entry {
  return { ...localEntry(name, 'dir', 0, 0o40755), ...extra };
}

export function localLink(name: string, target: string, extra: Partial<Entry> = {}): Entry {
  return {
    ...localEntry(name, 'symlink', Buffer.byteLength(target), 0o120777),
    linkTarget: target,
    md5: md5(target),
    ...extra,
  };
}

/** The prefix S3 entries are listed under; entries keep only their relative names. */
export const PREFIX = 'pre/';

export interface ObjectSpec {
  /** LastModified, seconds. */
  mtime?: number;
  etag?: string;
  size?: number;
  /** Metadata as the examine stage read it (HeadObject). */
  meta?: RestoreInfo;
}

/** The entry of the object `PREFIX + rel`, as listed. */
export function object(rel: string, content = 'x', spec: ObjectSpec = {}): Entry {
  const e = entryFromObject(
    {
      key: PREFIX + rel,
      size: spec.size ?? Buffer.byteLength(content),
      etag: spec.etag ?? md5(content),
      lastModified: (spec.mtime ?? T) * 1000,
    },
    PREFIX,
  );
  if (e === 'root') throw new Error(`"${rel}" is the root node, not an entry`);
  return spec.meta ? { ...e, meta: spec.meta } : e;
}

/** The S3 console's directory node `rel/` (what paras3 writes). */
export const folder = (rel: string): Entry => object(`${rel}/`, '');
/** Hadoop's and old tools' directory marker `rel_$folder$`. */
export const hadoopFolder = (rel: string): Entry => object(`${rel}_$folder$`, '');
/** s3sync.rb's directory node: the key `rel` itself, with a 38-byte GUID body. */
export const s3syncNode = (rel: string): Entry =>
  object(rel, '', { size: S3SYNC_DIR_SIZE, etag: S3SYNC_DIR_ETAG });

export type SideKind = 'local' | 's3';

/**
 * A tree in shorthand: `dir/` is a directory (a local directory, or a console node on S3), `path=text` a
 * file holding `text`, a bare `path` a file holding its own path.
 */
export function tree(side: SideKind, specs: readonly string[]): Entry[] {
  return specs.map((spec) => {
    if (spec.endsWith('/')) {
      const rel = spec.slice(0, -1);
      return side === 'local' ? localDir(rel) : folder(rel);
    }
    const eq = spec.indexOf('=');
    const [rel, content] = eq === -1 ? [spec, spec] : [spec.slice(0, eq), spec.slice(eq + 1)];
    return side === 'local' ? localFile(rel, content) : object(rel, content);
  });
}

/** Which kind of side the source and the destination of a direction are. */
export function sidesOf(direction: Direction): [SideKind, SideKind] {
  if (direction === 'upload') return ['local', 's3'];
  if (direction === 'download') return ['s3', 'local'];
  return ['s3', 's3'];
}

export function listing(entries: Entry[], extra: Partial<Listing> = {}): Listing {
  return { exists: true, entries, problems: [], incomplete: false, ...extra };
}

export const DIRECTIONS: readonly Direction[] = ['upload', 'download', 'copy'];
