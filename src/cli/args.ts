// Command-line parsing: argv → a SyncRequest plus the flag layer of the settings. Imports nothing
// heavy (types only from the engine's side), so `--help`, `--version` and usage errors answer without
// loading the SDK.
import type { FilterRequest, SyncRequest } from '../config/options.js';
import { oneLine } from '../core/errors.js';
import { parseShard, parseShardCount } from '../core/shard.js';
import { type GivenOption, type OptionSpec, tokenize, usageError } from './argv.js';
import { nearest } from './suggest.js';

export { USAGE } from './usage.js';

export interface CliArgs {
  request: SyncRequest;
  /** Flag values that override settings of the same name (THREADS, AWS_ENDPOINT_URL, …). */
  settingFlags: Record<string, string | undefined>;
  /** Each setting flag as it was typed (`--transfers` for THREADS), for messages and `--debug`. */
  settingFlagNames: Record<string, string>;
  verbose: boolean;
  /** No per-file lines: only errors, warnings and the summary (`-q`, `--only-show-errors`). */
  quiet: boolean;
  debug: boolean;
  progress: boolean;
  json: boolean;
}

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'sync'; args: CliArgs }
  /** `paras3 plan --shards N … SOURCE DEST`: the matrix of a sharded sync. */
  | { kind: 'plan'; args: CliArgs; shards: number };

/** Which flag sets which setting, and how it is named in messages unless typed under an alias. */
export const SETTING_FLAGS: Record<string, string> = {
  THREADS: '--threads',
  AWS_ENDPOINT_URL: '--endpoint',
  AWS_REGION: '--region',
  AWS_PROFILE: '--profile',
  PARAS3_MAX_DELETE: '--max-delete',
  PARAS3_TIMEOUT: '--timeout',
};

/** S3's storage classes (PutObject x-amz-storage-class). */
export const STORAGE_CLASSES = [
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
  'OUTPOSTS',
  'EXPRESS_ONEZONE',
] as const;

/** S3's server-side encryption modes (x-amz-server-side-encryption). */
export const SSE_MODES = ['AES256', 'aws:kms', 'aws:kms:dsse'] as const;

export const CLI_OPTIONS: readonly OptionSpec[] = [
  { name: 'recursive', short: ['r'] },
  // `--dry-run` as aws-cli's docs and rclone spell it; `--dryrun` as aws s3 and s3sync.rb do.
  { name: 'dryrun', aliases: ['dry-run'], short: ['n'] },
  { name: 'delete', short: ['d'] },
  { name: 'public-read', short: ['p'] },
  { name: 'ssl', short: ['s'] },
  { name: 'no-md5' },
  { name: 'size-only' },
  { name: 'make-dirs' },
  { name: 'no-dir-nodes' },
  { name: 'no-posix-metadata' },
  { name: 'verbose', short: ['v'] },
  { name: 'quiet', aliases: ['only-show-errors'], short: ['q'] },
  { name: 'debug' },
  { name: 'progress', short: ['P'] },
  { name: 'json' },
  { name: 'exclude', value: true },
  { name: 'exclude-from', value: true },
  { name: 'include', value: true },
  { name: 'include-from', value: true },
  { name: 'delete-excluded' },
  { name: 'cache-control', value: true },
  { name: 'expires', value: true },
  { name: 'storage-class', value: true },
  { name: 'sse', value: true },
  { name: 'sse-kms-key-id', value: true },
  { name: 'threads', aliases: ['transfers'], value: true },
  { name: 'endpoint', aliases: ['endpoint-url'], value: true },
  { name: 'region', value: true },
  { name: 'profile', value: true },
  { name: 'max-delete', value: true },
  { name: 'timeout', value: true },
  { name: 'shard', value: true },
  { name: 'shards', value: true },
  { name: 'help', short: ['h'] },
  { name: 'version', short: ['V'] },
];

/** Option name → setting it feeds. */
const SETTING_OF: Record<string, string> = {
  threads: 'THREADS',
  endpoint: 'AWS_ENDPOINT_URL',
  region: 'AWS_REGION',
  profile: 'AWS_PROFILE',
  'max-delete': 'PARAS3_MAX_DELETE',
  timeout: 'PARAS3_TIMEOUT',
};

const FILTERS: Record<string, FilterRequest | undefined> = {
  exclude: { include: false, glob: '' },
  'exclude-from': { include: false, glob: '', fromFile: true },
  include: { include: true, glob: '' },
  'include-from': { include: true, glob: '', fromFile: true },
};

export function parseCli(argv: string[]): CliCommand {
  // `plan` is a subcommand only as the very first word: a directory named plan is still `./plan` or
  // `-r plan …`.
  const planning = argv[0] === 'plan';
  const { options, positionals } = tokenize(planning ? argv.slice(1) : argv, CLI_OPTIONS);
  const on = (name: string) => options.some((o) => o.name === name);
  if (on('help')) return { kind: 'help' };
  if (on('version')) return { kind: 'version' };
  for (const o of options) {
    if (o.value !== undefined && o.value.trim() === '' && !FILTERS[o.name])
      throw usageError(`${o.as} needs a value (got "${o.value}")`);
  }
  const last = (name: string): GivenOption | undefined => options.findLast((o) => o.name === name);
  const all = (name: string) => options.filter((o) => o.name === name).map((o) => o.value as string);

  const [source, destination, ...extra] = positionals;
  if (source === undefined || destination === undefined)
    throw usageError('SOURCE and DESTINATION are required');
  if (extra.length > 0)
    throw usageError(`unexpected argument "${extra[0]}": give exactly one SOURCE and one DESTINATION`);
  if (on('quiet') && on('verbose'))
    throw usageError(`${last('quiet')?.as} and -v/--verbose contradict each other`);
  if (on('size-only') && on('no-md5'))
    throw usageError('--size-only and --no-md5 choose different comparisons: give one');
  const shard = last('shard');
  const shards = last('shards');
  if (planning && !shards) throw usageError('paras3 plan needs --shards N');
  if (planning && shard)
    throw usageError(`${shard.as} is for the sync jobs; paras3 plan prints the ranges they take`);
  if (!planning && shards)
    throw usageError(
      `${shards.as} belongs to paras3 plan (paras3 plan --shards N SOURCE DEST); a sync job takes --shard K/N`,
    );

  const filters = options.flatMap((o) => {
    const f = FILTERS[o.name];
    return f ? [{ ...f, glob: o.value as string }] : [];
  });
  const sse = choice(last('sse'), SSE_MODES, 'an S3 encryption mode');
  const kmsKey = last('sse-kms-key-id');
  if (kmsKey && !sse?.startsWith('aws:kms'))
    throw usageError(`${kmsKey.as} needs --sse aws:kms${sse ? `, not --sse ${sse}` : ''}`);

  const settingFlags: Record<string, string | undefined> = {};
  const settingFlagNames: Record<string, string> = { ...SETTING_FLAGS };
  for (const [name, setting] of Object.entries(SETTING_OF)) {
    const o = last(name);
    settingFlags[setting] = o?.value;
    if (o) settingFlagNames[setting] = o.as;
  }
  const request: SyncRequest = {
    source,
    destination,
    recursive: on('recursive'),
    dryrun: on('dryrun'),
    delete: on('delete'),
    deleteExcluded: on('delete-excluded'),
    publicRead: on('public-read'),
    ssl: on('ssl'),
    md5: !on('no-md5'),
    makeDirs: on('make-dirs'),
    exclude: all('exclude'),
    excludeFrom: all('exclude-from'),
    cacheControl: all('cache-control'),
    expires: last('expires')?.value,
  };
  // The new fields only when given, so requests without them stay as they were.
  if (filters.length > 0) request.filters = filters;
  if (on('size-only')) request.sizeOnly = true;
  if (on('no-dir-nodes')) request.dirNodes = false;
  if (on('no-posix-metadata')) request.posixMetadata = false;
  const storageClass = choice(last('storage-class'), STORAGE_CLASSES, 'an S3 storage class');
  if (storageClass) request.storageClass = storageClass;
  if (sse) request.sse = sse;
  if (kmsKey) request.sseKmsKeyId = kmsKey.value;
  if (shard) request.shard = checked(() => parseShard(shard.value as string, shard.as));
  const args: CliArgs = {
    request,
    settingFlags,
    settingFlagNames,
    verbose: on('verbose'),
    quiet: on('quiet'),
    debug: on('debug'),
    progress: on('progress'),
    json: on('json'),
  };
  if (shards)
    return { kind: 'plan', args, shards: checked(() => parseShardCount(shards.value as string, shards.as)) };
  return { kind: 'sync', args };
}

/** A core parser's UsageError, ending like every other usage error. */
function checked<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw usageError(oneLine(err));
  }
}

/** A value from a fixed list, matched without regard to case and returned as S3 spells it. */
function choice<T extends string>(
  o: GivenOption | undefined,
  choices: readonly T[],
  what: string,
): T | undefined {
  if (!o) return undefined;
  const typed = (o.value as string).trim();
  const found = choices.find((c) => c.toLowerCase() === typed.toLowerCase());
  if (found) return found;
  const near = nearest(typed, choices);
  throw usageError(
    `${o.as} ${JSON.stringify(o.value)} is not ${what}: ${near ? `did you mean ${near}?` : `use one of ${choices.join(', ')}`}`,
  );
}
