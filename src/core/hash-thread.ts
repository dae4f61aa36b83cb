// The whole-file MD5 of a large file on a second thread. A multipart upload (and the compare of a file
// against a multipart object) needs two MD5s over the same bytes: the whole file's (md5chksum) and each
// part's (Content-MD5, the multipart ETag). Both are sequential by nature, so one thread did them one
// after the other; with this one, the main thread hashes the parts while a worker hashes the whole file,
// each reading the file itself (the second read comes from the page cache). Measured on a 128 MiB file:
// see the commit that added this. The worker is started on first use and never keeps the process alive.
//
// Its source is a string evaluated as a CommonJS script, not a file: the bundles (ncc) then need no
// second entry point, and the code is a dozen lines of Node's own APIs.
import { Worker } from 'node:worker_threads';

const SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { createHash } = require('node:crypto');
const buf = Buffer.allocUnsafe(1 << 20);
const tails = new Map();
parentPort.on('message', (m) => {
  if (m.fd !== undefined) return tail(m);
  const { id, path } = m;
  const cancelled = m.cancel && new Int32Array(m.cancel);
  let fd;
  try {
    fd = fs.openSync(typeof path === 'string' ? path : Buffer.from(path), 'r');
    const h = createHash('md5');
    let size = 0;
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) {
      if (cancelled && Atomics.load(cancelled, 0)) return;
      h.update(buf.subarray(0, n));
      size += n;
    }
    parentPort.postMessage({ id, md5: h.digest('hex'), size });
  } catch (e) {
    parentPort.postMessage({ id, error: { message: String((e && e.message) || e), code: e && e.code } });
  } finally {
    if (fd !== undefined) try { fs.closeSync(fd); } catch {}
  }
});
// A file being written: hash its bytes up to m.to, read back from the descriptor; m.end answers.
function tail(m) {
  let t = tails.get(m.id);
  if (!t) tails.set(m.id, (t = { h: createHash('md5'), at: 0, error: undefined }));
  try {
    while (!m.drop && !t.error && t.at < m.to) {
      const n = fs.readSync(m.fd, buf, 0, Math.min(buf.length, m.to - t.at), t.at);
      if (n === 0) throw Object.assign(new Error('the file ended at ' + t.at + ' of ' + m.to + ' bytes'), { code: 'ESHORT' });
      t.h.update(n === buf.length ? buf : buf.subarray(0, n));
      t.at += n;
    }
  } catch (e) {
    t.error = { message: String((e && e.message) || e), code: e && e.code };
  }
  if (!m.end) return;
  tails.delete(m.id);
  if (t.error && !m.drop) parentPort.postMessage({ id: m.id, error: t.error });
  else parentPort.postMessage({ id: m.id, md5: m.drop ? '' : t.h.digest('hex'), size: t.at });
}
`;

interface Pending {
  resolve: (r: { md5: string; size: number }) => void;
  reject: (e: Error) => void;
}

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();

function failAll(err: Error): void {
  for (const p of pending.values()) p.reject(err);
  pending.clear();
  worker = undefined;
}

function start(): Worker {
  const w = new Worker(SOURCE, { eval: true });
  w.unref();
  w.on(
    'message',
    (m: { id: number; md5?: string; size?: number; error?: { message: string; code?: string } }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      if (m.error)
        p.reject(Object.assign(new Error(m.error.message), { code: m.error.code, syscall: 'read' }));
      else p.resolve({ md5: m.md5 as string, size: m.size as number });
    },
  );
  w.on('error', (err) => failAll(err));
  w.on('exit', (code) => failAll(new Error(`the hashing thread stopped (exit code ${code})`)));
  return w;
}

/** MD5 (hex) and length of the file's bytes as read on the hashing thread. */
export function md5OnThread(
  path: string | Buffer,
  signal?: AbortSignal,
): Promise<{ md5: string; size: number }> {
  // A flag the thread reads between chunks: an interrupted run's hash stops there, not at the last byte.
  const cancel = signal ? new SharedArrayBuffer(4) : undefined;
  return ask(nextId++, { path, cancel }, signal);
}

function ask(
  id: number,
  message: { cancel?: SharedArrayBuffer; [field: string]: unknown },
  signal?: AbortSignal,
): Promise<{ md5: string; size: number }> {
  worker ??= start();
  const w = worker;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    // On an interrupt the answer is no longer awaited, and no longer holds the process open.
    const onAbort = () => {
      if (message.cancel) Atomics.store(new Int32Array(message.cancel), 0, 1);
      if (!pending.delete(id)) return;
      if (pending.size === 0) w.unref();
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    pending.set(id, {
      resolve: (r) => {
        done();
        resolve(r);
      },
      reject: (e) => {
        done();
        reject(e);
      },
    });
    // Held while a job runs: the answer must be able to arrive even if nothing else keeps Node alive.
    w.ref();
    w.postMessage({ id, ...message });
  });
}

/** Bytes written since the last hand-over before the next one: fewer, larger reads on the thread. */
const TAIL_STEP = 4 * 1024 * 1024;

/**
 * The MD5 of a file as it is written, computed on the hashing thread from the descriptor (which must be
 * open for reading): a download's body is hashed there instead of on the main thread, which then only
 * receives and writes (measured on 2 files of 128 MiB: see the commit that added this). What is hashed
 * is what reached the file, read back from the page cache.
 *
 * The thread reads the descriptor until `digest` or `drop` answers, so the caller must await one of
 * them before closing it: a descriptor closed under a read could be another file's by then.
 */
export class TailHasher {
  private readonly id = nextId++;
  private handed = 0;
  private ended = false;

  constructor(private readonly fd: number) {}

  /** Bytes [0, to) are in the file. */
  written(to: number): void {
    if (this.ended || to - this.handed < TAIL_STEP) return;
    this.handed = to;
    worker ??= start();
    worker.postMessage({ id: this.id, fd: this.fd, to });
  }

  /** MD5 (hex) and length of bytes [0, size), once the thread has read them. */
  digest(size: number): Promise<{ md5: string; size: number }> {
    this.ended = true;
    return ask(this.id, { fd: this.fd, to: size, end: true });
  }

  /** Stops hashing; resolves once the thread no longer reads the descriptor. */
  async drop(): Promise<void> {
    if (this.ended || this.handed === 0) return;
    this.ended = true;
    await ask(this.id, { fd: this.fd, to: 0, end: true, drop: true }).catch(() => {});
  }
}
