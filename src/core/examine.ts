// The I/O half of comparing, between pairing and planning: learn what compare.ts needs to decide a pair
// and the listings could not tell.
// - Local MD5s, only where a comparison needs them (MD5 mode, equal sizes), from the MD5 cache when the
//   file is unchanged since it was hashed.
// - The MD5 of objects whose ETag cannot be one: multipart objects (md5chksum, or the multipart ETag
//   recomputed with the object's own part size, learned from HeadObject partNumber=1) and SSE-KMS/SSE-C
//   objects (md5chksum).
// - The stored metadata (mode, owner, mtime, symlink-ness) of objects whose content is equal, where it
//   could differ from the local side's: not when the MD5 cache vouches that the file is unchanged since
//   it last agreed with this very object, and (uploads) not when the object was written after the file's
//   last change. Everything else is one HeadObject per pair, bounded by `threads`.
// Pure compare.ts then decides. What is learned is written into the pair's own entries: they belong to
// this run's listings and nothing reads them before this stage ends. Copying them instead (an entry and
// a pair per file, each copy's fields spilled out of line) was a quarter of a 100,000-file no-op's heap.
import { metadataChange, needsLocalHash, needsTransfer } from './compare.js';
import { errorCode, isS3Error, oneLine } from './errors.js';
import { encryptionHidesMd5, etagParts } from './etag.js';
import { hashLocalEntry, multipartEtagOfFile } from './hash.js';
import { choosePartSize } from './limits.js';
import type { Md5Cache } from './md5cache.js';
import { stampOf } from './md5cache.js';
import { parseMetadata } from './metadata.js';
import type { NameCodec } from './names.js';
import { forEachLimited } from './pool.js';
import { fsPathOf, s3KeyOf } from './sides.js';
import type { ObjectHead, ObjectStore } from './store/types.js';
import type { Direction, Entry, LocalLocation, Pair, Problem, S3Location } from './types.js';

export interface ExamineOptions {
  direction: Direction;
  by: 'md5' | 'time' | 'size';
  /** Compare POSIX metadata too (uploads and downloads). */
  posixMetadata: boolean;
  /** Downloads restore owner and group (as root), so those are compared too. */
  restoreOwner: boolean;
  threads: number;
  /** The configured multipart part size (see choosePartSize). */
  partSize: number;
  source: LocalLocation | S3Location;
  destination: LocalLocation | S3Location;
  store: ObjectStore;
  cache: Md5Cache;
  codec?: NameCodec;
  signal?: AbortSignal;
  /** A shard examines only its own pairs (the others are planned but never executed, see plan.ts). */
  owns?: (path: string) => boolean;
}

export interface Examined {
  pairs: Pair[];
  /** Local files that could not be read: their pairs are gone, and the listing must count as incomplete. */
  unreadable: Problem[];
  hashed: number;
  reused: number;
  heads: number;
}

export async function examinePairs(pairs: readonly Pair[], opts: ExamineOptions): Promise<Examined> {
  const out: Examined = { pairs: [], unreadable: [], hashed: 0, reused: 0, heads: 0 };
  const cmp = { by: opts.by, direction: opts.direction };
  const dropped = new Set<Pair>();
  await forEachLimited(examinable(pairs, opts.owns), opts.threads, async (pair) => {
    if (!(await examineOne(pair, opts, cmp, out))) dropped.add(pair);
  });
  out.pairs = dropped.size === 0 ? (pairs as Pair[]) : pairs.filter((p) => !dropped.has(p));
  return out;
}

type Both = Extract<Pair, { kind: 'both' }>;

/** The pairs of a file on both sides (this shard's): the only ones with anything to learn. */
function* examinable(pairs: readonly Pair[], owns: ((path: string) => boolean) | undefined): Generator<Both> {
  for (const pair of pairs) {
    if (pair.kind !== 'both' || pair.source.kind === 'dir' || pair.dest.kind === 'dir') continue;
    if (owns && !owns(pair.path)) continue;
    yield pair;
  }
}

async function examineOne(
  pair: Both,
  opts: ExamineOptions,
  cmp: { by: 'md5' | 'time' | 'size'; direction: Direction },
  out: Examined,
): Promise<boolean> {
  opts.signal?.throwIfAborted();
  const { source: from, destination: to } = opts;
  if (from.kind === 's3' && to.kind === 's3') return examineCopy(pair, from, to, opts, cmp, out);
  const upload = from.kind === 'local';
  const localLoc = from.kind === 'local' ? from : to.kind === 'local' ? to : undefined;
  const remoteLoc = from.kind === 's3' ? from : to.kind === 's3' ? to : undefined;
  if (!localLoc || !remoteLoc) throw new Error('examine: one side must be local and the other S3');
  const local = upload ? pair.source : pair.dest;
  const remote = upload ? pair.dest : pair.source;
  const key = s3KeyOf(remoteLoc, remote);
  let head: ObjectHead | undefined;
  const readHead = async (partNumber?: number) => {
    out.heads++;
    head = await opts.store.head(remoteLoc.bucket, key, { partNumber, signal: opts.signal });
    remote.meta = parseMetadata(head.metadata);
    return head;
  };

  // Time mode too: a file the cache vouches unchanged since it agreed with this very object is equal,
  // whatever the clocks say. Without it a file dated in the future (or a local clock ahead of S3's) was
  // uploaded again on every --no-md5 run, and a download just after an upload fetched every file again
  // (the object is newer than the file it was written from).
  const timeVouched =
    cmp.by === 'time' && local.kind === 'file' && remote.kind === 'file' && local.size === remote.size;
  const known =
    needsLocalHash(pair.source, pair.dest, cmp) || timeVouched
      ? knownEqual(local, remote, key, opts)
      : undefined;
  // Time mode, upload: a file changed since it last agreed with this object (a same-size edit in the
  // second of the upload, or with its mtime put back) is hashed, and its MD5 decides, where the times
  // alone would pass it over.
  const changed =
    !known &&
    timeVouched &&
    upload &&
    remote.etag !== undefined &&
    opts.cache.changedSince(local, key, remote.etag, remote.mtime);
  if (known) {
    // Unchanged since it was written from (or to) this very object: equal without reading either.
    out.reused++;
    local.md5 = known;
    remote.md5 = known;
  } else if (needsLocalHash(pair.source, pair.dest, cmp) || changed) {
    const parts = etagParts(remote.etag);
    let h: { md5: string; multipartEtag?: string };
    try {
      h = await hashWithCache(
        local,
        localLoc,
        opts,
        parts > 1 ? choosePartSize(local.size, opts.partSize) : undefined,
        out,
      );
    } catch (err) {
      if (isS3Error(err)) throw err;
      out.unreadable.push({ path: local.path, message: `cannot read: ${errorCode(err) ?? oneLine(err)}` });
      return false;
    }
    local.md5 = h.md5;
    if (parts > 1 && h.multipartEtag === remote.etag) {
      remote.md5 = h.md5;
    } else if (parts > 1 || remote.md5 !== h.md5) {
      // Not proven equal by the ETag: a multipart object with other part sizes, or an ETag that may not
      // be an MD5 at all (SSE-KMS). The object's headers decide.
      const info = await readHead(parts > 1 ? 1 : undefined);
      remote.md5 = await remoteMd5(remote, info, local, localLoc, opts, h.md5);
    }
  }

  if (cmp.by === 'time' && (known || changed)) local.md5Decides = true;
  const content = needsTransfer(upload ? local : remote, upload ? remote : local, cmp);
  if (content === null && (opts.posixMetadata || local.kind === 'symlink') && !remote.meta) {
    const vouched = opts.cache.agreesWith(local, key, remote.etag ?? '', remote.mtime);
    // Uploads: an object written after the file's last change (ctime covers chmod, chown, touch and
    // content) was written from the file as it is now.
    const newer = upload && local.ctimeMs !== undefined && Math.floor(local.ctimeMs / 1000) < remote.mtime;
    if (!vouched && !(newer && local.kind !== 'symlink')) {
      const meta = parseMetadata((await readHead()).metadata);
      // Found in agreement: the next run need not read this object's metadata again.
      const [s, d] = upload ? [local, remote] : [remote, local];
      const stamp = stampOf(local);
      // Only an object that carries mode and mtime agrees whichever way the next sync goes: one without
      // them (another tool's) needs nothing for a restore, but a backup must add them.
      const complete = meta.mode !== undefined && meta.mtimeMs !== undefined;
      if (stamp && complete && needsTransfer(s, d, cmp) === null && metadataChange(s, d, opts) === null)
        opts.cache.rememberRemote(local.path, stamp, {
          key,
          etag: remote.etag ?? '',
          modified: remote.mtime,
        });
    }
  }
  return true;
}

/**
 * The MD5 both sides share when the MD5 cache vouches that the file has not changed since it agreed
 * with this very object (same key, ETag and time: a download made the file from it, an upload made it
 * from the file, or an earlier compare found them equal). A multipart object then needs neither the
 * file's part hashes nor a HEAD: a download need not hash its parts for a later upload's sake.
 */
function knownEqual(local: Entry, remote: Entry, key: string, opts: ExamineOptions): string | undefined {
  if (!remote.etag || !opts.cache.agreesWith(local, key, remote.etag, remote.mtime)) return undefined;
  return opts.cache.lookup(local)?.md5;
}

/** The object's MD5 as far as its headers prove it; undefined when nothing can. */
async function remoteMd5(
  remote: Entry,
  info: ObjectHead,
  local: Entry,
  localLoc: LocalLocation,
  opts: ExamineOptions,
  localMd5: string,
): Promise<string | undefined> {
  const meta = parseMetadata(info.metadata);
  const hidden = encryptionHidesMd5(info.sse, info.sseCustomer);
  const parts = etagParts(remote.etag);
  if (parts === 0 && !hidden) return remote.etag; // a plain MD5 after all: the contents differ
  if (meta.md5) return meta.md5;
  if (parts > 1 && !hidden && info.partsCount === parts && info.size > 0) {
    // The part size the object was written with: recompute its multipart ETag from the local bytes.
    const partSize = info.size;
    if (Math.ceil(local.size / partSize) === parts) {
      const etag = await multipartEtagOfFile(fsPathOf(localLoc, local, opts.codec), partSize, opts.signal);
      if (etag === remote.etag) return localMd5;
    }
  }
  return undefined;
}

async function hashWithCache(
  local: Entry,
  loc: LocalLocation,
  opts: ExamineOptions,
  partSize: number | undefined,
  out: Examined,
): Promise<{ md5: string; multipartEtag?: string }> {
  const cached = opts.cache.lookup(local);
  if (cached && (!partSize || cached.multipartEtag)) {
    out.reused++;
    return cached;
  }
  const h = await hashLocalEntry(local, fsPathOf(loc, local, opts.codec), partSize, opts.signal);
  out.hashed++;
  const stamp = stampOf(local);
  if (stamp) opts.cache.remember(local.path, stamp, h.md5, h.multipartEtag);
  return h;
}

/** S3 to S3: two ETags that differ for equal sizes may still be the same bytes (multipart, SSE-KMS). */
async function examineCopy(
  pair: Both,
  srcLoc: S3Location,
  dstLoc: S3Location,
  opts: ExamineOptions,
  cmp: { by: 'md5' | 'time' | 'size'; direction: Direction },
  out: Examined,
): Promise<boolean> {
  const { source, dest } = pair;
  if (cmp.by !== 'md5' || source.size !== dest.size || source.etag === dest.etag) return true;
  const learn = async (loc: S3Location, e: Entry): Promise<void> => {
    out.heads++;
    const info = await opts.store.head(loc.bucket, s3KeyOf(loc, e), { signal: opts.signal });
    const meta = parseMetadata(info.metadata);
    const hidden = encryptionHidesMd5(info.sse, info.sseCustomer);
    e.md5 = meta.md5 ?? (hidden || etagParts(e.etag) > 0 ? undefined : e.etag);
    e.meta = meta;
  };
  await Promise.all([learn(srcLoc, source), learn(dstLoc, dest)]);
  return true;
}
