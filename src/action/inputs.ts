// Action inputs → the same SyncRequest and flag-layer values the CLI builds from argv. (Credential
// inputs are masked before this runs, see secrets.ts.)
import * as core from '@actions/core';
import type { SyncRequest } from '../config/options.js';
import { UsageError } from '../core/errors.js';
import { Inputs, SETTING_INPUTS } from './constants.js';

export interface ActionInputs {
  request: SyncRequest;
  /** Setting name → input value ('' when not given, so the env or an ini file decides). */
  settingFlags: Record<string, string | undefined>;
  /** How each setting-backed input is named in messages: THREADS → `input threads`. */
  flagNames: Record<string, string>;
  /** Whether the credentials come from inputs (then the environment's session token must not mix in). */
  inputCredentials: boolean;
}

/** Reads every other input; validation errors are one-line UsageErrors naming the input. */
export function readInputs(): ActionInputs {
  const request: SyncRequest = {
    source: required(Inputs.Source),
    destination: required(Inputs.Destination),
    // The action always mirrors whole trees; top-level-only syncs are a CLI nicety.
    recursive: true,
    dryrun: booleanInput(Inputs.Dryrun),
    delete: booleanInput(Inputs.Delete),
    deleteExcluded: booleanInput(Inputs.DeleteExcluded),
    publicRead: booleanInput(Inputs.PublicRead),
    // AWS_S3_HOST from the step env is reached over https: CI talks to remote hosts. An endpoint given
    // as an http:// URL still says plain HTTP itself.
    ssl: true,
    md5: !booleanInput(Inputs.NoMd5),
    makeDirs: booleanInput(Inputs.MakeDirs),
    // One glob per line; `#` lines are comments, as in --exclude-from files.
    exclude: lines(Inputs.Exclude).filter((l) => !l.startsWith('#')),
    excludeFrom: [],
    cacheControl: lines(Inputs.CacheControl),
  };
  const settingFlags: Record<string, string | undefined> = {};
  const flagNames: Record<string, string> = {};
  for (const [setting, input] of Object.entries(SETTING_INPUTS)) {
    settingFlags[setting] = core.getInput(input);
    flagNames[setting] = `input ${input}`;
  }
  return {
    request,
    settingFlags,
    flagNames,
    inputCredentials: core.getInput(Inputs.AwsAccessKeyId) !== '',
  };
}

function required(name: string): string {
  const value = core.getInput(name);
  if (value === '') throw new UsageError(`input ${name} is required`);
  return value;
}

/** Strict YAML booleans (getBooleanInput); an empty input is false, a bad one a one-line error. */
function booleanInput(name: string): boolean {
  if (core.getInput(name) === '') return false;
  try {
    return core.getBooleanInput(name);
  } catch {
    throw new UsageError(
      `input ${name}: ${JSON.stringify(core.getInput(name, { trimWhitespace: false }))} is not a boolean (use true or false)`,
    );
  }
}

function lines(name: string): string[] {
  return core.getMultilineInput(name).filter((l) => l !== '');
}
