// Moves S3 objects to local files. Bytes go to a temp file beside the target, are verified against
// the ETag (or `md5chksum`), get their mode and mtime, and only then are renamed over the target:
// the final name never holds a partial or unverified file.
import { randomBytes } from 'node:crypto';
import fs, { createWriteStream, type Stats } from 'node:fs';
import { chown, lchown, lutimes, realpath, rmdir, symlink } from 'node:fs/promises';
import nodePath from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { directFor, UseSdk } from '../direct.js';
import { chmod, lstat, mkdir, openNew, rename, unlink, utimes } from '../fastfs.js';
import { createPartHasher, etagParts, md5Hex } from '../hash.js';
import { localPathFor } from '../keys.js';
import { stampOf } from '../md5cache.js';
import { parseMetadata, type RestoreInfo } from '../metadata.js';
import { fsPathUnder, type NameCodec } from '../names.js';
import { VerifyError, withVerifyRetries } from '../retry.js';
import { md5FromEtag, unquoteEtag } from '../tree/s3.js';
import type { Entry } from '../types.js';
import type { DeleteOutcome, OnStored, Transport } from './transport.js';

export interface DownloadSettings {
  client: S3Client;
  bucket: string;
  root: string;
  partSize: number;
  restoreOwner: boolean;
  verifyRetries: number;
  signal?: AbortSignal;
  onWarning?: (message: string) => void;
  /** S3SYNC_NATIVE_CHARSET other than UTF-8: paths below are built as text and written as its bytes. */
  names?: NameCodec;
  onStored?: OnStored;
}

const TEMP_MARK = '.paras3-';
/** Objects up to this size are received into memory and written in one call. */
const SMALL_OBJECT = 1024 * 1024;

interface ObjectResponse {
  Body?: unknown;
  ETag?: string;
  ContentLength?: number;
  LastModified?: Date;
  Metadata?: Record<string, string>;
}

export function downloadTransport(s: DownloadSettings): Transport {
  const temps = new Set<string>();
  const safeDirs = new Map<string, Promise<void>>();
  const madeDirs = new Set<string>();
  let rootReal: Promise<string> | undefined;
  /** The path on disk for a text path under the root (itself unless a native charset is set). */
  const fp = (p: string) => fsPathUnder(s.root, p, s.names);

  /** Refuses to write through a directory that resolves outside the root (a symlinked parent). */
  const assertInsideRoot = (dir: string): Promise<void> => {
    let p = safeDirs.get(dir);
    if (!p) {
      p = (async () => {
        rootReal ??= realpath(s.root);
        const [real, root] = await Promise.all([realpath(fp(dir)), rootReal]);
        if (real !== root && !real.startsWith(root + nodePath.sep)) {
          throw new Error(`refusing to write into ${dir}: it resolves outside ${s.root}`);
        }
      })();
      safeDirs.set(dir, p);
    }
    return p;
  };

  return {
    async mkdir(action) {
      await mkdir(fp(localPathFor(s.root, action.path)), { recursive: true });
    },

    async transfer(action, onBytes) {
      if (action.op !== 'download') throw new Error(`download transport cannot ${action.op}`);
      const target = localPathFor(s.root, action.path);
      const dir = nodePath.dirname(target);
      // Parents exist: the plan created them (mkdir phase) or skipped this entry; --make-dirs made them too.
      if (!madeDirs.has(dir)) {
        await mkdir(fp(dir), { recursive: true });
        madeDirs.add(dir);
      }
      await assertInsideRoot(dir);
      return withVerifyRetries(s.verifyRetries, () => downloadOne(action.source, target, onBytes), s.signal);
    },

    async deleteBatch(actions) {
      const out: DeleteOutcome[] = [];
      for (const a of actions) {
        const path = localPathFor(s.root, a.path);
        try {
          if (a.op === 'delete' && a.dest.kind === 'dir') await rmdir(fp(path));
          else await unlink(fp(path));
          out.push({ ok: true });
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') out.push({ ok: true });
          else if (code === 'ENOTEMPTY' || code === 'EEXIST') {
            // Excluded entries (kept unless --delete-excluded) still live in it.
            s.onWarning?.(`kept directory ${a.path}: it still holds excluded entries`);
            out.push({ ok: true });
          } else out.push({ ok: false, error: code ?? String(err) });
        }
      }
      return out;
    },

    async cleanup() {
      await Promise.all([...temps].map((t) => unlink(fp(t)).catch(() => {})));
      temps.clear();
    },
  };

  async function downloadOne(source: Entry, target: string, onBytes: (n: number) => void): Promise<number> {
    // Beside the target (same filesystem, so the rename is atomic); a name near NAME_MAX (255 bytes)
    // would not fit with our suffix, so such a temp file goes without it.
    const base = nodePath.basename(target);
    const tmp = nodePath.join(
      nodePath.dirname(target),
      `${Buffer.byteLength(base) > 200 ? '' : `.${base}`}${TEMP_MARK}${randomBytes(4).toString('hex')}`,
    );
    temps.add(tmp);
    let moved = 0;
    try {
      const res = await getObject(source.key as string);
      const info = parseMetadata(res.Metadata);
      const body = res.Body as NodeJS.ReadableStream | undefined;
      if (!body) throw new VerifyError(`${source.path}: empty response body`);
      const etag = unquoteEtag(res.ETag);

      if (info.symlink) {
        const chunks: Buffer[] = [];
        for await (const c of body as AsyncIterable<Buffer>) chunks.push(c);
        const raw = Buffer.concat(chunks);
        const expected = md5FromEtag(etag) ?? info.md5;
        if (expected && md5Hex(raw) !== expected) throw new VerifyError(`${source.path}: MD5 mismatch`);
        const linkTarget = raw.toString('utf8');
        moved = raw.length;
        await symlink(s.names ? s.names.encode(linkTarget) : linkTarget, fp(tmp));
        await restoreOwner(fp(tmp), info, source.path, lchown);
        if (info.mtimeMs !== undefined)
          await lutimes(fp(tmp), new Date(), info.mtimeMs / 1000).catch(() => {});
        await rename(fp(tmp), fp(target));
        temps.delete(tmp);
        onBytes(moved);
        return moved;
      }

      const hasher = createPartHasher(etagParts(etag) > 1 ? s.partSize : undefined);
      const expectedSize = res.ContentLength ?? source.size;
      const cutShort = (err: NodeJS.ErrnoException) => {
        // A local write error (it has a syscall) or an interrupt is final; a body that broke off is retried.
        if (s.signal?.aborted || err.syscall) throw err;
        throw new VerifyError(
          `${source.path}: body cut short after ${moved} of ${expectedSize} bytes (${err.message})`,
        );
      };
      let small: Buffer | undefined;
      if (expectedSize <= SMALL_OBJECT) {
        // Small objects are gathered in memory and written with one call: a write stream per file
        // costs more than the whole request.
        const chunks: Buffer[] = [];
        try {
          for await (const chunk of body as AsyncIterable<Buffer>) {
            chunks.push(chunk);
            hasher.update(chunk);
            moved += chunk.length;
          }
        } catch (err) {
          cutShort(err as NodeJS.ErrnoException);
        }
        small = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        onBytes(moved);
      } else {
        const counter = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            hasher.update(chunk);
            moved += chunk.length;
            onBytes(chunk.length);
            cb(null, chunk);
          },
        });
        await pipeline(body, counter, createWriteStream(fp(tmp), { mode: 0o600 }), {
          signal: s.signal,
        }).catch(cutShort);
      }

      if (moved !== expectedSize)
        throw new VerifyError(`${source.path}: received ${moved} of ${expectedSize} bytes`);
      const { md5, multipartEtag } = hasher.digest();
      const expectedMd5 = md5FromEtag(etag) ?? info.md5;
      if (expectedMd5 && md5 !== expectedMd5)
        throw new VerifyError(`${source.path}: MD5 mismatch (got ${md5}, expected ${expectedMd5})`);
      if (!expectedMd5 && multipartEtag && multipartEtag !== etag) {
        // Parts of another size than ours: the ETag cannot be recomputed; size was checked above.
        s.onWarning?.(`${source.path}: multipart object without md5chksum; verified by size only`);
      }

      const mode = info.mode ?? defaultFileMode();
      // Seconds as a number, not a Date: a Date would cut the stored microseconds to milliseconds.
      const mtimeSec = (info.mtimeMs ?? res.LastModified?.getTime() ?? Date.now()) / 1000;
      const owner = s.restoreOwner && (info.uid !== undefined || info.gid !== undefined) ? info : undefined;
      let stored: Stats | undefined;
      if (small) {
        // Creating a file is the one slow call (a directory update in the kernel): it goes to the thread pool.
        const fd = await openNew(fp(tmp), 'wx', 0o600);
        stored = commitSmallFile(fd, fp(tmp), fp(target), small, mode, mtimeSec, owner, (e) =>
          s.onWarning?.(`${source.path}: cannot restore owner: ${e.code ?? e.message}`),
        );
      } else {
        // Owner before mode: chown clears the setuid and setgid bits that chmod sets.
        await restoreOwner(fp(tmp), info, source.path, chown);
        await chmod(fp(tmp), mode);
        await utimes(fp(tmp), new Date(), mtimeSec);
        await rename(fp(tmp), fp(target));
        if (s.onStored) stored = await lstat(fp(target));
      }
      temps.delete(tmp);
      // The rename set the ctime the next run will see: the cache stamps the file as it is now.
      if (s.onStored && stored) {
        s.onStored(source.path, stampOf(stored), md5, etagParts(etag) > 1 ? multipartEtag : undefined);
      }
      return moved;
    } catch (err) {
      await unlink(fp(tmp)).catch(() => {});
      temps.delete(tmp);
      throw err;
    }
  }

  /** As root (restoreOwner), the stored owner and group; a failure is a warning, never a failed file. */
  async function restoreOwner(
    path: string | Buffer,
    info: RestoreInfo,
    display: string,
    change: (path: string | Buffer, uid: number, gid: number) => Promise<void>,
  ): Promise<boolean> {
    if (!s.restoreOwner || (info.uid === undefined && info.gid === undefined)) return false;
    await change(path, info.uid ?? -1, info.gid ?? -1).catch((err: NodeJS.ErrnoException) =>
      s.onWarning?.(`${display}: cannot restore owner: ${err.code ?? err.message}`),
    );
    return true;
  }

  /** GetObject through the direct path when it can take it (see direct.ts), else through the SDK. */
  async function getObject(key: string): Promise<ObjectResponse> {
    const direct = directFor(s.client);
    if (direct?.usable(s.bucket)) {
      try {
        return await direct.getObject(s.bucket, key, s.signal);
      } catch (err) {
        if (!(err instanceof UseSdk)) throw err;
      }
    }
    return (await s.client.send(new GetObjectCommand({ Bucket: s.bucket, Key: key }), {
      abortSignal: s.signal,
    })) as ObjectResponse;
  }
}

/**
 * Fills a small verified file just created under its temp name, gives it its owner, mode and mtime,
 * and renames it into place, with synchronous calls on its descriptor. Deliberately synchronous: each
 * call takes microseconds on a small file, while each async fs call is a hand-off to libuv's thread
 * pool that, with client and server sharing two cores, cost more CPU (and system time) than the
 * request itself (measured: 2,000 files of 1-8 KiB, 8.5 s of client CPU all async, 6.7 s this way).
 * Returns the file's stat after the rename (its ctime is the rename's), for the MD5 cache.
 */
function commitSmallFile(
  fd: number,
  tmp: string | Buffer,
  target: string | Buffer,
  data: Buffer,
  mode: number,
  mtimeSec: number,
  owner: RestoreInfo | undefined,
  onOwnerError: (e: NodeJS.ErrnoException) => void,
): Stats {
  try {
    fs.writeSync(fd, data);
    if (owner) {
      try {
        // Owner before mode: chown clears the setuid and setgid bits that chmod sets.
        fs.fchownSync(fd, owner.uid ?? -1, owner.gid ?? -1);
      } catch (err) {
        onOwnerError(err as NodeJS.ErrnoException);
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

/** 0666 less the umask, as a freshly created file would get. */
function defaultFileMode(): number {
  const mask = process.umask();
  return 0o666 & ~mask;
}
