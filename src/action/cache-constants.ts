// The cache actions' interface in one table (cache/action.yml, cache/restore/action.yml,
// cache/save/action.yml), checked against those files by a test. Credential and endpoint inputs have
// the same names as the sync action's (constants.ts), so they are masked and mapped the same way.
import { Inputs } from './constants.js';

export const CacheInputs = {
  Path: 'path',
  Key: 'key',
  RestoreKeys: 'restore-keys',
  Store: 'store',
  LookupOnly: 'lookup-only',
  FailOnCacheMiss: 'fail-on-cache-miss',
  Threads: Inputs.Threads,
  Endpoint: Inputs.Endpoint,
  Region: Inputs.Region,
  AwsAccessKeyId: Inputs.AwsAccessKeyId,
  AwsSecretAccessKey: Inputs.AwsSecretAccessKey,
  AwsSessionToken: Inputs.AwsSessionToken,
} as const;

export const CacheOutputs = {
  CacheHit: 'cache-hit',
  CacheMatchedKey: 'cache-matched-key',
} as const;

/** Saved by the restore step for the post step (the runner hands them back as STATE_<name>). */
export const CacheState = {
  Key: 'paras3-cache-key',
  MatchedKey: 'paras3-cache-matched-key',
} as const;

/** Inputs each action declares (the restore-only action has no save, the save-only action no restore). */
export const CACHE_ACTION_INPUTS = {
  cache: Object.values(CacheInputs),
  restore: Object.values(CacheInputs),
  save: [
    CacheInputs.Path,
    CacheInputs.Key,
    CacheInputs.RestoreKeys,
    CacheInputs.Store,
    CacheInputs.Threads,
    CacheInputs.Endpoint,
    CacheInputs.Region,
    CacheInputs.AwsAccessKeyId,
    CacheInputs.AwsSecretAccessKey,
    CacheInputs.AwsSessionToken,
  ],
} as const;

export const CACHE_ACTION_OUTPUTS = {
  cache: Object.values(CacheOutputs),
  restore: Object.values(CacheOutputs),
  save: [],
} as const;
