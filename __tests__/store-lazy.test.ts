// The SDK is loaded at the first request only it can make (src/core/store/sdk-client.ts): runs that the
// signed path carries alone (small files both ways, no-ops, a path-style endpoint) never load it, and a
// run that needs it (multipart, deletes) loads it and works. The bucket URL the signed path works out
// for a path-style endpoint is the one the SDK's own endpoint rules give.
import { describe, expect, it } from 'vitest';
import type { ClientSettings, SharedTransport } from '../src/core/store/factory.js';
import { loadSdk } from '../src/core/store/sdk-client.js';
import { pathStyleRoute } from '../src/core/store/signed.js';
import { useS3Server } from './helpers/fixtures.js';
import { runCli } from './helpers/run.js';
import { listKeys } from './helpers/s3server.js';
import { makeTree, tempDir } from './helpers/tree.js';

const storeLine = (stderr: string) => /debug: (store: .*)/.exec(stderr)?.[1];

describe('the SDK, loaded when a request needs it', () => {
  const s3 = useS3Server();

  it('is not loaded by small-file uploads, downloads and no-ops; is loaded by a multipart upload and a delete', async () => {
    const bucket = await s3.bucket('lazy');
    const src = await tempDir('paras3-src-');
    await makeTree(src, { 'a.txt': 'a', 'd/b.txt': 'b', 'd/e': { dir: true } });
    const run = async (...args: string[]) => {
      const r = await runCli(['--debug', ...args], { env: s3.env });
      expect(r.code, r.stderr).toBe(0);
      return storeLine(r.stderr);
    };
    const notLoaded = /; SDK not loaded$/;
    expect(await run(`${src}/`, `${bucket}:t`)).toMatch(notLoaded);
    expect(await run(`${src}/`, `${bucket}:t`)).toMatch(notLoaded);
    const dst = await tempDir('paras3-dst-');
    expect(await run(`${bucket}:t/`, dst)).toMatch(notLoaded);
    expect(await run(`${bucket}:t/`, dst)).toMatch(notLoaded);

    await makeTree(src, { 'big.bin': Buffer.alloc(9 * 1024 * 1024, 7) });
    expect(await run(`${src}/`, `${bucket}:t`)).toMatch(/; SDK loaded$/);
    expect((await listKeys(s3.server.endpoint, bucket)).map((k) => k.key)).toContain('t/big.bin');
    expect(await run('--delete', `${src}/d/`, `${bucket}:t`)).toMatch(/; SDK loaded$/);
    expect((await listKeys(s3.server.endpoint, bucket)).map((k) => k.key)).not.toContain('t/big.bin');
  });
});

describe('pathStyleRoute', () => {
  const settings = (endpoint: string): ClientSettings => ({
    region: 'eu-west-3',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    threads: 1,
    timeoutMs: 1000,
    store: 'signed',
    endpointLabel: endpoint,
  });

  it.each([
    'http://127.0.0.1:9000',
    'http://localhost:4566',
    'https://minio.example.com',
    'https://minio.example.com:443',
    'http://minio.example.com:80',
    'https://s3.example.com:8443/storage',
    'http://[::1]:9000',
    'https://[2001:db8::1]',
  ])('gives the URL the SDK gives for %s', async (endpoint) => {
    const shared = { credentials: settings(endpoint).credentials, clock: { offset: 0 } } as SharedTransport;
    const sdk = loadSdk(settings(endpoint), shared);
    try {
      for (const bucket of ['my-bucket', 'a.b.c', 'x1-2']) {
        const viaSdk = await sdk.routeOf(bucket);
        const own = pathStyleRoute(endpoint, bucket);
        expect(own).toEqual({ ...viaSdk, signingRegion: undefined });
        // The SDK signs for the configured region, as the signed path does without a signingRegion.
        expect(viaSdk?.signingRegion ?? 'eu-west-3').toBe('eu-west-3');
      }
    } finally {
      sdk.store.destroy();
    }
  });
});
