#!/usr/bin/env node
// The benchmark's light S3 server: fauxqs (the project's dev dependency, pinned to 1.9.2), in memory, with
// the load-time patches of bench/fauxqs-hooks.mjs (its header lists the defects they fix). fauxqs spends a
// fraction of s3rver's CPU per request, so on a 2-core machine the figures show what the client costs, as
// against real S3, where the server's CPU is not ours.
//
//   node bench/fauxqs.mjs BUCKET
//
// Listens on 127.0.0.1 and an ephemeral port, path-style, any credentials, and prints one JSON line
// `{"port":N,"pids":[PID]}` on stdout once it accepts connections. Then it answers JSON-line commands on
// stdin, one JSON line each on stdout, for the bench's bookkeeping outside the measured commands:
//   {"op":"stats"}                     → {"requests":N,"rssMiB":N}   requests served so far
//   {"op":"objects","prefix":P}        → {"objects":[[KEY,SIZE,WRITTEN_MS,MD5_HEX],...]}
//                                        keys under P, relative to it, without keys that end in "/"
//                                        (WRITTEN_MS: when it was stored, to the millisecond)
//   {"op":"delete","prefix":P}         → {"deleted":N}
// It stops on SIGTERM, SIGINT or the end of stdin (so it never outlives the bench).
import { createHash } from 'node:crypto';
import { register } from 'node:module';
import readline from 'node:readline';

const [bucket] = process.argv.slice(2);
if (!bucket) {
  process.stderr.write('usage: node bench/fauxqs.mjs BUCKET\n');
  process.exit(2);
}

register('./fauxqs-hooks.mjs', import.meta.url);
// fauxqs is ESM-only with an import-only exports map; its store module sits beside the entry point.
const entry = import.meta.resolve('fauxqs');
const { buildApp } = await import(entry);
const { S3Store } = await import(new URL('./s3/s3Store.js', entry).href);

// buildApp() rather than startFauxqs(): the bench needs the store (to verify what a tool wrote without
// sending requests the measurement would count) and a request counter, and binds to loopback itself.
const store = new S3Store();
store.createBucket(bucket);
if (typeof store.buckets.get(bucket)?.keysInOrder !== 'function') {
  throw new Error('bench/fauxqs.mjs: the listing index of bench/fauxqs-hooks.mjs is not in place');
}
const app = buildApp({ logger: false, stores: { s3Store: store } });
let requests = 0;
app.addHook('onRequest', (_request, _reply, done) => {
  requests++;
  done();
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (address.address !== '127.0.0.1') throw new Error(`bench/fauxqs.mjs: bound to ${address.address}`);

const objectsOf = (prefix) => {
  const out = [];
  for (const [key, obj] of store.buckets.get(bucket)) {
    if (!key.startsWith(prefix) || key.endsWith('/')) continue;
    // A single PUT's ETag is the MD5 of its bytes; a multipart one is not.
    const etag = obj.etag.replaceAll('"', '');
    const md5 = /^[0-9a-f]{32}$/.test(etag) ? etag : createHash('md5').update(obj.body).digest('hex');
    out.push([key.slice(prefix.length), obj.contentLength, obj.writtenMs ?? obj.lastModified.getTime(), md5]);
  }
  return out;
};

const ops = {
  stats: () => ({ requests, rssMiB: process.memoryUsage.rss() / 2 ** 20 }),
  objects: ({ prefix }) => ({ objects: objectsOf(prefix) }),
  delete: ({ prefix }) => {
    const objects = store.buckets.get(bucket);
    let deleted = 0;
    for (const key of [...objects.keys()]) {
      if (key.startsWith(prefix)) deleted += objects.delete(key) ? 1 : 0;
    }
    return { deleted };
  },
};

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let reply;
  try {
    const cmd = JSON.parse(line);
    reply = ops[cmd.op] ? ops[cmd.op](cmd) : { error: `unknown op ${cmd.op}` };
  } catch (err) {
    reply = { error: String(err?.message ?? err) };
  }
  process.stdout.write(`${JSON.stringify(reply)}\n`);
});
process.stdin.on('end', stop);
process.stdout.write(`${JSON.stringify({ port: address.port, pids: [process.pid] })}\n`);
