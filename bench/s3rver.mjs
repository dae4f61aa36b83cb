// Starts s3rver for the benchmark:
//   node --openssl-legacy-provider bench/s3rver.mjs DATA_DIR BUCKET [WORKERS]
// Listens on an ephemeral port on 127.0.0.1, path-style, credentials S3RVER/S3RVER, and prints one JSON line
// `{"port":N,"pids":[...]}` on stdout once every worker accepts connections.
//
// s3rver 3.7.1 encrypts ListObjectsV2 continuation tokens with DES, which Node >= 17 only offers with
// --openssl-legacy-provider: without the flag every truncated listing answers HTTP 500 (cluster workers
// inherit the flag through process.execArgv).
//
// With WORKERS > 1 the workers share the listening socket (node:cluster). That is safe because s3rver's
// filesystem store keeps no state in memory: objects, multipart parts and bucket configs are files, and
// the continuation-token key is a constant. One s3rver process saturates one core long before the
// clients do, so a single worker would make every tool look the same on small files.
import cluster from 'node:cluster';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [directory, bucket, workersArg] = process.argv.slice(2);
if (!directory || !bucket) {
  process.stderr.write('usage: node --openssl-legacy-provider bench/s3rver.mjs DATA_DIR BUCKET [WORKERS]\n');
  process.exit(2);
}
const workers = Math.max(1, Number(workersArg ?? 1));

async function serve() {
  const require = createRequire(import.meta.url);
  // s3rver formats every request line with koa-logger and chalk even when silent (about a tenth of its CPU
  // on small objects): put a no-op middleware in that module's place before s3rver loads it.
  const loggerPath = createRequire(require.resolve('s3rver')).resolve('koa-logger');
  require.cache[loggerPath] = {
    id: loggerPath,
    filename: loggerPath,
    loaded: true,
    exports: () => (_ctx, next) => next(),
  };
  const S3rver = require('s3rver');
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, vhostBuckets: false });
  const { port } = await server.run();
  return { server, port };
}

if (workers === 1) {
  fs.mkdirSync(path.join(directory, bucket), { recursive: true });
  const { server, port } = await serve();
  process.stdout.write(`${JSON.stringify({ port, pids: [process.pid] })}\n`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else if (cluster.isPrimary) {
  fs.mkdirSync(path.join(directory, bucket), { recursive: true });
  const ports = [];
  const pids = [];
  let stopping = false;
  for (let i = 0; i < workers; i++) {
    const w = cluster.fork();
    pids.push(w.process.pid);
    w.on('message', (m) => {
      ports.push(m.port);
      if (ports.length === workers) {
        if (new Set(ports).size !== 1) throw new Error(`workers listen on different ports: ${ports}`);
        process.stdout.write(`${JSON.stringify({ port: ports[0], pids })}\n`);
      }
    });
  }
  cluster.on('exit', (w, code) => {
    if (!stopping) {
      process.stderr.write(`s3rver worker ${w.process.pid} exited with ${code}\n`);
      process.exitCode = 1;
    }
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers)) w.kill('SIGTERM');
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  const { server, port } = await serve();
  process.send({ port });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
