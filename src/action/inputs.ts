// Action inputs → the same SyncRequest and flag-layer values the CLI builds from argv. (Credential
// inputs are masked before this runs, see secrets.ts.)
import * as core from '@actions/core';
import type { SyncRequest } from '../config/options.js';
import { maskUrlPassword } from '../config/userinfo.js';
import { UsageError } from '../core/errors.js';
import { parseLocationArg } from '../core/location.js';
import { parseShard, parseShardCount } from '../core/shard.js';
import { Inputs, settingInputs } from './constants.js';

/** Where to invalidate after a successful sync. */
export interface CloudFrontInputs {
  distributionId: string;
  /** Undefined: AWS's endpoint. */
  endpoint?: string;
}

export interface ActionInputs {
  request: SyncRequest;
  /** Setting name → input value ('' when not given, so the env or an ini file decides). */
  settingFlags: Record<string, string | undefined>;
  /** How each setting-backed input is named in messages: THREADS → `input threads`. */
  flagNames: Record<string, string>;
  /** Whether the credentials come from inputs (then the environment's session token must not mix in). */
  inputCredentials: boolean;
  cloudfront?: CloudFrontInputs;
  /** Input `shards`: plan the matrix of a sharded sync instead of syncing. */
  shards?: number;
}

/** Reads every other input; validation errors are one-line UsageErrors naming the input. */
export function readInputs(env: NodeJS.ProcessEnv = process.env): ActionInputs {
  const request: SyncRequest = {
    source: required(Inputs.Source),
    destination: required(Inputs.Destination),
    // The action always mirrors whole trees; top-level-only syncs are a CLI nicety.
    recursive: true,
    // Any of the spellings true makes a dry run: the runner gives dryrun its default, false, when
    // only an alias is set. All are read, so a bad value in any is reported.
    dryrun: [Inputs.Dryrun, Inputs.DryRunHyphen, Inputs.DryRunUnderscore]
      .map((name) => booleanInput(name))
      .some(Boolean),
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
    dirNodes: booleanInput(Inputs.DirNodes, true),
    posixMetadata: booleanInput(Inputs.PosixMetadata, true),
  };
  const shard = core.getInput(Inputs.Shard);
  const shards = core.getInput(Inputs.Shards);
  if (shard && shards)
    throw new UsageError(
      `input ${Inputs.Shard} is for the jobs that sync, input ${Inputs.Shards} for the job that plans them: give one`,
    );
  if (shard) request.shard = parseShard(shard, `input ${Inputs.Shard}`);
  const { settingFlags, flagNames } = settingInputs((name) => core.getInput(name));
  return {
    request,
    settingFlags,
    flagNames,
    inputCredentials: core.getInput(Inputs.AwsAccessKeyId) !== '',
    cloudfront: cloudFrontInputs(request.destination, env),
    shards: shards ? parseShardCount(shards, `input ${Inputs.Shards}`) : undefined,
  };
}

/** A distribution id looks like E2QWRUHAPOMQZL: catches an ARN or a domain name given by mistake. */
const DISTRIBUTION_ID = /^[A-Z0-9]{1,64}$/;

function cloudFrontInputs(destination: string, env: NodeJS.ProcessEnv): CloudFrontInputs | undefined {
  const id = core.getInput(Inputs.CloudFrontDistributionId);
  const endpointInput = core.getInput(Inputs.CloudFrontEndpoint);
  if (id === '') {
    if (endpointInput !== '')
      throw new UsageError(`input ${Inputs.CloudFrontEndpoint} needs ${Inputs.CloudFrontDistributionId}`);
    return undefined;
  }
  if (!DISTRIBUTION_ID.test(id))
    throw new UsageError(
      `input ${Inputs.CloudFrontDistributionId}: ${JSON.stringify(id)} is not a distribution id (like E2QWRUHAPOMQZL)`,
    );
  if (parseLocationArg(destination).kind !== 's3')
    throw new UsageError(
      `input ${Inputs.CloudFrontDistributionId} needs an S3 destination (the files are served from there), and destination is a local path`,
    );
  // The AWS CLI's and SDKs' name for a service's own endpoint.
  const [name, endpoint] =
    endpointInput !== ''
      ? [`input ${Inputs.CloudFrontEndpoint}`, endpointInput]
      : ['env AWS_ENDPOINT_URL_CLOUDFRONT', env.AWS_ENDPOINT_URL_CLOUDFRONT?.trim() ?? ''];
  if (endpoint === '') return { distributionId: id };
  if (!/^https?:\/\/[^/]/i.test(endpoint) || !URL.canParse(endpoint))
    throw new UsageError(`${name}: ${JSON.stringify(maskUrlPassword(endpoint))} is not an http(s) URL`);
  return { distributionId: id, endpoint: endpoint.replace(/\/+$/, '') };
}

function required(name: string): string {
  const value = core.getInput(name);
  if (value === '') throw new UsageError(`input ${name} is required`);
  return value;
}

/** Strict YAML booleans (getBooleanInput); an empty input is `empty`, a bad one a one-line error. */
function booleanInput(name: string, empty = false): boolean {
  if (core.getInput(name) === '') return empty;
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
