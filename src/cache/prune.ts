// Listing and pruning a cache: entries are their manifests; pruning deletes manifests first (so an
// entry disappears whole), then the packs and blobs no remaining manifest refers to. Data younger than
// a grace period is kept, since a save in progress has uploaded it but not yet written its manifest.

import pLimit from 'p-limit';
import type { ListedObject, ObjectStore } from '../core/store/types.js';
import { DeletesStopped, deleteKeys } from '../core/transfer/transport.js';
import { readManifest } from './find.js';
import {
  type CacheStore,
  dataPrefixes,
  keyOfManifestObject,
  manifestObject,
  manifestsPrefix,
} from './layout.js';
import { listAll } from './objects.js';

export interface ListedEntry {
  key: string;
  /** The manifest's LastModified, ms. */
  lastModified: number;
  /** The manifest object's size (the entry's data is shared and counted apart). */
  manifestSize: number;
  /** The manifest object's ETag: tells a key saved again from the entry listed before. */
  etag: string;
}

export async function listEntries(
  store: ObjectStore,
  cache: CacheStore,
  signal?: AbortSignal,
): Promise<ListedEntry[]> {
  const listed = await listAll(store, cache.bucket, manifestsPrefix(cache), signal);
  const out: ListedEntry[] = [];
  for (const o of listed) {
    const key = keyOfManifestObject(cache, o.key);
    if (key !== undefined)
      out.push({ key, lastModified: o.lastModified, manifestSize: o.size, etag: o.etag });
  }
  out.sort((a, b) => b.lastModified - a.lastModified || a.key.localeCompare(b.key));
  return newestFirst(store, cache, out, signal);
}

// LastModified has whole-second precision, so two saves in one second tie; the manifest's own creation
// time (ms) orders them, as findEntry does. Only tied entries' manifests are read.
async function newestFirst(
  store: ObjectStore,
  cache: CacheStore,
  sorted: ListedEntry[],
  signal?: AbortSignal,
): Promise<ListedEntry[]> {
  const tied = sorted.filter(
    (e, i) =>
      sorted[i - 1]?.lastModified === e.lastModified || sorted[i + 1]?.lastModified === e.lastModified,
  );
  if (tied.length === 0) return sorted;
  const limit = pLimit(8);
  const created = new Map<string, string>();
  await Promise.all(
    tied.map((e) =>
      limit(async () => {
        const m = await readManifest(store, cache, e.key, signal);
        created.set(e.key, m?.created ?? '');
      }),
    ),
  );
  return orderNewestFirst(sorted, created);
}

/** Newest first: by LastModified, then by the manifest's creation time, then by key. */
export function orderNewestFirst(
  entries: ListedEntry[],
  created: ReadonlyMap<string, string>,
): ListedEntry[] {
  return [...entries].sort(
    (a, b) =>
      b.lastModified - a.lastModified ||
      (created.get(b.key) ?? '').localeCompare(created.get(a.key) ?? '') ||
      a.key.localeCompare(b.key),
  );
}

export interface PruneRequest {
  store: ObjectStore;
  cache: CacheStore;
  /** Delete entries older than this many ms. */
  olderThanMs?: number;
  /** Keep the newest N entries, delete the rest. */
  keepLast?: number;
  /** Keep unreferenced data younger than this (ms); default an hour. */
  graceMs?: number;
  dryrun: boolean;
  threads: number;
  now?: number;
  signal?: AbortSignal;
}

export interface PruneReport {
  deletedKeys: string[];
  keptKeys: string[];
  /** Unreferenced packs and blobs deleted (or, in a dry run, that would be), and their bytes. */
  deletedData: number;
  deletedDataBytes: number;
  /** Unreferenced data kept because it is younger than the grace period. */
  youngData: number;
}

export const DEFAULT_GRACE_MS = 3600_000;

export async function pruneCache(req: PruneRequest): Promise<PruneReport> {
  const { store, cache } = req;
  const now = req.now ?? Date.now();
  const entries = await listEntries(store, cache, req.signal);
  const doomed = entries.filter(
    (e, i) =>
      (req.keepLast !== undefined && i >= req.keepLast) ||
      (req.olderThanMs !== undefined && now - e.lastModified > req.olderThanMs),
  );
  const doomedKeys = new Set(doomed.map((e) => e.key));
  const kept = entries.filter((e) => !doomedKeys.has(e.key));
  if (!req.dryrun)
    await deleteAll(
      store,
      cache.bucket,
      doomed.map((e) => manifestObject(cache, e.key)),
      req.signal,
    );

  // What the kept entries use: every manifest must be read, or nothing is deleted.
  const limit = pLimit(Math.max(1, req.threads));
  const used = new Set<string>();
  const prefixes = dataPrefixes(cache);
  const manifests = await Promise.all(
    kept.map((e) => limit(() => readManifest(store, cache, e.key, req.signal))),
  );
  for (const m of manifests) {
    if (!m) continue;
    for (const id of Object.keys(m.packs)) used.add(`${prefixes.packs}${id}`);
    for (const e of m.entries) if (e.kind === 'file' && e.blob) used.add(`${prefixes.blobs}${e.sha256}`);
  }
  const [packs, blobs] = await Promise.all([
    listAll(store, cache.bucket, prefixes.packs, req.signal),
    listAll(store, cache.bucket, prefixes.blobs, req.signal),
  ]);
  // A save that finished meanwhile may reuse data only deleted manifests referred to: read those too,
  // a doomed key saved again included (its new manifest is not the one deleted).
  const seen = new Set(entries.map((e) => `${e.etag} ${e.lastModified} ${e.key}`));
  const later = (await listEntries(store, cache, req.signal)).filter(
    (e) => !seen.has(`${e.etag} ${e.lastModified} ${e.key}`),
  );
  for (const e of later) {
    const m = await readManifest(store, cache, e.key, req.signal);
    for (const id of Object.keys(m?.packs ?? {})) used.add(`${prefixes.packs}${id}`);
    for (const f of m?.entries ?? [])
      if (f.kind === 'file' && f.blob) used.add(`${prefixes.blobs}${f.sha256}`);
  }
  const grace = req.graceMs ?? DEFAULT_GRACE_MS;
  const unused = [...packs, ...blobs].filter((o) => !used.has(o.key));
  const old = unused.filter((o: ListedObject) => now - o.lastModified >= grace);
  if (!req.dryrun)
    await deleteAll(
      store,
      cache.bucket,
      old.map((o) => o.key),
      req.signal,
    );
  return {
    deletedKeys: doomed.map((e) => e.key),
    keptKeys: kept.map((e) => e.key),
    deletedData: old.length,
    deletedDataBytes: old.reduce((n, o) => n + o.size, 0),
    youngData: unused.length - old.length,
  };
}

async function deleteAll(
  store: ObjectStore,
  bucket: string,
  keys: string[],
  signal?: AbortSignal,
): Promise<void> {
  const outcomes = await deleteKeys(store, bucket, keys, signal).catch((err: unknown) => {
    throw err instanceof DeletesStopped ? err.cause : err;
  });
  const failed = outcomes.findIndex((o) => !o.ok);
  if (failed !== -1) {
    const o = outcomes[failed] as { ok: false; error: string };
    throw new Error(`cannot delete ${keys[failed]}: ${o.error}`);
  }
}
