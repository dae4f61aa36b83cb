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
parentPort.on('message', ({ id, path }) => {
  let fd;
  try {
    fd = fs.openSync(typeof path === 'string' ? path : Buffer.from(path), 'r');
    const h = createHash('md5');
    let size = 0;
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) {
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
export function md5OnThread(path: string | Buffer): Promise<{ md5: string; size: number }> {
  worker ??= start();
  const w = worker;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    // Held while a job runs: the answer must be able to arrive even if nothing else keeps Node alive.
    w.ref();
    w.postMessage({ id, path });
  });
}
