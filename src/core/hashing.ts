// The MD5 stage between listing and planning: hash local content only where a comparison needs it
// (MD5 mode, equal sizes), and prove the MD5 of multipart objects whose ETag is not one.
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { needsHash } from './compare.js';
import { etagParts, hashLocalEntry } from './hash.js';
import type { Md5Cache } from './md5cache.js';
import { parseMetadata } from './metadata.js';
import type { Entry, Listing } from './types.js';

export interface HashStageOptions {
  direction: 'upload' | 'download';
  md5: boolean;
  partSize: number;
  threads: number;
  client: S3Client;
  bucket: string;
  signal?: AbortSignal;
  /** Hashes of unchanged files from earlier runs; new hashes are remembered in it. */
  cache?: Md5Cache;
}

/**
 * Fills `md5` on the entries that planning will compare. A local file that cannot be read is removed
 * from its listing and reported, and the listing is marked incomplete so nothing is deleted.
 */
export async function hashForComparison(
  src: Listing,
  dst: Listing,
  opts: HashStageOptions,
): Promise<{ hashed: number; reused: number }> {
  const counts = { hashed: 0, reused: 0 };
  if (!opts.md5) return counts;
  const dstByPath = new Map<string, Entry>();
  for (const e of dst.entries) if (e.kind !== 'dir') dstByPath.set(e.path, e);
  const limit = pLimit(opts.threads);
  const unreadable = new Set<Entry>();
  const local = opts.direction === 'upload' ? src : dst;

  await Promise.all(
    src.entries.map((s) => {
      const d = dstByPath.get(s.path);
      if (!d || !needsHash(s, d, opts)) return undefined;
      return limit(async () => {
        opts.signal?.throwIfAborted();
        const [localEntry, remote] = opts.direction === 'upload' ? [s, d] : [d, s];
        const parts = etagParts(remote.etag);
        try {
          const partSize = parts > 1 ? opts.partSize : undefined;
          const cached = opts.cache?.lookup(localEntry);
          const h =
            cached && (!partSize || cached.multipartEtag)
              ? cached
              : await hashLocalEntry(localEntry, partSize);
          if (h === cached) counts.reused++;
          else {
            counts.hashed++;
            if (localEntry.stamp && localEntry.kind === 'file') {
              opts.cache?.remember(localEntry.path, localEntry.stamp, h.md5, h.multipartEtag);
            }
          }
          localEntry.md5 = h.md5;
          if (remote.md5 === undefined && parts > 1) {
            if (h.multipartEtag === remote.etag) remote.md5 = h.md5;
            else remote.md5 = await md5FromMetadata(opts, remote);
          }
        } catch (err) {
          if ((err as { $metadata?: unknown }).$metadata) throw err;
          unreadable.add(localEntry);
          local.problems.push({
            path: localEntry.path,
            message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? err}`,
          });
          local.incomplete = true;
        }
      });
    }),
  );
  if (unreadable.size > 0) local.entries = local.entries.filter((e) => !unreadable.has(e));
  return counts;
}

/** A multipart object written with other part sizes: its `md5chksum` metadata is the only proof. */
async function md5FromMetadata(opts: HashStageOptions, remote: Entry): Promise<string | undefined> {
  const head = await opts.client.send(new HeadObjectCommand({ Bucket: opts.bucket, Key: remote.key }), {
    abortSignal: opts.signal,
  });
  return parseMetadata(head.Metadata).md5;
}
