// The data that flows through the engine: locations, listings, pairs, plans and reports.
// Nothing here does I/O; every stage of sync() speaks in these shapes.

/** A local directory whose contents are synced (absolute, trailing-slash rule already applied). */
export interface LocalLocation {
  kind: 'local';
  root: string;
}

/** An S3 "directory": a bucket and a key prefix that is '' (the bucket root) or ends in '/'. */
export interface S3Location {
  kind: 's3';
  bucket: string;
  prefix: string;
}

/** One side of a sync, with the trailing-slash rule already applied (see location.ts). */
export type Location = LocalLocation | S3Location;

/** upload: local → S3; download: S3 → local; copy: S3 → S3 (server-side, bytes never cross the runner). */
export type Direction = 'upload' | 'download' | 'copy';

export type EntryKind = 'file' | 'dir' | 'symlink';

/**
 * One node of a listed tree, local or S3, in the same shape so pairing and planning never ask which
 * side it is. Kept small on purpose (a tree can hold millions): absolute paths and keys are derived from
 * the side's root and `path`/`name` when needed, never stored per entry.
 */
export interface Entry {
  /** Path relative to the synced root: '/'-separated, NFC, no leading or trailing slash. The pairing key. */
  path: string;
  /**
   * The name as it exists on its side, relative to the root, when it differs from `path` (an NFD file
   * name, a key written NFD by another tool, a directory node `x_$folder$`). Writes to an existing entry
   * go to this name, so a name never becomes two objects.
   */
  name?: string;
  kind: EntryKind;
  /** Bytes of content (a symlink's content is its target). 0 for directories. */
  size: number;
  /** Whole seconds since the epoch: local mtime, or S3 LastModified. */
  mtime: number;
  /** Local only: mtime in milliseconds (stored in metadata so a restore is faithful), ctime, inode. */
  mtimeMs?: number;
  ctimeMs?: number;
  ino?: number;
  dev?: number;
  /** Local only: st_mode, owner and group. */
  mode?: number;
  uid?: number;
  gid?: number;
  /** Local symlinks: the link target, as stored. */
  linkTarget?: string;
  /** Lowercase hex MD5 of the content when known (local: computed by the hash stage; S3: see etag.ts). */
  md5?: string;
  /**
   * Local only, time mode (--no-md5): the MD5s decide instead of the times, because the MD5 cache vouched
   * that the file is unchanged since it agreed with the object, or saw it change since (examine.ts).
   */
  md5Decides?: true;
  /** S3 only: the ETag without quotes, lower case (may be a multipart `hex-N`). */
  etag?: string;
  /** S3 only: a directory node whose key also holds bytes (reported, never taken as content). */
  dirWithContent?: boolean;
  /**
   * S3 only: the object's stored metadata, when the compare stage read it (HeadObject). Absent means
   * not read because nothing suggested it could differ (see examine.ts).
   */
  meta?: import('./metadata.js').RestoreInfo;
}

/**
 * A copy of an entry with some fields replaced. Not `{ ...e, ...extra }`: V8 gives each object made by
 * spreading a listed entry a hidden class of its own once its numbers have mixed representations (an
 * inode or mtime that is a small integer in one entry and a double in the next), and that class costs
 * about 450 bytes per entry (measured: 100,000 files, 45 MB of a 200 MB heap). Object.assign shares
 * one class among all of them.
 */
export function withFields<T extends object>(e: T, extra: Partial<T>): T {
  return Object.assign({}, e, extra);
}

/**
 * A whole number in the form V8 stores inside an object (a "small integer"). fs.Stats fields and
 * Math.floor give doubles even for whole values, and a field that once held a double is boxed (16 bytes
 * more) in every object of that shape: with sizes, times, modes and owners boxed in each listed entry and
 * its copies, a 100,000-file sync held 2.3 million such boxes. Larger or fractional values are kept.
 */
export function small(n: number): number {
  return Number.isInteger(n) && n >= 0 && n <= 0x3fffffff ? n | 0 : n;
}

/**
 * A copy of a string that is its own, not a view of a longer one. V8 makes `s.slice(n)` of 13 characters
 * or more a view that keeps all of `s` alive: a listed path cut from its key held the key as well (about
 * 40 bytes per object of a large listing). Copied through bytes because no string method promises a copy.
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

let _flattened = 0;

/**
 * The string, flattened in place. A path or key made by concatenation is a tree of cons strings
 * (path.join and destName make several per target), and V8 keeps every piece alive until the string is
 * first read as a whole; reading a character makes it replace the tree by one flat copy, and its
 * collector then drops the cons cell as well. Measured on a 100,000-file download: 84 → 69 MB alive
 * with the plan's targets flattened. The character read goes to a module variable so that an optimising
 * compiler cannot drop the read as unused.
 */
export function flat(s: string): string {
  if (s.length > 0) _flattened ^= s.charCodeAt(0);
  return s;
}

/** The name of an entry on its own side, relative to the root. */
export function nameOf(e: Entry): string {
  return e.name ?? e.path;
}

/** A listing that completed: every entry, plus what could not be listed or was refused. */
export interface Listing {
  /** Whether the root exists (a local directory, or an S3 prefix with at least one key). */
  exists: boolean;
  entries: Entry[];
  /** S3 only: the key of the root's own directory node (`prefix/`), when there is one. */
  rootNode?: boolean;
  /** Entries that could not be read or keys that cannot be represented: reported, never transferred. */
  problems: Problem[];
  /** Something under the root could not be read: the listing may lack entries, so nothing is deleted. */
  incomplete: boolean;
  /**
   * Without recursion: the subdirectories that were not descended into. What the other side has at such
   * a path is neither deleted nor overwritten: this run did not look inside.
   */
  notDescendedPaths?: Set<string>;
  /** Local only: temp files of paras3 runs that ended without cleaning up (never synced; removed by downloads). */
  staleTemps?: string[];
  /**
   * Directories that hold excluded entries (every ancestor of each): never deleted, since what the
   * filter keeps out is kept, and a directory node removed from above kept objects leaves them without
   * one (a later restore would skip them).
   */
  holdsExcluded?: Set<string>;
}

/** Notes every directory above an excluded path as holding excluded entries. */
export function noteExcluded(listing: Listing, path: string): void {
  const end = path.lastIndexOf('/');
  if (end === -1) return;
  listing.holdsExcluded ??= new Set();
  // A parent already noted has its own ancestors noted too (an excluded tree is many paths of few dirs).
  if (listing.holdsExcluded.has(path.slice(0, end))) return;
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1))
    listing.holdsExcluded.add(path.slice(0, i));
}

export interface Problem {
  path: string;
  message: string;
}

/** The outcome of pairing one path (pair.ts), as rclone's march names them. */
export type Pair =
  | { kind: 'source-only'; path: string; source: Entry }
  | { kind: 'dest-only'; path: string; dest: Entry }
  | { kind: 'both'; path: string; source: Entry; dest: Entry };

export type ConflictReason = 'twins' | 'file-vs-dir' | 'unsafe-name' | 'dir-with-content';

/** A path that cannot be synced as it stands; reported with every name involved, never guessed at. */
export interface Conflict {
  path: string;
  reason: ConflictReason;
  /** Which side holds the conflicting names. */
  side: 'source' | 'destination' | 'both';
  /** The names involved (e.g. both twins), as they exist on their side. */
  names: string[];
  message: string;
}

/**
 * Why a transfer is needed; see compare.ts for the decision table.
 * `metadata`: the content is equal but mode, owner, mtime or symlink-ness differ.
 */
export type TransferReason = 'missing' | 'size' | 'md5' | 'time' | 'etag-unknown' | 'kind' | 'metadata';

/** Where an action writes: the S3 key, or the local path (text; the native charset applies on disk). */
export type Target = string;

export interface MkdirAction {
  op: 'mkdir';
  path: string;
  target: Target;
  /** The source directory, when there is one (not for implied directories or the root). */
  source?: Entry;
}

export interface TransferAction {
  op: Direction;
  path: string;
  target: Target;
  size: number;
  reason: TransferReason;
  source: Entry;
  /** The destination entry being replaced, if any (an update rather than a create). */
  dest?: Entry;
}

/** Content equal, metadata not: rewrite the metadata only (CopyObject onto itself, or chmod/utimes). */
export interface MetadataAction {
  op: 'metadata';
  path: string;
  target: Target;
  size: number;
  source: Entry;
  dest: Entry;
  /** What differs, for people: `mode 644 → 600`. */
  detail: string;
}

export interface DeleteAction {
  op: 'delete';
  path: string;
  target: Target;
  size: number;
  dest: Entry;
}

export type PlanAction = MkdirAction | TransferAction | MetadataAction | DeleteAction;

export function isTransfer(a: PlanAction): a is TransferAction {
  return a.op === 'upload' || a.op === 'download' || a.op === 'copy';
}

/** Whether an action concerns a directory (a node or a local directory). */
export function isDirAction(a: PlanAction): boolean {
  return a.op === 'mkdir' || (a.op === 'delete' && a.dest.kind === 'dir');
}

export interface Plan {
  /** In execution order: mkdirs (parents first), transfers (assets before pages), deletes (deepest first). */
  actions: PlanAction[];
  /** Source files (and symlinks) already identical at the destination. */
  unchanged: number;
  /** Source directories already present at the destination. */
  unchangedDirs: number;
  /** Entries that will not be transferred, with the reason (hostile keys, missing parents, conflicts). */
  skipped: Problem[];
  /** Set when the delete phase is refused as a whole (see deleteGuard in plan.ts); deletes are then absent. */
  deleteRefused?: string;
  /**
   * A shard of a sync into a local directory: every directory the whole sync deletes, deepest first,
   * removed if empty after this shard's own deletes (see plan.ts). Not actions: no shard reports them.
   */
  sweepDirs?: DeleteAction[];
}

/** `interrupted`: not done because the run was interrupted (SIGINT/SIGTERM), not a failure of its own. */
export type ActionStatus = 'done' | 'failed' | 'skipped' | 'interrupted';

export interface ActionResult {
  action: PlanAction;
  status: ActionStatus;
  /** Bytes moved over the network for this action. */
  bytes: number;
  error?: string;
}

export interface SyncTotals {
  /** Files (and symlinks) created, updated, deleted; directories counted apart. */
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  /** Metadata-only updates (content equal). */
  metadata: number;
  dirsCreated: number;
  dirsDeleted: number;
  dirsUnchanged: number;
  failed: number;
  skipped: number;
  interrupted: number;
  /** Bytes moved (or, in a dry run, that would move). */
  bytes: number;
}

export interface SyncReport {
  /** Display forms of both sides (`/src/etc/`, `s3://bucket/pre/`), and the sides themselves. */
  source: string;
  destination: string;
  locations: { source: Location; destination: Location };
  direction: Direction;
  dryrun: boolean;
  plan: Plan;
  /** One per executed action; empty in a dry run. */
  results: ActionResult[];
  /** Problems found while listing (unreadable files, hostile keys, conflicts) plus planning skips. */
  problems: Problem[];
  totals: SyncTotals;
  durationMs: number;
  /** True when everything planned was done and nothing was skipped or refused. */
  ok: boolean;
  /** Set when the sync was interrupted (SIGINT/SIGTERM) before it finished. */
  interrupted?: boolean;
  /** Without -r: how many subdirectories of the source were not descended into. */
  notDescended?: number;
  /** With --shard: `K/N` or `K/N@LO-HI`; the plan, results and totals are this shard's share. */
  shard?: string;
}

export type Phase = 'listing' | 'comparing' | 'transferring' | 'deleting';

export interface Progress {
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
}

/** How the engine reports while it works; front ends render these. All callbacks are optional. */
export interface SyncEvents {
  onPhase?(phase: Phase, totals?: { files: number; bytes: number }): void;
  onPlan?(plan: Plan): void;
  onAction?(result: ActionResult): void;
  onProgress?(progress: Progress): void;
  onWarning?(message: string): void;
  onDebug?(message: string): void;
}

/** Per-glob header rules; the first rule whose glob matches a path wins. `glob` undefined matches all. */
export interface HeaderRule {
  glob?: string;
  value: string;
}

export interface SyncOptions {
  source: Location;
  destination: Location;
  /** Display forms for the first line, e.g. `/src/etc/` and `s3://mybucket/pre/etc/`. */
  sourceDisplay: string;
  destinationDisplay: string;
  recursive: boolean;
  dryrun: boolean;
  delete: boolean;
  deleteExcluded: boolean;
  /** Refuse the whole delete phase above this many deletes. undefined = only the empty-source guard. */
  maxDelete?: number;
  publicRead: boolean;
  /** Compare by size + MD5 (true) or by size + time (false, `--no-md5`). */
  md5: boolean;
  makeDirs: boolean;
  exclude: string[];
  cacheControl: HeaderRule[];
  expires?: string;
  threads: number;
  /** Files above this many bytes upload in parts. */
  multipartThreshold: number;
  partSize: number;
  /** Charset of local file names ('utf-8' unless S3SYNC_NATIVE_CHARSET says otherwise). */
  nativeCharset: string;
  /** Extra extension → content-type mappings (S3SYNC_MIME_TYPES_FILE), consulted before the built-ins. */
  mimeTypes?: Record<string, string>;
  /** Directory of the local MD5 cache (md5cache.ts); undefined = no cache. */
  md5CacheDir?: string;
  /** Restore owner/group on download (only meaningful as root). */
  restoreOwner: boolean;
  /** How many attempts a whole-object transfer gets when its bytes fail verification. */
  verifyRetries: number;
  /** Store and compare POSIX metadata (mode, owner, group, mtime); false for public sites. */
  posixMetadata: boolean;
  /** Store zero-byte `dir/` nodes for directories; false behind CloudFront REST origins. */
  dirNodes: boolean;
  /** `--size-only`: equal sizes are the same (no MD5, no time). */
  sizeOnly?: boolean;
  /** Written objects' storage class and server-side encryption. */
  storageClass?: string;
  sse?: string;
  sseKmsKeyId?: string;
  /**
   * --include/--exclude rules in command-line order, pattern files expanded (glob.ts compileFilter:
   * first match wins; with any include, unmatched paths are excluded). When set, it decides what is
   * listed instead of `exclude`, which then holds only its exclude globs.
   */
  filters?: { include: boolean; glob: string }[];
  /** `--shard K/N`: this run does only the paths of one shard of the sync (shard.ts). */
  shard?: import('./shard.js').Shard;
}
