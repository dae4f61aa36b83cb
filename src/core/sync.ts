// One sync, as data flowing through stages: list both sides → pair → examine (hash, read metadata where
// needed) → plan → execute → report. It never prints and never exits; front ends render what it
// reports and returns (through run.ts).
import { setMaxListeners } from 'node:events';
import { oneLine, UsageError } from './errors.js';
import { examinePairs } from './examine.js';
import { executePlan } from './execute.js';
import { unlink } from './fastfs.js';
import { headerLookup, loadContentTypes } from './headers.js';
import { listSides } from './listing.js';
import { Md5Cache } from './md5cache.js';
import { fsPathUnder, nameCodec } from './names.js';
import { type Pairing, pairListings } from './pair.js';
import { type PlanOptions, planSync } from './plan.js';
import { describeS3Error } from './s3errors.js';
import { formatShard } from './shard.js';
import { shardOwner, sweepDirs } from './shard-run.js';
import { localTextPath } from './sides.js';
import type { ObjectStore } from './store/types.js';
import { copyTransport } from './transfer/copy.js';
import { downloadTransport } from './transfer/download.js';
import type { OnStored, Transport } from './transfer/transport.js';
import { objectHeaders, uploadTransport } from './transfer/upload.js';
import type {
  ActionResult,
  Direction,
  Listing,
  LocalLocation,
  Location,
  Plan,
  PlanAction,
  Problem,
  SyncEvents,
  SyncOptions,
  SyncReport,
  SyncTotals,
} from './types.js';

export interface SyncDeps {
  store: ObjectStore;
  /** Aborting stops new work, aborts in-flight transfers and removes temp files. */
  signal?: AbortSignal;
}

export function directionOf(source: Location, destination: Location): Direction {
  if (source.kind === 'local') {
    if (destination.kind === 'local')
      throw new UsageError('both SOURCE and DESTINATION are local paths; one must be bucket:prefix');
    return 'upload';
  }
  return destination.kind === 'local' ? 'download' : 'copy';
}

export async function sync(
  options: SyncOptions,
  deps: SyncDeps,
  events: SyncEvents = {},
): Promise<SyncReport> {
  const started = Date.now();
  const { source, destination } = options;
  const direction = directionOf(source, destination);
  const { store, signal } = deps;
  // Stops in-flight work on an interrupt, or on a fatal error (execute.ts aborts it then).
  const stop = new AbortController();
  if (signal) {
    if (signal.aborted) stop.abort(signal.reason);
    else signal.addEventListener('abort', () => stop.abort(signal.reason), { once: true });
  }
  // Every in-flight request listens on this one signal (threads × multipart parts); past 10 listeners
  // Node prints a MaxListenersExceededWarning on stderr, which is noise, not a leak.
  setMaxListeners(0, stop.signal);

  const names = nameCodec(options.nativeCharset);
  const { src, dst } = await listSides(options, store, stop.signal, events);

  const localRoot = source.kind === 'local' ? source : destination.kind === 'local' ? destination : undefined;
  const cache =
    localRoot && options.md5CacheDir
      ? await Md5Cache.open(options.md5CacheDir, localRoot.root, options.partSize)
      : Md5Cache.disabled();
  const { plan, unreadable } = await examineAndPlan(options, direction, src, dst, {
    store,
    cache,
    signal: stop.signal,
    events,
    names,
  });

  // Problems of the side we read from are entries we could not sync; those of an S3 destination are
  // only worth a warning (we never write them).
  const problems: Problem[] = [...src.problems, ...unreadable, ...plan.skipped];
  if (destination.kind === 'local') problems.push(...dst.problems);
  else for (const p of dst.problems) events.onWarning?.(`destination key ${p.path}: ${p.message}`);
  events.onPlan?.(plan);

  const report = (results: ActionResult[]): SyncReport => {
    const interrupted = signal?.aborted ?? false;
    const totals = totalsOf(plan, results, problems.length, options.dryrun);
    return {
      source: options.sourceDisplay,
      destination: options.destinationDisplay,
      locations: { source, destination },
      direction,
      dryrun: options.dryrun,
      plan,
      results,
      problems,
      totals,
      durationMs: Date.now() - started,
      ok:
        totals.failed === 0 &&
        totals.skipped === 0 &&
        totals.interrupted === 0 &&
        !plan.deleteRefused &&
        !interrupted,
      interrupted: interrupted || undefined,
      notDescended: src.notDescendedPaths?.size,
      shard: options.shard ? formatShard(options.shard) : undefined,
    };
  };

  // The one dry-run gate: nothing below this line runs in a dry run.
  if (options.dryrun) return report([]);

  if (destination.kind === 'local') await removeStaleTemps(destination, dst.staleTemps ?? [], names, events);
  const onStored: OnStored | undefined = cache.enabled
    ? (path, stamp, md5, mp, remote) => cache.remember(path, stamp, md5, mp, remote)
    : undefined;
  if (plan.actions.length > 0) await loadContentTypes();
  const transport = transportFor(direction, options, store, stop.signal, events, onStored);
  try {
    const { results, fatal } = await executePlan(plan, transport, {
      threads: options.threads,
      direction,
      signal,
      stop,
      events,
      describe: (err) =>
        oneLine(
          describeS3Error(err, {
            bucket:
              destination.kind === 's3' ? destination.bucket : source.kind === 's3' ? source.bucket : '',
            endpoint: store.endpointLabel,
          }),
        ),
    });
    if (fatal) throw fatal;
    if (!signal?.aborted) await transport.finish?.();
    if (plan.sweepDirs && destination.kind === 'local' && results.every((r) => r.status === 'done'))
      await sweepDirs(destination, plan.sweepDirs, names);
    if (localRoot) await saveCache(cache, direction === 'upload' ? src : dst, results, events);
    return report(results);
  } finally {
    await transport.cleanup?.();
  }
}

/**
 * Pairs, examines and plans. A function of its own so that the pairs (one object per path) are garbage
 * once the plan is made: kept in sync()'s frame they lived through the whole transfer phase.
 */
async function examineAndPlan(
  options: SyncOptions,
  direction: Direction,
  src: Listing,
  dst: Listing,
  ctx: {
    store: ObjectStore;
    cache: Md5Cache;
    signal: AbortSignal;
    events: SyncEvents;
    names: ReturnType<typeof nameCodec>;
  },
): Promise<{ plan: Plan; unreadable: Problem[] }> {
  const { source, destination } = options;
  const owns = options.shard ? shardOwner(options.shard) : undefined;
  const pairing = pairSides(options, direction, src, dst);
  const by = comparedBy(options);

  ctx.events.onPhase?.('comparing');
  const examined = await examinePairs(pairing.pairs, {
    direction,
    by,
    posixMetadata: options.posixMetadata,
    restoreOwner: options.restoreOwner,
    threads: options.threads,
    partSize: options.partSize,
    source,
    destination,
    store: ctx.store,
    cache: ctx.cache,
    codec: ctx.names,
    signal: ctx.signal,
    owns,
  });
  ctx.events.onDebug?.(
    `compare: ${examined.hashed} local files hashed, ${examined.reused} MD5s from the cache, ${examined.heads} objects' headers read`,
  );

  const plan = planSync(
    { ...pairing, pairs: examined.pairs },
    planOptionsFor(options, direction, pairing, src, dst, { owns, unreadable: examined.unreadable.length }),
  );

  return { plan, unreadable: examined.unreadable };
}

/** Pairs the two listings as a sync does (shared with `paras3 plan --shards`). */
export function pairSides(options: SyncOptions, direction: Direction, src: Listing, dst: Listing): Pairing {
  const { source } = options;
  return pairListings(src, dst, {
    direction,
    sourcePrefix: source.kind === 's3' ? source.prefix : undefined,
  });
}

function comparedBy(options: SyncOptions): PlanOptions['by'] {
  return options.sizeOnly ? 'size' : options.md5 ? 'md5' : 'time';
}

/**
 * What the planner (and so its delete guards) is told about a sync of these listings: shared by sync()
 * and `paras3 plan --shards`, so the plan's delete counts are the ones a run would make. `unreadable`:
 * source files the examine stage could not read (they make that side's listing incomplete).
 */
export function planOptionsFor(
  options: SyncOptions,
  direction: Direction,
  pairing: Pairing,
  src: Listing,
  dst: Listing,
  extra: { owns?: (path: string) => boolean; unreadable?: number } = {},
): PlanOptions {
  const { source, destination } = options;
  const sourceIsLocal = source.kind === 'local';
  const unreadable = (extra.unreadable ?? 0) > 0;
  return {
    direction,
    by: comparedBy(options),
    source,
    destination,
    delete: options.delete,
    maxDelete: options.maxDelete,
    makeDirs: options.makeDirs,
    posixMetadata: options.posixMetadata,
    restoreOwner: options.restoreOwner,
    dirNodes: options.dirNodes,
    destRootPresent: destination.kind === 'local' ? dst.exists : (dst.rootNode ?? false),
    owns: extra.owns,
    listings: {
      sourceIncomplete: src.incomplete || (sourceIsLocal && unreadable),
      destIncomplete: dst.incomplete || (!sourceIsLocal && unreadable),
      // Files that can actually be synced: a source whose only files are refused (unsafe names,
      // conflicts) is as empty as one without files.
      sourceFiles: count(pairing.pairs, (p) => p.kind !== 'dest-only' && p.source.kind !== 'dir'),
      destFiles: count(dst.entries, (e) => e.kind !== 'dir'),
      destHoldsExcluded: dst.holdsExcluded,
      sourceNotDescended: src.notDescendedPaths,
      destNotDescended: dst.notDescendedPaths,
    },
  };
}

function count<T>(items: readonly T[], pred: (t: T) => boolean): number {
  let n = 0;
  for (const t of items) if (pred(t)) n++;
  return n;
}

function transportFor(
  direction: Direction,
  o: SyncOptions,
  store: ObjectStore,
  signal: AbortSignal,
  events: SyncEvents,
  onStored: OnStored | undefined,
): Transport {
  const headers = objectHeaders(headerLookup(o.cacheControl, o.mimeTypes), o);
  const common = {
    store,
    partSize: o.partSize,
    verifyRetries: o.verifyRetries,
    signal,
    onWarning: events.onWarning,
  };
  const { source, destination } = o;
  if (source.kind === 'local' && destination.kind === 's3') {
    return uploadTransport({
      ...common,
      source,
      destination,
      headers,
      multipartThreshold: o.multipartThreshold,
      names: nameCodec(o.nativeCharset),
      onStored,
    });
  }
  if (source.kind === 's3' && destination.kind === 'local') {
    return downloadTransport({
      ...common,
      source,
      destination,
      restoreOwner: o.restoreOwner,
      posixMetadata: o.posixMetadata,
      names: nameCodec(o.nativeCharset),
      onStored,
      sharded: o.shard !== undefined,
    });
  }
  if (source.kind === 's3' && destination.kind === 's3') {
    const rules = o.cacheControl.length > 0 || o.expires !== undefined;
    const lookup = headerLookup(o.cacheControl, o.mimeTypes);
    return copyTransport({
      ...common,
      source,
      destination,
      headers: rules
        ? (path) => ({
            cacheControl: lookup(path).cacheControl,
            expires: o.expires ? new Date(o.expires) : undefined,
          })
        : undefined,
      extra: {
        acl: o.publicRead ? 'public-read' : undefined,
        storageClass: o.storageClass,
        sse: o.sse,
        sseKmsKeyId: o.sseKmsKeyId,
      },
    });
  }
  throw new UsageError(`cannot sync ${direction}`);
}

/** Temp files of killed runs in the destination: removed, and said so at debug level. */
async function removeStaleTemps(
  dest: LocalLocation,
  temps: readonly string[],
  names: ReturnType<typeof nameCodec>,
  events: SyncEvents,
): Promise<void> {
  for (const rel of temps) {
    const path = localTextPath(dest, rel);
    await unlink(fsPathUnder(dest.root, path, names)).then(
      () => events.onDebug?.(`removed ${rel}, a temp file left by an interrupted run`),
      () => {},
    );
  }
}

/** Keeps what is known of the local files that exist after this run; a cache that cannot be written is a warning. */
async function saveCache(cache: Md5Cache, local: Listing, results: ActionResult[], events: SyncEvents) {
  if (!cache.enabled) return;
  await cache
    .save(filesAfter(local, results), filesDeleted(results))
    .catch((err) => events.onWarning?.(`cannot write the MD5 cache: ${oneLine(err)}`));
}

/** The local files listed or downloaded (those deleted are given apart, see filesDeleted). */
function* filesAfter(local: Listing, results: readonly ActionResult[]): Generator<string> {
  for (const e of local.entries) if (e.kind !== 'dir') yield e.path;
  for (const r of results) if (r.status === 'done' && r.action.op === 'download') yield r.action.path;
}

function* filesDeleted(results: readonly ActionResult[]): Generator<string> {
  for (const r of results)
    if (r.status === 'done' && r.action.op === 'delete' && r.action.dest.kind !== 'dir') yield r.action.path;
}

function totalsOf(plan: Plan, results: ActionResult[], problems: number, dryrun: boolean): SyncTotals {
  const t: SyncTotals = {
    created: 0,
    updated: 0,
    deleted: 0,
    unchanged: plan.unchanged,
    metadata: 0,
    dirsCreated: 0,
    dirsDeleted: 0,
    dirsUnchanged: plan.unchangedDirs,
    failed: 0,
    skipped: problems,
    interrupted: 0,
    bytes: 0,
  };
  // A dry run counts what would happen; a real run counts what did (without an array of a million
  // finished actions made for the count).
  const counted = (a: PlanAction) => {
    if (a.op === 'mkdir') t.dirsCreated++;
    else if (a.op === 'delete') a.dest.kind === 'dir' ? t.dirsDeleted++ : t.deleted++;
    else if (a.op === 'metadata') t.metadata++;
    else if (a.dest) t.updated++;
    else t.created++;
    if (dryrun && (a.op === 'upload' || a.op === 'download' || a.op === 'copy')) t.bytes += a.size;
  };
  if (dryrun) for (const a of plan.actions) counted(a);
  else for (const r of results) if (r.status === 'done') counted(r.action);
  for (const r of results) {
    if (r.status === 'failed') t.failed++;
    if (r.status === 'skipped') t.skipped++;
    if (r.status === 'interrupted') t.interrupted++;
    t.bytes += r.bytes;
  }
  return t;
}
