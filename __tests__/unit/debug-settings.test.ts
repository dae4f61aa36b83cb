// sources.ts, --debug: every setting with the value this run uses and where it came from; for an unset
// setting the value it resolves to, not the catalog's description of its default.
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/sources.js';

function debugLines(env: NodeJS.ProcessEnv, flags: Record<string, string> = {}): string[] {
  const lines: string[] = [];
  loadSettings({ flags, flagNames: {}, env, iniFiles: false, onDebug: (m) => lines.push(m) });
  return lines;
}

describe('debugSettings', () => {
  it.each<[string, NodeJS.ProcessEnv, string]>([
    ['the MD5 cache under HOME', { HOME: '/h' }, 'setting PARAS3_MD5_CACHE=/h/.cache/paras3 (default)'],
    [
      'the MD5 cache under XDG_CACHE_HOME',
      { HOME: '/h', XDG_CACHE_HOME: '/x' },
      'setting PARAS3_MD5_CACHE=/x/paras3 (default)',
    ],
    ['no MD5 cache without a home', {}, 'setting PARAS3_MD5_CACHE=off (default: no HOME or XDG_CACHE_HOME)'],
    [
      'path-style for a local endpoint',
      { AWS_ENDPOINT_URL: 'http://127.0.0.1:9000' },
      'setting AWS_CALLING_FORMAT=REGULAR (default for an IP address or localhost endpoint)',
    ],
    [
      'path-style for a local AWS_S3_HOST',
      { AWS_S3_HOST: 'localhost:9000' },
      'setting AWS_CALLING_FORMAT=REGULAR (default for an IP address or localhost endpoint)',
    ],
    [
      'virtual-hosted for a named endpoint',
      { AWS_ENDPOINT_URL: 'https://s3.example.com' },
      'setting AWS_CALLING_FORMAT=SUBDOMAIN (default)',
    ],
    ['virtual-hosted for AWS', {}, 'setting AWS_CALLING_FORMAT=SUBDOMAIN (default)'],
    [
      'the region from AWS_DEFAULT_REGION',
      { AWS_DEFAULT_REGION: 'eu-west-3' },
      'setting AWS_REGION=eu-west-3 (from env AWS_DEFAULT_REGION)',
    ],
    ['the default region', {}, 'setting AWS_REGION=us-east-1 (default)'],
    ['AWS S3 without an endpoint', {}, 'setting AWS_ENDPOINT_URL unset (AWS S3)'],
    [
      'AWS_S3_HOST in place of an endpoint URL',
      { AWS_S3_HOST: 'h:1' },
      'setting AWS_ENDPOINT_URL unset (AWS_S3_HOST is used)',
    ],
    ['the wait between attempts', {}, 'setting S3SYNC_WAITONERROR unset (exponential backoff with jitter)'],
    ['no proxy port without a proxy host', {}, 'setting HTTP_PROXY_PORT unset (no HTTP_PROXY_HOST)'],
    ['the proxy port with a proxy host', { HTTP_PROXY_HOST: 'p' }, 'setting HTTP_PROXY_PORT=80 (default)'],
    ['a plain default', {}, 'setting THREADS=16 (default)'],
  ])('%s', (_name, env, line) => {
    expect(debugLines(env)).toContain(line);
  });

  it('shows a flag over the environment, named as given', () => {
    const lines: string[] = [];
    loadSettings({
      flags: { THREADS: '3' },
      flagNames: { THREADS: '--transfers' },
      env: { THREADS: '9' },
      iniFiles: false,
      onDebug: (m) => lines.push(m),
    });
    expect(lines).toContain('setting THREADS=3 (from --transfers)');
  });

  it('never shows a description where a value belongs', () => {
    const text = debugLines({ HOME: '/h' }).join('\n');
    expect(text).not.toContain('$XDG_CACHE_HOME');
    expect(text).not.toContain('REGULAR for IP/localhost');
    expect(text).not.toContain('=AWS S3');
  });
});
