// Turns what a front end parsed (flags or action inputs) plus the layered settings into the engine's
// SyncOptions and the S3 client's ClientSettings, validating everything before any I/O on S3.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import nodePath from 'node:path';
import { ConfigError, UsageError } from '../core/errors.js';
import { parseHeaderRules } from '../core/headers.js';
import { resolvePair } from '../core/location.js';
import { nameCodec } from '../core/names.js';
import { bypassesProxy } from '../core/proxy.js';
import type { ClientSettings } from '../core/s3client.js';
import type { SyncOptions } from '../core/types.js';
import { readMimeTypes } from './files.js';
import type { Settings } from './layers.js';
import { parseChoice, parseIntSetting, parseNumberSetting, parseUrlSetting } from './parse.js';
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
}

export const MIB = 1024 * 1024;
export const DEFAULT_THREADS = 16;
export const DEFAULT_ATTEMPTS = 5;

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
  const maxDelete = parseIntSetting(
    '--max-delete',
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
    exclude: [...req.exclude, ...req.excludeFrom.flatMap(readPatternFile)],
    cacheControl: parseHeaderRules(req.cacheControl),
    expires: req.expires,
    threads,
    multipartThreshold: 8 * MIB,
    partSize: 8 * MIB,
    nativeCharset: nativeCharset(settings),
    mimeTypes: mimeTypes(settings),
    md5CacheDir: md5CacheDir(settings),
    restoreOwner: process.getuid?.() === 0,
    verifyRetries: 3,
  };
  const { client, endpointLabel } = clientSettings(settings, { ssl: req.ssl, threads });
  return { options, client, endpointLabel };
}

/** S3SYNC_NATIVE_CHARSET, checked now so a bad name is reported with its origin before any I/O. */
function nativeCharset(settings: Settings): string {
  const v = settings.get('S3SYNC_NATIVE_CHARSET');
  if (!v) return 'utf-8';
  try {
    return nameCodec(v.value)?.charset ?? 'utf-8';
  } catch (err) {
    throw new ConfigError(
      `S3SYNC_NATIVE_CHARSET=${JSON.stringify(v.value)} (from ${v.origin}): ${(err as Error).message}`,
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
  const localHost = endpoint
    ? isIP(endpoint.hostname.replace(/^\[|\]$/g, '')) !== 0 || endpoint.hostname === 'localhost'
    : false;
  const forcePathStyle = format ? format === 'REGULAR' : localHost;
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
  const retries = parseIntSetting('S3SYNC_RETRIES', settings.get('S3SYNC_RETRIES'), 1, 100);
  const wait = parseNumberSetting('S3SYNC_WAITONERROR', settings.get('S3SYNC_WAITONERROR'), 0, 3600);
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
    profile: settings.get('AWS_PROFILE')?.value,
    proxy: proxyConfig(settings),
    ca: trustedCas(settings),
    maxAttempts: retries ?? DEFAULT_ATTEMPTS,
    retryDelayMs: wait === undefined ? undefined : wait * 1000,
    threads: opts.threads,
  };
  return { client, endpointLabel: endpointLabel(client) };
}

/** Where requests go, for messages: the endpoint and, when one is used, the proxy (never its credentials). */
function endpointLabel(c: ClientSettings): string {
  const base = c.vanity ? `${c.vanity.protocol}//<bucket>` : (c.endpoint ?? 'AWS S3');
  const secure = c.vanity ? c.vanity.protocol === 'https:' : !c.endpoint?.startsWith('http:');
  const proxy = secure ? c.proxy?.https : c.proxy?.http;
  if (!proxy) return base;
  const host = endpointHost(c);
  if (host && c.proxy && bypassesProxy(host, undefined, c.proxy.noProxy)) return base;
  return `${base} via proxy ${new URL(proxy).host}`;
}

function endpointHost(c: ClientSettings): string | undefined {
  try {
    return c.endpoint ? new URL(c.endpoint).hostname : undefined;
  } catch {
    return undefined;
  }
}

/** PARAS3_MD5_CACHE: a directory, or `off`; by default the XDG cache directory, if there is a home. */
function md5CacheDir(settings: Settings): string | undefined {
  const v = settings.get('PARAS3_MD5_CACHE')?.value.trim();
  if (v && v.toLowerCase() === 'off') return undefined;
  if (v) return v;
  const xdg = settings.get('XDG_CACHE_HOME')?.value;
  const home = settings.get('HOME')?.value ?? settings.get('USERPROFILE')?.value;
  if (xdg) return nodePath.join(xdg, 'paras3');
  return home ? nodePath.join(home, '.cache', 'paras3') : undefined;
}

/** `--exclude-from FILE`: one pattern a line; blank lines and `#` comments ignored. */
export function readPatternFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `--exclude-from ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`,
    );
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}
