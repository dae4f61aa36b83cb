// Shared per-file set-up for integration tests: one s3rver (and optionally a fault proxy in front of it,
// optionally verifying signatures and digests as S3 does) started in beforeAll and stopped in afterAll. Call at the top of a file or describe; the hooks land in
// that scope. The returned object is filled in by beforeAll, so read its fields inside hooks and tests,
// never at module level (the getters throw there, rather than hand out `undefined`).
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type FaultProxy, startFaultProxy } from './fault-proxy.js';
import {
  cliEnv,
  createBucket,
  type S3Server,
  startS3Server,
  TEST_CREDENTIALS,
  TEST_ENV,
} from './s3server.js';

export interface S3Options {
  /** Created once, before any test (and before the proxy starts). */
  bucket?: string;
  /** Start a fault proxy in front of the server; its rules and request log are cleared before each test. */
  proxy?: boolean;
  /**
   * The proxy checks every request as S3 would (SigV4 signature with TEST_CREDENTIALS in TEST_ENV's
   * region, x-amz-content-sha256, Content-MD5) and answers S3's error when one is wrong. Implies `proxy`.
   */
  verify?: boolean;
}

export interface S3Fixture {
  server: S3Server;
  /** Only with `{ proxy: true }`. */
  proxy: FaultProxy;
  /** cliEnv for the server itself (not the proxy): one HOME shared by the scope's tests. */
  env: Record<string, string>;
  /** cliEnv for the proxy (same credentials and region the verifying proxy checks against). */
  proxyEnv: Record<string, string>;
  /** Creates and returns a fresh bucket `${prefix}-N` (N counts up per fixture), so no test sees another's keys. */
  bucket(prefix: string): Promise<string>;
}

export function useS3Server(opts: S3Options = {}): S3Fixture {
  let server: S3Server | undefined;
  let proxy: FaultProxy | undefined;
  let env: Record<string, string> | undefined;
  let proxyEnv: Record<string, string> | undefined;
  const withProxy = opts.proxy === true || opts.verify === true;
  let buckets = 0;

  beforeAll(async () => {
    server = await startS3Server();
    if (opts.bucket) await createBucket(server.endpoint, opts.bucket);
    if (withProxy) {
      proxy = await startFaultProxy(server.endpoint, {
        verify: opts.verify ? { ...TEST_CREDENTIALS, region: TEST_ENV.AWS_REGION } : undefined,
      });
    }
  });
  afterAll(async () => {
    // Proxy first: it holds keep-alive sockets to the server.
    await proxy?.stop();
    await server?.stop();
  });
  if (withProxy) {
    // Rules, clock and log are per test: a test that forgets to clear them must not steer or confuse the next.
    beforeEach(() => {
      proxy!.setRules([]);
      proxy!.setClock(0);
      proxy!.requests.length = 0;
    });
  }

  const fixture: S3Fixture = {
    get server() {
      if (!server) throw new Error('useS3Server: server read before beforeAll ran');
      return server;
    },
    get proxy() {
      if (!proxy)
        throw new Error('useS3Server: no proxy (pass { proxy: true }) or read before beforeAll ran');
      return proxy;
    },
    // Made on first use, so files that never read it get no extra HOME dir.
    get env() {
      env ??= cliEnv(fixture.server.endpoint);
      return env;
    },
    get proxyEnv() {
      proxyEnv ??= cliEnv(fixture.proxy.endpoint);
      return proxyEnv;
    },
    async bucket(prefix) {
      const name = `${prefix}-${++buckets}`;
      await createBucket(fixture.server.endpoint, name);
      return name;
    },
  };
  return fixture;
}
