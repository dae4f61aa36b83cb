// Lists an S3 prefix into Entries (paginated ListObjectsV2 through the ObjectStore). Recognises the
// directory-node conventions of other tools. Keys are taken as they are: whether a key can become a
// local path, and whether two keys name the same thing, is the pair stage's business (pair.ts).
import { isMd5Hex } from '../etag.js';
import type { PathMatcher } from '../glob.js';
import { printable, toKeyPath } from '../keys.js';
import type { ListedObject, ObjectStore } from '../store/types.js';
import { type Entry, type Listing, noteExcluded, ownString, small } from '../types.js';

/** s3sync.rb stores a directory as a key without slash whose body is this GUID line. */
export const S3SYNC_DIR_ETAG = 'd66759af42f282e1ba19144df2d405d0';
export const S3SYNC_DIR_SIZE = 38;
/** The same GUID with a trailing newline (39 bytes), as some ports of s3sync.rb write it. */
const S3SYNC_DIR_NL_ETAG = '0123cb7c232ca171c93c1e53746efe93';
export const FOLDER_SUFFIX = '_$folder$';

export interface S3ListOptions {
  recursive: boolean;
  exclude: PathMatcher;
  signal?: AbortSignal;
  /** Where this listing stands, for a failed page's message: `source`, `destination`. */
  role: string;
}

/** Classifies one key relative to the prefix: a directory node, a file, or the root node. */
export function entryFromObject(obj: ListedObject, prefix: string): Entry | 'root' {
  const key = obj.key;
  let rel = key.slice(prefix.length);
  if (rel === '') return 'root';
  const etag = obj.etag;
  const size = obj.size;
  let kind: Entry['kind'] = 'file';
  let dirWithContent = false;
  if (rel.endsWith('/')) {
    kind = 'dir';
    rel = rel.slice(0, -1);
    // A folder key that holds bytes: another tool put content there. Never taken as an empty directory.
    dirWithContent = size > 0;
  } else if (
    rel.endsWith(FOLDER_SUFFIX) &&
    size === 0 &&
    rel.length > FOLDER_SUFFIX.length &&
    !rel.endsWith(`/${FOLDER_SUFFIX}`)
  ) {
    // `dir_$folder$` marks `dir`; a file named `_$folder$` itself (no base name left) is a file, and so
    // is one with bytes: markers are empty, and a user's file `x_$folder$` must stay a file.
    kind = 'dir';
    rel = rel.slice(0, -FOLDER_SUFFIX.length);
  } else if (
    (size === S3SYNC_DIR_SIZE && etag === S3SYNC_DIR_ETAG) ||
    (size === S3SYNC_DIR_SIZE + 1 && etag === S3SYNC_DIR_NL_ETAG)
  ) {
    kind = 'dir';
  }
  // The key itself is dropped after the listing: keep none of it alive through the path.
  const path = prefix ? ownString(toKeyPath(rel)) : toKeyPath(rel);
  const own = key.slice(prefix.length);
  const entry: Entry = {
    path,
    kind,
    size: kind === 'dir' ? 0 : small(size),
    mtime: small(Math.floor(obj.lastModified / 1000)),
    etag,
    md5: kind !== 'dir' && isMd5Hex(etag) ? etag : undefined,
  };
  // The key itself, when it is not prefix + path (+ '/' for a folder node): an NFD key, `_$folder$`, s3sync.
  const expected = kind === 'dir' ? `${path}/` : path;
  if (own !== expected) entry.name = own;
  if (dirWithContent) entry.dirWithContent = true;
  return entry;
}

/** The full key of an S3 entry under `prefix`: its own key when it has one, else the canonical one. */
export function keyOf(prefix: string, e: Entry): string {
  if (e.name !== undefined) return prefix + e.name;
  return e.kind === 'dir' ? `${prefix}${e.path}/` : prefix + e.path;
}

export async function listS3(
  store: ObjectStore,
  bucket: string,
  prefix: string,
  opts: S3ListOptions,
): Promise<Listing> {
  const listing: Listing = { exists: false, rootNode: false, entries: [], problems: [], incomplete: false };
  let page = 0;
  try {
    for await (const p of store.list(bucket, prefix, {
      delimiter: opts.recursive ? undefined : '/',
      signal: opts.signal,
    })) {
      page++;
      if (p.objects.length > 0 || p.prefixes.length > 0) listing.exists = true;
      // Without recursion the subdirectories come back as common prefixes: counted, not descended.
      const deeper = p.prefixes
        .map((d) => toKeyPath(d.slice(prefix.length).replace(/\/$/, '')))
        .filter((path) => !opts.exclude(path, true));
      if (deeper.length > 0) {
        listing.notDescendedPaths ??= new Set();
        for (const path of deeper) listing.notDescendedPaths.add(path);
      }
      for (const obj of p.objects) {
        const e = entryFromObject(obj, prefix);
        if (e === 'root') {
          listing.rootNode = true;
          continue;
        }
        if (opts.exclude(e.path, e.kind === 'dir')) {
          noteExcluded(listing, e.path);
          continue;
        }
        listing.entries.push(e);
      }
    }
  } catch (err) {
    // Which listing and which page, so a failure deep in a large bucket is not a mystery (s3errors.ts).
    if (err && typeof err === 'object')
      Object.assign(err, {
        listing: `listing ${opts.role} s3://${bucket}/${printable(prefix)} failed at page ${page + 1}`,
      });
    throw err;
  }
  return listing;
}
