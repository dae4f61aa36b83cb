// The benchmark's S3 endpoints, each a child process on 127.0.0.1 and an ephemeral port, behind one
// interface for bench/run.mjs:
//   light    fauxqs with the patches of bench/fauxqs-hooks.mjs (bench/fauxqs.mjs), in memory
//   s3rver   s3rver 3.7.1 (bench/s3rver.mjs), its store on tmpfs
//   latency  bench/delay-proxy.mjs in front of the light server, 20 ms a request
// An endpoint offers: endpoint, port, before()/after(b) around a measured command (server CPU, requests),
// objects(prefix) (what is stored, read without S3 requests), deletePrefix(prefix) and stop().
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const CLK_TCK = 100; // Linux's USER_HZ on every architecture Node runs on

/** CPU seconds (user + system) used so far by a process, or null once it is gone. */
export function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime + stime
  } catch {
    return null;
  }
}

const sumCpu = (pids) => {
  let s = 0;
  for (const pid of pids) {
    const c = cpuSeconds(pid);
    if (c === null) return null;
    s += c;
  }
  return s;
};

/**
 * Spawns a server script that prints `{"port":N,"pids":[...]}` as its first stdout line and, if
 * `control`, answers one JSON line per JSON-line command on stdin, in order.
 */
async function spawnServer(argv, name, control) {
  const child = spawn(process.execPath, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout });
  const waiting = [];
  let exited = null;
  const info = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 30 s`)), 30_000);
    lines.once('line', (l) => {
      clearTimeout(timer);
      resolve(JSON.parse(l));
    });
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? sig}) before listening`));
    });
  });
  lines.on('line', (l) => waiting.shift()?.resolve(JSON.parse(l)));
  child.on('exit', (code, sig) => {
    exited = `${name} exited (${code ?? sig})`;
    for (const w of waiting.splice(0)) w.reject(new Error(exited));
  });
  const ask = (cmd) =>
    new Promise((resolve, reject) => {
      if (!control) return reject(new Error(`${name} takes no commands`));
      if (exited) return reject(new Error(exited));
      waiting.push({
        resolve: (r) => (r.error ? reject(new Error(`${name}: ${r.error}`)) : resolve(r)),
        reject,
      });
      child.stdin.write(`${JSON.stringify(cmd)}\n`);
    });
  const pids = [...new Set([child.pid, ...(info.pids ?? [])])];
  return {
    child,
    port: info.port,
    pids,
    ask,
    cpu: () => sumCpu(pids),
    stop() {
      child.stdin.end();
      child.kill('SIGTERM');
    },
  };
}

/** The light server: fauxqs, patched, in memory. */
export async function startLight(bucket) {
  const s = await spawnServer([path.join(BENCH, 'fauxqs.mjs'), bucket], 'fauxqs', true);
  return {
    name: 'light',
    endpoint: `http://127.0.0.1:${s.port}`,
    port: s.port,
    pids: s.pids,
    cpu: s.cpu,
    ask: s.ask,
    async before() {
      return { cpu: s.cpu(), requests: (await s.ask({ op: 'stats' })).requests };
    },
    async after(b) {
      const { requests } = await s.ask({ op: 'stats' });
      const cpu = s.cpu();
      return {
        serverCpu: cpu !== null && b.cpu !== null ? cpu - b.cpu : null,
        requests: requests - b.requests,
      };
    },
    async objects(prefix) {
      const { objects } = await s.ask({ op: 'objects', prefix: `${prefix}/` });
      return new Map(objects.map(([key, size, mtimeMs, md5]) => [key, { size, mtimeMs, md5: () => md5 }]));
    },
    async deletePrefix(prefix) {
      await s.ask({ op: 'delete', prefix: `${prefix}/` });
    },
    async rssMiB() {
      return (await s.ask({ op: 'stats' })).rssMiB;
    },
    stop: s.stop,
  };
}

/** The delay proxy in front of `light`, which stays the store. */
export async function startLatency(light, delayMs) {
  const p = await spawnServer(
    [path.join(BENCH, 'delay-proxy.mjs'), `${light.port}`, `${delayMs}`],
    'delay-proxy',
    true,
  );
  return {
    name: 'latency',
    delayMs,
    endpoint: `http://127.0.0.1:${p.port}`,
    port: p.port,
    pids: p.pids,
    async before() {
      await p.ask({ op: 'stats' }); // starts a new count
      return { cpu: light.cpu(), proxyCpu: p.cpu() };
    },
    async after(b) {
      const st = await p.ask({ op: 'stats' });
      const cpu = light.cpu();
      const proxyCpu = p.cpu();
      return {
        serverCpu: cpu !== null && b.cpu !== null ? cpu - b.cpu : null,
        proxyCpu: proxyCpu !== null && b.proxyCpu !== null ? proxyCpu - b.proxyCpu : null,
        requests: st.requests,
        peak: st.peak,
        busyMs: st.busyMs,
      };
    },
    objects: (prefix) => light.objects(prefix),
    deletePrefix: (prefix) => light.deletePrefix(prefix),
    stop: p.stop,
  };
}

// s3rver keeps object K as the file K._S3rver_object (a directory node `dir/` as dir/._S3rver_object).
const OBJ = '._S3rver_object';

function storeObjects(dir) {
  const out = new Map();
  const walk = (d, rel) => {
    let ents;
    try {
      ents = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of ents) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p, rel ? `${rel}/${e.name}` : e.name);
      else if (e.name.endsWith(OBJ) && e.name.length > OBJ.length) {
        const st = fs.statSync(p);
        let md5 = null;
        out.set((rel ? `${rel}/` : '') + e.name.slice(0, -OBJ.length), {
          size: st.size,
          mtimeMs: st.mtimeMs,
          md5: () => {
            md5 ??= createHash('md5').update(fs.readFileSync(p)).digest('hex');
            return md5;
          },
        });
      }
    }
  };
  walk(dir, '');
  return out;
}

function s3rverDataDir(work) {
  if (process.env.BENCH_SERVER_DIR) {
    // a new directory inside it: the server's directory is deleted at the end
    const parent = path.resolve(process.env.BENCH_SERVER_DIR);
    fs.mkdirSync(parent, { recursive: true });
    return { dir: fs.mkdtempSync(path.join(parent, 'paras3-bench-')), kind: `${parent} (BENCH_SERVER_DIR)` };
  }
  try {
    return { dir: fs.mkdtempSync('/dev/shm/paras3-bench-'), kind: 'tmpfs (/dev/shm)' };
  } catch {
    const dir = path.join(work, 's3data');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    return { dir, kind: 'disk (bench/work/s3data)' };
  }
}

/** s3rver, as the bench always ran it; `workers` > 1 shares the socket between processes. */
export async function startS3rver(bucket, work, workers) {
  const { dir, kind } = s3rverDataDir(work);
  const s = await spawnServer(
    ['--openssl-legacy-provider', path.join(BENCH, 's3rver.mjs'), dir, bucket, `${workers}`],
    's3rver',
    false,
  );
  return {
    name: 's3rver',
    endpoint: `http://127.0.0.1:${s.port}`,
    port: s.port,
    pids: s.pids,
    workers,
    dir,
    kind,
    async before() {
      return { cpu: s.cpu() };
    },
    async after(b) {
      const cpu = s.cpu();
      return { serverCpu: cpu !== null && b.cpu !== null ? cpu - b.cpu : null, requests: null };
    },
    async objects(prefix) {
      return storeObjects(path.join(dir, bucket, prefix));
    },
    async deletePrefix(prefix) {
      fs.rmSync(path.join(dir, bucket, prefix), { recursive: true, force: true });
    },
    stop() {
      s.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
