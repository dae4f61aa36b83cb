// Moves S3 objects to local files. Bytes go to a temp file beside the target, are verified (verify.ts),
// get their owner, mode and mtime, and only then are renamed over the target: the final name never
// holds a partial or unverified file.

import fs from 'node:fs';
import { chown, lchown, lutimes, realpath, rmdir, symlink } from 'node:fs/promises';
import nodePath from 'node:path';
import { pipeline } from 'node:stream/promises';
import { errorCode, oneLine } from '../errors.js';
import { encryptionHidesMd5, etagParts } from '../etag.js';
import { chmod, lstat, mkdir, openNew, rename, unlink, utimes, writevAt } from '../fastfs.js';
import { createPartHasher, md5Hex } from '../hash.js';
import { TailHasher } from '../hash-thread.js';
import { MIB, SMALL_OBJECT } from '../limits.js';
import { stampOf } from '../md5cache.js';
import { parseMetadata, type RestoreInfo } from '../metadata.js';
import { fsPathUnder, type NameCodec } from '../names.js';
import { VerifyError, withVerifyRetries } from '../retry.js';
import { keyOf } from '../sides.js';
import type { ObjectStore } from '../store/types.js';
import { tempNameFor } from '../temps.js';
import type { Entry, LocalLocation, S3Location } from '../types.js';
import { DescriptorSink } from './sink.js';
import { type DeleteOutcome, DeletesStopped, type OnStored, type Transport } from './transport.js';
import { expectedMd5, proveWithoutMd5 } from './verify.js';

export interface DownloadSettings {
  store: ObjectStore;
  source: S3Location;
  destination: LocalLocation;
  partSize: number;
  restoreOwner: boolean;
  /** Restore the mode, owner and mtime stored on directory nodes of the directories this run creates. */
  posixMetadata?: boolean;
  verifyRetries: number;
  signal?: AbortSignal;
  onWarning?: (message: string) => void;
  /** S3SYNC_NATIVE_CHARSET other than UTF-8: paths below are built as text and written as its bytes. */
  names?: NameCodec;
  onStored?: OnStored;
  /** One shard of a sync (shard.ts): a directory still holding other shards' files is no surprise. */
  sharded?: boolean;
}

export function downloadTransport(s: DownloadSettings): Transport {
  const root = s.destination.root;
  const temps = new Set<string>();
  const safeDirs = new Map<string, Promise<void>>();
  const madeDirs = new Map<string, Promise<void>>();
  /** Directories created from a node with stored metadata: applied once their contents are in place. */
  const dirMeta = new Map<string, RestoreInfo>();
  let rootReal: Promise<string> | undefined;
  /** The path on disk for a text path under the root (itself unless a native charset is set). */
  const fp = (p: string) => fsPathUnder(root, p, s.names);

  /** Refuses to write through a directory that resolves outside the root (a symlinked parent). */
  const assertInsideRoot = (dir: string): Promise<void> => {
    let p = safeDirs.get(dir);
    if (!p) {
      p = (async () => {
        rootReal ??= realpath(root);
        const [real, r] = await Promise.all([realpath(fp(dir)), rootReal]);
        if (real !== r && !real.startsWith(r + nodePath.sep)) {
          throw new Error(`refusing to write into ${dir}: it resolves outside ${root}`);
        }
      })();
      safeDirs.set(dir, p);
    }
    return p;
  };
  const warnOwner = (label: string) => (e: unknown) =>
    s.onWarning?.(`${label}: cannot restore owner: ${errorCode(e) ?? oneLine(e)}`);

  return {
    async mkdir(action) {
      await mkdir(fp(action.target), { recursive: true });
      // The directory node's mode, owner and mtime (a 0700 directory must not come back 0755). Read now,
      // applied in finish(): a mode without write permission set now would keep the contents out.
      if (!s.posixMetadata || !action.source || action.source.kind !== 'dir') return;
      try {
        const head = await s.store.head(s.source.bucket, keyOf(s.source.prefix, action.source), {
          signal: s.signal,
        });
        const info = parseMetadata(head.metadata);
        if (info.mode !== undefined || info.mtimeMs !== undefined) dirMeta.set(action.target, info);
      } catch (err) {
        if (s.signal?.aborted) throw err;
        s.onWarning?.(`${action.path}: cannot read the directory's metadata: ${oneLine(err)}`);
      }
    },

    async finish() {
      // Deepest first: a directory's time is set after everything inside it changed.
      const dirs = [...dirMeta.entries()].sort(([a], [b]) => b.length - a.length);
      for (const [target, info] of dirs) {
        const path = fp(target);
        try {
          if (s.restoreOwner && (info.uid !== undefined || info.gid !== undefined))
            await chown(path, info.uid ?? -1, info.gid ?? -1).catch(warnOwner(target));
          if (info.mode !== undefined) await chmod(path, info.mode & 0o7777);
          if (info.mtimeMs !== undefined) await utimes(path, new Date(), info.mtimeMs / 1000);
        } catch (err) {
          s.onWarning?.(
            `cannot restore the mode or time of directory ${path}: ${errorCode(err) ?? oneLine(err)}`,
          );
        }
      }
      dirMeta.clear();
    },

    async transfer(action, onBytes) {
      const target = action.target;
      const dir = nodePath.dirname(target);
      // Parents exist: the plan created them (mkdir phase) or skipped this entry; --make-dirs made them too.
      // One mkdir per directory, shared by the transfers that start before it returns (with 16 threads,
      // a directory's first files all used to call it: 2,186 calls for 200 directories). A failure is not
      // kept, so each later file tries again and reports its own error.
      let made = madeDirs.get(dir);
      if (!made) {
        made = mkdir(fp(dir), { recursive: true }).then(() => undefined);
        madeDirs.set(dir, made);
        made.catch(() => madeDirs.delete(dir));
      }
      await made;
      await assertInsideRoot(dir);
      return withVerifyRetries(s.verifyRetries, () => downloadOne(action.source, target, onBytes), s.signal);
    },

    async metadata(action) {
      const info = action.source.meta;
      if (!info) throw new Error(`${action.path}: no stored metadata to apply`);
      const path = fp(action.target);
      const st = await lstat(path);
      if (st.isSymbolicLink()) {
        if (s.restoreOwner && (info.uid !== undefined || info.gid !== undefined))
          await lchown(path, info.uid ?? -1, info.gid ?? -1).catch(warnOwner(action.path));
        if (info.mtimeMs !== undefined) await lutimes(path, new Date(), info.mtimeMs / 1000).catch(() => {});
      } else {
        // Owner before mode: chown clears the setuid and setgid bits that chmod sets.
        if (s.restoreOwner && (info.uid !== undefined || info.gid !== undefined))
          await chown(path, info.uid ?? -1, info.gid ?? -1).catch(warnOwner(action.path));
        if (info.mode !== undefined) await chmod(path, info.mode);
        if (info.mtimeMs !== undefined) await utimes(path, new Date(), info.mtimeMs / 1000);
      }
      const md5 = action.dest.md5;
      const stamp = stampOf(await lstat(path));
      if (md5 && stamp) {
        s.onStored?.(action.path, stamp, md5, undefined, {
          key: keyOf(s.source.prefix, action.source),
          etag: action.source.etag ?? '',
          modified: action.source.mtime,
        });
      }
    },

    async deleteBatch(actions) {
      const out: DeleteOutcome[] = [];
      // Paths whose delete failed: a directory holding one of them is not empty because of it.
      const failed: string[] = [];
      for (const a of actions) {
        // Interrupted: nothing new starts; what was deleted so far is reported as deleted.
        if (s.signal?.aborted) throw new DeletesStopped(out, s.signal.reason);
        try {
          if (a.dest.kind === 'dir') await rmdir(fp(a.target));
          else await unlink(fp(a.target));
          out.push({ ok: true });
        } catch (err) {
          const code = errorCode(err);
          const stuck = failed.find((f) => f.startsWith(`${a.path}/`));
          if (code === 'ENOENT') out.push({ ok: true });
          else if ((code === 'ENOTEMPTY' || code === 'EEXIST') && stuck !== undefined) {
            // Still holds what could not be deleted: the directory is there, and says why.
            out.push({ ok: false, error: `not empty: ${stuck} could not be deleted` });
          } else if (code === 'ENOTEMPTY' || code === 'EEXIST') {
            // Excluded entries (kept unless --delete-excluded) still live in it, or another shard's files
            // that it has yet to delete (the last shard to finish removes the directory, see plan.ts).
            if (!s.sharded) s.onWarning?.(`kept directory ${a.path}: it still holds excluded entries`);
            out.push({ ok: true });
          } else out.push({ ok: false, error: code ?? String(err) });
        }
        if (out.at(-1)?.ok === false) failed.push(a.path);
      }
      return out;
    },

    async cleanup() {
      // Each on its own: one that cannot be removed (or named) must not keep the others.
      await Promise.all(
        [...temps].map(async (t) => {
          try {
            await unlink(fp(t));
          } catch {}
        }),
      );
      temps.clear();
    },
  };

  async function downloadOne(source: Entry, target: string, onBytes: (n: number) => void): Promise<number> {
    const tmp = nodePath.join(nodePath.dirname(target), tempNameFor(nodePath.basename(target)));
    fp(target); // a name the native charset cannot hold fails here, before anything is created
    temps.add(tmp);
    const key = keyOf(s.source.prefix, source);
    let moved = 0;
    try {
      const res = await s.store.get(s.source.bucket, key, { signal: s.signal });
      // The object listed is the object received: a rewrite in between is another version.
      if (source.etag && res.etag && res.etag !== source.etag) {
        res.body.destroy();
        throw new Error(
          `${source.path}: the object changed since it was listed (ETag ${res.etag}, listed ${source.etag}); run again to take the new version`,
        );
      }
      // A response without an ETag (some servers and proxies send none) is checked against the
      // listing's: otherwise an unencrypted object would be proven by its size alone.
      if (!res.etag && source.etag) res.etag = source.etag;
      const info = parseMetadata(res.metadata);
      const expected = expectedMd5(res);
      const size = res.size;

      if (info.symlink) {
        const chunks: Buffer[] = [];
        for await (const c of res.body) chunks.push(c);
        const raw = Buffer.concat(chunks);
        if (raw.length !== size)
          throw new VerifyError(`${source.path}: received ${raw.length} of ${size} bytes`);
        if (expected && md5Hex(raw) !== expected) throw new VerifyError(`${source.path}: MD5 mismatch`);
        const linkTarget = raw.toString('utf8');
        moved = raw.length;
        await symlink(s.names ? s.names.encode(linkTarget) : linkTarget, fp(tmp));
        if (s.restoreOwner && (info.uid !== undefined || info.gid !== undefined))
          await lchown(fp(tmp), info.uid ?? -1, info.gid ?? -1).catch(warnOwner(source.path));
        if (info.mtimeMs !== undefined)
          await lutimes(fp(tmp), new Date(), info.mtimeMs / 1000).catch(() => {});
        await rename(fp(tmp), fp(target));
        temps.delete(tmp);
        onBytes(moved);
        return moved;
      }

      const multipart = etagParts(res.etag) > 1;
      // Part hashes only where they are the proof (no md5chksum): with one, the whole MD5 verifies the
      // bytes, and the MD5 cache records the object the file came from, which a later compare trusts
      // (examine.ts, knownEqual) without the file's multipart ETag. One MD5 pass instead of two.
      const partHashes = multipart && !expected;
      const cutShort = (err: unknown) => {
        // A local write error (it has a syscall) or an interrupt is final; a body that broke off is retried.
        if (s.signal?.aborted || (err && typeof err === 'object' && 'syscall' in err)) throw err;
        throw new VerifyError(
          `${source.path}: body cut short after ${moved} of ${size} bytes (${oneLine(err)})`,
        );
      };
      // Creating a file is the one slow call (a directory update in the kernel): it goes to the thread pool.
      // Readable too: the hashing thread reads the body back from it.
      const fd = await openNew(fp(tmp), 'wx+', 0o600);
      let open = true;
      let sink: DescriptorSink | undefined;
      // A body of a MiB or more is hashed on the hashing thread, read back from the file as it is
      // written, so the main thread only receives and writes; smaller ones cost less to hash here than
      // to hand over. Part hashes (a multipart object without md5chksum) are still taken here.
      const tail = !partHashes && size >= TAIL_HASH_MIN ? new TailHasher(fd) : undefined;
      const hasher = tail ? undefined : createPartHasher(partHashes ? s.partSize : undefined);
      try {
        if (size <= SMALL_OBJECT) {
          // Small objects are gathered in memory and written with one call: a write stream per file
          // costs more than the whole request.
          const chunks: Buffer[] = [];
          try {
            for await (const chunk of res.body) {
              chunks.push(chunk);
              hasher?.update(chunk);
              moved += chunk.length;
            }
          } catch (err) {
            cutShort(err);
          }
          if (moved === size) {
            // One chunk (most small files): one synchronous write. More: one writev on the thread pool,
            // without first copying them into one buffer (measured on 100 files of 1 MiB: the copy and
            // the synchronous write were 210 ms of the main thread's 1.5 s).
            if (chunks.length === 1) fs.writeSync(fd, chunks[0] as Buffer);
            else if (chunks.length > 1) await writevAt(fd, chunks, 0);
          }
          onBytes(moved);
        } else {
          sink = new DescriptorSink(
            fd,
            (chunk) => {
              hasher?.update(chunk);
              moved += chunk.length;
              onBytes(chunk.length);
            },
            tail && ((end) => tail.written(end)),
          );
          await pipeline(res.body, sink, { signal: s.signal }).catch(cutShort);
        }
        if (moved !== size) throw new VerifyError(`${source.path}: received ${moved} of ${size} bytes`);
        const { md5, multipartEtag } = tail ? { md5: (await tail.digest(size)).md5 } : hasher!.digest();
        if (expected && md5 !== expected)
          throw new VerifyError(`${source.path}: MD5 mismatch (got ${md5}, expected ${expected})`);
        if (!expected) {
          const proof = await proveWithoutMd5(s.store, s.source.bucket, key, res, fp(tmp), {
            signal: s.signal,
            label: source.path,
            partSize: s.partSize,
            multipartEtag,
          });
          if (proof.by === 'size')
            s.onWarning?.(
              `${source.path}: ${encryptionHidesMd5(res.sse, res.sseCustomer) ? 'encrypted object' : 'object'} without ${res.etag ? '' : 'ETag, '}md5chksum or checksum; verified by size only`,
            );
        }

        const owner = s.restoreOwner && (info.uid !== undefined || info.gid !== undefined) ? info : undefined;
        // Seconds as a number, not a Date: a Date would cut the stored microseconds to milliseconds.
        const mtimeSec = (info.mtimeMs ?? res.lastModified ?? Date.now()) / 1000;
        open = false;
        const stored = commitFile(
          fd,
          fp(tmp),
          fp(target),
          info.mode ?? defaultFileMode(),
          mtimeSec,
          owner,
          warnOwner(source.path),
        );
        temps.delete(tmp);
        // The rename set the ctime the next run will see: the cache stamps the file as it is now.
        const stamp = stampOf(stored);
        if (stamp) {
          s.onStored?.(
            source.path,
            stamp,
            md5,
            multipart && multipartEtag === res.etag ? multipartEtag : undefined,
            // The file agrees with the object, metadata included, only when the object carried the
            // mode and mtime the file got: one written by another tool lacks them, and a later backup
            // must add them (so it must not be told the two agree).
            info.mode !== undefined && info.mtimeMs !== undefined
              ? {
                  key,
                  etag: res.etag,
                  modified:
                    res.lastModified === undefined ? source.mtime : Math.floor(res.lastModified / 1000),
                }
              : undefined,
          );
        }
        return moved;
      } finally {
        if (open) {
          // A write still in flight after a failed body must return before its descriptor is closed.
          await sink?.settled();
          await tail?.drop();
          fs.closeSync(fd);
        }
      }
    } catch (err) {
      await unlink(fp(tmp)).catch(() => {});
      temps.delete(tmp);
      throw err;
    }
  }
}

/**
 * Gives a verified temp file its owner, mode and mtime and renames it into place, with synchronous
 * calls on its descriptor (which it closes). Deliberately synchronous: each call takes microseconds,
 * while each async fs call is a hand-off to libuv's thread pool that, with client and server sharing two
 * cores, cost more CPU than a small file's whole request (measured: 2,000 files of 1-8 KiB, 8.5 s of
 * client CPU all async, 6.7 s this way). Returns the file's stat after the rename (its ctime is the
 * rename's), for the MD5 cache.
 */
function commitFile(
  fd: number,
  tmp: string | Buffer,
  target: string | Buffer,
  mode: number,
  mtimeSec: number,
  owner: RestoreInfo | undefined,
  onOwnerError: (e: unknown) => void,
): fs.Stats {
  try {
    if (owner) {
      try {
        // Owner before mode: chown clears the setuid and setgid bits that chmod sets.
        fs.fchownSync(fd, owner.uid ?? -1, owner.gid ?? -1);
      } catch (err) {
        onOwnerError(err);
      }
    }
    fs.fchmodSync(fd, mode);
    fs.futimesSync(fd, Date.now() / 1000, mtimeSec);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, target);
  return fs.lstatSync(target);
}

/** Bodies at least this large are hashed on the hashing thread (TailHasher). */
const TAIL_HASH_MIN = MIB;

/** 0666 less the umask, as a freshly created file would get. */
function defaultFileMode(): number {
  const mask = process.umask();
  return 0o666 & ~mask;
}
