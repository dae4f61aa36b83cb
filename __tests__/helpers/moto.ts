// moto_server (moto 5, Python) for what s3rver cannot show: real multipart ETags, part-number requests,
// conditional writes, checksums, SSE headers, CloudFront. One server per test file, on an ephemeral
// 127.0.0.1 port, stopped after the file. It is not installable from a registry: where `moto_server` is
// not on PATH, describeWithMoto skips its suite with a visible notice (a skipped test titled
// "moto_server not on PATH: … skipped", and a console line).
//
// moto 5.2 behaviour that matters to us (each row checked by __tests__/moto-harness.test.ts):
//
// | what                                   | moto_server                                     | AWS S3                       |
// |----------------------------------------|-------------------------------------------------|------------------------------|
// | credentials, SigV4 signature           | any key id and secret accepted, never checked   | checked                      |
// | unsigned GET of a PutObject object     | 403, empty body                                 | 403 AccessDenied (private)   |
// | Content-MD5, x-amz-content-sha256      | not checked: a wrong value is stored            | 400 BadDigest / SHA mismatch |
// | multipart ETag                         | md5(concat part md5s)-N, parts' ETags their MD5 | same                         |
// | HeadObject ?partNumber=1 (multipart)   | 200, part's length, x-amz-mp-parts-count: N,    | 206, Content-Range, parts    |
// |                                        | ETag = the PART's MD5                           | count, the object's ETag     |
// | HeadObject ?partNumber=N+1             | 500 (HTML)                                      | 416 InvalidPartNumber        |
// | HeadObject ?partNumber=1 (single PUT)  | 206, Content-Range bytes 0-(n-1)/n, no count    | 206, same                    |
// | GetObject ?partNumber=1                | ignored: whole object, 200, no parts count      | the part, 206                |
// | ListObjectsV2 encoding-type=url        | keys percent-encoded (%20 %2B %0D …), ~ kept    | same                         |
// | key with \r, listed without encoding   | raw \r in the XML: parsers read it as \n        | (use encoding-type=url)      |
// | key with \n                            | cannot be stored: PUT answers 404 (HTML)        | stored                       |
// | key with \u0000 or \u0001              | stored; raw in listing XML (invalid XML 1.0)    | stored                       |
// | PutObject If-None-Match: *             | 412 PreconditionFailed on an existing key       | same                         |
// | PutObject If-Match: wrong ETag         | 412 PreconditionFailed                          | same                         |
// | CopyObject of a multipart object       | ETag = MD5 of the whole content                 | same                         |
// | UploadPartCopy with byte ranges        | parts' ETags their MD5, multipart ETag at end   | same                         |
// | ChecksumAlgorithm CRC32/CRC32C/SHA1/   | stored (aws-chunked trailer decoded); HeadObject| same, plus                   |
// |   SHA256/CRC64NVME on PutObject        | and GetObject with ChecksumMode ENABLED return  | x-amz-checksum-type          |
// |                                        | it; no x-amz-checksum-type                      |                              |
// | wrong x-amz-checksum-crc32 value (with | stored as given, not checked                    | 400 BadDigest                |
// |   x-amz-sdk-checksum-algorithm: CRC32) |                                                 |                              |
// | SSE aws:kms / AES256 on PutObject      | x-amz-server-side-encryption echoed on PUT and  | KMS: key ARN always, ETag    |
// |                                        | HEAD; KMS key id only if given; ETag = MD5      | not the MD5                  |
// | CloudFront CreateInvalidation          | same endpoint, SigV4 scope service `cloudfront`:| cloudfront.amazonaws.com     |
// |                                        | POST /2020-05-31/distribution/{Id}/invalidation |                              |
// |                                        | → 201, Location, Status COMPLETED at once;      |                              |
// |                                        | unknown Id → 404 NoSuchDistribution             |                              |
// | DeleteObject of a missing key          | 204                                             | 204                          |
// | connections                            | `Connection: close` on every response           | keep-alive                   |
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { CreateBucketCommand, type S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { cliEnv, s3Client } from './s3server.js';

export const MOTO_COMMAND = 'moto_server';

export interface MotoServer {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** The executable's path if `command` is on `path` (a PATH-style list), else undefined. */
export function findOnPath(command: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

const START_TIMEOUT_MS = 30_000;
const PORT_ATTEMPTS = 3;

/** Starts moto_server on a free 127.0.0.1 port and resolves once it answers. */
export async function startMotoServer(command = findOnPath(MOTO_COMMAND)): Promise<MotoServer> {
  if (!command) throw new Error(`${MOTO_COMMAND} is not on PATH`);
  let lastError: unknown;
  // A free port can be taken between our probe and moto's bind; then moto exits and we try another.
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    try {
      return await startOn(command, await freePort());
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

async function startOn(command: string, port: number): Promise<MotoServer> {
  const child = spawn(command, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A worker that dies without afterAll must not leave a Python server behind.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await listening(child, port);
  } catch (err) {
    await stop();
    throw err;
  }
  return { endpoint: `http://127.0.0.1:${port}`, port, stop };
}

/**
 * Resolves when Werkzeug logs "Running on http://127.0.0.1:PORT", which it does once the socket is
 * bound and listening. stderr is drained for the server's life (it logs every request there).
 */
function listening(child: ChildProcess, port: number): Promise<void> {
  const recent: string[] = [];
  return new Promise<void>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`${MOTO_COMMAND} on port ${port}: ${why}\n${recent.join('\n')}`));
    };
    const timer = setTimeout(() => fail(`not listening after ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.once('error', (err) => fail(err.message));
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) before listening`));
    createInterface({ input: child.stderr! }).on('line', (line) => {
      recent.push(line);
      if (recent.length > 20) recent.shift();
      if (line.includes(`Running on http://127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface MotoFixture {
  server: MotoServer;
  endpoint: string;
  /** A path-style client for the server (any credentials work); destroyed with the fixture. */
  client(overrides?: S3ClientConfig): S3Client;
  /** cliEnv for the server: credentials, region, endpoint, an empty HOME. */
  env: Record<string, string>;
  /** Creates and returns a fresh bucket `${prefix}-n`. */
  bucket(prefix: string): Promise<string>;
}

/**
 * A describe block whose tests share one moto_server, started in its beforeAll and stopped in its
 * afterAll. Without moto_server on PATH, the block is skipped and says so, in the test list and on the
 * console.
 */
export function describeWithMoto(title: string, body: (moto: MotoFixture) => void): void {
  const command = findOnPath(MOTO_COMMAND);
  if (!command) {
    console.warn(`${MOTO_COMMAND} not on PATH: "${title}" skipped`);
    describe(title, () => {
      it.skip(`${MOTO_COMMAND} not on PATH: ${title} skipped`, () => {});
    });
    return;
  }
  describe(title, () => {
    let server: MotoServer | undefined;
    let env: Record<string, string> | undefined;
    const clients: S3Client[] = [];
    let buckets = 0;
    beforeAll(async () => {
      server = await startMotoServer(command);
    });
    afterAll(async () => {
      for (const c of clients) c.destroy();
      await server?.stop();
    });
    const fixture: MotoFixture = {
      get server() {
        if (!server) throw new Error('describeWithMoto: server read before beforeAll ran');
        return server;
      },
      get endpoint() {
        return fixture.server.endpoint;
      },
      client(overrides = {}) {
        const c = s3Client(fixture.endpoint, overrides);
        clients.push(c);
        return c;
      },
      get env() {
        env ??= cliEnv(fixture.endpoint);
        return env;
      },
      async bucket(prefix) {
        const name = `${prefix}-${++buckets}`;
        const c = s3Client(fixture.endpoint);
        try {
          await c.send(new CreateBucketCommand({ Bucket: name }));
        } finally {
          c.destroy();
        }
        return name;
      },
    };
    body(fixture);
  });
}
