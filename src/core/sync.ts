// The engine's one entry: list both sides → hash where needed → plan → execute → report.
// It never prints and never exits; front ends render what it reports and returns.
import { setMaxListeners } from 'node:events';
import type { S3Client } from '@aws-sdk/client-s3';
import { UsageError } from './errors.js';
import { executePlan } from './execute.js';
import { compileGlobs, excludeWithAncestors, type PathMatcher } from './glob.js';
import { hashForComparison } from './hashing.js';
import { headerLookup } from './headers.js';
import { Md5Cache } from './md5cache.js';
import { nameCodec } from './names.js';
import { planSync } from './plan.js';
import { describeS3Error } from './s3errors.js';
import { downloadTransport } from './transfer/download.js';
import type { Transport } from './transfer/transport.js';
import { uploadTransport } from './transfer/upload.js';
import { listLocal } from './tree/local.js';
import { listS3 } from './tree/s3.js';
import {
  type ActionResult,
  isTransfer,
  type Listing,
  type Location,
  type Plan,
  type Problem,
  type SyncEvents,
  type SyncOptions,
  type SyncReport,
  type SyncTotals,
} from './types.js';

export interface SyncDeps {
  client: S3Client;
  /** Aborting stops new work, aborts in-flight transfers and removes temp files. */
  signal?: AbortSignal;
  /** The endpoint, for error messages. */
  endpointLabel?: string;
}

export async function sync(
  options: SyncOptions,
  deps: SyncDeps,
  events: SyncEvents = {},
): Promise<SyncReport> {
  const started = Date.now();
  const direction = options.source.kind === 'local' ? 'upload' : 'download';
  const s3 = (options.source.kind === 's3' ? options.source : options.destination) as Extract<
    Location,
    { kind: 's3' }
  >;
  const { client, signal } = deps;
  // Every in-flight request listens on this one signal (threads × multipart parts); past 10 listeners
  // Node prints a MaxListenersExceededWarning on stderr, which is noise, not a leak.
  if (signal) setMaxListeners(0, signal);

  const names = nameCodec(options.nativeCharset);
  const excluded = compileGlobs(options.exclude);
  const never: PathMatcher = () => false;
  const list = (loc: Location, exclude: PathMatcher): Promise<Listing> =>
    loc.kind === 'local'
      ? listLocal(loc.root, { recursive: options.recursive, exclude, onWarning: events.onWarning, names })
      : listS3(client, loc.bucket, loc.prefix, {
          recursive: options.recursive,
          exclude: excludeWithAncestors(exclude),
          onWarning: events.onWarning,
        }).catch((err) => {
          throw describeS3Error(err, { bucket: loc.bucket, endpoint: deps.endpointLabel });
        });

  // Both listings run at once; either failing fails the run before anything is planned or deleted.
  // Excluded destination entries are not even listed (so never deleted) unless --delete-excluded.
  const [src, dst] = await Promise.all([
    list(options.source, excluded),
    list(options.destination, options.deleteExcluded ? never : excluded),
  ]);
  if (!src.exists) {
    // As the user typed it, without the display's trailing slash: `source /x/y does not exist`.
    const where = options.source.kind === 'local' ? options.source.root : options.sourceDisplay;
    throw new UsageError(`source ${where} does not exist`);
  }
  events.onDebug?.(`listed ${src.entries.length} source and ${dst.entries.length} destination entries`);

  const localSide = direction === 'upload' ? src : dst;
  const localRoot = (options.source.kind === 'local' ? options.source : options.destination) as {
    root: string;
  };
  const cache =
    options.md5 && options.md5CacheDir
      ? await Md5Cache.open(options.md5CacheDir, localRoot.root, options.partSize)
      : Md5Cache.disabled();
  const hashes = await hashForComparison(src, dst, {
    direction,
    md5: options.md5,
    partSize: options.partSize,
    threads: options.threads,
    client,
    bucket: s3.bucket,
    signal,
    cache,
  });
  events.onDebug?.(`MD5: ${hashes.hashed} local files hashed, ${hashes.reused} taken from the MD5 cache`);

  const plan = planSync(src, dst, {
    direction,
    md5: options.md5,
    delete: options.delete,
    maxDelete: options.maxDelete,
    makeDirs: options.makeDirs,
    destRootPresent: options.destination.kind === 'local' ? dst.exists : (dst.rootNode ?? false),
    destRootNeedsNode: options.destination.kind === 'local' || options.destination.prefix !== '',
  });

  // Problems of the side we read from are entries we could not sync; those of an S3 destination
  // (keys we would never write) are only worth a warning.
  const problems: Problem[] = [...src.problems, ...plan.skipped];
  if (options.destination.kind === 'local') problems.push(...dst.problems);
  else for (const p of dst.problems) events.onWarning?.(`destination key ${p.path}: ${p.message}`);
  if (plan.deleteRefused) events.onWarning?.(plan.deleteRefused);
  events.onPlan?.(plan);

  const report = (results: ActionResult[], interrupted: boolean): SyncReport => {
    const totals = totalsOf(plan, results, problems.length, options.dryrun);
    return {
      source: options.sourceDisplay,
      destination: options.destinationDisplay,
      direction,
      dryrun: options.dryrun,
      plan,
      results,
      problems,
      totals,
      durationMs: Date.now() - started,
      ok: totals.failed === 0 && totals.skipped === 0 && !plan.deleteRefused && !interrupted,
      interrupted: interrupted || undefined,
    };
  };

  // The one dry-run gate: nothing below this line runs in a dry run.
  if (options.dryrun) return report([], false);

  const transport: Transport =
    options.destination.kind === 's3'
      ? uploadTransport({
          client,
          bucket: options.destination.bucket,
          prefix: options.destination.prefix,
          publicRead: options.publicRead,
          expires: options.expires,
          multipartThreshold: options.multipartThreshold,
          partSize: options.partSize,
          headers: headerLookup(options.cacheControl, options.mimeTypes),
          verifyRetries: options.verifyRetries,
          signal,
          onWarning: events.onWarning,
          names,
          onStored: (path, stamp, md5, mp) => cache.remember(path, stamp, md5, mp),
        })
      : downloadTransport({
          client,
          bucket: s3.bucket,
          root: options.destination.root,
          partSize: options.partSize,
          restoreOwner: options.restoreOwner,
          verifyRetries: options.verifyRetries,
          signal,
          onWarning: events.onWarning,
          names,
          onStored: options.md5CacheDir
            ? (path, stamp, md5, mp) => cache.remember(path, stamp, md5, mp)
            : undefined,
        });
  try {
    const { results, fatal } = await executePlan(plan, transport, {
      threads: options.threads,
      direction,
      signal,
      events,
    });
    if (fatal) throw fatal;
    await saveCache(cache, localSide, results, events);
    return report(results, signal?.aborted ?? false);
  } finally {
    await transport.cleanup?.();
  }
}

/** Keeps the hashes of the local files that exist after this run; a cache that cannot be written is a warning. */
async function saveCache(cache: Md5Cache, local: Listing, results: ActionResult[], events: SyncEvents) {
  const present = new Set(local.entries.filter((e) => e.kind === 'file').map((e) => e.path));
  for (const r of results) {
    if (r.status !== 'done') continue;
    if (r.action.op === 'download') present.add(r.action.path);
    if (r.action.op === 'delete' && r.action.dest.fsPath) present.delete(r.action.path);
  }
  await cache
    .save(present)
    .catch((err) => events.onWarning?.(`cannot write the MD5 cache: ${(err as Error).message}`));
}

function totalsOf(plan: Plan, results: ActionResult[], problems: number, dryrun: boolean): SyncTotals {
  const t: SyncTotals = {
    created: 0,
    updated: 0,
    deleted: 0,
    unchanged: plan.unchanged,
    failed: 0,
    skipped: problems,
    bytes: 0,
  };
  // A dry run counts what would happen; a real run counts what did.
  const done = dryrun ? plan.actions : results.filter((r) => r.status === 'done').map((r) => r.action);
  for (const a of done) {
    if (a.op === 'delete') t.deleted++;
    else if (isTransfer(a) && a.dest) t.updated++;
    else t.created++;
    if (dryrun && isTransfer(a)) t.bytes += a.size;
  }
  for (const r of results) {
    if (r.status === 'failed') t.failed++;
    if (r.status === 'skipped') t.skipped++;
    t.bytes += r.bytes;
  }
  return t;
}
