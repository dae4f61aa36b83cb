// The action's interface in one table (the actions/cache habit): every input and output name used in
// code comes from here, and a test checks this table against action.yml.

export const Inputs = {
  Source: 'source',
  Destination: 'destination',
  Delete: 'delete',
  DeleteExcluded: 'delete-excluded',
  MaxDelete: 'max-delete',
  Dryrun: 'dryrun',
  // Other spellings of dryrun, declared so that a dry run asked for in them is one: an input the
  // action.yml does not declare only draws a runner warning, and the sync would run for real.
  DryRunHyphen: 'dry-run',
  DryRunUnderscore: 'dry_run',
  PublicRead: 'public-read',
  MakeDirs: 'make-dirs',
  NoMd5: 'no-md5',
  Threads: 'threads',
  Exclude: 'exclude',
  CacheControl: 'cache-control',
  DirNodes: 'dir-nodes',
  PosixMetadata: 'posix-metadata',
  CloudFrontDistributionId: 'cloudfront-distribution-id',
  CloudFrontEndpoint: 'cloudfront-endpoint',
  Shard: 'shard',
  Shards: 'shards',
  Endpoint: 'endpoint',
  Region: 'region',
  AwsAccessKeyId: 'aws-access-key-id',
  AwsSecretAccessKey: 'aws-secret-access-key',
  AwsSessionToken: 'aws-session-token',
} as const;

export const Outputs = {
  ChangedKeys: 'changed-keys',
  ChangedCount: 'changed-count',
  Uploaded: 'uploaded',
  Downloaded: 'downloaded',
  Copied: 'copied',
  Deleted: 'deleted',
  Unchanged: 'unchanged',
  BytesTransferred: 'bytes-transferred',
  InvalidationPaths: 'invalidation-paths',
  InvalidationId: 'invalidation-id',
  Matrix: 'matrix',
} as const;

/**
 * Inputs that are settings: each overrides the setting of the same meaning from the step's `env:` (and
 * any ini file), exactly like the CLI's `--threads` overrides THREADS.
 */
export const SETTING_INPUTS: Readonly<Record<string, string>> = {
  THREADS: Inputs.Threads,
  PARAS3_MAX_DELETE: Inputs.MaxDelete,
  AWS_ENDPOINT_URL: Inputs.Endpoint,
  AWS_REGION: Inputs.Region,
  AWS_ACCESS_KEY_ID: Inputs.AwsAccessKeyId,
  AWS_SECRET_ACCESS_KEY: Inputs.AwsSecretAccessKey,
  AWS_SESSION_TOKEN: Inputs.AwsSessionToken,
};

/** The setting-backed inputs as the settings layer takes flags: each value, and its name for messages. */
export function settingInputs(getInput: (name: string) => string): {
  settingFlags: Record<string, string | undefined>;
  flagNames: Record<string, string>;
} {
  const settingFlags: Record<string, string | undefined> = {};
  const flagNames: Record<string, string> = {};
  for (const [setting, input] of Object.entries(SETTING_INPUTS)) {
    settingFlags[setting] = getInput(input);
    flagNames[setting] = `input ${input}`;
  }
  return { settingFlags, flagNames };
}

/** Masked with core.setSecret before anything is logged. */
export const CREDENTIAL_INPUTS = [Inputs.AwsAccessKeyId, Inputs.AwsSecretAccessKey, Inputs.AwsSessionToken];

/**
 * CLI flags that engine messages name, and what the action calls them instead (`more than --max-delete
 * 1` reads `more than max-delete 1` in a step's log). Settings without an input keep their env name.
 */
export const FLAG_INPUTS: Readonly<Record<string, string>> = {
  '--max-delete': Inputs.MaxDelete,
  '--make-dirs': Inputs.MakeDirs,
  '--delete': Inputs.Delete,
  '--delete-excluded': Inputs.DeleteExcluded,
  '--public-read': Inputs.PublicRead,
  '--cache-control': Inputs.CacheControl,
  '--no-md5': Inputs.NoMd5,
  '--no-dir-nodes': `${Inputs.DirNodes}: false`,
  '--no-posix-metadata': `${Inputs.PosixMetadata}: false`,
  '--exclude': Inputs.Exclude,
  '--region': Inputs.Region,
  '--endpoint': Inputs.Endpoint,
  '--threads': Inputs.Threads,
  '--timeout': 'PARAS3_TIMEOUT',
};
