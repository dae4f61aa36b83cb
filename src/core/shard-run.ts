// What a shard run (--shard K/N) needs beyond the plan: which paths it owns, and the directory sweep that
// lets shards delete local directories they share.
import { rmdir } from 'node:fs/promises';
import { fsPathUnder, type nameCodec } from './names.js';
import { inShard, type Shard } from './shard.js';
import type { DeleteAction, LocalLocation } from './types.js';

/** Whether this shard owns a path; each path is hashed once, however often the stages ask. */
export function shardOwner(shard: Shard): (path: string) => boolean {
  const known = new Map<string, boolean>();
  return (path) => {
    let owned = known.get(path);
    if (owned === undefined) {
      owned = inShard(shard, path);
      known.set(path, owned);
    }
    return owned;
  };
}

/**
 * Removes each directory the whole sync deletes, deepest first, when it is empty. A directory still
 * holding files of shards that have not finished is left to them: every shard sweeps after its own
 * deletes, so once the last one has deleted its files, its sweep finds every directory empty. Errors
 * are expected (gone already, not empty yet) and say nothing.
 */
export async function sweepDirs(
  dest: LocalLocation,
  dirs: readonly DeleteAction[],
  names: ReturnType<typeof nameCodec>,
): Promise<void> {
  for (const d of dirs) await rmdir(fsPathUnder(dest.root, d.target, names)).catch(() => {});
}
