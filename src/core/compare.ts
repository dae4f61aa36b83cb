// Decides whether one source entry must be transferred over its destination counterpart.
import type { Entry, TransferReason } from './types.js';

export interface CompareOptions {
  /** true: size then MD5; false (`--no-md5`): size then time. */
  md5: boolean;
  direction: 'upload' | 'download';
}

/**
 * Why `src` must be transferred onto `dst`, or null when they are the same.
 *
 * - No destination entry: 'missing'.
 * - Sizes differ: 'size'. Size is checked first because it is free and settles most changes.
 * - MD5 mode: both MD5s known and different: 'md5'; equal: null. The S3 side's MD5 is its ETag, or for
 *   a multipart ETag (`hex-N`) the MD5 proven by the hashing stage (md5chksum metadata or a matching
 *   multipart ETag computed locally). If it is still unknown the object cannot be proven equal:
 *   'etag-unknown', so it is transferred rather than silently trusted.
 * - Time mode (whole seconds, S3 has no finer precision):
 *   upload: the local mtime is newer than the object's LastModified → 'time'. An upload stamps
 *   LastModified after the file's mtime, so an unchanged tree stays unchanged.
 *   download: LastModified is newer than the local file's last change → 'time'. The local "last change"
 *   is max(mtime, ctime): a restore sets mtime back to the original, but the ctime of that restore is
 *   after the upload, so a second `--no-md5` download transfers nothing.
 *
 * The caller must have hashed the local side whenever sizes are equal in MD5 mode (asserted).
 */
export function needsTransfer(
  src: Entry,
  dst: Entry | undefined,
  opts: CompareOptions,
): TransferReason | null {
  if (!dst) return 'missing';
  if (src.size !== dst.size) return 'size';
  if (opts.md5) {
    const local = opts.direction === 'upload' ? src : dst;
    const remote = opts.direction === 'upload' ? dst : src;
    if (local.md5 === undefined) throw new Error(`compare: local MD5 of ${local.path} was not computed`);
    if (remote.md5 === undefined) return 'etag-unknown';
    return local.md5 === remote.md5 ? null : 'md5';
  }
  if (opts.direction === 'upload') return src.mtime > dst.mtime ? 'time' : null;
  const localChanged = Math.max(dst.mtime, dst.ctime ?? dst.mtime);
  return src.mtime > localChanged ? 'time' : null;
}

/** Whether the MD5 stage must run for this pair: only MD5 mode, only when sizes already agree. */
export function needsHash(src: Entry, dst: Entry | undefined, opts: CompareOptions): boolean {
  return opts.md5 && dst !== undefined && src.size === dst.size && src.kind !== 'dir' && dst.kind !== 'dir';
}
