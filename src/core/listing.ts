// The listing stage of a sync, shared by sync() and `paras3 plan`: both sides listed at once with the
// filters applied, walk-only directories pruned, and the source checked to exist. Either listing failing
// fails the whole stage: nothing downstream ever sees a partial listing.
import { UsageError } from './errors.js';
import {
  classifyPaths,
  compileFilter,
  compileGlobs,
  excludeWithAncestors,
  type PathMatcher,
} from './glob.js';
import { ancestors } from './keys.js';
import { nameCodec } from './names.js';
import { describeS3Error } from './s3errors.js';
import type { ObjectStore } from './store/types.js';
import { listLocal } from './tree/local.js';
import { listS3 } from './tree/s3.js';
import type { Listing, SyncEvents, SyncOptions } from './types.js';

export interface Listings {
  src: Listing;
  dst: Listing;
}

export async function listSides(
  options: SyncOptions,
  store: ObjectStore,
  signal: AbortSignal,
  events: SyncEvents,
): Promise<Listings> {
  events.onPhase?.('listing');
  // Both listings run at once; either failing fails the run before anything is planned or deleted.
  const [src, dst] = await Promise.all([
    listSide(options, 'source', store, signal, events),
    listSide(options, 'destination', store, signal, events),
  ]);
  assertSourceExists(options, src);
  events.onDebug?.(`listed ${src.entries.length} source and ${dst.entries.length} destination entries`);
  return { src, dst };
}

/**
 * One side, filtered as a sync filters it. Excluded destination entries are not even listed (so never
 * deleted) unless --delete-excluded.
 */
export async function listSide(
  options: SyncOptions,
  side: 'source' | 'destination',
  store: ObjectStore,
  signal: AbortSignal,
  events: SyncEvents,
): Promise<Listing> {
  const loc = side === 'source' ? options.source : options.destination;
  // --include/--exclude in the order given (rclone's), or the excludes alone (the action's input).
  const excluded: PathMatcher =
    side === 'destination' && options.deleteExcluded
      ? () => false
      : options.filters
        ? compileFilter(options.filters)
        : compileGlobs(options.exclude);
  const listing = await (loc.kind === 'local'
    ? listLocal(loc.root, {
        recursive: options.recursive,
        exclude: excluded,
        onWarning: events.onWarning,
        names: nameCodec(options.nativeCharset),
      })
    : listS3(store, loc.bucket, loc.prefix, {
        recursive: options.recursive,
        exclude: excludeWithAncestors(excluded),
        signal,
        role: side,
      }).catch((err) => {
        throw describeS3Error(err, { bucket: loc.bucket, endpoint: store.endpointLabel });
      }));
  if (options.filters?.some((f) => f.include)) {
    // Directories walked only because they could hold an included path, but holding none, are left
    // out: `--include '*.html'` creates (and deletes) no directory of images.
    pruneWalkOnly(listing, classifyPaths(options.filters));
  }
  return listing;
}

export function assertSourceExists(options: SyncOptions, src: Listing): void {
  if (src.exists) return;
  // As the user typed it, without the display's trailing slash: `source /x/y does not exist`.
  const where = options.source.kind === 'local' ? options.source.root : options.sourceDisplay;
  throw new UsageError(`source ${where} does not exist`);
}

/** Drops directories a filter walks but does not include, unless something included lies below them. */
function pruneWalkOnly(listing: Listing, classify: ReturnType<typeof classifyPaths>): void {
  const holding = new Set<string>();
  for (const e of listing.entries) if (e.kind !== 'dir') for (const a of ancestors(e.path)) holding.add(a);
  listing.entries = listing.entries.filter(
    (e) => e.kind !== 'dir' || holding.has(e.path) || classify(e.path, true) !== 'walk',
  );
}
