// Saving a cache entry: walk the roots, find each file's bytes already on the store (by SHA-256, from
// the base entry's manifest and the store's listing), upload only what is new (small files packed
// together, large ones alone), and write the manifest last with If-None-Match: *, so an entry either
// exists whole or not at all, and of two jobs saving one key the first complete one wins.
import { createHash, randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createReadStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import { readFile } from '../core/fastfs.js';
import { createPartHasher } from '../core/hash.js';
import { KIB, MIB, PART_QUEUE } from '../core/limits.js';
import type { ObjectStore } from '../core/store/types.js';
import { uploadInParts } from '../core/transfer/multipart.js';
import { findEntry } from './find.js';
import { blobObject, type CacheStore, dataPrefixes, manifestObject, packObject } from './layout.js';
import {
  encodeManifest,
  type FileEntry,
  MANIFEST_FORMAT,
  type Manifest,
  type ManifestEntry,
} from './manifest.js';
import {
  isConditionalConflict,
  isPreconditionFailed,
  listAll,
  objectExists,
  putObject,
  readObject,
  sha256Hex,
} from './objects.js';
import { PackBuilder, type SealedPack } from './pack.js';
import { loadRestored, type RestoredFile, sameStamp } from './restored.js';
import { rootPath } from './roots.js';
import { type ScannedEntry, scanRoots } from './scan.js';

/** Files below this go into packs; at and above it, each is a blob of its own. */
export const SMALL_FILE = 256 * KIB;
/** Blobs up to this size are one PutObject; larger ones go in parts of this size. */
export const BLOB_PART = 8 * MIB;
/** Files read and hashed at once, and the bytes they may hold in memory. */
const READ_BATCH = 64;
const READ_BATCH_BYTES = 32 * MIB;
/** Attempts at the manifest's conditional write while S3 reports a conflicting write in flight. */
const CONFLICT_ATTEMPTS = 5;
const CONFLICT_DELAY_MS = 200;

export interface SaveRequest {
  store: ObjectStore;
  cache: CacheStore;
  key: string;
  roots: readonly string[];
  cwd: string;
  /** Key prefixes whose newest entry's data may be reused (restore-keys). */
  baseKeys: readonly string[];
  /**
   * The key of the entry the tree was restored from, matched exactly (not as a prefix: a newer entry
   * whose key merely starts with it holds other files, whose data is less likely to be reused). Tried
   * before baseKeys.
   */
  baseKey?: string;
  /**
   * Where the last restore on this machine recorded what it wrote (see restored.ts): a file still
   * exactly as restored is not read again. Undefined: every file is read.
   */
  stateDir?: string;
  threads: number;
  signal?: AbortSignal;
  onWarning?: (message: string) => void;
}

export interface SaveStats {
  files: number;
  bytes: number;
  /** Files whose bytes were already on the store. */
  reusedFiles: number;
  /** Packs, blobs and the manifest written, and their bytes. */
  uploads: number;
  uploadedBytes: number;
  /** Files read to hash (the rest were exactly as this machine's last restore wrote them). */
  hashedFiles: number;
  base?: string;
}

export type SaveOutcome =
  | ({ kind: 'saved'; key: string } & SaveStats)
  /** The key had an entry before this save started: nothing was uploaded. */
  | { kind: 'exists'; key: string }
  /** Another job completed the same key while this one saved: its entry stands. */
  | ({ kind: 'lost-race'; key: string } & SaveStats)
  /** None of the paths exist. */
  | { kind: 'empty'; key: string };

interface Location {
  pack?: string;
  offset?: number;
  blob?: true;
}

export async function saveCache(req: SaveRequest): Promise<SaveOutcome> {
  const { store, cache, key } = req;
  const manifestKey = manifestObject(cache, key);
  if (await objectExists(store, cache.bucket, manifestKey, req.signal)) return { kind: 'exists', key };

  const rootPaths = req.roots.map((r) => rootPath(r, req.cwd));
  const prefixes = dataPrefixes(cache);
  const [scan, packsListed, blobsListed, base, restored] = await Promise.all([
    scanRoots(rootPaths),
    listAll(store, cache.bucket, prefixes.packs, req.signal),
    listAll(store, cache.bucket, prefixes.blobs, req.signal),
    req.baseKey !== undefined || req.baseKeys.length > 0
      ? findEntry({ store, cache, key: req.baseKey, restoreKeys: req.baseKeys, signal: req.signal })
      : Promise.resolve(undefined),
    loadRestored(req.stateDir, rootPaths),
  ]);
  for (const w of scan.warnings) req.onWarning?.(w);
  for (const i of scan.missing) req.onWarning?.(`path ${req.roots[i]} does not exist; not cached`);
  if (scan.entries.length === 0) return { kind: 'empty', key };

  const packSizes = new Map(packsListed.map((o) => [o.key.slice(prefixes.packs.length), o.size]));
  const blobSizes = new Map(blobsListed.map((o) => [o.key.slice(prefixes.blobs.length), o.size]));
  // Where bytes with a given hash already are.
  const known = new Map<string, Location>();
  if (base) {
    for (const e of base.manifest.entries) {
      if (e.kind !== 'file') continue;
      if (e.pack !== undefined && packSizes.get(e.pack) === base.manifest.packs[e.pack])
        known.set(e.sha256, { pack: e.pack, offset: e.offset });
    }
  }

  const stats: SaveStats = {
    files: 0,
    bytes: 0,
    reusedFiles: 0,
    uploads: 0,
    uploadedBytes: 0,
    hashedFiles: 0,
    base: base?.matchedKey,
  };
  const abort = new AbortController();
  // One signal for every upload in flight; each adds a listener.
  setMaxListeners(0, abort.signal);
  const onOuterAbort = () => abort.abort(req.signal?.reason);
  req.signal?.addEventListener('abort', onOuterAbort);
  const signal = abort.signal;
  const limit = pLimit(Math.max(1, req.threads));
  const inflight = new Set<Promise<void>>();
  let failure: unknown;
  const upload = (task: () => Promise<number>) => {
    const p = limit(async () => {
      if (failure) return;
      const n = await task();
      stats.uploads++;
      stats.uploadedBytes += n;
    })
      .catch((err: unknown) => {
        failure ??= err;
        abort.abort();
      })
      .finally(() => inflight.delete(p));
    inflight.add(p);
  };
  // Bounded memory: no more packs waiting than threads can send.
  const backpressure = async () => {
    while (inflight.size >= req.threads * 2 && !failure) await Promise.race(inflight);
  };

  const newSmallBytes = scan.entries
    .filter((e) => e.kind === 'file' && e.size < SMALL_FILE && !known.has(asRestored(e, restored) ?? ''))
    .reduce((n, e) => n + e.size, 0);
  const packs = new PackBuilder(packTarget(newSmallBytes, req.threads));
  // New small files waiting for their pack to be sealed (several paths may share one content).
  const waiting = new Map<string, FileEntry[]>();
  const sealPack = (pack: SealedPack) => {
    for (const m of pack.members) {
      known.set(m.sha256, { pack: pack.id, offset: m.offset });
      for (const f of waiting.get(m.sha256) ?? []) Object.assign(f, { pack: pack.id, offset: m.offset });
      waiting.delete(m.sha256);
    }
    // The same files in the same order make the same pack: it may be there already. Only whole: a
    // server that keeps the part of an interrupted PUT (s3rver) lists a shorter object under the name.
    if (packSizes.get(pack.id) === pack.body.length) return;
    packSizes.set(pack.id, pack.body.length);
    upload(async () => {
      await putObject(store, cache.bucket, packObject(cache, pack.id), pack.body, { signal });
      return pack.body.length;
    });
  };

  const entries: ManifestEntry[] = [];
  try {
    for (const batch of batches(scan.entries)) {
      if (failure) break;
      const contents = await Promise.all(
        batch.map((e) => (e.kind === 'file' ? contentOf(e, restored, known, blobSizes) : undefined)),
      );
      for (const [j, e] of batch.entries()) {
        if (e.kind === 'dir') {
          entries.push({ kind: 'dir', root: e.root, path: e.path, mode: e.mode, mtime: e.mtime });
          continue;
        }
        if (e.kind === 'symlink') {
          const target = e.target ?? '';
          entries.push({ kind: 'symlink', root: e.root, path: e.path, mtime: e.mtime, target });
          continue;
        }
        const c = contents[j] as Content;
        if (c.hashed) stats.hashedFiles++;
        stats.files++;
        stats.bytes += e.size;
        const entry: FileEntry = {
          kind: 'file',
          root: e.root,
          path: e.path,
          mode: e.mode,
          mtime: e.mtime,
          size: e.size,
          sha256: c.sha256,
        };
        entries.push(entry);
        if (e.size >= SMALL_FILE) {
          entry.blob = true;
          if (blobSizes.get(c.sha256) === e.size) {
            stats.reusedFiles++;
            continue;
          }
          blobSizes.set(c.sha256, e.size);
          const { body, partMd5s } = c;
          upload(async () => {
            if (body) await putObject(store, cache.bucket, blobObject(cache, c.sha256), body, { signal });
            else await uploadBlobInParts(store, cache, e, c.sha256, partMd5s ?? [], signal);
            return e.size;
          });
          continue;
        }
        const there = known.get(c.sha256);
        if (there) {
          Object.assign(entry, there);
          stats.reusedFiles++;
          continue;
        }
        if (!packs.has(c.sha256)) packs.add(c.sha256, c.body as Buffer);
        waiting.set(c.sha256, [...(waiting.get(c.sha256) ?? []), entry]);
        if (packs.full()) sealPack(packs.seal() as SealedPack);
      }
      await backpressure();
    }
    const last = packs.seal();
    if (last) sealPack(last);
  } finally {
    req.signal?.removeEventListener('abort', onOuterAbort);
    while (inflight.size > 0) await Promise.race(inflight);
  }
  if (failure) throw failure;
  if (req.signal?.aborted) throw req.signal.reason ?? new Error('interrupted');

  // Every pack the entries point into, with its size (reused packs: as listed).
  const usedPacks: Record<string, number> = {};
  for (const e of entries) {
    if (e.kind === 'file' && e.pack !== undefined) usedPacks[e.pack] = packSizes.get(e.pack) as number;
  }
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    key,
    saveId: randomBytes(12).toString('hex'),
    created: new Date().toISOString(),
    roots: [...req.roots],
    packs: usedPacks,
    entries,
  };
  const body = encodeManifest(manifest);
  stats.uploads++;
  stats.uploadedBytes += body.length;
  // Servers that ignore If-None-Match (s3rver) still get a check just before the write, and the
  // read-back below: whichever manifest is stored, its writer alone reports success.
  if (await objectExists(store, cache.bucket, manifestKey, req.signal))
    return { kind: 'lost-race', key, ...stats };
  // S3 answers 409 ConditionalRequestConflict while another conditional write of the key is in
  // flight, and asks for a retry: it then stores this one, or refuses it with 412 if the other won.
  for (let attempt = 1; ; attempt++) {
    try {
      await putObject(store, cache.bucket, manifestKey, body, {
        ifNoneMatch: true,
        contentType: 'application/gzip',
        signal: req.signal,
      });
      break;
    } catch (err) {
      if (isPreconditionFailed(err)) return { kind: 'lost-race', key, ...stats };
      if (!isConditionalConflict(err) || attempt >= CONFLICT_ATTEMPTS || req.signal?.aborted) throw err;
      await sleep(CONFLICT_DELAY_MS * attempt, undefined, { signal: req.signal }).catch(() => {});
      if (req.signal?.aborted) throw req.signal.reason ?? err;
    }
  }
  const stored = await readObject(store, cache.bucket, manifestKey, req.signal);
  if (!stored?.body.equals(body)) return { kind: 'lost-race', key, ...stats };
  return { kind: 'saved', key, ...stats };
}

/** Runs of entries to read at once: at most READ_BATCH files, READ_BATCH_BYTES unless one file is more. */
function* batches(entries: ScannedEntry[]): Generator<ScannedEntry[]> {
  let batch: ScannedEntry[] = [];
  let bytes = 0;
  for (const e of entries) {
    if (batch.length > 0 && (batch.length >= READ_BATCH || bytes + e.size > READ_BATCH_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(e);
    bytes += e.size;
  }
  if (batch.length > 0) yield batch;
}

/** Packs big enough to keep requests few, small enough that a restore has one per thread to fetch. */
export function packTarget(newSmallBytes: number, threads: number): number {
  return Math.min(16 * MIB, Math.max(1 * MIB, Math.ceil(newSmallBytes / Math.max(1, threads))));
}

/** The file's SHA-256 if it is exactly as this machine's last restore of the roots wrote it. */
function asRestored(e: ScannedEntry, restored: Map<string, RestoredFile>): string | undefined {
  const r = restored.get(e.fsPath);
  return r !== undefined && sameStamp(r, e.stamp) ? r.sha256 : undefined;
}

interface Content {
  sha256: string;
  /** The bytes, when read whole (small files, blobs up to BLOB_PART). */
  body?: Buffer;
  partMd5s?: string[];
  hashed: boolean;
}

/**
 * A file's SHA-256: from the restore record when its stamp says it is untouched since this machine
 * restored it (and its bytes are on the store), else by reading it.
 */
async function contentOf(
  e: ScannedEntry,
  restored: Map<string, RestoredFile>,
  known: Map<string, Location>,
  blobSizes: Map<string, number>,
): Promise<Content> {
  const vouched = asRestored(e, restored);
  if (vouched !== undefined) {
    const there = e.size < SMALL_FILE ? known.has(vouched) : blobSizes.get(vouched) === e.size;
    if (there) return { sha256: vouched, hashed: false };
  }
  if (e.size <= BLOB_PART) {
    const body = await readFile(e.fsPath);
    if (body.length !== e.size) throw new Error(`${e.fsPath} changed while it was being saved`);
    return { sha256: sha256Hex(body), body, hashed: true };
  }
  const sha = createHash('sha256');
  const parts = createPartHasher(BLOB_PART);
  let n = 0;
  for await (const chunk of createReadStream(e.fsPath, { highWaterMark: MIB })) {
    sha.update(chunk as Buffer);
    parts.update(chunk as Buffer);
    n += (chunk as Buffer).length;
  }
  if (n !== e.size) throw new Error(`${e.fsPath} changed while it was being saved`);
  return { sha256: sha.digest('hex'), partMd5s: parts.digest().partMd5s, hashed: true };
}

async function uploadBlobInParts(
  store: ObjectStore,
  cache: CacheStore,
  e: ScannedEntry,
  sha256: string,
  partMd5s: string[],
  signal: AbortSignal,
): Promise<void> {
  await uploadInParts({
    store,
    bucket: cache.bucket,
    key: blobObject(cache, sha256),
    headers: { contentType: 'application/octet-stream' },
    label: e.fsPath,
    size: e.size,
    partSize: BLOB_PART,
    queueSize: PART_QUEUE,
    signal,
    onBytes: () => {},
    fsPath: e.fsPath,
    partMd5s,
  });
}
