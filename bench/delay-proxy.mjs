#!/usr/bin/env node
// A reverse proxy that holds every request DELAY_MS before passing it on: what a round trip to S3 in
// another region costs (about 20 ms), in front of the local light server.
//
//   node bench/delay-proxy.mjs TARGET_PORT [DELAY_MS=20]
//
// Listens on 127.0.0.1 and an ephemeral port and prints `{"port":N,"pids":[PID]}` on stdout. Each request
// waits DELAY_MS (its body stays unread in the socket meanwhile), then goes to 127.0.0.1:TARGET_PORT over a
// keep-alive pool with no socket limit, and the answer streams back as it comes. A request body is not
// delayed further by its size: bandwidth stays the machine's. New connections cost no extra delay (real
// S3 adds a round trip or two for TCP and TLS; every tool here keeps its connections alive).
//
// It counts for the bench, answering JSON-line commands on stdin with one JSON line on stdout:
//   {"op":"stats"}  → {"requests":N,"peak":N,"busyMs":N}  requests since the last stats, the most in
//                     flight at once, and the summed time requests spent in the proxy (busyMs ÷ wall is
//                     the mean number in flight); each stats starts a new count.
// It stops on SIGTERM, SIGINT or the end of stdin.
import http from 'node:http';
import readline from 'node:readline';

const [targetArg, delayArg = '20'] = process.argv.slice(2);
const target = Number(targetArg);
const delay = Number(delayArg);
if (!Number.isInteger(target) || target <= 0 || !(delay >= 0)) {
  process.stderr.write('usage: node bench/delay-proxy.mjs TARGET_PORT [DELAY_MS]\n');
  process.exit(2);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
// Hop-by-hop headers are the proxy's own business on each side. `expect: 100-continue` is dropped too:
// the proxy has already answered it to the client, and the body follows anyway.
const HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'expect',
]);

let requests = 0;
let inFlight = 0;
let peak = 0;
let busyMs = 0;

const server = http.createServer((req, res) => {
  requests++;
  inFlight++;
  peak = Math.max(peak, inFlight);
  const t0 = performance.now();
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    inFlight--;
    busyMs += performance.now() - t0;
  };
  res.on('close', finish);
  setTimeout(() => {
    const headers = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k)) headers[k] = v;
    // A body without a length (chunked) stays chunked upstream: Node frames it again.
    if (req.headers['transfer-encoding'] && !req.headers['content-length'])
      headers['transfer-encoding'] = 'chunked';
    const up = http.request(
      { host: '127.0.0.1', port: target, method: req.method, path: req.url, headers, agent },
      (upRes) => {
        const back = {};
        for (const [k, v] of Object.entries(upRes.headers)) if (!HOP.has(k)) back[k] = v;
        res.writeHead(upRes.statusCode, upRes.statusMessage, back);
        upRes.pipe(res);
      },
    );
    up.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`delay-proxy: ${err.message}\n`);
    });
    req.pipe(up);
  }, delay);
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port, pids: [process.pid] })}\n`);
});

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let reply;
  try {
    const cmd = JSON.parse(line);
    if (cmd.op !== 'stats') throw new Error(`unknown op ${cmd.op}`);
    reply = { requests, peak, busyMs: Math.round(busyMs) };
    requests = 0;
    peak = inFlight;
    busyMs = 0;
  } catch (err) {
    reply = { error: String(err?.message ?? err) };
  }
  process.stdout.write(`${JSON.stringify(reply)}\n`);
});
const stop = () => {
  server.close();
  agent.destroy();
  process.exit(0);
};
process.stdin.on('end', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
