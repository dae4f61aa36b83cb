// Every setting paras3 reads from an ini file, the environment or a flag, in one table: the ini
// parser rejects names not listed here, `--debug` walks it to show where each value came from, and
// the README table and paras3.ini.sample are checked against it by a test.
import { maskUrlPassword } from './userinfo.js';

export interface SettingInfo {
  name: string;
  /** One line for the README and `--debug`. */
  meaning: string;
  /** The default as a person reads it; undefined = unset (nothing happens). */
  default?: string;
  /** Where the value must never be shown: `--debug` prints `****` instead. */
  secret?: boolean;
  /**
   * A URL (or host) that may carry `user:password@`: `--debug` and error messages mask the password,
   * and the action registers it as a secret.
   */
  url?: boolean;
}

export const SETTINGS: readonly SettingInfo[] = [
  { name: 'AWS_ACCESS_KEY_ID', meaning: 'access key id', secret: true },
  { name: 'AWS_SECRET_ACCESS_KEY', meaning: 'secret access key', secret: true },
  { name: 'AWS_SESSION_TOKEN', meaning: 'session token of temporary credentials', secret: true },
  { name: 'AWS_PROFILE', meaning: 'profile of ~/.aws/config to take credentials from' },
  { name: 'THREADS', meaning: 'parallel transfers', default: '16' },
  { name: 'PARAS3_MAX_DELETE', meaning: 'refuse all deletes if more than this many would happen' },
  {
    name: 'PARAS3_MD5_CACHE',
    meaning: 'directory of the MD5 cache of unchanged local files, or off',
    default: '$XDG_CACHE_HOME/paras3 (~/.cache/paras3)',
  },
  { name: 'AWS_REGION', meaning: 'region of the bucket (other regions are followed)', default: 'us-east-1' },
  { name: 'AWS_DEFAULT_REGION', meaning: 'region, when AWS_REGION is unset' },
  { name: 'AWS_ENDPOINT_URL', meaning: 'S3-compatible endpoint URL', default: 'AWS S3', url: true },
  { name: 'AWS_S3_HOST', meaning: 'endpoint as host[:port] (http unless --ssl)', url: true },
  {
    name: 'AWS_CALLING_FORMAT',
    meaning: 'REGULAR (path-style), SUBDOMAIN (virtual-hosted) or VANITY (bucket is the host)',
    default: 'SUBDOMAIN; REGULAR for IP/localhost endpoints',
  },
  // Not a URL, but a `user:password@` given here by mistake is still a password (the value is refused).
  { name: 'HTTP_PROXY_HOST', meaning: 'proxy host for http and https endpoints', url: true },
  { name: 'HTTP_PROXY_PORT', meaning: 'proxy port', default: '80' },
  { name: 'HTTP_PROXY_USER', meaning: 'proxy user name' },
  { name: 'HTTP_PROXY_PASSWORD', meaning: 'proxy password', secret: true },
  { name: 'HTTPS_PROXY', meaning: 'proxy URL for https endpoints (also https_proxy)', url: true },
  { name: 'HTTP_PROXY', meaning: 'proxy URL for http endpoints (also http_proxy)', url: true },
  { name: 'NO_PROXY', meaning: 'hosts reached without the proxy (also no_proxy)' },
  { name: 'SSL_CERT_FILE', meaning: 'PEM bundle of extra trusted CA certificates' },
  { name: 'SSL_CERT_DIR', meaning: 'directory of PEM files of extra trusted CA certificates' },
  { name: 'AWS_CA_BUNDLE', meaning: 'PEM bundle of extra trusted CA certificates' },
  { name: 'S3SYNC_RETRIES', meaning: 'attempts per request before giving up', default: '5' },
  {
    name: 'PARAS3_TIMEOUT',
    meaning: 'seconds a request may go without a byte either way before the attempt fails (then retried)',
    default: '60',
  },
  {
    name: 'PARAS3_OBJECT_STORE',
    meaning:
      'signed: small objects on the signed fast path, the rest through the SDK; sdk: all through the SDK',
    default: 'signed',
  },
  {
    name: 'S3SYNC_WAITONERROR',
    meaning: 'seconds between attempts',
    default: 'exponential backoff with jitter',
  },
  { name: 'S3SYNC_MIME_TYPES_FILE', meaning: 'mime.types file whose mappings override the built-in ones' },
  { name: 'S3SYNC_NATIVE_CHARSET', meaning: 'charset of local file names', default: 'UTF-8' },
];

export const SETTING_NAMES: ReadonlySet<string> = new Set(SETTINGS.map((s) => s.name));

/** How `--debug` shows a value: secrets as `****`, a URL's password as `****`. */
export function displayValue(name: string, value: string): string {
  const info = SETTINGS.find((s) => s.name === name);
  if (info?.secret) return '****';
  if (info?.url) return maskUrlPassword(value);
  return value;
}
