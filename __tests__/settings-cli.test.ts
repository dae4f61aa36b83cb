// Settings through the built CLI against s3rver: where they come from (ini file, env, flags), how a bad
// one stops the run before any request, the mime types file, the native charset and each calling format.
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from './helpers/fault-proxy.js';
import { CLI_BUNDLE, runCli } from './helpers/run.js';
import {
  createBucket,
  getObject,
  listKeys,
  type S3Server,
  startS3Server,
  TEST_CREDENTIALS,
} from './helpers/s3server.js';
import { makeTree, tempDir, tempDirSync } from './helpers/tree.js';
import { type RunningServer, startNameProxy } from './transport-servers.js';

let s3: S3Server;
let proxy: FaultProxy;
let names: RunningServer;
let bucketNo = 0;

beforeAll(async () => {
  s3 = await startS3Server();
  proxy = await startFaultProxy(s3.endpoint);
  names = await startNameProxy(s3.endpoint);
});
afterAll(async () => {
  await names?.stop();
  await proxy?.stop();
  await s3?.stop();
});

async function newBucket(name = `settings-${++bucketNo}`): Promise<string> {
  await createBucket(s3.endpoint, name);
  return name;
}

/** A home directory holding `.paras3.ini` with these lines. */
function homeWithIni(lines: string[]): string {
  const home = tempDirSync('paras3-home-');
  writeFileSync(join(home, '.paras3.ini'), `${lines.join('\n')}\n`);
  return home;
}

const credentialLines = [
  `AWS_ACCESS_KEY_ID = ${TEST_CREDENTIALS.accessKeyId}`,
  `AWS_SECRET_ACCESS_KEY = ${TEST_CREDENTIALS.secretAccessKey}`,
];

/** A 127.0.0.1 port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function sourceTree(): Promise<string> {
  const src = await tempDir();
  await makeTree(src, { 'a.txt': 'alpha\n', 'sub/b.txt': 'beta\n' });
  return src;
}

describe('where settings come from', () => {
  it('takes every setting from $HOME/.paras3.ini alone, and --debug names the file for each', async () => {
    const bucket = await newBucket();
    const src = await sourceTree();
    const home = homeWithIni([
      '# paras3 settings',
      ...credentialLines,
      `AWS_ENDPOINT_URL = ${proxy.endpoint}  ; the fault proxy, to count requests`,
      'THREADS = 3',
    ]);
    const before = proxy.requests.length;
    const r = await runCli(['--debug', '-r', `${src}/`, `${bucket}:pre`], { env: { HOME: home } });
    expect(r.stderr).not.toContain(TEST_CREDENTIALS.secretAccessKey);
    expect(r.code, r.stderr).toBe(0);
    expect(proxy.requests.length).toBeGreaterThan(before);
    expect((await listKeys(s3.endpoint, bucket)).map((k) => k.key)).toEqual([
      'pre/',
      'pre/a.txt',
      'pre/sub/',
      'pre/sub/b.txt',
    ]);
    const ini = join(home, '.paras3.ini');
    expect(r.stderr).toContain(`debug: settings file: ${ini}`);
    expect(r.stderr).toContain(`debug: setting THREADS=3 (from ${ini})`);
    expect(r.stderr).toContain(`debug: setting AWS_SECRET_ACCESS_KEY=**** (from ${ini})`);
    expect(r.stderr).toContain('debug: setting S3SYNC_RETRIES=5 (default)');
  });

  it('lets the environment override the file, and a flag override the environment', async () => {
    const bucket = await newBucket();
    const src = await sourceTree();
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const home = homeWithIni([...credentialLines, `AWS_ENDPOINT_URL = ${dead}`, 'THREADS = 2']);

    const envWins = await runCli(['--debug', '-r', `${src}/`, `${bucket}:env`], {
      env: { HOME: home, AWS_ENDPOINT_URL: s3.endpoint, THREADS: '5' },
    });
    expect(envWins.code, envWins.stderr).toBe(0);
    expect(envWins.stderr).toContain('debug: setting THREADS=5 (from env THREADS)');
    expect(envWins.stderr).toContain(
      `debug: setting AWS_ENDPOINT_URL=${s3.endpoint} (from env AWS_ENDPOINT_URL)`,
    );

    const flagWins = await runCli(
      ['--debug', '--threads', '7', '--endpoint', s3.endpoint, '-r', `${src}/`, `${bucket}:flag`],
      { env: { HOME: home, AWS_ENDPOINT_URL: dead, THREADS: 'abc' } },
    );
    expect(flagWins.code, flagWins.stderr).toBe(0);
    expect(flagWins.stderr).toContain('debug: setting THREADS=7 (from --threads)');
    expect((await listKeys(s3.endpoint, bucket, 'flag/')).length).toBe(4);
  });

  it('reads the file PARAS3_CONFIG names instead of the searched ones', async () => {
    const bucket = await newBucket();
    const src = await sourceTree();
    const home = homeWithIni(['THREADS = abc']);
    const file = join(tempDirSync('paras3-conf-'), 'my.ini');
    writeFileSync(file, [...credentialLines, `AWS_ENDPOINT_URL = ${s3.endpoint}`].join('\n'));
    const r = await runCli(['-r', `${src}/`, `${bucket}:x`], { env: { HOME: home, PARAS3_CONFIG: file } });
    expect(r.code, r.stderr).toBe(0);
  });

  it('finds paras3.ini in the package directory of the installed bundle', async () => {
    const bucket = await newBucket();
    const src = await sourceTree();
    const pkg = tempDirSync('paras3-pkg-');
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    cpSync(join(CLI_BUNDLE, '..'), join(pkg, 'dist', 'cli'), { recursive: true });
    writeFileSync(
      join(pkg, 'paras3.ini'),
      [...credentialLines, `AWS_ENDPOINT_URL = ${s3.endpoint}`].join('\n'),
    );
    const r = await runCli(['--debug', '-r', `${src}/`, `${bucket}:x`], {
      env: { HOME: tempDirSync('paras3-home-') },
      entry: join(pkg, 'dist', 'cli', 'index.js'),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`debug: settings file: ${join(pkg, 'paras3.ini')}`);
  });
});

describe('bad settings stop the run before any request, with exit 2 and one line', () => {
  const cases: {
    what: string;
    ini?: string[];
    env?: Record<string, string>;
    args?: string[];
    line: RegExp;
  }[] = [
    {
      what: 'THREADS=abc in the ini file',
      ini: ['THREADS = abc'],
      line: /^paras3: THREADS="abc" \(from \S+\.paras3\.ini\) must be a whole number/,
    },
    {
      what: 'AWS_CALLING_FORMAT=FOO in the environment',
      env: { AWS_CALLING_FORMAT: 'FOO' },
      line: /^paras3: AWS_CALLING_FORMAT="FOO" \(from env AWS_CALLING_FORMAT\) must be one of REGULAR, SUBDOMAIN, VANITY/,
    },
    {
      what: 'an unreadable SSL_CERT_FILE',
      env: { SSL_CERT_FILE: '/nonexistent/ca.pem' },
      line: /^paras3: SSL_CERT_FILE="\/nonexistent\/ca.pem" \(from env SSL_CERT_FILE\) cannot be read: no such file/,
    },
    {
      what: 'a bad proxy port',
      ini: ['HTTP_PROXY_HOST = 127.0.0.1', 'HTTP_PROXY_PORT = 99999'],
      line: /^paras3: HTTP_PROXY_PORT="99999" \(from \S+\.paras3\.ini\) must be a whole number from 1 to 65535/,
    },
    {
      what: 'a proxy URL with a password (masked in the message)',
      env: { HTTPS_PROXY: 'socks5://user:hunter2@127.0.0.1:1080' },
      line: /^paras3: HTTPS_PROXY="socks5:\/\/user:\*\*\*\*@127.0.0.1:1080" \(from env HTTPS_PROXY\) uses socks5/,
    },
    {
      what: 'a proxy URL whose password has a "/", so that it is no URL (masked all the same)',
      env: { HTTPS_PROXY: 'http://user:hunter2/x@proxy.example:8080' },
      line: /^paras3: HTTPS_PROXY="http:\/\/user:\*\*\*\*@proxy.example:8080" \(from env HTTPS_PROXY\) is not a host/,
    },
    {
      what: 'a user and password in HTTP_PROXY_HOST (masked in the message)',
      env: { HTTP_PROXY_HOST: 'user:hunter2@proxy.example' },
      line: /^paras3: HTTP_PROXY_HOST="user:\*\*\*\*@proxy.example" \(from env HTTP_PROXY_HOST\) must be a host name/,
    },
    {
      what: 'an unknown charset',
      env: { S3SYNC_NATIVE_CHARSET: 'klingon' },
      line: /^paras3: S3SYNC_NATIVE_CHARSET="klingon" \(from env S3SYNC_NATIVE_CHARSET\): unknown charset/,
    },
    {
      what: 'a multi-byte charset',
      env: { S3SYNC_NATIVE_CHARSET: 'Shift_JIS' },
      line: /^paras3: S3SYNC_NATIVE_CHARSET="Shift_JIS" .*not supported for file names/,
    },
    {
      what: 'an unreadable mime types file',
      env: { S3SYNC_MIME_TYPES_FILE: '/nonexistent/mime.types' },
      line: /^paras3: S3SYNC_MIME_TYPES_FILE="\/nonexistent\/mime.types" \(from env S3SYNC_MIME_TYPES_FILE\) cannot be read/,
    },
    {
      what: 'PARAS3_MAX_DELETE=x in the environment, named as the variable',
      env: { PARAS3_MAX_DELETE: 'x' },
      line: /^paras3: PARAS3_MAX_DELETE="x" \(from env PARAS3_MAX_DELETE\) must be a whole number from 0/,
    },
    {
      what: 'S3SYNC_RETRIES=0',
      env: { S3SYNC_RETRIES: '0' },
      line: /^paras3: S3SYNC_RETRIES="0" \(from env S3SYNC_RETRIES\) must be a whole number from 1 to 100/,
    },
    {
      what: 'an unknown key in the ini file',
      ini: ['THREDS = 4'],
      line: /^paras3: settings file \S+\.paras3\.ini: unknown setting "THREDS"/,
    },
    {
      what: 'a PARAS3_CONFIG that cannot be read',
      env: { PARAS3_CONFIG: '/nonexistent/paras3.ini' },
      line: /^paras3: PARAS3_CONFIG="\/nonexistent\/paras3.ini" \(from env PARAS3_CONFIG\): no such file/,
    },
  ];
  for (const c of cases) {
    it(`refuses ${c.what}`, async () => {
      const src = await sourceTree();
      const home = homeWithIni([...credentialLines, ...(c.ini ?? [])]);
      const before = proxy.requests.length;
      const r = await runCli(['-r', `${src}/`, 'nobucket:x'], {
        env: { HOME: home, AWS_ENDPOINT_URL: proxy.endpoint, ...c.env },
      });
      expect(r.code, r.stderr).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(c.line);
      expect(r.stderr).not.toContain('hunter2');
      expect(proxy.requests.length).toBe(before);
    });
  }
});

describe('credentials', () => {
  it('says clearly and within seconds that there are none, without waiting on instance metadata', async () => {
    const src = await sourceTree();
    const started = Date.now();
    const r = await runCli(['-r', `${src}/`, 'nobucket:x'], {
      env: {
        HOME: tempDirSync('paras3-home-'),
        AWS_ENDPOINT_URL: proxy.endpoint,
        // Never the real 169.254.169.254: a closed loopback port stands in for "no metadata service".
        AWS_EC2_METADATA_SERVICE_ENDPOINT: `http://127.0.0.1:${await closedPort()}`,
      },
      timeoutMs: 20_000,
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^paras3: no AWS credentials found: set AWS_ACCESS_KEY_ID/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    // A bound, not a timing test: the SDK's unbounded default would retry metadata for much longer.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('AWS profiles', () => {
  it('takes AWS_PROFILE with stray spaces as the profile it names, for the check and the SDK alike', async () => {
    const b = await newBucket();
    const src = await sourceTree();
    const home = tempDirSync('paras3-home-');
    mkdirSync(join(home, '.aws'));
    writeFileSync(
      join(home, '.aws', 'config'),
      `[profile dev]\naws_access_key_id = ${TEST_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${TEST_CREDENTIALS.secretAccessKey}\n`,
    );
    const r = await runCli(['-r', `${src}/`, `${b}:p`], {
      env: { HOME: home, AWS_ENDPOINT_URL: s3.endpoint, AWS_PROFILE: ' dev ' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect((await listKeys(s3.endpoint, b)).map((k) => k.key)).toContain('p/a.txt');
  });
});

describe('content types and names', () => {
  it('takes content types from S3SYNC_MIME_TYPES_FILE before the built-in ones', async () => {
    const bucket = await newBucket();
    const src = await tempDir();
    await makeTree(src, { 'page.html': '<p>hi</p>', 'data.weird': 'x', 'notes.md': '# n' });
    const types = join(tempDirSync('paras3-mime-'), 'mime.types');
    writeFileSync(types, '# overrides\napplication/x-weird\tweird wrd\ntext/x-mine md  # trailing comment\n');
    const r = await runCli(['-r', `${src}/`, `${bucket}:`], {
      env: {
        HOME: homeWithIni(credentialLines),
        AWS_ENDPOINT_URL: s3.endpoint,
        S3SYNC_MIME_TYPES_FILE: types,
      },
    });
    expect(r.code, r.stderr).toBe(0);
    expect((await getObject(s3.endpoint, bucket, 'data.weird')).contentType).toBe('application/x-weird');
    expect((await getObject(s3.endpoint, bucket, 'notes.md')).contentType).toBe('text/x-mine');
    expect((await getObject(s3.endpoint, bucket, 'page.html')).contentType).toMatch(/^text\/html/);
  });

  it('round-trips a Latin-1 file name with S3SYNC_NATIVE_CHARSET=ISO-8859-1 as a UTF-8 key', async () => {
    const bucket = await newBucket();
    const src = await tempDir();
    const latin1 = Buffer.from('café.txt', 'latin1');
    expect(latin1).toHaveLength(8); // é is one byte: not valid UTF-8 on its own
    writeFileSync(Buffer.concat([Buffer.from(`${src}/`), latin1]), 'bonjour\n');
    mkdirSync(Buffer.concat([Buffer.from(`${src}/`), Buffer.from('dossier-é', 'latin1')]));
    writeFileSync(Buffer.concat([Buffer.from(`${src}/`), Buffer.from('dossier-é/naïve.txt', 'latin1')]), 'x');
    const env = {
      HOME: homeWithIni(credentialLines),
      AWS_ENDPOINT_URL: s3.endpoint,
      S3SYNC_NATIVE_CHARSET: 'ISO-8859-1',
    };
    const up = await runCli(['-r', `${src}/`, `${bucket}:`], { env });
    expect(up.code, up.stderr).toBe(0);
    expect((await listKeys(s3.endpoint, bucket)).map((k) => k.key)).toEqual([
      'café.txt',
      'dossier-é/',
      'dossier-é/naïve.txt',
    ]);
    expect((await getObject(s3.endpoint, bucket, 'café.txt')).body.toString()).toBe('bonjour\n');

    const again = await runCli(['-r', `${src}/`, `${bucket}:`], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/0 created, 0 updated/);

    const dst = await tempDir();
    const down = await runCli(['-r', `${bucket}:`, `${dst}/`], { env });
    expect(down.code, down.stderr).toBe(0);
    const names = readdirSync(dst, { encoding: 'buffer' })
      .map((b) => b.toString('hex'))
      .sort();
    expect(names).toEqual(
      [latin1.toString('hex'), Buffer.from('dossier-é', 'latin1').toString('hex')].sort(),
    );
    const inner = readdirSync(Buffer.concat([Buffer.from(`${dst}/`), Buffer.from('dossier-é', 'latin1')]), {
      encoding: 'buffer',
    });
    expect(inner.map((b) => b.toString('latin1'))).toEqual(['naïve.txt']);
  });
});

describe('calling formats', () => {
  async function syncThroughNames(bucket: string, env: Record<string, string>) {
    const src = await sourceTree();
    const before = names.log.length;
    const r = await runCli(['-r', `${src}/`, `${bucket}:cf`], {
      env: {
        HOME: homeWithIni(credentialLines),
        // Every request goes to the name-serving proxy, which never resolves a host name.
        HTTP_PROXY_HOST: '127.0.0.1',
        HTTP_PROXY_PORT: String(names.port),
        ...env,
      },
    });
    expect(r.code, r.stderr).toBe(0);
    expect((await listKeys(s3.endpoint, bucket, 'cf/')).map((k) => k.key)).toContain('cf/sub/b.txt');
    return names.log.slice(before);
  }

  it('REGULAR puts the bucket in the path', async () => {
    const bucket = await newBucket();
    const log = await syncThroughNames(bucket, { AWS_S3_HOST: 's3.test', AWS_CALLING_FORMAT: 'REGULAR' });
    expect(new Set(log.map((l) => l.host))).toEqual(new Set(['s3.test']));
    expect(log.some((l) => l.url.split('?')[0] === `/${bucket}/cf/a.txt`)).toBe(true);
  });

  it('SUBDOMAIN puts the bucket in the host name', async () => {
    const bucket = await newBucket();
    const log = await syncThroughNames(bucket, { AWS_S3_HOST: 's3.test', AWS_CALLING_FORMAT: 'SUBDOMAIN' });
    expect(new Set(log.map((l) => l.host))).toEqual(new Set([`${bucket}.s3.test`]));
    expect(log.some((l) => l.url.split('?')[0] === '/cf/a.txt')).toBe(true);
  });

  it('VANITY makes the bucket name the host', async () => {
    const bucket = await newBucket('files.vanity.test');
    const log = await syncThroughNames(bucket, { AWS_CALLING_FORMAT: 'VANITY' });
    expect(new Set(log.map((l) => l.host))).toEqual(new Set(['files.vanity.test']));
    expect(log.some((l) => l.url.split('?')[0] === '/cf/a.txt')).toBe(true);
  });

  it('REGULAR with a local endpoint goes straight to it, bucket in the path', async () => {
    const bucket = await newBucket();
    const src = await sourceTree();
    const before = proxy.requests.length;
    const r = await runCli(['-r', `${src}/`, `${bucket}:p`], {
      env: {
        HOME: homeWithIni(credentialLines),
        AWS_ENDPOINT_URL: proxy.endpoint,
        AWS_CALLING_FORMAT: 'regular',
      },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(proxy.requests.slice(before).some((q) => q.url.split('?')[0] === `/${bucket}/p/a.txt`)).toBe(true);
  });
});
