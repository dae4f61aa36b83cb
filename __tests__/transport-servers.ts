// Servers for the settings and transport tests, all on 127.0.0.1: a certificate authority made with the
// openssl CLI, a TLS reverse proxy in front of s3rver, and a forward proxy that serves any host name
// (`bucket.s3.test`, a vanity `files.test`) from s3rver, logging the Host of every request.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { tempDirSync } from './helpers/tree.js';

export const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export interface TestCa {
  dir: string;
  /** The CA certificate, PEM file. */
  caFile: string;
  /** Server key and certificate (for 127.0.0.1 and localhost), signed by the CA. */
  key: string;
  cert: string;
}

/** A fresh CA and a server certificate it signed, in a temp dir (EC keys: fast to make). */
export function makeTestCa(): TestCa {
  const dir = tempDirSync('paras3-ca-');
  const f = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=paras3 test CA',
  );
  openssl('req', ...ec, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=127.0.0.1');
  writeFileSync(
    f('server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  openssl(
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('server.pem'),
    '-days',
    '2',
    '-extfile',
    f('server.ext'),
  );
  if (!existsSync(f('server.pem'))) throw new Error('openssl made no server certificate');
  return {
    dir,
    caFile: f('ca.pem'),
    key: readFileSync(f('server.key'), 'utf8'),
    cert: readFileSync(f('server.pem'), 'utf8'),
  };
}

export interface RunningServer {
  endpoint: string;
  port: number;
  /** Host header and path of every request received. */
  log: { host: string; url: string }[];
  stop(): Promise<void>;
}

function forwardTo(target: URL, agent: Agent, path: string, req: IncomingMessage, res: ServerResponse) {
  const {
    connection: _c,
    'keep-alive': _k,
    'proxy-authorization': _p,
    'proxy-connection': _pc,
    ...headers
  } = req.headers;
  const up = request(
    {
      host: target.hostname,
      port: target.port,
      method: req.method,
      path,
      // s3rver reads the bucket from a non-IP Host; path-style is what this proxy sends.
      headers: { ...headers, host: target.host },
      agent,
    },
    (upRes) => {
      const { connection: _uc, 'keep-alive': _uk, ...upHeaders } = upRes.headers;
      res.writeHead(upRes.statusCode ?? 502, upHeaders);
      upRes.pipe(res);
    },
  );
  up.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
  req.pipe(up);
}

async function listen(server: import('node:http').Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function stopper(server: import('node:http').Server, agent: Agent) {
  return async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    agent.destroy();
  };
}

/** https://127.0.0.1:PORT in front of an http s3rver endpoint, with a certificate from `ca`. */
export async function startTlsFront(s3Endpoint: string, ca: TestCa): Promise<RunningServer> {
  const target = new URL(s3Endpoint);
  const agent = new Agent({ keepAlive: true });
  const log: RunningServer['log'] = [];
  const server = createHttpsServer({ key: ca.key, cert: ca.cert }, (req, res) => {
    log.push({ host: req.headers.host ?? '', url: req.url ?? '/' });
    forwardTo(target, agent, req.url ?? '/', req, res);
  });
  const port = await listen(server);
  return { endpoint: `https://127.0.0.1:${port}`, port, log, stop: stopper(server, agent) };
}

/**
 * A forward proxy (absolute-URI requests, no CONNECT) that never resolves a name: every request goes to
 * s3rver, turned path-style. `<bucket>.s3.test` is a virtual-hosted bucket, `s3.test` path-style, any
 * other host a vanity bucket named like the host.
 */
export async function startNameProxy(s3Endpoint: string): Promise<RunningServer> {
  const target = new URL(s3Endpoint);
  const agent = new Agent({ keepAlive: true });
  const log: RunningServer['log'] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://unknown');
    const host = url.hostname;
    log.push({ host: url.host, url: url.pathname + url.search });
    const bucket =
      host === 's3.test' ? '' : host.endsWith('.s3.test') ? host.slice(0, -'.s3.test'.length) : host;
    forwardTo(target, agent, `${bucket ? `/${bucket}` : ''}${url.pathname}${url.search}`, req, res);
  });
  const port = await listen(server);
  return { endpoint: `http://127.0.0.1:${port}`, port, log, stop: stopper(server, agent) };
}
