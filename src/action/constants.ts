// The action's interface in one table (the actions/cache habit): every input and output name used in
// code comes from here, and a test checks this table against action.yml.

export const Inputs = {
  Source: 'source',
  Destination: 'destination',
  Delete: 'delete',
  DeleteExcluded: 'delete-excluded',
  MaxDelete: 'max-delete',
  Dryrun: 'dryrun',
  PublicRead: 'public-read',
  MakeDirs: 'make-dirs',
  NoMd5: 'no-md5',
  Threads: 'threads',
  Exclude: 'exclude',
  CacheControl: 'cache-control',
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
  Deleted: 'deleted',
  Unchanged: 'unchanged',
  BytesTransferred: 'bytes-transferred',
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

/** Masked with core.setSecret before anything is logged. */
export const CREDENTIAL_INPUTS = [Inputs.AwsAccessKeyId, Inputs.AwsSecretAccessKey, Inputs.AwsSessionToken];
