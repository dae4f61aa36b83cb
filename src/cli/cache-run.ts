// Runs one parsed `paras3 cache` command and renders its outcome as text or JSON.
import { type CacheClient, cacheClient } from '../cache/client.js';
import { type CacheStore, checkKey, parseStore } from '../cache/layout.js';
import { listEntries, pruneCache } from '../cache/prune.js';
import { restoreCache } from '../cache/restore.js';
import { checkRoots } from '../cache/roots.js';
import { saveCache } from '../cache/save.js';
import { exitCodeFor, oneLine } from '../core/errors.js';
import { printable } from '../core/keys.js';
import { describeS3Error } from '../core/s3errors.js';
import { formatBytes } from '../render/format.js';
import type { CacheIO } from './cache.js';
import type { CacheCommand } from './cache-args.js';

export interface CacheRunContext {
  cmd: Exclude<CacheCommand, { kind: 'help' }>;
  cache: CacheStore;
  client: CacheClient;
  io: { cwd: string };
  say: (line: string) => void;
  warn: (line: string) => void;
  signal: AbortSignal;
}

/** Settings → client → the command, with Ctrl-C cancelling what is in flight (exit 130). */
export async function runCache(
  cmd: CacheRunContext['cmd'],
  io: CacheIO & { say: (line: string) => void; warn: (line: string) => void },
): Promise<number> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  io.signals.on('SIGINT', onSignal);
  io.signals.on('SIGTERM', onSignal);
  let client: CacheClient | undefined;
  let bucket = '';
  try {
    const cache = parseStore(cmd.store);
    bucket = cache.bucket;
    client = await cacheClient({
      settingFlags: cmd.settingFlags,
      flagNames: cmd.settingFlagNames,
      env: io.env,
      ssl: false,
    });
    return await runCacheCommand({
      cmd,
      cache,
      client,
      io,
      say: io.say,
      warn: io.warn,
      signal: controller.signal,
    });
  } catch (e) {
    if (controller.signal.aborted) {
      io.warn('interrupted');
      return 130;
    }
    const err = describeS3Error(e, { bucket, endpoint: client?.endpointLabel });
    io.warn(oneLine(err));
    return exitCodeFor(err);
  } finally {
    io.signals.off('SIGINT', onSignal);
    io.signals.off('SIGTERM', onSignal);
    client?.store.destroy();
  }
}

export async function runCacheCommand(ctx: CacheRunContext): Promise<number> {
  const { cmd, cache, client, say, warn, signal } = ctx;
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  const json = (v: unknown) => say(JSON.stringify(v));
  const common = { store: client.store, cache, threads: client.threads, signal, onWarning: warn };
  switch (cmd.kind) {
    case 'save': {
      const key = checkKey(cmd.key, '--key', cache);
      for (const k of cmd.restoreKeys) checkKey(k, '--restore-key', cache);
      const roots = checkRoots(cmd.paths);
      const r = await saveCache({
        ...common,
        key,
        roots,
        cwd: ctx.io.cwd,
        baseKeys: cmd.restoreKeys,
        stateDir: client.stateDir,
      });
      if (cmd.json) {
        json({
          saved: r.kind === 'saved',
          outcome: r.kind,
          key,
          ...('files' in r ? statsOf(r) : {}),
          seconds: seconds(),
        });
      } else if (r.kind === 'saved') {
        if (!cmd.quiet)
          say(
            `saved ${printable(key)}: ${r.files} files, ${formatBytes(r.bytes)}; uploaded ${formatBytes(r.uploadedBytes)} in ${r.uploads} objects${r.base ? ` (reusing ${printable(r.base)})` : ''}`,
          );
      } else if (r.kind === 'exists')
        warn(`cache key ${printable(key)} already has an entry; not saved again`);
      else if (r.kind === 'lost-race')
        warn(`cache key ${printable(key)} was already saved by another job; its entry stands`);
      else warn(`none of the paths exist; nothing saved`);
      return r.kind === 'empty' ? 1 : 0;
    }
    case 'restore': {
      const key = checkKey(cmd.key, '--key', cache);
      for (const k of cmd.restoreKeys) checkKey(k, '--restore-key', cache);
      const roots = checkRoots(cmd.paths);
      const r = await restoreCache({
        ...common,
        key,
        restoreKeys: cmd.restoreKeys,
        roots,
        cwd: ctx.io.cwd,
        lookupOnly: cmd.kind === 'restore' && cmd.lookupOnly,
        stateDir: client.stateDir,
      });
      if (cmd.json) {
        json(
          r.kind === 'miss'
            ? { cacheHit: false, matchedKey: null, seconds: seconds() }
            : {
                cacheHit: r.exact,
                matchedKey: r.matchedKey,
                files: r.files,
                bytes: r.bytes,
                downloadedBytes: r.downloadedBytes,
                downloads: r.downloads,
                seconds: seconds(),
              },
        );
      } else if (!cmd.quiet) {
        if (r.kind === 'miss') say(`cache miss: ${printable(key)}`);
        else
          say(
            `${r.exact ? 'cache hit' : 'partial cache hit'}: ${printable(r.matchedKey)}: ${r.files} files, ${formatBytes(r.bytes)}${cmd.lookupOnly ? ' (lookup only)' : ''}`,
          );
      }
      return r.kind === 'miss' ? 1 : 0;
    }
    case 'list': {
      const entries = await listEntries(client.store, cache, signal);
      if (cmd.json) json(entries.map((e) => ({ key: e.key, saved: new Date(e.lastModified).toISOString() })));
      else for (const e of entries) say(`${new Date(e.lastModified).toISOString()}  ${printable(e.key)}`);
      return 0;
    }
    case 'prune': {
      const r = await pruneCache({
        ...common,
        olderThanMs: cmd.olderThanMs,
        keepLast: cmd.keepLast,
        graceMs: cmd.graceMs,
        dryrun: cmd.dryrun,
      });
      if (cmd.json) json({ ...r, dryrun: cmd.dryrun });
      else if (!cmd.quiet) {
        const verb = cmd.dryrun ? 'would delete' : 'deleted';
        for (const k of r.deletedKeys) say(`${verb} ${printable(k)}`);
        say(
          `${verb} ${r.deletedKeys.length} entries and ${r.deletedData} unused objects (${formatBytes(r.deletedDataBytes)}); kept ${r.keptKeys.length} entries${r.youngData ? `, and ${r.youngData} unused objects younger than the grace period` : ''}`,
        );
      }
      return 0;
    }
  }
}

function statsOf(r: {
  files: number;
  bytes: number;
  uploads: number;
  uploadedBytes: number;
  reusedFiles: number;
  hashedFiles: number;
  base?: string;
}) {
  return {
    files: r.files,
    bytes: r.bytes,
    uploads: r.uploads,
    uploadedBytes: r.uploadedBytes,
    reusedFiles: r.reusedFiles,
    hashedFiles: r.hashedFiles,
    base: r.base ?? null,
  };
}
