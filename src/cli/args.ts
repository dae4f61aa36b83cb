// Command-line parsing: argv → a SyncRequest plus the flag layer of the settings.
import { parseArgs } from 'node:util';
import { DEFAULT_THREADS, type SyncRequest } from '../config/options.js';
import { UsageError } from '../core/errors.js';

export interface CliArgs {
  request: SyncRequest;
  /** Flag values that override settings of the same name (THREADS, AWS_ENDPOINT_URL, …). */
  settingFlags: Record<string, string | undefined>;
  verbose: boolean;
  debug: boolean;
  progress: boolean;
  json: boolean;
}

export type CliCommand = { kind: 'help' } | { kind: 'version' } | { kind: 'sync'; args: CliArgs };

/** Which flag sets which setting, and how it is named in messages. */
export const SETTING_FLAGS: Record<string, string> = {
  THREADS: '--threads',
  AWS_ENDPOINT_URL: '--endpoint',
  AWS_REGION: '--region',
  PARAS3_MAX_DELETE: '--max-delete',
};

const OPTIONS = {
  recursive: { type: 'boolean', short: 'r' },
  dryrun: { type: 'boolean', short: 'n' },
  delete: { type: 'boolean', short: 'd' },
  'public-read': { type: 'boolean', short: 'p' },
  ssl: { type: 'boolean', short: 's' },
  'no-md5': { type: 'boolean' },
  'make-dirs': { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  debug: { type: 'boolean' },
  progress: { type: 'boolean' },
  json: { type: 'boolean' },
  exclude: { type: 'string', multiple: true },
  'exclude-from': { type: 'string', multiple: true },
  'delete-excluded': { type: 'boolean' },
  'cache-control': { type: 'string', multiple: true },
  expires: { type: 'string' },
  threads: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  'max-delete': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export function parseCli(argv: string[]): CliCommand {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    // Node's messages are long and mention internals; keep the part that names the option.
    const msg = (err as Error).message.split('. ')[0] ?? String(err);
    throw new UsageError(`${msg.replace(/^Unknown option/, 'unknown option')} (see paras3 --help)`);
  }
  const v = parsed.values;
  if (v.help) return { kind: 'help' };
  if (v.version) return { kind: 'version' };
  const [source, destination, ...extra] = parsed.positionals;
  if (source === undefined || destination === undefined)
    throw new UsageError('SOURCE and DESTINATION are required (see paras3 --help)');
  if (extra.length > 0)
    throw new UsageError(`unexpected argument "${extra[0]}": give exactly one SOURCE and one DESTINATION`);
  return {
    kind: 'sync',
    args: {
      request: {
        source,
        destination,
        recursive: v.recursive ?? false,
        dryrun: v.dryrun ?? false,
        delete: v.delete ?? false,
        deleteExcluded: v['delete-excluded'] ?? false,
        publicRead: v['public-read'] ?? false,
        ssl: v.ssl ?? false,
        md5: !(v['no-md5'] ?? false),
        makeDirs: v['make-dirs'] ?? false,
        exclude: v.exclude ?? [],
        excludeFrom: v['exclude-from'] ?? [],
        cacheControl: v['cache-control'] ?? [],
        expires: v.expires,
      },
      settingFlags: {
        THREADS: v.threads,
        AWS_ENDPOINT_URL: v.endpoint,
        AWS_REGION: v.region,
        PARAS3_MAX_DELETE: v['max-delete'],
      },
      verbose: v.verbose ?? false,
      debug: v.debug ?? false,
      progress: v.progress ?? false,
      json: v.json ?? false,
    },
  };
}

export const USAGE = `Usage: paras3 [options] SOURCE DESTINATION

Mirror a directory tree between a local path and S3, in either direction.
Exactly one side is S3: bucket:prefix or s3://bucket/prefix (bucket: alone is
the bucket root; C:\\... is a local path). A trailing slash on SOURCE means
"its contents"; without one, the directory itself is copied. As a DESTINATION,
bucket:pre and bucket:pre/ mean the same; a missing local directory is created.

  paras3 -r /etc mybucket:pre                   keys pre/etc/...
  paras3 -r /etc/ mybucket:pre/etcbackup        keys pre/etcbackup/...
  paras3 -r mybucket:pre/etc/ /root/etcrestore  files /root/etcrestore/...
  paras3 -r mybucket:pre/etc /root              files /root/etc/...
  paras3 -r --make-dirs mybucket:pre/etc/ /root/etcrestore
                            also create directories that S3 has no nodes for

Try every new command with -n (--dryrun) first, especially with --delete.

Options:
  -r, --recursive          descend into directories (else only the top level)
  -n, --dryrun             print every planned action with sizes; change nothing
  -d, --delete             delete destination entries the source does not have
      --max-delete N       refuse all deletes if more than N would happen
  -p, --public-read        make uploaded objects public (ACL public-read)
  -s, --ssl                use https with AWS_S3_HOST
      --no-md5             compare size, then time (not size, then MD5)
      --make-dirs          on download, create directories that have no node
                           on S3 (for trees written by other tools)
      --exclude GLOB       skip matching paths (repeatable). Without '/' GLOB
                           matches a name at any depth, with '/' the path from
                           the synced root; a trailing '/' matches directories
                           only. Excluded directories are not walked, and
                           excluded destination paths are never deleted.
      --exclude-from FILE  read exclude globs from FILE: one a line, # comments
      --delete-excluded    delete excluded destination paths too (implies -d)
      --cache-control V    Cache-Control for uploads; GLOB=V for matching
                           paths only (repeatable)
      --expires DATE       Expires header for uploads (2030-01-01T00:00:00Z)
      --threads N          parallel transfers (default ${DEFAULT_THREADS}; env THREADS)
      --endpoint URL       S3-compatible endpoint (env AWS_ENDPOINT_URL)
      --region R           AWS region (env AWS_REGION; default us-east-1)
  -v, --verbose            say why each entry is transferred
      --debug              show settings with their origin, and stack traces
      --progress           show a progress bar on stderr (on a terminal)
      --json               print one JSON report on stdout, nothing else
  -h, --help               show this help
      --version            show the version

Settings (flags win over env vars, env vars over an ini file; see README):
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY  credentials (or the SDK's chain)
  AWS_S3_HOST=host[:port]                   S3-compatible server (http, or -s)
  AWS_CALLING_FORMAT=REGULAR|SUBDOMAIN      path-style or virtual-hosted
  AWS_ENDPOINT_URL, AWS_REGION, THREADS, S3SYNC_RETRIES, ...

Exit status: 0 all done; 1 some entries failed or were skipped (each named on
stderr); 2 bad usage or settings; 130 interrupted.`;
