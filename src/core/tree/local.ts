// Walks a local directory into Entries. Never follows symlinks (they are entries of their own),
// prunes excluded directories instead of walking them, and reports what it cannot read
// instead of aborting, marking the listing incomplete so no delete trusts it.
import { readdir, readlink, stat } from 'node:fs/promises';
import nodePath from 'node:path';
import pLimit from 'p-limit';
import { UsageError } from '../errors.js';
import { lstat } from '../fastfs.js';
import type { PathMatcher } from '../glob.js';
import { toKeyPath } from '../keys.js';
import { stampOf } from '../md5cache.js';
import { joinFsPath, type NameCodec } from '../names.js';
import type { Entry, Listing } from '../types.js';

export interface LocalWalkOptions {
  recursive: boolean;
  /** Excluded paths are neither listed nor descended into. */
  exclude: PathMatcher;
  onWarning?: (message: string) => void;
  /** S3SYNC_NATIVE_CHARSET other than UTF-8: names are read as bytes and decoded (fsPath is then bytes). */
  names?: NameCodec;
}

// Directory reads in flight at once: enough to keep the disk queue busy without a stat storm.
const WALK_CONCURRENCY = 16;

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
  const problem = (path: string, err: NodeJS.ErrnoException, what: string) => {
    listing.problems.push({ path, message: `cannot ${what}: ${err.code ?? err.message}` });
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
      problem(rel || '.', err as NodeJS.ErrnoException, 'read directory');
      return;
    }
    await Promise.all(
      dirents.map(async (d) => {
        const name = toKeyPath(codec ? codec.decode(d.name as Buffer) : (d.name as string));
        const path = rel ? `${rel}/${name}` : name;
        const fsPath = codec
          ? joinFsPath(dir, d.name, nodePath.sep)
          : nodePath.join(dir as string, d.name as string);
        const isDir = d.isDirectory();
        if (opts.exclude(path, isDir)) return;
        if (isDir && !opts.recursive) return;
        if (!isDir && !d.isFile() && !d.isSymbolicLink()) {
          opts.onWarning?.(`skipping ${path}: not a regular file, directory or symlink`);
          return;
        }
        let st: import('node:fs').Stats;
        try {
          st = await lstat(fsPath);
        } catch (err) {
          problem(path, err as NodeJS.ErrnoException, 'stat');
          return;
        }
        const entry: Entry = {
          path,
          kind: isDir ? 'dir' : d.isSymbolicLink() ? 'symlink' : 'file',
          size: isDir ? 0 : st.size,
          mtime: Math.floor(st.mtimeMs / 1000),
          mtimeMs: st.mtimeMs,
          stamp: isDir ? undefined : stampOf(st),
          ctime: Math.floor(st.ctimeMs / 1000),
          fsPath,
          mode: st.mode,
          uid: st.uid,
          gid: st.gid,
        };
        if (entry.kind === 'symlink') {
          try {
            entry.linkTarget = codec
              ? codec.decode(await readlink(fsPath, { encoding: 'buffer' }))
              : await readlink(fsPath);
            entry.size = Buffer.byteLength(entry.linkTarget);
          } catch (err) {
            problem(path, err as NodeJS.ErrnoException, 'read link');
            return;
          }
        }
        listing.entries.push(entry);
        if (isDir) pending.push(limit(() => walk(fsPath, path)));
      }),
    );
  };

  await limit(() => walk(root, ''));
  // Walks enqueue further walks; drain until no new work appears.
  for (let i = 0; i < pending.length; i++) await pending[i];
  return listing;
}
