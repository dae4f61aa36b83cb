// Settings that name files: extra CA certificates (SSL_CERT_FILE, SSL_CERT_DIR, AWS_CA_BUNDLE) and a
// mime.types file (S3SYNC_MIME_TYPES_FILE). Each is read once (CA files when TLS first needs them, see
// config/transport.ts); a file that cannot be read, or holds nothing usable, is a ConfigError naming
// the setting, the value and its origin.
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import nodePath from 'node:path';
import { ConfigError, errorCode } from '../core/errors.js';
import type { SettingValue } from './layers.js';

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function fail(name: string, v: SettingValue, problem: string): never {
  throw new ConfigError(`${name}=${JSON.stringify(v.value)} (from ${v.origin}) ${problem}`);
}

function cannotRead(name: string, v: SettingValue, path: string, err: unknown): never {
  const code = errorCode(err);
  const what = path === v.value ? '' : ` (${path})`;
  fail(
    name,
    v,
    `cannot be read${what}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? err)}`,
  );
}

function readSetting(name: string, v: SettingValue, path = v.value): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    cannotRead(name, v, path, err);
  }
}

/** Fails as reading the file would if it cannot be opened for reading, without reading it. */
export function assertReadableFile(name: string, v: SettingValue): void {
  let fd: number | undefined;
  try {
    fd = openSync(v.value, 'r');
    if (fstatSync(fd).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  } catch (err) {
    cannotRead(name, v, v.value, err);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The names in a directory setting's directory. */
export function listDirSetting(name: string, v: SettingValue): string[] {
  try {
    return readdirSync(v.value).sort();
  } catch (err) {
    const code = errorCode(err);
    fail(name, v, `cannot be read: ${code === 'ENOENT' ? 'no such directory' : (code ?? err)}`);
  }
}

/** The PEM certificates in a file; none is an error (a wrong file would otherwise be trusted silently). */
export function readCertFile(name: string, v: SettingValue): string[] {
  const certs = readSetting(name, v).match(PEM_CERT) ?? [];
  if (certs.length === 0) fail(name, v, 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
  return certs;
}

/**
 * Every PEM certificate in the files of a directory (OpenSSL's hashed `abcd1234.0` links included);
 * files without one are ignored, as OpenSSL does, but a directory without any is an error.
 */
export function readCertDir(name: string, v: SettingValue): string[] {
  const files = listDirSetting(name, v);
  const certs = new Set<string>();
  for (const f of files) {
    const path = nodePath.join(v.value, f);
    try {
      if (!statSync(path).isFile()) continue;
    } catch {
      continue; // a dangling link
    }
    for (const c of readSetting(name, v, path).match(PEM_CERT) ?? []) certs.add(c);
  }
  if (certs.size === 0) fail(name, v, 'holds no file with a PEM certificate');
  return [...certs];
}

/**
 * An Apache-style mime.types file: `type ext1 ext2 …` per line, `#` comments. Later lines win for an
 * extension listed twice; extensions are matched lower-case, without the dot.
 */
export function readMimeTypes(name: string, v: SettingValue): Record<string, string> {
  return parseMimeTypes(readSetting(name, v));
}

export function parseMimeTypes(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [type, ...exts] = line.split(/\s+/);
    if (!type?.includes('/')) continue;
    for (const ext of exts) map[ext.replace(/^\./, '').toLowerCase()] = type;
  }
  return map;
}
