// Lists an S3 prefix into Entries (paginated ListObjectsV2). Recognises the directory-node
// conventions of other tools, and refuses keys that cannot be a relative path under the root.
import { type _Object, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import type { PathMatcher } from '../glob.js';
import { printableKey, toKeyPath, unsafeRelativePath } from '../keys.js';
import type { Entry, Listing } from '../types.js';

/** s3sync.rb stores a directory as a key without slash whose body is this GUID line. */
export const S3SYNC_DIR_ETAG = 'd66759af42f282e1ba19144df2d405d0';
export const S3SYNC_DIR_SIZE = 38;
/** The same GUID with a trailing newline (39 bytes), as some ports of s3sync.rb write it. */
const S3SYNC_DIR_NL_ETAG = '0123cb7c232ca171c93c1e53746efe93';
const FOLDER_SUFFIX = '_$folder$';

export interface S3ListOptions {
  recursive: boolean;
  exclude: PathMatcher;
  onWarning?: (message: string) => void;
}

export function unquoteEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^"|"$/g, '').toLowerCase();
}

export function md5FromEtag(etag: string): string | undefined {
  return /^[0-9a-f]{32}$/.test(etag) ? etag : undefined;
}

/** Classifies one key relative to the prefix: a directory node, a file, or the root node. */
export function entryFromObject(
  obj: _Object,
  prefix: string,
): Entry | 'root' | { refused: string; rel: string } {
  const key = obj.Key ?? '';
  let rel = key.slice(prefix.length);
  if (rel === '') return 'root';
  const etag = unquoteEtag(obj.ETag);
  const size = obj.Size ?? 0;
  let kind: Entry['kind'] = 'file';
  if (rel.endsWith('/')) {
    kind = 'dir';
    rel = rel.slice(0, -1);
  } else if (rel.endsWith(FOLDER_SUFFIX)) {
    kind = 'dir';
    rel = rel.slice(0, -FOLDER_SUFFIX.length);
  } else if (
    (size === S3SYNC_DIR_SIZE && etag === S3SYNC_DIR_ETAG) ||
    (size === S3SYNC_DIR_SIZE + 1 && etag === S3SYNC_DIR_NL_ETAG)
  ) {
    kind = 'dir';
  }
  const why = unsafeRelativePath(rel);
  if (why) return { refused: why, rel: key };
  return {
    path: toKeyPath(rel),
    kind,
    size: kind === 'dir' ? 0 : size,
    mtime: Math.floor((obj.LastModified?.getTime() ?? 0) / 1000),
    etag,
    md5: kind === 'dir' ? undefined : md5FromEtag(etag),
    key,
  };
}

export async function listS3(
  client: S3Client,
  bucket: string,
  prefix: string,
  opts: S3ListOptions,
): Promise<Listing> {
  const listing: Listing = { exists: false, rootNode: false, entries: [], problems: [], incomplete: false };
  const seen = new Map<string, Entry>();
  const pages = paginateListObjectsV2(
    { client, pageSize: 1000 },
    { Bucket: bucket, Prefix: prefix, Delimiter: opts.recursive ? undefined : '/' },
  );
  for await (const page of pages) {
    if ((page.Contents?.length ?? 0) > 0 || (page.CommonPrefixes?.length ?? 0) > 0) listing.exists = true;
    for (const obj of page.Contents ?? []) {
      const e = entryFromObject(obj, prefix);
      if (e === 'root') {
        listing.rootNode = true;
        continue;
      }
      if ('refused' in e) {
        listing.problems.push({ path: printableKey(e.rel), message: `unsafe key (${e.refused}), skipped` });
        continue;
      }
      if (opts.exclude(e.path, e.kind === 'dir')) continue;
      // Pair files and directories separately: `a` and `a/` can both exist on S3.
      const id = `${e.kind === 'dir' ? 'd' : 'f'}:${e.path}`;
      const dup = seen.get(id);
      if (dup) {
        // Two keys equal after NFC (or two directory-node styles): keep the first, say so for files.
        if (e.kind !== 'dir') {
          listing.problems.push({
            path: e.key ?? e.path,
            message: `same name as key "${dup.key}" after normalisation, skipped`,
          });
        }
        continue;
      }
      seen.set(id, e);
      listing.entries.push(e);
    }
  }
  return listing;
}
