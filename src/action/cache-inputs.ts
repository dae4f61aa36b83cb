// Inputs of the cache actions → what the cache engine needs, checked before any request.
import * as core from '@actions/core';
import { type CacheStore, checkKey, parseStore } from '../cache/layout.js';
import { checkRoots } from '../cache/roots.js';
import { UsageError } from '../core/errors.js';
import { CacheInputs } from './cache-constants.js';
import { settingInputs } from './constants.js';

export interface CacheActionInputs {
  cache: CacheStore;
  key: string;
  restoreKeys: string[];
  roots: string[];
  lookupOnly: boolean;
  failOnCacheMiss: boolean;
  settingFlags: Record<string, string | undefined>;
  flagNames: Record<string, string>;
  inputCredentials: boolean;
}

export function readCacheInputs(opts: { key?: string } = {}): CacheActionInputs {
  const store = core.getInput(CacheInputs.Store);
  if (store === '') throw new UsageError(`input ${CacheInputs.Store} is required (bucket:prefix)`);
  const key = opts.key ?? core.getInput(CacheInputs.Key);
  if (key === '') throw new UsageError(`input ${CacheInputs.Key} is required`);
  const cache = parseStore(store, `input ${CacheInputs.Store}`);
  const restoreKeys = lines(CacheInputs.RestoreKeys);
  for (const k of restoreKeys) checkKey(k, `input ${CacheInputs.RestoreKeys}:`, cache);
  const { settingFlags, flagNames } = settingInputs((name) => core.getInput(name));
  return {
    cache,
    key: checkKey(key, `input ${CacheInputs.Key}:`, cache),
    restoreKeys,
    roots: checkRoots(lines(CacheInputs.Path)),
    lookupOnly: booleanInput(CacheInputs.LookupOnly),
    failOnCacheMiss: booleanInput(CacheInputs.FailOnCacheMiss),
    settingFlags,
    flagNames,
    inputCredentials: core.getInput(CacheInputs.AwsAccessKeyId) !== '',
  };
}

function lines(name: string): string[] {
  return core.getMultilineInput(name).filter((l) => l !== '');
}

function booleanInput(name: string): boolean {
  if (core.getInput(name) === '') return false;
  try {
    return core.getBooleanInput(name);
  } catch {
    throw new UsageError(
      `input ${name}: ${JSON.stringify(core.getInput(name))} is not a boolean (use true or false)`,
    );
  }
}
