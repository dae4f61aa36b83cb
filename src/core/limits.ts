// Sizes and counts the engine is built around, in one table.

export const KIB = 1024;
export const MIB = 1024 * KIB;
export const GIB = 1024 * MIB;

/**
 * Objects up to this size move whole: read into memory and sent with one PutObject (Content-MD5), or
 * received into memory and written with one call. Above it, streams and files.
 */
export const SMALL_OBJECT = MIB;

/** S3's limit for one PutObject and one CopyObject; larger copies go in UploadPartCopy parts. */
export const MAX_SINGLE_COPY = 5 * GIB;

/** S3's part size bounds and count limit. */
export const MIN_PART = 5 * MIB;
export const MAX_PARTS = 10_000;

/** S3 allows 10,000 parts: a file too large for the configured part size gets larger parts, in MiB. */
export function choosePartSize(size: number, configured: number): number {
  const needed = Math.ceil(size / MAX_PARTS);
  return needed <= configured ? configured : Math.ceil(needed / MIB) * MIB;
}

/** Parts of one file in flight at once. */
export const PART_QUEUE = 4;

/** Keys per DeleteObjects request (S3's maximum). */
export const DELETE_BATCH = 1000;

/** Keys per ListObjectsV2 page (S3's maximum). */
export const LIST_PAGE = 1000;

/** Directory reads in flight at once in a local walk: keeps the disk queue busy without a stat storm. */
export const WALK_CONCURRENCY = 16;
