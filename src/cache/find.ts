// Which entry a restore (or an incremental save) uses: the exact key, else for each restore key in
// order the newest entry whose key starts with it, as actions/cache chooses. "Newest" is the manifest's
// LastModified, then its own creation time; entries for other paths are passed over.
import type { ObjectStore } from '../core/store/types.js';
import { type CacheStore, keyOfManifestObject, manifestObject, manifestSearchPrefix } from './layout.js';
import { decodeManifest, type Manifest, ManifestError } from './manifest.js';
import { listAll, readObject } from './objects.js';
import { sameRoots } from './roots.js';

export interface FoundEntry {
  manifest: Manifest;
  matchedKey: string;
  exact: boolean;
}

export interface FindRequest {
  store: ObjectStore;
  cache: CacheStore;
  /** The primary key (matched exactly), if any. */
  key?: string;
  restoreKeys: readonly string[];
  /** Only entries saved with these paths match; undefined: any. */
  roots?: readonly string[];
  signal?: AbortSignal;
  onWarning?: (message: string) => void;
}

export async function findEntry(req: FindRequest): Promise<FoundEntry | undefined> {
  const { store, cache } = req;
  const fits = (m: Manifest, key: string): boolean => {
    if (!req.roots || sameRoots(m.roots, req.roots)) return true;
    req.onWarning?.(`cache entry ${JSON.stringify(key)} holds other paths (${m.roots.join(', ')}); not used`);
    return false;
  };
  if (req.key !== undefined) {
    const m = await readManifest(store, cache, req.key, req.signal);
    if (m && fits(m, req.key)) return { manifest: m, matchedKey: req.key, exact: true };
  }
  for (const prefix of req.restoreKeys) {
    const listed = await listAll(store, cache.bucket, manifestSearchPrefix(cache, prefix), req.signal);
    const candidates = listed
      .map((o) => ({ key: keyOfManifestObject(cache, o.key), lastModified: o.lastModified }))
      .filter((c): c is { key: string; lastModified: number } => c.key?.startsWith(prefix) === true)
      .sort((a, b) => b.lastModified - a.lastModified);
    const loaded: { m: Manifest; key: string; lastModified: number }[] = [];
    for (const c of candidates) {
      // Only the entries as new as the newest one can win; read those, then stop at the first that fits.
      if (loaded.length > 0 && c.lastModified < loaded[0]!.lastModified) break;
      // A damaged candidate is passed over for the next one, as a missing one is: an older entry still
      // restores, where failing would leave the job with nothing. (An exact key's damage still fails.)
      const m = await readManifest(store, cache, c.key, req.signal).catch((err: unknown) => {
        if (!(err instanceof ManifestError)) throw err;
        req.onWarning?.(`${err.message}; passed over`);
        return undefined;
      });
      if (m && fits(m, c.key)) loaded.push({ m, key: c.key, lastModified: c.lastModified });
    }
    loaded.sort((a, b) => b.m.created.localeCompare(a.m.created));
    const best = loaded[0];
    if (best) return { manifest: best.m, matchedKey: best.key, exact: best.key === req.key };
  }
  return undefined;
}

export async function readManifest(
  store: ObjectStore,
  cache: CacheStore,
  key: string,
  signal?: AbortSignal,
): Promise<Manifest | undefined> {
  const obj = await readObject(store, cache.bucket, manifestObject(cache, key), signal);
  if (!obj) return undefined;
  return decodeManifest(obj.body, `cache entry ${JSON.stringify(key)}`);
}
