// A real S3 server for integration tests: s3rver in a child process on an ephemeral 127.0.0.1 port, plus
// small SDK helpers to set up and assert the server side.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { tempDirSync } from './tree.js';

export interface S3Server {
  endpoint: string;
  port: number;
  /** s3rver's data directory; removed by stop(). */
  dir: string;
  stop(): Promise<void>;
}

const childScript = fileURLToPath(new URL('./s3rver-child.mjs', import.meta.url));

export async function startS3Server(): Promise<S3Server> {
  const dir = await mkdtemp(join(tmpdir(), 'paras3-s3rver-'));
  // --openssl-legacy-provider: s3rver's continuation tokens use DES (see s3rver-child.mjs).
  // --no-deprecation: s3rver's Koa stack uses OutgoingMessage._headers (DEP0066), noise on stderr.
  const args = ['--openssl-legacy-provider', '--no-deprecation', childScript, dir];
  const child = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const port = await new Promise<number>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`s3rver child exited early (code ${code})`));
    child.once('exit', onExit);
    child.once('error', reject);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      child.off('exit', onExit);
      resolve((JSON.parse(line) as { port: number }).port);
    });
  }).catch(async (err: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw err;
  });

  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    dir,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      clients.get(endpoint)?.destroy();
      clients.delete(endpoint);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Static credentials s3rver accepts (it knows exactly one access key, and does not check V4 signatures). */
export const TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** A client for s3rver at `endpoint`; `overrides` for a test's own needs (e.g. `{ maxAttempts: 1 }`). */
export function s3Client(endpoint: string, overrides: S3ClientConfig = {}): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: TEST_CREDENTIALS,
    // With the SDK's default (WHEN_SUPPORTED) uploads are sent aws-chunked with a trailing CRC, and s3rver
    // stores the chunk framing as the object's content.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...overrides,
  });
}

// One client per endpoint for the assertion helpers below, so they reuse keep-alive sockets.
const clients = new Map<string, S3Client>();
function client(endpoint: string): S3Client {
  let c = clients.get(endpoint);
  if (!c) {
    c = s3Client(endpoint);
    clients.set(endpoint, c);
  }
  return c;
}

export async function createBucket(endpoint: string, name: string): Promise<void> {
  await client(endpoint).send(new CreateBucketCommand({ Bucket: name }));
}

export async function putObject(
  endpoint: string,
  bucket: string,
  key: string,
  body: string | Buffer,
  metadata?: Record<string, string>,
): Promise<void> {
  await client(endpoint).send(
    // ContentLength given: for an empty string the SDK cannot tell and warns about unknown-length streams.
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentLength: Buffer.byteLength(body),
      Metadata: metadata,
    }),
  );
}

export interface ListedKey {
  key: string;
  size: number;
  etag: string;
}

/** Every key under prefix (all pages), sorted by UTF-16 code unit like Array.prototype.sort. */
export async function listKeys(endpoint: string, bucket: string, prefix?: string): Promise<ListedKey[]> {
  const keys: ListedKey[] = [];
  let token: string | undefined;
  do {
    const page = await client(endpoint).send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) {
      keys.push({ key: o.Key!, size: o.Size ?? 0, etag: o.ETag ?? '' });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export interface StoredObject {
  body: Buffer;
  /** User metadata (x-amz-meta-*), names lower-cased without the prefix. */
  metadata: Record<string, string>;
  contentType?: string;
  cacheControl?: string;
}

export async function getObject(endpoint: string, bucket: string, key: string): Promise<StoredObject> {
  const res = await client(endpoint).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return {
    body: Buffer.from(await res.Body!.transformToByteArray()),
    metadata: res.Metadata ?? {},
    contentType: res.ContentType,
    cacheControl: res.CacheControl,
  };
}

/** What a spawned CLI or action needs to reach s3rver (merge with an endpoint, or use cliEnv). */
export const TEST_ENV = {
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_REGION: 'us-east-1',
} as const;

/**
 * Env for a spawned CLI talking to `endpoint`, for runCli's `env` option. HOME is an empty temp dir, so no
 * ~/.aws files or ~/.paras3.ini are read. Inherited AWS_PROFILE (and every other AWS_* var) is dropped by
 * runCli/cleanEnv; if you spawn without them, delete it yourself.
 */
export function cliEnv(endpoint: string): Record<string, string> {
  return { ...TEST_ENV, AWS_ENDPOINT_URL: endpoint, HOME: tempDirSync('paras3-home-') };
}

/** Every key under a prefix with its content as text: the whole S3 side in one object, for toEqual. */
export async function s3Tree(endpoint: string, bucket: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const { key } of await listKeys(endpoint, bucket, prefix)) {
    out[key] = (await getObject(endpoint, bucket, key)).body.toString('utf8');
  }
  return out;
}
