// Decides whether one source entry must be transferred over its destination counterpart.
import { etagParts } from './etag.js';
import { metadataDiff } from './metadata.js';
import type { Direction, Entry, TransferReason } from './types.js';

export interface CompareOptions {
  /** `md5`: size then MD5 (the default); `time` (`--no-md5`): size then time; `size` (`--size-only`). */
  by: 'md5' | 'time' | 'size';
  direction: Direction;
}

/**
 * Why `src` must be transferred onto `dst`, or null when they are the same.
 *
 * - No destination entry: 'missing'.
 * - A symlink over a file or a file over a symlink: 'kind'. For an S3 object symlink-ness is metadata,
 *   known once the examine stage has read it; unknown means it was not read because the local side is
 *   vouched unchanged since it last agreed with this object (examine.ts).
 * - Sizes differ: 'size'. Size is checked first because it is free and settles most changes.
 * - Size mode: equal sizes are the same.
 * - MD5 mode: both MD5s known and different: 'md5'; equal: null. An S3 entry's MD5 is its ETag when that
 *   can be one (single part, not SSE-KMS/SSE-C), or the MD5 proven by the hash stage (md5chksum metadata,
 *   or a multipart ETag recomputed from the local bytes). S3 to S3: two identical ETags are the same
 *   bytes, multipart or not. If it is still unknown the object cannot be proven equal: 'etag-unknown',
 *   so it is transferred rather than silently trusted.
 * - Time mode (whole seconds, S3 has no finer precision):
 *   upload and copy: the source is newer than the destination's LastModified → 'time'. A write stamps
 *   LastModified after the source's time, so an unchanged tree stays unchanged.
 *   download: LastModified is newer than the local file's last change → 'time'. The local "last change"
 *   is max(mtime, ctime): a restore sets mtime back to the original, but the ctime of that restore is
 *   after the upload, so a second `--no-md5` download transfers nothing. Before the times: both MD5s
 *   known where the MD5 cache vouched for the file or saw it change since it agreed with the object
 *   (Entry.md5Decides), which then decide.
 *
 * The caller must have hashed the local side whenever sizes are equal in MD5 mode (asserted).
 */
export function needsTransfer(
  src: Entry,
  dst: Entry | undefined,
  opts: CompareOptions,
): TransferReason | null {
  if (!dst) return 'missing';
  const [s, d] = [linkness(src), linkness(dst)];
  if (s !== undefined && d !== undefined && s !== d) return 'kind';
  if (src.size !== dst.size) return 'size';
  if (opts.by === 'size') return null;
  if (opts.by === 'md5') {
    if (opts.direction === 'copy') {
      if (src.etag && src.etag === dst.etag) return null;
      if (src.md5 === undefined || dst.md5 === undefined) return 'etag-unknown';
      return src.md5 === dst.md5 ? null : 'md5';
    }
    const local = opts.direction === 'upload' ? src : dst;
    const remote = opts.direction === 'upload' ? dst : src;
    if (local.md5 === undefined) throw new Error(`compare: local MD5 of ${local.path} was not computed`);
    if (remote.md5 === undefined) return 'etag-unknown';
    return local.md5 === remote.md5 ? null : 'md5';
  }
  // The MD5 cache vouched that the file has not changed since it agreed with this object, or saw it
  // change since then and it was hashed (examine.ts): the MD5s decide, the times no longer matter.
  const local = opts.direction === 'upload' ? src : opts.direction === 'download' ? dst : undefined;
  if (local?.md5Decides && src.md5 !== undefined && dst.md5 !== undefined)
    return src.md5 === dst.md5 ? null : 'md5';
  if (opts.direction !== 'download') return src.mtime > dst.mtime ? 'time' : null;
  const localChanged = Math.max(dst.mtime, Math.floor((dst.ctimeMs ?? 0) / 1000));
  return src.mtime > localChanged ? 'time' : null;
}

/** Whether an entry is a symlink: a local symlink, or an object whose metadata says so; undefined = not read. */
export function linkness(e: Entry): boolean | undefined {
  if (e.kind === 'symlink') return true;
  if (e.mtimeMs !== undefined) return false; // a local file (only local entries carry mtimeMs)
  return e.meta ? e.meta.symlink : undefined;
}

/** Whether the examine stage must hash the local side of this pair: MD5 mode, equal sizes, not directories. */
export function needsLocalHash(src: Entry, dst: Entry, opts: CompareOptions): boolean {
  return (
    opts.by === 'md5' &&
    opts.direction !== 'copy' &&
    src.size === dst.size &&
    src.kind !== 'dir' &&
    dst.kind !== 'dir'
  );
}

/** Whether the remote side's ETag alone cannot prove its MD5 (a multipart object). */
export function remoteMd5Unknown(remote: Entry): boolean {
  return remote.md5 === undefined && etagParts(remote.etag) > 0;
}

/**
 * Content equal: what differs in the POSIX metadata this direction writes (`mode 644 → 600`), or null.
 * Only what was read is compared: an object whose metadata the examine stage did not read (because the
 * local side is vouched unchanged since they last agreed) has nothing to compare.
 */
export function metadataChange(
  source: Entry,
  dest: Entry,
  opts: { direction: Direction; posixMetadata: boolean; restoreOwner: boolean },
): string | null {
  if (!opts.posixMetadata || opts.direction === 'copy') return null;
  if (opts.direction === 'upload') {
    return dest.meta ? metadataDiff(source, dest.meta, { direction: 'upload', owner: true }) : null;
  }
  return source.meta
    ? metadataDiff(dest, source.meta, { direction: 'download', owner: opts.restoreOwner })
    : null;
}
