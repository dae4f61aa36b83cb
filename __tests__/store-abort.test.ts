// An abort of the run's signal stops the signed store's requests at once, wherever they are: waiting for
// an answer, waiting for a socket, or streaming a body; and only the requests made with that signal.
// Against a real HTTP server that takes requests and holds them (store/signed.ts: abortOn).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObjectStore } from '../src/core/store/factory.js';
import type { ObjectStore } from '../src/core/store/types.js';
import { TEST_CREDENTIALS } from './helpers/s3server.js';

/** Requests received, by path; each is held until released, or answered with a body that stalls. */
let held: { path: string; res: http.ServerResponse; closed: Promise<void> }[] = [];
let server: http.Server;
let endpoint: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const closed = new Promise<void>((resolve) => res.on('close', () => resolve()));
    held.push({ path: req.url ?? '', res, closed });
    req.resume();
    // `stall/…` answers at once with half of a body, then nothing.
    if (req.url?.includes('/stall/')) {
      res.writeHead(200, { 'content-length': '1000', etag: '"x"' });
      res.write(Buffer.alloc(500));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function store(threads: number): Promise<ObjectStore> {
  held = [];
  return createObjectStore({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { ...TEST_CREDENTIALS },
    maxAttempts: 3,
    retryDelayMs: 10,
    threads,
    timeoutMs: 60_000,
    store: 'signed',
    endpointLabel: endpoint,
  });
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setImmediate(r));
}

const put = (s: ObjectStore, key: string, signal: AbortSignal) =>
  s.put(
    { bucket: 'b', key, body: Buffer.from('x'), md5: '9dd4e461268c8034f5c8564e155c67a6', headers: {} },
    { signal },
  );

/** How a promise settled, without waiting for it longer than the test does. */
function settle<T>(p: Promise<T>): { state: () => string; error: () => unknown; done: Promise<unknown> } {
  let state = 'pending';
  let error: unknown;
  const done = p.then(
    () => {
      state = 'resolved';
    },
    (err) => {
      state = 'rejected';
      error = err;
    },
  );
  return { state: () => state, error: () => error, done };
}

describe('aborting the signed store', () => {
  it('fails the requests waiting for an answer and those waiting for a socket, and closes the connections', async () => {
    const s = await store(1); // threads × 2 + 4 = 6 sockets: the last two requests queue in the agent
    try {
      const stop = new AbortController();
      const keys = Array.from({ length: 8 }, (_, i) => `k${i}.txt`);
      const puts = keys.map((k) => settle(put(s, k, stop.signal)));
      await until(() => held.length === 6);
      expect(puts.map((p) => p.state())).toEqual(keys.map(() => 'pending'));
      stop.abort();
      await Promise.all(puts.map((p) => p.done));
      for (const p of puts) expect(p.error()).toMatchObject({ name: 'AbortError', code: 'ABORT_ERR' });
      await Promise.all(held.map((h) => h.closed)); // the server sees every connection go
      expect(held.map((h) => h.path).sort()).toEqual(keys.slice(0, 6).map((k) => `/b/${k}`)); // the queued never went
    } finally {
      s.destroy();
    }
  });

  it('breaks off a body mid-stream', async () => {
    const s = await store(2);
    try {
      const stop = new AbortController();
      const obj = await s.get('b', 'stall/big.bin', { signal: stop.signal });
      const chunks: Buffer[] = [];
      const read = settle(
        (async () => {
          for await (const c of obj.body) chunks.push(c as Buffer);
        })(),
      );
      await until(() => chunks.length > 0);
      stop.abort();
      await read.done;
      expect(read.state()).toBe('rejected');
      expect(Buffer.concat(chunks).length).toBe(500);
    } finally {
      s.destroy();
    }
  });

  it('leaves the requests of another signal alone, and fails at once with a signal already aborted', async () => {
    const s = await store(4);
    try {
      const one = new AbortController();
      const other = new AbortController();
      const a = settle(put(s, 'one.txt', one.signal));
      const b = settle(put(s, 'other.txt', other.signal));
      await until(() => held.length === 2);
      one.abort();
      await a.done;
      expect(a.state()).toBe('rejected');
      // The other request is still open, and answered normally.
      const otherReq = held.find((h) => h.path === '/b/other.txt');
      expect(otherReq?.res.destroyed).toBe(false);
      otherReq?.res.writeHead(200, { etag: '"9dd4e461268c8034f5c8564e155c67a6"' }).end();
      await b.done;
      expect(b.state()).toBe('resolved');

      const late = settle(put(s, 'late.txt', one.signal));
      await late.done;
      expect(late.error()).toMatchObject({ name: 'AbortError' });
      expect(held.map((h) => h.path).sort()).toEqual(['/b/one.txt', '/b/other.txt']);
    } finally {
      s.destroy();
    }
  });
});
