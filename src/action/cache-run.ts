// The cache actions' main and post steps: restore (main of `cache` and of `cache/restore`), and save
// (post of `cache`, main of `cache/save`). Like actions/cache, a store that cannot be reached is a
// warning, not a failed job: a cache only ever makes a build faster. For a restore it is a miss, so
// fail-on-cache-miss fails the step. Bad inputs fail the step.
import * as core from '@actions/core';
import { cacheClient } from '../cache/client.js';
import { restoreCache } from '../cache/restore.js';
import { saveCache } from '../cache/save.js';
import { ConfigError, oneLine, UsageError } from '../core/errors.js';
import { printable } from '../core/keys.js';
import { describeS3Error } from '../core/s3errors.js';
import { formatBytes } from '../render/format.js';
import { CacheOutputs, CacheState } from './cache-constants.js';
import { type CacheActionInputs, readCacheInputs } from './cache-inputs.js';
import { escapeControl } from './log.js';
import { Secrets } from './secrets.js';

export interface CacheActionIO {
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const defaultIO = (): CacheActionIO => ({ env: process.env, cwd: process.cwd() });

export async function runCacheRestore(io: CacheActionIO = defaultIO()): Promise<void> {
  await step(io, 'restore', restore(io), { onStoreFailure: restoreFailed });
}

/**
 * A restore that could not reach the store is a miss, as in actions/cache: the outputs say so, and
 * with fail-on-cache-miss the step fails, since the job was told not to go on without the cache.
 */
function restoreFailed(inputs: CacheActionInputs, message: string): void {
  core.setOutput(CacheOutputs.CacheHit, 'false');
  core.setOutput(CacheOutputs.CacheMatchedKey, '');
  if (inputs.failOnCacheMiss)
    core.setFailed(`cache restore failed: ${message} (fail-on-cache-miss: the cache counts as missed)`);
  else core.warning(`cache restore failed: ${message}`);
}

function restore(io: CacheActionIO): StepBody {
  return async (inputs, client) => {
    core.saveState(CacheState.Key, inputs.key);
    const r = await restoreCache({
      store: client.store,
      cache: inputs.cache,
      key: inputs.key,
      restoreKeys: inputs.restoreKeys,
      roots: inputs.roots,
      cwd: io.cwd,
      threads: client.threads,
      lookupOnly: inputs.lookupOnly,
      // The post step's save runs in another process: the record of what was written tells it which
      // files it need not read (same HOME, same machine).
      stateDir: client.stateDir,
      onWarning: (m) => core.warning(escapeControl(m)),
    });
    if (r.kind === 'miss') {
      core.setOutput(CacheOutputs.CacheHit, 'false');
      core.setOutput(CacheOutputs.CacheMatchedKey, '');
      const message = `cache not found for key ${inputs.key}${inputs.restoreKeys.length ? ` or restore keys ${inputs.restoreKeys.join(', ')}` : ''}`;
      if (inputs.failOnCacheMiss) throw new UsageError(`${message} (fail-on-cache-miss)`);
      core.info(escapeControl(message));
      return;
    }
    core.saveState(CacheState.MatchedKey, r.matchedKey);
    core.setOutput(CacheOutputs.CacheHit, String(r.exact));
    core.setOutput(CacheOutputs.CacheMatchedKey, r.matchedKey);
    core.info(
      escapeControl(
        `${inputs.lookupOnly ? 'cache found' : 'cache restored'} from key ${printable(r.matchedKey)}${r.exact ? '' : ' (restore key)'}: ${r.files} files, ${formatBytes(r.bytes)}`,
      ),
    );
  };
}

/** `post`: the `cache` action's post step (key and matched key from its state); else the save-only action. */
export async function runCacheSave(io: CacheActionIO = defaultIO()): Promise<void> {
  const post = core.getState(CacheState.Key) !== '';
  await step(
    io,
    'save',
    async (inputs, client) => {
      const matched = core.getState(CacheState.MatchedKey);
      if (post && matched === inputs.key) {
        core.info(escapeControl(`cache hit on the primary key ${inputs.key}: not saving`));
        return;
      }
      const r = await saveCache({
        store: client.store,
        cache: inputs.cache,
        key: inputs.key,
        roots: inputs.roots,
        cwd: io.cwd,
        // The post step starts from exactly the entry its restore matched; the save action from the
        // newest entry of its restore-keys.
        baseKey: post && matched ? matched : undefined,
        baseKeys: post ? [] : inputs.restoreKeys,
        stateDir: client.stateDir,
        threads: client.threads,
        onWarning: (m) => core.warning(escapeControl(m)),
      });
      if ('hashedFiles' in r)
        core.debug(`${r.hashedFiles} of ${r.files} files read; the rest were as this machine restored them`);
      if (r.kind === 'saved')
        core.info(
          escapeControl(
            `cache saved with key ${inputs.key}: ${r.files} files, ${formatBytes(r.bytes)}; uploaded ${formatBytes(r.uploadedBytes)} in ${r.uploads} objects`,
          ),
        );
      else if (r.kind === 'exists')
        core.info(escapeControl(`cache key ${inputs.key} already has an entry: not saving`));
      else if (r.kind === 'lost-race')
        core.warning(
          escapeControl(`cache key ${inputs.key} was already saved by another job; its entry stands`),
        );
      else core.warning('none of the cache paths exist: nothing saved');
    },
    { key: post ? core.getState(CacheState.Key) : undefined },
  );
}

type CacheClient = Awaited<ReturnType<typeof cacheClient>>;
type StepBody = (inputs: CacheActionInputs, client: CacheClient) => Promise<void>;

interface StepOptions {
  /** The key from the restore step's state (the post step), instead of the input. */
  key?: string;
  /** What a store that cannot be reached means; default: a warning, the step stays green. */
  onStoreFailure?: (inputs: CacheActionInputs, message: string) => void;
}

async function step(
  io: CacheActionIO,
  what: 'restore' | 'save',
  body: StepBody,
  opts: StepOptions = {},
): Promise<void> {
  const secrets = new Secrets();
  secrets.maskInputs();
  let client: CacheClient | undefined;
  let inputs: CacheActionInputs | undefined;
  let bucket = '';
  try {
    inputs = readCacheInputs({ key: opts.key });
    bucket = inputs.cache.bucket;
    // Credentials given as inputs replace the environment's, session token included (see main.ts).
    const env = inputs.inputCredentials ? { ...io.env, AWS_SESSION_TOKEN: undefined } : io.env;
    client = await cacheClient({
      settingFlags: inputs.settingFlags,
      flagNames: inputs.flagNames,
      env,
      ssl: true,
      onSettings: (s) => secrets.maskSettings(s),
    });
    await body(inputs, client);
  } catch (err) {
    const e = describeS3Error(err, { bucket, endpoint: client?.endpointLabel });
    const message = secrets.redact(oneLine(e));
    if (e instanceof UsageError || e instanceof ConfigError || !inputs) core.setFailed(message);
    else if (opts.onStoreFailure) opts.onStoreFailure(inputs, message);
    else core.warning(`cache ${what} failed: ${message}`);
  } finally {
    client?.store.destroy();
  }
}
