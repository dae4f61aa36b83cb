// Walks a local directory into Entries. Never follows symlinks (they are entries of their own),
// prunes excluded directories instead of walking them, and reports what it cannot read
// instead of aborting, marking the listing incomplete so no delete trusts it.
import { readdir, readlink, stat } from 'node:fs/promises';
import nodePath from 'node:path';
import pLimit from 'p-limit';
import { errorCode, oneLine, UsageError } from '../errors.js';
import { lstat } from '../fastfs.js';
import type { PathMatcher } from '../glob.js';
import { toKeyPath } from '../keys.js';
import { WALK_CONCURRENCY } from '../limits.js';
import { joinFsPath, type NameCodec } from '../names.js';
import { isStaleTemp, isTempName } from '../temps.js';
import { type Entry, type Listing, noteExcluded, small } from '../types.js';

export interface LocalWalkOptions {
  recursive: boolean;
  /** Excluded paths are neither listed nor descended into. */
  exclude: PathMatcher;
  onWarning?: (message: string) => void;
  /** S3SYNC_NATIVE_CHARSET other than UTF-8: names are read as bytes and decoded. */
  names?: NameCodec;
}

export async function listLocal(root: string, opts: LocalWalkOptions): Promise<Listing> {
  const rootStat = await stat(root).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw new UsageError(`cannot read ${root}: ${err.code ?? err.message}`);
  });
  if (!rootStat) return { exists: false, entries: [], problems: [], incomplete: false };
  if (!rootStat.isDirectory()) throw new UsageError(`${root} is not a directory`);

  const listing: Listing = { exists: true, entries: [], problems: [], incomplete: false };
  const limit = pLimit(WALK_CONCURRENCY);
  const pending: Promise<void>[] = [];
  const staleTemps: string[] = [];
  const problem = (path: string, err: unknown, what: string) => {
    listing.problems.push({ path, message: `cannot ${what}: ${errorCode(err) ?? oneLine(err)}` });
    listing.incomplete = true;
  };

  const codec = opts.names;
  const walk = async (dir: string | Buffer, rel: string): Promise<void> => {
    let dirents: import('node:fs').Dirent<string | Buffer>[];
    try {
      dirents = codec
        ? await readdir(dir, { withFileTypes: true, encoding: 'buffer' })
        : await readdir(dir, { withFileTypes: true });
    } catch (err) {
      problem(rel || '.', err, 'read directory');
      return;
    }
    await Promise.all(
      dirents.map(async (d) => {
        const raw =
          typeof d.name === 'string' ? d.name : codec ? codec.decode(d.name) : d.name.toString('utf8');
        const name = rel ? `${rel}/${raw}` : raw;
        const path = toKeyPath(name);
        const fsPath = joinFsPath(dir, d.name, nodePath.sep);
        const isDir = d.isDirectory();
        if (!isDir && isTempName(raw)) {
          // Never synced: a download's temp file, ours in flight or left by a killed run.
          const st = await lstat(fsPath).catch(() => undefined);
          if (st && isStaleTemp(raw, st.mtimeMs)) staleTemps.push(name);
          return;
        }
        if (opts.exclude(path, isDir)) {
          noteExcluded(listing, path);
          return;
        }
        if (isDir && !opts.recursive) {
          listing.notDescendedPaths ??= new Set();
          listing.notDescendedPaths.add(path);
          return;
        }
        if (!isDir && !d.isFile() && !d.isSymbolicLink()) {
          opts.onWarning?.(`skipping ${path}: not a regular file, directory or symlink`);
          return;
        }
        let st: import('node:fs').Stats;
        try {
          st = await lstat(fsPath);
        } catch (err) {
          problem(path, err, 'stat');
          return;
        }
        const entry: Entry = {
          path,
          kind: isDir ? 'dir' : d.isSymbolicLink() ? 'symlink' : 'file',
          size: isDir ? 0 : small(st.size),
          mtime: small(Math.floor(st.mtimeMs / 1000)),
          mtimeMs: st.mtimeMs,
          ctimeMs: st.ctimeMs,
          ino: small(st.ino),
          dev: small(st.dev),
          mode: small(st.mode),
          uid: small(st.uid),
          gid: small(st.gid),
          // Present from the start, so the compare stage's MD5 lands inside the object, not in a
          // separately allocated overflow of its fields.
          md5: undefined,
        };
        if (name !== path) entry.name = name;
        if (entry.kind === 'symlink') {
          try {
            entry.linkTarget = codec
              ? codec.decode(await readlink(fsPath, { encoding: 'buffer' }))
              : await readlink(fsPath);
            entry.size = Buffer.byteLength(entry.linkTarget);
          } catch (err) {
            problem(path, err, 'read link');
            return;
          }
        }
        listing.entries.push(entry);
        if (isDir) pending.push(limit(() => walk(fsPath, name)));
      }),
    );
  };

  await limit(() => walk(root, ''));
  // Walks enqueue further walks; drain until no new work appears.
  for (let i = 0; i < pending.length; i++) await pending[i];
  if (staleTemps.length > 0) listing.staleTemps = staleTemps;
  return listing;
}
