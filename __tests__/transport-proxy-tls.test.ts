// The connection through the built CLI: an authenticating forward proxy (plain HTTP and CONNECT), and a
// TLS endpoint whose certificate comes from a CA the test makes, trusted only when a setting says so.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createProxy, type ProxyServer } from 'proxy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run.js';
import { cliEnv, createBucket, listKeys, type S3Server, startS3Server } from './helpers/s3server.js';
import { makeTree, readTree, tempDir, tempDirSync } from './helpers/tree.js';
import {
  hasOpenssl,
  makeTestCa,
  type RunningServer,
  startTlsFront,
  type TestCa,
} from './transport-servers.js';

const USER = 'syncer';
const PASSWORD = 'pr0xy-s3cret';

let s3: S3Server;
let fwd: ProxyServer;
let fwdPort: number;
/** What went through the forward proxy: `GET http://…` lines and `CONNECT host:port` lines. */
const seen: string[] = [];
let ca: TestCa | undefined;
let tlsFront: RunningServer | undefined;
let bucketNo = 0;

beforeAll(async () => {
  s3 = await startS3Server();
  const server = createServer();
  server.on('request', (req: IncomingMessage) => seen.push(`${req.method} ${req.url}`));
  server.on('connect', (req: IncomingMessage) => seen.push(`CONNECT ${req.url}`));
  fwd = createProxy(server);
  const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
  fwd.authenticate = (req) => req.headers['proxy-authorization'] === expected;
  await new Promise<void>((resolve) => fwd.listen(0, '127.0.0.1', resolve));
  fwdPort = (fwd.address() as AddressInfo).port;
  if (hasOpenssl) {
    ca = makeTestCa();
    tlsFront = await startTlsFront(s3.endpoint, ca);
  }
});
afterAll(async () => {
  await tlsFront?.stop();
  if (fwd) {
    fwd.closeAllConnections();
    await new Promise<void>((resolve) => fwd.close(() => resolve()));
  }
  await s3?.stop();
});

async function newBucket(): Promise<string> {
  const name = `transport-${++bucketNo}`;
  await createBucket(s3.endpoint, name);
  return name;
}

async function sourceTree(): Promise<string> {
  const src = await tempDir();
  await makeTree(src, { 'a.txt': 'alpha\n', 'sub/b.bin': Buffer.alloc(70_000, 7) });
  return src;
}

const proxyVars = (password = PASSWORD) => ({
  HTTP_PROXY_HOST: '127.0.0.1',
  HTTP_PROXY_PORT: String(fwdPort),
  HTTP_PROXY_USER: USER,
  HTTP_PROXY_PASSWORD: password,
});

describe('a forward proxy with authentication', () => {
  it('carries every request to an http endpoint, with HTTP_PROXY_HOST/PORT/USER/PASSWORD', async () => {
    const bucket = await newBucket();
    const src = await sourceTree();
    const before = seen.length;
    const r = await runCli(['--debug', '-r', `${src}/`, `${bucket}:p`], {
      env: { ...cliEnv(s3.endpoint), ...proxyVars() },
    });
    expect(r.code, r.stderr).toBe(0);
    const through = seen.slice(before);
    expect(
      through.some((l) => l.startsWith(`PUT ${s3.endpoint}/${bucket}/p/sub/b.bin`)),
      through.join('\n'),
    ).toBe(true);
    expect(
      through.some((l) => l.startsWith(`GET ${s3.endpoint}/${bucket}`) && l.includes('list-type=2')),
    ).toBe(true);
    expect(`${r.stdout}${r.stderr}`).not.toContain(PASSWORD);
    expect(r.stderr).toContain('debug: setting HTTP_PROXY_PASSWORD=**** (from env HTTP_PROXY_PASSWORD)');
    expect((await listKeys(s3.endpoint, bucket)).map((k) => k.key)).toEqual([
      'p/',
      'p/a.txt',
      'p/sub/',
      'p/sub/b.bin',
    ]);
  });

  it('takes the standard lower-case http_proxy URL with user:password, and NO_PROXY bypasses it', async () => {
    const bucket = await newBucket();
    const src = await sourceTree();
    const url = `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${fwdPort}`;
    const before = seen.length;
    const viaProxy = await runCli(['-r', `${src}/`, `${bucket}:std`], {
      env: { ...cliEnv(s3.endpoint), http_proxy: url },
    });
    expect(viaProxy.code, viaProxy.stderr).toBe(0);
    expect(seen.length).toBeGreaterThan(before);

    const mid = seen.length;
    const direct = await runCli(['-r', `${src}/`, `${bucket}:direct`], {
      env: { ...cliEnv(s3.endpoint), http_proxy: url, NO_PROXY: 'example.com,127.0.0.1' },
    });
    expect(direct.code, direct.stderr).toBe(0);
    expect(seen.length).toBe(mid);
    expect((await listKeys(s3.endpoint, bucket, 'direct/')).length).toBe(4);
  });

  it('fails with one clear line and no password when the proxy refuses the credentials', async () => {
    const bucket = await newBucket();
    const src = await sourceTree();
    const r = await runCli(['-r', `${src}/`, `${bucket}:p`], {
      env: { ...cliEnv(s3.endpoint), ...proxyVars('wrong-password') },
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^paras3: the proxy for http:\/\/127\.0\.0\.1:\d+ via proxy 127\.0\.0\.1:\d+ requires authentication/,
    );
    expect(`${r.stdout}${r.stderr}`).not.toContain('wrong-password');
  });
});

describe.skipIf(!hasOpenssl)('a TLS endpoint with a private CA', () => {
  it('is refused without the CA, with a plain message', async () => {
    const bucket = await newBucket();
    const src = await sourceTree();
    const r = await runCli(['-r', `${src}/`, `${bucket}:tls`], { env: cliEnv(tlsFront!.endpoint) });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^paras3: the TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\); set SSL_CERT_FILE/,
    );
  });

  it('is accepted with SSL_CERT_FILE', async () => {
    const bucket = await newBucket();
    const src = await sourceTree();
    const before = tlsFront!.log.length;
    const r = await runCli(['-r', `${src}/`, `${bucket}:tls`], {
      env: { ...cliEnv(tlsFront!.endpoint), SSL_CERT_FILE: ca!.caFile },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(tlsFront!.log.length).toBeGreaterThan(before);
    expect((await listKeys(s3.endpoint, bucket)).map((k) => k.key)).toEqual([
      'tls/',
      'tls/a.txt',
      'tls/sub/',
      'tls/sub/b.bin',
    ]);
  });

  it('reads the CA settings before any request when the endpoint speaks TLS, and not at all when it does not', async () => {
    const bucket = await newBucket();
    const src = await sourceTree();
    const noCerts = join(tempDirSync('paras3-certs-'), 'empty.pem');
    writeFileSync(noCerts, 'not a certificate\n');
    const before = tlsFront!.log.length;
    const tls = await runCli(['-r', `${src}/`, `${bucket}:tls`], {
      env: { ...cliEnv(tlsFront!.endpoint), SSL_CERT_FILE: noCerts },
    });
    expect(tls.code).toBe(2);
    expect(tls.stderr.trim()).toMatch(
      /^paras3: SSL_CERT_FILE="[^"]+" \(from env SSL_CERT_FILE\) holds no PEM certificate/,
    );
    expect(tlsFront!.log.length).toBe(before);
    // Plain HTTP: the certificates are never needed, so never read (a directory such as /etc/ssl/certs
    // costs a short run a tenth of its time); that the file exists is still checked.
    const plain = await runCli(['-r', `${src}/`, `${bucket}:plain`], {
      env: { ...cliEnv(s3.endpoint), SSL_CERT_FILE: noCerts },
    });
    expect(plain.code, plain.stderr).toBe(0);
    const missing = await runCli(['-r', `${src}/`, `${bucket}:plain`], {
      env: { ...cliEnv(s3.endpoint), SSL_CERT_DIR: join(noCerts, 'nowhere') },
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(
      /^paras3: SSL_CERT_DIR="[^"]+" \(from env SSL_CERT_DIR\) cannot be read/,
    );
  });

  it('is accepted with SSL_CERT_DIR (a directory of PEM files), and downloads too', async () => {
    const bucket = await newBucket();
    const src = await sourceTree();
    const dir = tempDirSync('paras3-certs-');
    copyFileSync(ca!.caFile, join(dir, 'test-ca.pem'));
    writeFileSync(join(dir, 'README'), 'not a certificate\n');
    mkdirSync(join(dir, 'sub'));
    const env = { ...cliEnv(tlsFront!.endpoint), SSL_CERT_DIR: dir };
    const up = await runCli(['-r', `${src}/`, `${bucket}:tls`], { env });
    expect(up.code, up.stderr).toBe(0);
    const dst = await tempDir();
    const down = await runCli(['-r', `${bucket}:tls/`, `${dst}/`], { env });
    expect(down.code, down.stderr).toBe(0);
    expect(await readTree(dst)).toEqual(await readTree(src));
  });

  it('goes through the proxy with CONNECT for an https endpoint, with AWS_CA_BUNDLE', async () => {
    const bucket = await newBucket();
    const src = await sourceTree();
    const before = seen.length;
    const r = await runCli(['-r', `${src}/`, `${bucket}:connect`], {
      env: { ...cliEnv(tlsFront!.endpoint), AWS_CA_BUNDLE: ca!.caFile, ...proxyVars() },
    });
    expect(r.code, r.stderr).toBe(0);
    const through = seen.slice(before);
    expect(through).toContain(`CONNECT 127.0.0.1:${tlsFront!.port}`);
    // Inside the tunnel the requests are TLS: the proxy never saw one in the clear.
    expect(through.every((l) => l.startsWith('CONNECT '))).toBe(true);
    expect((await listKeys(s3.endpoint, bucket, 'connect/')).length).toBe(4);
    expect(`${r.stdout}${r.stderr}`).not.toContain(PASSWORD);
  });

  it('fails cleanly over CONNECT when the proxy refuses the credentials', async () => {
    const bucket = await newBucket();
    const src = await sourceTree();
    const r = await runCli(['-r', `${src}/`, `${bucket}:connect`], {
      env: { ...cliEnv(tlsFront!.endpoint), AWS_CA_BUNDLE: ca!.caFile, ...proxyVars('nope-nope') },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^paras3: the proxy for .* requires authentication/);
    expect(`${r.stdout}${r.stderr}`).not.toContain('nope-nope');
  });
});
