// The data that flows through the engine: locations, listings, plans and reports.
// Nothing here does I/O; every stage of sync() speaks in these shapes.

/** One side of a sync, with the trailing-slash rule already applied (see location.ts). */
export type Location =
  | { kind: 'local' /** absolute directory whose contents are synced */; root: string }
  | {
      kind: 's3';
      bucket: string;
      /** key prefix of the synced tree: '' (bucket root) or ending in '/' */
      prefix: string;
    };

export type EntryKind = 'file' | 'dir' | 'symlink';

/** One node of a listed tree, local or S3, in the same shape so planning never asks which side it is. */
export interface Entry {
  /** Path relative to the synced root: '/'-separated, NFC, no leading or trailing slash. */
  path: string;
  kind: EntryKind;
  /** Bytes of content (a symlink's content is its target). 0 for directories. */
  size: number;
  /** Whole seconds since the epoch: local mtime, or S3 LastModified. */
  mtime: number;
  /** Local only: the exact mtime in milliseconds, stored in metadata so a restore is faithful. */
  mtimeMs?: number;
  /** Local only: what identifies this version of the file for the MD5 cache (md5cache.ts). */
  stamp?: import('./md5cache.js').FileStamp;
  /** Local only: whole seconds of the inode change time (chmod/utimes/rename bump it). */
  ctime?: number;
  /** Lowercase hex MD5 of the content when known (local: computed lazily; S3: a single-part ETag). */
  md5?: string;
  /** S3 only: the ETag without quotes (may be a multipart `hex-N`). */
  etag?: string;
  /** S3 only: the full object key. */
  key?: string;
  /** Local only: the path on disk (may differ from `path` in normalisation or charset); bytes when
   * S3SYNC_NATIVE_CHARSET is not UTF-8 (see names.ts). */
  fsPath?: string | Buffer;
  /** Local only: st_mode permission bits, owner and group. */
  mode?: number;
  uid?: number;
  gid?: number;
  /** Local symlinks: the link target, as stored. */
  linkTarget?: string;
}

/** A listing that completed: every entry, plus what could not be listed or was refused. */
export interface Listing {
  /** Whether the root exists (a local directory, or an S3 prefix with at least one key). */
  exists: boolean;
  entries: Entry[];
  /** S3 only: whether the root itself has a directory node (`prefix/`). */
  rootNode?: boolean;
  /** Entries that could not be read or keys that cannot become local paths: reported, never transferred. */
  problems: Problem[];
  /** Something under the root could not be read: the listing may lack entries, so nothing is deleted. */
  incomplete: boolean;
}

export interface Problem {
  path: string;
  message: string;
}

/** Why a transfer is needed; see compare.ts for the decision table. */
export type TransferReason = 'missing' | 'size' | 'md5' | 'time' | 'etag-unknown' | 'kind';

export interface MkdirAction {
  op: 'mkdir';
  path: string;
  /** The source directory, when there is one (not for implied directories or the root). */
  source?: Entry;
}

export interface TransferAction {
  op: 'upload' | 'download';
  path: string;
  size: number;
  reason: TransferReason;
  source: Entry;
  /** The destination entry being replaced, if any (an update rather than a create). */
  dest?: Entry;
}

export interface DeleteAction {
  op: 'delete';
  path: string;
  size: number;
  dest: Entry;
}

export type PlanAction = MkdirAction | TransferAction | DeleteAction;

export function isTransfer(a: PlanAction): a is TransferAction {
  return a.op === 'upload' || a.op === 'download';
}

export interface Plan {
  /** In execution order: mkdirs (parents first), transfers (assets before pages), deletes (deepest first). */
  actions: PlanAction[];
  /** Source entries that are already identical at the destination. */
  unchanged: number;
  /** Entries that will not be transferred, with the reason (hostile keys, missing parents, conflicts). */
  skipped: Problem[];
  /** Set when the delete phase is refused as a whole (see guard in plan.ts); deletes are then absent. */
  deleteRefused?: string;
}

export type ActionStatus = 'done' | 'failed' | 'skipped';

export interface ActionResult {
  action: PlanAction;
  status: ActionStatus;
  /** Bytes moved over the network for this action. */
  bytes: number;
  error?: string;
}

export interface SyncTotals {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  failed: number;
  skipped: number;
  /** Bytes moved (or, in a dry run, that would move). */
  bytes: number;
}

export interface SyncReport {
  source: string;
  destination: string;
  direction: 'upload' | 'download';
  dryrun: boolean;
  plan: Plan;
  /** One per executed action; empty in a dry run. */
  results: ActionResult[];
  /** Problems found while listing (unreadable files, hostile keys) plus planning skips. */
  problems: Problem[];
  totals: SyncTotals;
  durationMs: number;
  /** True when everything planned was done and nothing was skipped or refused. */
  ok: boolean;
  /** Set when the sync was interrupted (SIGINT/SIGTERM) before it finished. */
  interrupted?: boolean;
}

/** How the engine reports while it works; front ends render these. All callbacks are optional. */
export interface SyncEvents {
  onPlan?(plan: Plan): void;
  onAction?(result: ActionResult): void;
  onProgress?(progress: {
    bytesDone: number;
    bytesTotal: number;
    filesDone: number;
    filesTotal: number;
  }): void;
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
}
