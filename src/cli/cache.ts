// `paras3 cache …`: argv → the cache engine (src/cache) → text or JSON and an exit status. Returns the
// status; only index.ts exits.
import { exitCodeFor, oneLine } from '../core/errors.js';
import type { CacheCommand } from './cache-args.js';
import { parseCacheArgs } from './cache-args.js';
import { CACHE_USAGE } from './cache-usage.js';

const defaultOut = (): CacheIO => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signals: process,
});

export interface CacheIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  signals: NodeJS.EventEmitter;
}

export async function cacheMain(argv: readonly string[], io: CacheIO = defaultOut()): Promise<number> {
  const say = (line: string) => io.stdout.write(`${line}\n`);
  const warn = (line: string) => io.stderr.write(`paras3: ${line}\n`);
  let cmd: CacheCommand;
  try {
    cmd = parseCacheArgs(argv);
  } catch (e) {
    warn(oneLine(e));
    return exitCodeFor(e);
  }
  if (cmd.kind === 'help') {
    say(CACHE_USAGE);
    return 0;
  }
  const { runCache } = await import('./cache-run.js');
  return runCache(cmd, { ...io, say, warn });
}
