// Settings of the connection itself: which proxy (the original's HTTP_PROXY_* or the standard
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY) and which extra CA certificates to trust.
import { ConfigError } from '../core/errors.js';
import { type ProxyConfig, parseNoProxy } from '../core/proxy.js';
import { assertReadableFile, listDirSetting, readCertDir, readCertFile } from './files.js';
import type { Settings, SettingValue } from './layers.js';
import { parseIntSetting } from './parse.js';
import { maskUrlPassword } from './userinfo.js';

/**
 * The proxies to use, or undefined for none. HTTP_PROXY_HOST (with _PORT, default 80) serves http and
 * https endpoints alike and wins over the standard variables; HTTP_PROXY_USER / _PASSWORD also apply to
 * a standard proxy URL that carries no credentials of its own.
 */
export function proxyConfig(settings: Settings): ProxyConfig | undefined {
  const host = settings.get('HTTP_PROXY_HOST');
  const portSetting = settings.get('HTTP_PROXY_PORT');
  const port = parseIntSetting('HTTP_PROXY_PORT', portSetting, 1, 65535);
  const user = settings.get('HTTP_PROXY_USER');
  const password = settings.get('HTTP_PROXY_PASSWORD');
  const withAuth = (url: URL): string => {
    if (user && !url.username) {
      url.username = user.value;
      if (password) url.password = password.value;
    }
    return url.href.replace(/\/$/, '');
  };

  let http: string | undefined;
  let https: string | undefined;
  if (host) {
    const url = proxyUrl('HTTP_PROXY_HOST', host, false);
    if (port !== undefined) url.port = String(port);
    else if (!url.port) url.port = '80';
    http = https = withAuth(url);
  } else {
    if (portSetting) {
      throw new ConfigError(`HTTP_PROXY_PORT is set (from ${portSetting.origin}) but HTTP_PROXY_HOST is not`);
    }
    const h = settings.get('HTTP_PROXY');
    const hs = settings.get('HTTPS_PROXY');
    if (h) http = withAuth(proxyUrl('HTTP_PROXY', h, true));
    if (hs) https = withAuth(proxyUrl('HTTPS_PROXY', hs, true));
  }
  if (!http && !https) {
    const auth = user ?? password;
    if (auth) {
      const name = user ? 'HTTP_PROXY_USER' : 'HTTP_PROXY_PASSWORD';
      throw new ConfigError(
        `${name} is set (from ${auth.origin}) but no proxy is: set HTTP_PROXY_HOST, HTTPS_PROXY or HTTP_PROXY`,
      );
    }
    return undefined;
  }
  return { http, https, noProxy: parseNoProxy(settings.get('NO_PROXY')?.value) };
}

/** A proxy as a URL; `host[:port]` means http://. Messages show the value with its password masked. */
function proxyUrl(name: string, v: SettingValue, urlAllowed: boolean): URL {
  const text = v.value.trim();
  const shown = JSON.stringify(maskUrlPassword(text));
  const bad = (why: string): never => {
    throw new ConfigError(`${name}=${shown} (from ${v.origin}) ${why}`);
  };
  if (!urlAllowed && text.includes('@')) bad('must be a host name; give the user in HTTP_PROXY_USER');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    return bad('is not a host[:port] or http://host:port URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    bad(`uses ${url.protocol.slice(0, -1)}; only http:// and https:// proxies are supported`);
  }
  if (!url.hostname) bad('has no host');
  if (url.pathname !== '/' || url.search) bad('must be a proxy address, without a path');
  return url;
}

/**
 * Extra CA certificates (PEM) from SSL_CERT_FILE, SSL_CERT_DIR and AWS_CA_BUNDLE, as a loader that reads
 * them at its first call (and then answers from memory); undefined when none is set. That each names
 * something readable is checked now. Reading them waits for a TLS connection that needs them: a
 * directory such as /etc/ssl/certs holds hundreds of files (~17 ms of a 200 ms run), which a run
 * against a plain-HTTP endpoint never needs. Where the endpoint speaks TLS, options.ts calls the loader
 * at once, so a file without certificates is still reported before any request.
 */
export function trustedCas(settings: Settings): (() => string[]) | undefined {
  const file = settings.get('SSL_CERT_FILE');
  const dir = settings.get('SSL_CERT_DIR');
  const bundle = settings.get('AWS_CA_BUNDLE');
  if (!file && !dir && !bundle) return undefined;
  if (file) assertReadableFile('SSL_CERT_FILE', file);
  if (dir) listDirSetting('SSL_CERT_DIR', dir);
  if (bundle) assertReadableFile('AWS_CA_BUNDLE', bundle);
  let certs: string[] | undefined;
  return () => {
    if (!certs) {
      const all: string[] = [];
      if (file) all.push(...readCertFile('SSL_CERT_FILE', file));
      if (dir) all.push(...readCertDir('SSL_CERT_DIR', dir));
      if (bundle) all.push(...readCertFile('AWS_CA_BUNDLE', bundle));
      certs = [...new Set(all)];
    }
    return certs;
  };
}
