// The settings machinery without a server: ini search and parsing, layers, proxy and NO_PROXY rules,
// mime.types parsing, name charsets, and that the sample file and README list every setting.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayValue, SETTINGS } from '../src/config/catalog.js';
import { parseMimeTypes } from '../src/config/files.js';
import { findIniFile, iniCandidates, installDirOf, parseIni } from '../src/config/ini.js';
import { envLayer, Settings } from '../src/config/layers.js';
import { clientSettings } from '../src/config/options.js';
import { loadSettings } from '../src/config/sources.js';
import { proxyConfig } from '../src/config/transport.js';
import { maskUrlPassword, urlSecrets } from '../src/config/userinfo.js';
import { ConfigError } from '../src/core/errors.js';
import { fsPathUnder, nameCodec } from '../src/core/names.js';
import { bypassesProxy, parseNoProxy } from '../src/core/proxy.js';
import { REPO_ROOT } from './helpers/run.js';
import { tempDirSync } from './helpers/tree.js';

const envSettings = (env: Record<string, string>) => new Settings([envLayer(env)]);

describe('ini files', () => {
  it('parses KEY = value lines with # and ; comments, keeping values as text', () => {
    const text =
      '# comment\n; another\nTHREADS = 8\nAWS_REGION=eu-west-1 ; inline\nS3SYNC_RETRIES = true\n' +
      'HTTP_PROXY_PASSWORD = "pa;ss#word"\n\n';
    expect(parseIni(text, 'f.ini')).toEqual({
      THREADS: '8',
      AWS_REGION: 'eu-west-1',
      S3SYNC_RETRIES: 'true',
      HTTP_PROXY_PASSWORD: 'pa;ss#word',
    });
  });

  it('rejects unknown keys and sections, naming the file', () => {
    expect(() => parseIni('THREDS = 1', '/x.ini')).toThrow(/settings file \/x.ini: unknown setting "THREDS"/);
    expect(() => parseIni('[s3]\nTHREADS = 1', '/x.ini')).toThrow(/\[s3\] sections are not used/);
  });

  it('searches $HOME/.paras3.ini, /etc/paras3.ini, then the package directory; first found wins', () => {
    expect(iniCandidates({ HOME: '/home/u' }, '/opt/paras3')).toEqual([
      '/home/u/.paras3.ini',
      '/etc/paras3.ini',
      '/opt/paras3/paras3.ini',
    ]);
    const files: Record<string, string> = {
      '/etc/paras3.ini': 'THREADS = 2',
      '/opt/paras3/paras3.ini': 'THREADS = 3',
    };
    const readFile = (p: string) => {
      if (p in files) return files[p] as string;
      throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    };
    expect(findIniFile({ env: { HOME: '/home/u' }, installDir: '/opt/paras3', readFile })).toEqual({
      path: '/etc/paras3.ini',
      values: { THREADS: '2' },
    });
  });

  it('treats a found file it cannot read as an error, not as absent', () => {
    const readFile = () => {
      throw Object.assign(new Error('denied'), { code: 'EACCES' });
    };
    expect(() => findIniFile({ env: { HOME: '/h' }, readFile })).toThrow(
      'settings file /h/.paras3.ini: permission denied',
    );
  });

  it('reads only PARAS3_CONFIG when it is set, and fails when it cannot', () => {
    const dir = tempDirSync();
    const file = join(dir, 'c.ini');
    writeFileSync(file, 'THREADS = 9\n');
    expect(findIniFile({ env: { HOME: dir, PARAS3_CONFIG: file } })?.values).toEqual({ THREADS: '9' });
    expect(() => findIniFile({ env: { PARAS3_CONFIG: join(dir, 'none.ini') } })).toThrow(ConfigError);
  });

  it('takes the package directory from the bundle path', () => {
    expect(installDirOf('/usr/lib/node_modules/paras3/dist/cli/index.js')).toBe(
      '/usr/lib/node_modules/paras3',
    );
    expect(installDirOf('/actions/paras3/v1/dist/index.js')).toBe('/actions/paras3/v1');
    expect(installDirOf('/opt/tools/paras3.js')).toBe('/opt/tools');
    expect(installDirOf(undefined)).toBeUndefined();
  });

  it('layers flag > env > ini, and --debug masks secrets and shows defaults', () => {
    const home = tempDirSync();
    writeFileSync(
      join(home, '.paras3.ini'),
      'THREADS = 2\nAWS_REGION = eu-west-1\nAWS_SECRET_ACCESS_KEY = topsecret\nS3SYNC_RETRIES = 3\n',
    );
    const lines: string[] = [];
    const settings = loadSettings({
      flags: { THREADS: '8' },
      flagNames: { THREADS: '--threads' },
      env: { HOME: home, AWS_REGION: 'us-west-2', THREADS: '4' },
      onDebug: (m) => lines.push(m),
      installDir: home,
    });
    expect(settings.get('THREADS')).toEqual({ value: '8', origin: '--threads' });
    expect(settings.get('AWS_REGION')).toEqual({ value: 'us-west-2', origin: 'env AWS_REGION' });
    expect(settings.get('S3SYNC_RETRIES')).toEqual({ value: '3', origin: join(home, '.paras3.ini') });
    expect(lines).toContain(`setting AWS_SECRET_ACCESS_KEY=**** (from ${join(home, '.paras3.ini')})`);
    expect(lines).toContain('setting S3SYNC_NATIVE_CHARSET=UTF-8 (default)');
    expect(lines.join('\n')).not.toContain('topsecret');
  });
});

describe('env layer', () => {
  it('reads the proxy variables in lower case too, lower case first', () => {
    const s = envSettings({ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2', NO_PROXY: 'a' });
    expect(s.get('HTTPS_PROXY')).toEqual({ value: 'http://lower:2', origin: 'env https_proxy' });
    expect(s.get('NO_PROXY')).toEqual({ value: 'a', origin: 'env NO_PROXY' });
    expect(envSettings({ threads: '3' }).get('THREADS')).toBeUndefined();
  });
});

describe('masking', () => {
  it('never shows a secret or a URL password', () => {
    expect(displayValue('HTTP_PROXY_PASSWORD', 'pw')).toBe('****');
    expect(displayValue('AWS_ACCESS_KEY_ID', 'AKIA')).toBe('****');
    expect(maskUrlPassword('http://user:p%40ss@proxy:8080')).toBe('http://user:****@proxy:8080');
    expect(maskUrlPassword('http://proxy:8080')).toBe('http://proxy:8080');
  });

  it('masks passwords the URL parser reads differently, or not at all', () => {
    // A raw '@' (Node reads password `p@SSWORDTAIL`), no scheme (http:// assumed), a '/' (no URL at all).
    expect(maskUrlPassword('http://puser:p@SSWORDTAIL@h:1')).toBe('http://puser:****@h:1');
    expect(maskUrlPassword('puser:SECRET@h:3128')).toBe('puser:****@h:3128');
    expect(maskUrlPassword('http://puser:pa/SLASHPW@h:8080')).toBe('http://puser:****@h:8080');
    expect(maskUrlPassword('https://TOKEN@h')).toBe('https://****@h');
    expect(displayValue('AWS_ENDPOINT_URL', 'http://u:PW@h:1')).toBe('http://u:****@h:1');
    expect(displayValue('HTTP_PROXY_HOST', 'u:PW@h')).toBe('u:****@h');
  });

  it('finds every form of a URL password that a message could show', () => {
    expect(urlSecrets('http://puser:p@SSWORDTAIL@h:1')).toEqual(['p@SSWORDTAIL', 'p%40SSWORDTAIL']);
    expect(urlSecrets('puser:SECRET@h:3128')).toEqual(['SECRET']);
    expect(urlSecrets('http://u:pa/SLASH%21@h:8080')).toEqual(['pa/SLASH%21', 'pa/SLASH!']);
    expect(urlSecrets('http://h:8080')).toEqual([]);
  });
});

describe('proxies', () => {
  it('builds one proxy from HTTP_PROXY_HOST/PORT/USER/PASSWORD for both schemes', () => {
    const p = proxyConfig(
      envSettings({
        HTTP_PROXY_HOST: 'proxy.corp',
        HTTP_PROXY_PORT: '3128',
        HTTP_PROXY_USER: 'me',
        HTTP_PROXY_PASSWORD: 'p@ss:word',
        HTTPS_PROXY: 'http://ignored:1',
        NO_PROXY: '.internal, 10.0.0.0/8',
      }),
    );
    expect(p).toEqual({
      http: 'http://me:p%40ss%3Aword@proxy.corp:3128',
      https: 'http://me:p%40ss%3Aword@proxy.corp:3128',
      noProxy: ['.internal', '10.0.0.0/8'],
    });
  });

  it('uses the standard variables per scheme, port 80 by default for the original ones', () => {
    expect(proxyConfig(envSettings({ HTTPS_PROXY: 'proxy:8443' }))).toEqual({
      http: undefined,
      https: 'http://proxy:8443',
      noProxy: [],
    });
    // Port 80 is the URL's default, so it does not appear.
    expect(proxyConfig(envSettings({ HTTP_PROXY_HOST: 'p' }))?.http).toBe('http://p');
    expect(proxyConfig(envSettings({}))).toBeUndefined();
  });

  it('rejects bad proxy settings without showing the password', () => {
    const bad = (env: Record<string, string>) => () => proxyConfig(envSettings(env));
    expect(bad({ HTTP_PROXY_HOST: 'p', HTTP_PROXY_PORT: 'x' })).toThrow(
      /HTTP_PROXY_PORT="x" \(from env HTTP_PROXY_PORT\)/,
    );
    expect(bad({ HTTP_PROXY_PORT: '8080' })).toThrow(/HTTP_PROXY_HOST is not/);
    expect(bad({ HTTP_PROXY_USER: 'me' })).toThrow(/no proxy is/);
    expect(bad({ HTTPS_PROXY: 'http://u:secret@p/path' })).toThrow(
      /"http:\/\/u:\*\*\*\*@p\/path".*without a path/,
    );
    try {
      proxyConfig(envSettings({ HTTPS_PROXY: 'ftp://u:secret@p' }));
    } catch (err) {
      expect(String(err)).not.toContain('secret');
    }
  });

  it('matches NO_PROXY like curl: *, suffixes, exact hosts, ports and CIDRs', () => {
    const np = parseNoProxy('example.com, .corp ,10.0.0.0/8,[::1]:9000 localhost:8080');
    expect(bypassesProxy('example.com', 443, np)).toBe(true);
    expect(bypassesProxy('s3.example.com', 443, np)).toBe(true);
    expect(bypassesProxy('badexample.com', 443, np)).toBe(false);
    expect(bypassesProxy('x.corp', 80, np)).toBe(true);
    expect(bypassesProxy('10.1.2.3', 80, np)).toBe(true);
    expect(bypassesProxy('11.1.2.3', 80, np)).toBe(false);
    expect(bypassesProxy('::1', 9000, np)).toBe(true);
    expect(bypassesProxy('::1', 9001, np)).toBe(false);
    expect(bypassesProxy('localhost', 8080, np)).toBe(true);
    expect(bypassesProxy('localhost', 80, np)).toBe(false);
    expect(bypassesProxy('anything', 1, ['*'])).toBe(true);
  });
});

describe('calling formats', () => {
  const opts = { ssl: false, threads: 4 };
  it('REGULAR is path-style, SUBDOMAIN virtual-hosted, VANITY the bucket as host', () => {
    const base = { AWS_S3_HOST: 's3.example.com:8000' };
    expect(
      clientSettings(envSettings({ ...base, AWS_CALLING_FORMAT: 'REGULAR' }), opts).client,
    ).toMatchObject({
      endpoint: 'http://s3.example.com:8000',
      forcePathStyle: true,
    });
    expect(
      clientSettings(envSettings({ ...base, AWS_CALLING_FORMAT: 'subdomain' }), opts).client,
    ).toMatchObject({
      forcePathStyle: false,
      vanity: undefined,
    });
    expect(
      clientSettings(envSettings({ ...base, AWS_CALLING_FORMAT: 'VANITY' }), opts).client.vanity,
    ).toEqual({
      protocol: 'http:',
      port: '8000',
    });
    expect(
      clientSettings(envSettings({ AWS_CALLING_FORMAT: 'VANITY' }), { ...opts, ssl: true }).client.vanity,
    ).toEqual({
      protocol: 'https:',
      port: undefined,
    });
  });

  it('labels the endpoint with the proxy host, never its credentials', () => {
    const { endpointLabel } = clientSettings(
      envSettings({ AWS_ENDPOINT_URL: 'http://minio:9000', HTTP_PROXY: 'http://u:pw@proxy:3128' }),
      opts,
    );
    expect(endpointLabel).toBe('http://minio:9000 via proxy proxy:3128');
  });
});

describe('mime.types', () => {
  it('maps each extension to its type, ignoring comments and type-only lines', () => {
    const text =
      '# Apache mime.types\ntext/html\t\thtml htm\napplication/x-empty\nimage/x-Thing  .THG thing # trailing\n';
    expect(parseMimeTypes(text)).toEqual({
      html: 'text/html',
      htm: 'text/html',
      thg: 'image/x-Thing',
      thing: 'image/x-Thing',
    });
  });
});

describe('native charset', () => {
  it('is nothing for UTF-8, and ISO-8859-1 maps bytes one to one', () => {
    expect(nameCodec('UTF-8')).toBeUndefined();
    const latin1 = nameCodec('ISO-8859-1');
    expect(latin1?.decode(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBe('café');
    expect(latin1?.encode('café')).toEqual(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    expect(latin1?.decode(Buffer.from([0x80]))).toBe('\u0080');
    expect(() => latin1?.encode('€')).toThrow(/U\+20AC.*cannot be written as a iso-8859-1 file name/);
  });

  it('supports windows-1252 (€ is 0x80) and round-trips all 256 bytes', () => {
    const cp = nameCodec('windows-1252');
    expect(cp?.encode('€')).toEqual(Buffer.from([0x80]));
    expect(cp?.decode(Buffer.from([0x80, 0x9f, 0xe9]))).toBe('€Ÿé');
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    expect(cp?.encode(cp.decode(all))).toEqual(all);
  });

  it('refuses unknown and multi-byte charsets', () => {
    expect(() => nameCodec('klingon')).toThrow(/unknown charset/);
    expect(() => nameCodec('shift_jis')).toThrow(/not supported for file names/);
  });

  it('keeps the root as given and encodes only what lies below it', () => {
    const codec = nameCodec('latin1');
    expect(fsPathUnder('/tmp/josé', '/tmp/josé/café', codec)).toEqual(
      Buffer.concat([Buffer.from('/tmp/josé', 'utf8'), Buffer.from('/café', 'latin1')]),
    );
    expect(fsPathUnder('/r', '/r/x', undefined)).toBe('/r/x');
  });
});

describe('documentation', () => {
  const sample = readFileSync(join(REPO_ROOT, 'paras3.ini.sample'), 'utf8');
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section =
    /<!-- section: settings[^>]*-->([\s\S]*?)<!-- end section: settings -->/.exec(readme)?.[1] ?? '';

  it('paras3.ini.sample documents every setting, and parses as a valid settings file', () => {
    for (const s of SETTINGS) expect(sample, s.name).toMatch(new RegExp(`^[#;]?\\s*${s.name} =`, 'm'));
    expect(() => parseIni(sample, 'paras3.ini.sample')).not.toThrow();
  });

  it('the README settings table has a row for every setting', () => {
    for (const s of SETTINGS) expect(section, s.name).toContain(`| \`${s.name}\``);
  });
});
