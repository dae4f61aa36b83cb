// Where a cache lives on S3 and what its objects are called. Under the store's prefix:
//   manifests/<key, URI-encoded>.json.gz   one per key, written last: its presence is the entry
//   packs/<sha256 of the pack's bytes>     small files concatenated (content-addressed)
//   blobs/<sha256 of the file>             one large file each (content-addressed)
// URI-encoding keeps any key a single path segment, and encodes a prefix of a key into a prefix of
// its encoding, so restore-keys become ListObjectsV2 prefixes.
import { UsageError } from '../core/errors.js';
import { parseLocationArg } from '../core/location.js';

export interface CacheStore {
  bucket: string;
  /** '' or ending in '/'. */
  prefix: string;
}

/** The limit actions/cache applies, in characters. */
export const MAX_KEY_LENGTH = 512;
/**
 * S3's limit on an object key, in UTF-8 bytes. A manifest's name holds the key URI-encoded, where a
 * `/` or a space takes 3 bytes and a `€` 9, so 512 characters do not keep it below this.
 */
export const MAX_OBJECT_KEY_BYTES = 1024;
const MANIFESTS = 'manifests/';
const MANIFEST_SUFFIX = '.json.gz';

export function parseStore(text: string, what = '--store'): CacheStore {
  const loc = (() => {
    try {
      return parseLocationArg(text.trim());
    } catch (err) {
      throw new UsageError(`${what}: ${(err as Error).message}`);
    }
  })();
  if (loc.kind !== 's3')
    throw new UsageError(`${what} "${text}" is not bucket:prefix (or s3://bucket/prefix)`);
  const prefix = loc.prefix === '' || loc.prefix.endsWith('/') ? loc.prefix : `${loc.prefix}/`;
  return { bucket: loc.bucket, prefix };
}

/**
 * Why a cache key is not usable in `store`, or null. Commas are refused as actions/cache does (they
 * separate keys there). A restore key is checked the same way: it is the start of a manifest's name.
 */
export function badKey(key: string, store: CacheStore): string | null {
  if (key === '') return 'is empty';
  if (key.length > MAX_KEY_LENGTH) return `is longer than ${MAX_KEY_LENGTH} characters`;
  if (key.includes(',')) return 'contains a comma';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters make keys unprintable.
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'contains a control character';
  const bytes = Buffer.byteLength(manifestObject(store, key));
  if (bytes > MAX_OBJECT_KEY_BYTES)
    return `is too long for S3: URI-encoded under ${manifestsPrefix(store)} it makes a ${bytes}-byte object key, over S3's limit of ${MAX_OBJECT_KEY_BYTES} bytes ('/', spaces and non-ASCII characters take 3 to 12 bytes each)`;
  return null;
}

export function checkKey(key: string, what: string, store: CacheStore): string {
  const why = badKey(key, store);
  if (why) throw new UsageError(`${what} ${JSON.stringify(key)} ${why}`);
  return key;
}

export function manifestsPrefix(store: CacheStore): string {
  return `${store.prefix}${MANIFESTS}`;
}

export function manifestObject(store: CacheStore, key: string): string {
  return `${manifestsPrefix(store)}${encodeURIComponent(key)}${MANIFEST_SUFFIX}`;
}

/** The ListObjectsV2 prefix that finds every key starting with `keyPrefix`. */
export function manifestSearchPrefix(store: CacheStore, keyPrefix: string): string {
  return `${manifestsPrefix(store)}${encodeURIComponent(keyPrefix)}`;
}

/** The cache key a listed manifest object stands for, or undefined for a foreign object. */
export function keyOfManifestObject(store: CacheStore, object: string): string | undefined {
  const base = manifestsPrefix(store);
  if (!object.startsWith(base) || !object.endsWith(MANIFEST_SUFFIX)) return undefined;
  const encoded = object.slice(base.length, -MANIFEST_SUFFIX.length);
  if (encoded.includes('/')) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

export function packObject(store: CacheStore, id: string): string {
  return `${store.prefix}packs/${id}`;
}

export function blobObject(store: CacheStore, id: string): string {
  return `${store.prefix}blobs/${id}`;
}

export function dataPrefixes(store: CacheStore): { packs: string; blobs: string } {
  return { packs: `${store.prefix}packs/`, blobs: `${store.prefix}blobs/` };
}
