// Turns what a front end parsed (flags or action inputs) plus the layered settings into the engine's
// SyncOptions and the S3 client's ClientSettings, validating everything before any I/O on S3.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import nodePath from 'node:path';
import { ConfigError, errorCode, oneLine, UsageError } from '../core/errors.js';
import { parseHeaderRules } from '../core/headers.js';
import { MIB } from '../core/limits.js';
import { resolvePair } from '../core/location.js';
import { nameCodec } from '../core/names.js';
import { bypassesProxy } from '../core/proxy.js';
import { DEFAULT_ATTEMPTS, VERIFY_ATTEMPTS } from '../core/retry.js';
import type { Shard } from '../core/shard.js';
import type { ClientSettings } from '../core/store/factory.js';
import type { Location, SyncOptions } from '../core/types.js';
import { readMimeTypes } from './files.js';
import type { Settings } from './layers.js';
import { parseChoice, parseIntSetting, parseNumberSetting, parseUrlSetting } from './parse.js';
import { assertProfileExists, profileName } from './profile.js';
import { proxyConfig, trustedCas } from './transport.js';

/** What either front end collects; setting-backed values (threads, endpoint, region…) come via Settings. */
export interface SyncRequest {
  source: string;
  destination: string;
  recursive: boolean;
  dryrun: boolean;
  delete: boolean;
  deleteExcluded: boolean;
  publicRead: boolean;
  ssl: boolean;
  md5: boolean;
  makeDirs: boolean;
  exclude: string[];
  excludeFrom: string[];
  cacheControl: string[];
  expires?: string;
  /** Store and compare owner/group/mode/mtime (default true; false for public sites). */
  posixMetadata?: boolean;
  /** Write zero-byte `dir/` nodes (default true). */
  dirNodes?: boolean;
  /** --include/--exclude (and their -from files) in command-line order; see glob.ts classifyPaths. */
  filters?: FilterRequest[];
  /** Compare by size only (`--size-only`). */
  sizeOnly?: boolean;
  /** Storage class and encryption of written objects, already checked against S3's lists by the front end. */
  storageClass?: string;
  sse?: string;
  sseKmsKeyId?: string;
  /** `--shard K/N[@LO-HI]` (input `shard`), parsed by the front end so its error names the flag or input. */
  shard?: Shard;
}

/** One filter rule as given; with `fromFile`, `glob` names a file of globs, one a line. */
export interface FilterRequest {
  include: boolean;
  glob: string;
  fromFile?: boolean;
}

export const DEFAULT_THREADS = 16;
/** Seconds without a byte either way before a request attempt fails (then retried). */
export const DEFAULT_TIMEOUT = 60;

export interface ResolvedConfig {
  options: SyncOptions;
  client: ClientSettings;
  /** For messages: where requests go. */
  endpointLabel: string;
}

export function resolveConfig(
  req: SyncRequest,
  settings: Settings,
  env: { cwd?: string; path?: nodePath.PlatformPath } = {},
): ResolvedConfig {
  const pair = resolvePair(req.source, req.destination, env);
  const threads = parseIntSetting('THREADS', settings.get('THREADS'), 1, 1024) ?? DEFAULT_THREADS;
  // Named as the setting, like THREADS: the origin says which flag, input or env var gave it.
  const maxDelete = parseIntSetting(
    'PARAS3_MAX_DELETE',
    settings.get('PARAS3_MAX_DELETE'),
    0,
    Number.MAX_SAFE_INTEGER,
  );
  if (req.expires !== undefined && Number.isNaN(new Date(req.expires).getTime())) {
    throw new UsageError(
      `--expires ${JSON.stringify(req.expires)} is not a date (use e.g. 2030-01-01T00:00:00Z)`,
    );
  }

  const options: SyncOptions = {
    source: pair.source,
    destination: pair.destination,
    sourceDisplay: pair.sourceDisplay,
    destinationDisplay: pair.destinationDisplay,
    recursive: req.recursive,
    dryrun: req.dryrun,
    delete: req.delete || req.deleteExcluded,
    deleteExcluded: req.deleteExcluded,
    maxDelete,
    publicRead: req.publicRead,
    md5: req.md5,
    makeDirs: req.makeDirs,
    exclude: [...req.exclude, ...req.excludeFrom.flatMap((f) => readPatternFile(f))],
    cacheControl: parseHeaderRules(req.cacheControl),
    expires: req.expires,
    threads,
    multipartThreshold: 8 * MIB,
    partSize: 8 * MIB,
    nativeCharset: nativeCharset(settings),
    mimeTypes: mimeTypes(settings),
    md5CacheDir: md5CacheDir(settings),
    restoreOwner: process.getuid?.() === 0,
    verifyRetries: VERIFY_ATTEMPTS,
    posixMetadata: req.posixMetadata ?? true,
    dirNodes: req.dirNodes ?? true,
    filters: filterRules(req.filters),
    sizeOnly: req.sizeOnly,
    shard: req.shard,
    ...uploadChoices(req, pair.destination.kind),
  };
  const { client, endpointLabel } = clientSettings(settings, { ssl: req.ssl, threads });
  return { options, client, endpointLabel };
}

/** --include/--exclude rules in the order given, with --include-from/--exclude-from files read in place. */
export function filterRules(filters: readonly FilterRequest[] | undefined): SyncOptions['filters'] {
  if (!filters?.length) return undefined;
  return filters.flatMap((f) =>
    f.fromFile
      ? readPatternFile(f.glob, f.include ? '--include-from' : '--exclude-from').map((glob) => ({
          include: f.include,
          glob,
        }))
      : [{ include: f.include, glob: f.glob }],
  );
}

/** Storage class and encryption of uploads; on a download they would mean nothing, so they are refused. */
export function uploadChoices(
  req: SyncRequest,
  destination: Location['kind'],
): Pick<SyncOptions, 'storageClass' | 'sse' | 'sseKmsKeyId'> {
  const given: [string, string | undefined][] = [
    ['--storage-class', req.storageClass],
    ['--sse', req.sse],
    ['--sse-kms-key-id', req.sseKmsKeyId],
  ];
  for (const [flag, value] of given) {
    if (value !== undefined && destination === 'local')
      throw new UsageError(`${flag} applies to uploads, and DESTINATION is a local path`);
  }
  return { storageClass: req.storageClass, sse: req.sse, sseKmsKeyId: req.sseKmsKeyId };
}

/** S3SYNC_NATIVE_CHARSET, checked now so a bad name is reported with its origin before any I/O. */
function nativeCharset(settings: Settings): string {
  const v = settings.get('S3SYNC_NATIVE_CHARSET');
  if (!v) return 'utf-8';
  try {
    return nameCodec(v.value)?.charset ?? 'utf-8';
  } catch (err) {
    throw new ConfigError(
      `S3SYNC_NATIVE_CHARSET=${JSON.stringify(v.value)} (from ${v.origin}): ${oneLine(err)}`,
    );
  }
}

function mimeTypes(settings: Settings): Record<string, string> | undefined {
  const v = settings.get('S3SYNC_MIME_TYPES_FILE');
  return v ? readMimeTypes('S3SYNC_MIME_TYPES_FILE', v) : undefined;
}

export function clientSettings(
  settings: Settings,
  opts: { ssl: boolean; threads: number },
): { client: ClientSettings; endpointLabel: string } {
  let endpoint = parseUrlSetting('AWS_ENDPOINT_URL', settings.get('AWS_ENDPOINT_URL'));
  const host = settings.get('AWS_S3_HOST');
  if (!endpoint && host) {
    // The original's host[:port]: plain HTTP unless --ssl, as it documented.
    endpoint = parseUrlSetting('AWS_S3_HOST', {
      ...host,
      value: `${opts.ssl ? 'https' : 'http'}://${host.value.trim()}`,
    });
  }
  const format = parseChoice('AWS_CALLING_FORMAT', settings.get('AWS_CALLING_FORMAT'), [
    'REGULAR',
    'SUBDOMAIN',
    'VANITY',
  ] as const);
  const forcePathStyle = format ? format === 'REGULAR' : isLocalEndpoint(endpoint);
  // VANITY: the bucket name is the host (a CNAME); scheme and port come from the endpoint if one is
  // given, else http, or https with --ssl, as the original did.
  const vanity =
    format === 'VANITY'
      ? {
          protocol: (endpoint?.protocol ?? (opts.ssl ? 'https:' : 'http:')) as 'http:' | 'https:',
          port: endpoint?.port || undefined,
        }
      : undefined;

  const id = settings.get('AWS_ACCESS_KEY_ID');
  const secret = settings.get('AWS_SECRET_ACCESS_KEY');
  if (Boolean(id) !== Boolean(secret)) {
    throw new ConfigError(
      `${id ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID'} is missing (${id ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY'} is set)`,
    );
  }
  // Only when the profile is what credentials come from.
  if (!(id && secret)) assertProfileExists(settings);
  const retries = parseIntSetting('S3SYNC_RETRIES', settings.get('S3SYNC_RETRIES'), 1, 100);
  const timeout =
    parseNumberSetting('PARAS3_TIMEOUT', settings.get('PARAS3_TIMEOUT'), 1, 86_400) ?? DEFAULT_TIMEOUT;
  const store = parseChoice('PARAS3_OBJECT_STORE', settings.get('PARAS3_OBJECT_STORE'), [
    'signed',
    'sdk',
  ] as const);
  const wait = parseNumberSetting('S3SYNC_WAITONERROR', settings.get('S3SYNC_WAITONERROR'), 0, 3600);
  const ca = trustedCas(settings);
  // TLS with the endpoint (AWS's own, an https:// one): the certificates are read and checked now.
  if (vanity ? vanity.protocol === 'https:' : endpoint?.protocol !== 'http:') ca?.();
  const client: ClientSettings = {
    region: settings.get('AWS_REGION')?.value ?? settings.get('AWS_DEFAULT_REGION')?.value ?? 'us-east-1',
    endpoint: endpoint?.toString().replace(/\/$/, ''),
    forcePathStyle,
    vanity,
    credentials:
      id && secret
        ? {
            accessKeyId: id.value,
            secretAccessKey: secret.value,
            sessionToken: settings.get('AWS_SESSION_TOKEN')?.value,
          }
        : undefined,
    profile: profileName(settings),
    proxy: proxyConfig(settings),
    ca,
    maxAttempts: retries ?? DEFAULT_ATTEMPTS,
    retryDelayMs: wait === undefined ? undefined : wait * 1000,
    threads: opts.threads,
    timeoutMs: timeout * 1000,
    store: store ?? 'signed',
    endpointLabel: '',
  };
  client.endpointLabel = endpointLabel(client);
  return { client, endpointLabel: client.endpointLabel };
}

/** An IP address or localhost: path-style by default, since such a host has no bucket subdomains. */
export function isLocalEndpoint(endpoint: URL | undefined): boolean {
  if (!endpoint) return false;
  return isIP(endpoint.hostname.replace(/^\[|\]$/g, '')) !== 0 || endpoint.hostname === 'localhost';
}

/**
 * Where requests go, for messages: the endpoint and, when one is used, the proxy; never the
 * credentials either URL may carry.
 */
function endpointLabel(c: ClientSettings): string {
  const base = c.vanity
    ? `${c.vanity.protocol}//<bucket>`
    : c.endpoint
      ? withoutUserinfo(c.endpoint)
      : 'AWS S3';
  const secure = c.vanity ? c.vanity.protocol === 'https:' : !c.endpoint?.startsWith('http:');
  const proxy = secure ? c.proxy?.https : c.proxy?.http;
  if (!proxy) return base;
  const host = endpointHost(c);
  if (host && c.proxy && bypassesProxy(host, undefined, c.proxy.noProxy)) return base;
  return `${base} via proxy ${new URL(proxy).host}`;
}

function withoutUserinfo(endpoint: string): string {
  const url = new URL(endpoint);
  url.username = '';
  url.password = '';
  return url.toString().replace(/\/$/, '');
}

function endpointHost(c: ClientSettings): string | undefined {
  try {
    return c.endpoint ? new URL(c.endpoint).hostname : undefined;
  } catch {
    return undefined;
  }
}

/** PARAS3_MD5_CACHE: a directory, or `off`; by default the XDG cache directory, if there is a home. */
export function md5CacheDir(settings: Settings): string | undefined {
  const v = settings.get('PARAS3_MD5_CACHE')?.value.trim();
  if (v && v.toLowerCase() === 'off') return undefined;
  if (v) return v;
  const xdg = settings.get('XDG_CACHE_HOME')?.value;
  const home = settings.get('HOME')?.value ?? settings.get('USERPROFILE')?.value;
  if (xdg) return nodePath.join(xdg, 'paras3');
  return home ? nodePath.join(home, '.cache', 'paras3') : undefined;
}

/** `--exclude-from FILE`, `--include-from FILE`: one pattern a line; blank lines and `#` comments ignored. */
export function readPatternFile(file: string, flag = '--exclude-from'): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${flag} ${file}: cannot read (${errorCode(err) ?? oneLine(err)})`);
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}
