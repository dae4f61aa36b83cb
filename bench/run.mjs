#!/usr/bin/env node
// paras3 benchmark: paras3 beside rclone, aws s3 sync, s3cmd and s3-sync-client against one local s3rver,
// on the same deterministic data in the same run. Writes bench/RESULTS.md. See bench/README.md.
//
// Knobs (environment): BENCH_DATASETS=A,B,C  BENCH_TOOLS=paras3,rclone,aws,s3cmd,s3-sync-client
// BENCH_REPS=3  BENCH_BUDGET=20 (minutes; no rep starts that would end past it)  BENCH_LIMITS=1 (0: skip
// md5sum/cat/cp)  BENCH_TIMEOUT=900 (seconds per command)
// BENCH_OUT=bench/RESULTS.md  BENCH_PARAS3_CLI=dist/cli/index.js  BENCH_SERVER_WORKERS=1
// BENCH_SERVER_DIR=... (default: a tmpfs dir under /dev/shm, else bench/work/s3data)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const WORK = path.join(BENCH, 'work');
const BUILT_CLI = path.resolve(process.env.BENCH_PARAS3_CLI ?? path.join(ROOT, 'dist', 'cli', 'index.js'));
// The run uses a copy of the bundle taken at its start, so a rebuild during the run changes nothing.
const CLI = path.join(WORK, 'paras3-cli', path.basename(BUILT_CLI));
const PEER_NODE = path.join(WORK, 'peer-node');
const GNU_TIME = '/usr/bin/time';
const BUCKET = 'bench';
const KEY = 'S3RVER'; // s3rver's fixed access key id and secret
const THREADS = 16;
const KiB = 1024;
const MiB = 1024 * KiB;
const GEN_VERSION = 'paras3-bench-data-1';

const list = (s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const knobs = {
  datasets: list(process.env.BENCH_DATASETS ?? 'A,B,C'),
  tools: list(process.env.BENCH_TOOLS ?? 'paras3,rclone,aws,s3cmd,s3-sync-client'),
  reps: Math.max(1, Number(process.env.BENCH_REPS ?? 3)),
  limits: process.env.BENCH_LIMITS !== '0',
  timeoutS: Number(process.env.BENCH_TIMEOUT ?? 900),
  budgetMin: Number(process.env.BENCH_BUDGET ?? 20),
  out: path.resolve(process.env.BENCH_OUT ?? path.join(BENCH, 'RESULTS.md')),
};

// ---------------------------------------------------------------------------------------------------------
// Deterministic data: xorshift128 seeded from FNV-1a of a name, so every run and machine (little-endian)
// writes the same bytes.

function fnv1a(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function rng(name) {
  let x = fnv1a(name) || 1;
  const next32 = () => {
    // splitmix32, to spread the seed over the four state words
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = next32() | 1;
  let b = next32();
  let c = next32();
  let d = next32();
  return () => {
    let t = d;
    const s = a;
    d = c;
    c = b;
    b = s;
    t ^= t << 11;
    t ^= t >>> 8;
    a = (t ^ s ^ (s >>> 19)) >>> 0;
    return a;
  };
}

function content(name, size) {
  const next = rng(name);
  const words = new Uint32Array(Math.ceil(size / 4));
  for (let i = 0; i < words.length; i++) words[i] = next();
  return Buffer.from(words.buffer, 0, size);
}

const pad = (n, w) => String(n).padStart(w, '0');

function datasetA() {
  const dirs = [];
  for (let t = 0; t < 10; t++) {
    dirs.push(`t${t}`);
    for (let s = 0; s < 19; s++) dirs.push(`t${t}/s${pad(s, 2)}`);
  }
  const sizes = rng('A:sizes');
  const exts = ['txt', 'json', 'html', 'bin', 'csv'];
  const files = [];
  for (let i = 0; i < 5000; i++) {
    files.push({
      rel: `${dirs[i % dirs.length]}/f${pad(i, 4)}.${exts[i % exts.length]}`,
      size: KiB + (sizes() % (7 * KiB + 1)),
    });
  }
  return { files, dirs: dirs.length, changed: files.filter((_, i) => i % 100 === 37) };
}

const DATASETS = {
  A: { title: '5,000 files of 1–8 KiB in 200 dirs', make: datasetA },
  B: {
    title: '100 files of 1 MiB',
    make: () => {
      const files = Array.from({ length: 100 }, (_, i) => ({ rel: `b${pad(i, 3)}.bin`, size: MiB }));
      return { files, dirs: 0, changed: [files[42]] };
    },
  },
  C: {
    title: '2 files of 128 MiB',
    make: () => {
      const files = Array.from({ length: 2 }, (_, i) => ({ rel: `c${i}.bin`, size: 128 * MiB }));
      return { files, dirs: 0, changed: [files[1]] };
    },
  },
};

// The bytes of the files a run changes and restores, both versions, kept so that they are generated once
// (128 MiB takes over a second to generate, and each tool changes and restores it once per rep).
const changedBytes = new Map();

function writeFiles(ds, files, variant) {
  for (const f of files) {
    const p = path.join(ds.dir, f.rel);
    const name = `${ds.name}:${f.rel}:${variant}`;
    fs.mkdirSync(path.dirname(p), { recursive: true });
    if (ds.files === files) {
      fs.writeFileSync(p, content(name, f.size));
      continue;
    }
    if (!changedBytes.has(name)) changedBytes.set(name, content(name, f.size));
    fs.writeFileSync(p, changedBytes.get(name));
  }
}

/** Generates dataset `name` under bench/work/data once; on later runs only resets the files a run changes. */
function prepareDataset(name) {
  const spec = DATASETS[name];
  if (!spec) throw new Error(`unknown dataset ${name} (A, B or C)`);
  const made = spec.make();
  const ds = { name, title: spec.title, dir: path.join(WORK, 'data', name), ...made };
  ds.bytes = ds.files.reduce((n, f) => n + f.size, 0);
  const marker = path.join(WORK, 'data', `${name}.done`);
  const have = fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === GEN_VERSION;
  if (!have) {
    log(`generating dataset ${name}: ${spec.title}`);
    fs.rmSync(ds.dir, { recursive: true, force: true });
    writeFiles(ds, ds.files, 'v0');
    fs.writeFileSync(marker, GEN_VERSION);
  } else {
    writeFiles(ds, ds.changed, 'v0'); // undo a change left by an interrupted run
  }
  return ds;
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

function log(msg) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = path.join(dir || '.', cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {}
  }
  return null;
}

function firstLine(cmd, args, opts = {}) {
  try {
    const out = execFileSync(cmd, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
      ...opts,
    });
    return out.split('\n').find((l) => l.trim()) ?? '';
  } catch {
    return null;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The environment for a tool: the caller's, less every AWS_ / RCLONE_ setting (this machine sets
 * AWS_CA_BUNDLE, which makes rclone refuse a plain-HTTP transport), plus the tool's own. */
function toolEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(AWS_|RCLONE_|S3CMD_)/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

function cpuTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return null;
  }
}
const CLK_TCK = Number(firstLine('getconf', ['CLK_TCK']) || 100);

// ---------------------------------------------------------------------------------------------------------
// The server

function serverDataDir() {
  if (process.env.BENCH_SERVER_DIR) {
    // a new directory inside it: the server's directory is deleted at the end
    const parent = path.resolve(process.env.BENCH_SERVER_DIR);
    fs.mkdirSync(parent, { recursive: true });
    return { dir: fs.mkdtempSync(path.join(parent, 'paras3-bench-')), kind: `${parent} (BENCH_SERVER_DIR)` };
  }
  try {
    const dir = fs.mkdtempSync('/dev/shm/paras3-bench-');
    return { dir, kind: 'tmpfs (/dev/shm)' };
  } catch {
    return { dir: path.join(WORK, 's3data'), kind: 'disk (bench/work/s3data)' };
  }
}

async function startServer() {
  const { dir, kind } = serverDataDir();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const workers = Number(process.env.BENCH_SERVER_WORKERS ?? 1);
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', path.join(BENCH, 's3rver.mjs'), dir, BUCKET, `${workers}`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const info = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) resolve(JSON.parse(buf.split('\n')[0]));
    });
    child.on('exit', (code) => reject(new Error(`s3rver exited with ${code} before listening`)));
    setTimeout(() => reject(new Error('s3rver did not start within 30 s')), 30_000);
  });
  child.stdout.resume();
  const pids = [...new Set([child.pid, ...info.pids])];
  return {
    child,
    port: info.port,
    workers,
    dir,
    kind,
    endpoint: `http://127.0.0.1:${info.port}`,
    /** CPU seconds used so far by the server's processes (primary and workers). */
    cpu() {
      let ticks = 0;
      for (const pid of pids) {
        const t = cpuTicks(pid);
        if (t === null) return null;
        ticks += t;
      }
      return ticks / CLK_TCK;
    },
    stop() {
      child.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The tools: each adapter returns a command line ([file, ...args]); the measurement loop is shared.

function makeTools(server) {
  const { endpoint, port } = server;
  const cfg = path.join(WORK, 'config');
  fs.mkdirSync(cfg, { recursive: true });
  const awsConfig = path.join(cfg, 'aws-config');
  fs.writeFileSync(
    awsConfig,
    [
      '[default]',
      'region = us-east-1',
      's3 =',
      `  max_concurrent_requests = ${THREADS}`,
      '  addressing_style = path',
      '',
    ].join('\n'),
  );
  const s3cmdConfig = path.join(cfg, 's3cmd.cfg');
  fs.writeFileSync(
    s3cmdConfig,
    [
      '[default]',
      `access_key = ${KEY}`,
      `secret_key = ${KEY}`,
      `host_base = 127.0.0.1:${port}`,
      `host_bucket = 127.0.0.1:${port}`, // no %(bucket)s: path-style
      'use_https = False',
      'signature_v2 = False',
      'bucket_location = us-east-1',
      'progress_meter = False',
      '',
    ].join('\n'),
  );
  const rcloneConfig = path.join(cfg, 'rclone.conf');
  fs.writeFileSync(rcloneConfig, '');
  const sdkEnv = {
    AWS_ACCESS_KEY_ID: KEY,
    AWS_SECRET_ACCESS_KEY: KEY,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: awsConfig,
    AWS_SHARED_CREDENTIALS_FILE: path.join(cfg, 'no-credentials'),
  };
  const aws = fs.existsSync('/usr/bin/aws') ? '/usr/bin/aws' : which('aws'); // Debian's awscli first
  const rclone = which('rclone');
  const s3cmd = which('s3cmd');
  const sscPkg = path.join(PEER_NODE, 'node_modules', 's3-sync-client', 'package.json');
  const pkgVersion = (p) => JSON.parse(fs.readFileSync(p, 'utf8')).version;

  // Each tool's sync command from one side to the other; upload and download only swap the sides.
  const paras3 = (from, to) => [process.execPath, CLI, '-r', '--threads', `${THREADS}`, from, to];
  const rcloneFlags = ['--transfers', `${THREADS}`, '--checkers', `${THREADS}`];
  const rcloneSync = (from, to) => [rclone, 'sync', ...rcloneFlags, from, to];
  const awsSync = (from, to) => [
    aws,
    's3',
    'sync',
    '--endpoint-url',
    endpoint,
    '--only-show-errors',
    from,
    to,
  ];
  const s3cmdSync = (from, to) => [s3cmd, '-c', s3cmdConfig, 'sync', '--no-progress', from, to];
  const ssc = (from, to) => [process.execPath, path.join(BENCH, 'peer-s3-sync-client.mjs'), from, to];

  return [
    {
      name: 'paras3',
      missing: () => snapshotParas3(),
      version: () => {
        const v = firstLine(process.execPath, [CLI, '--version']);
        const built = `${path.relative(ROOT, BUILT_CLI)} built ${fs.statSync(CLI).mtime.toISOString().slice(0, 16)}Z`;
        const name = v
          ? v.replace(/^paras3\s*/, '')
          : `${pkgVersion(path.join(ROOT, 'package.json'))} (package.json)`;
        return `paras3 ${name}, ${built}`;
      },
      env: { ...sdkEnv, AWS_ENDPOINT_URL: endpoint },
      // a trailing slash on the source means "its contents"
      upload: (src, bucket, prefix) => paras3(`${src}/`, `${bucket}:${prefix}`),
      download: (bucket, prefix, dest) => paras3(`${bucket}:${prefix}/`, dest),
    },
    {
      name: 'rclone',
      missing: () => (rclone ? null : 'rclone not installed (bench/setup.sh)'),
      version: () => firstLine(rclone, ['version']),
      env: {
        RCLONE_CONFIG: rcloneConfig,
        RCLONE_CONFIG_BENCH_TYPE: 's3',
        RCLONE_CONFIG_BENCH_PROVIDER: 'Other',
        RCLONE_CONFIG_BENCH_ENDPOINT: endpoint,
        RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: KEY,
        RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: KEY,
        RCLONE_CONFIG_BENCH_REGION: 'us-east-1',
        RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE: 'true',
        RCLONE_CONFIG_BENCH_NO_CHECK_BUCKET: 'true',
      },
      upload: (src, bucket, prefix) => rcloneSync(src, `bench:${bucket}/${prefix}`),
      download: (bucket, prefix, dest) => rcloneSync(`bench:${bucket}/${prefix}`, dest),
    },
    {
      name: 'aws',
      missing: () => (aws ? null : 'aws (awscli) not installed (bench/setup.sh)'),
      version: () => firstLine(aws, ['--version'], { env: toolEnv(sdkEnv) }),
      env: sdkEnv,
      upload: (src, bucket, prefix) => awsSync(src, `s3://${bucket}/${prefix}`),
      download: (bucket, prefix, dest) => awsSync(`s3://${bucket}/${prefix}`, dest),
    },
    {
      name: 's3cmd',
      missing: () => (s3cmd ? null : 's3cmd not installed (bench/setup.sh)'),
      version: () => firstLine(s3cmd, ['--version']),
      env: {},
      upload: (src, bucket, prefix) => s3cmdSync(`${src}/`, `s3://${bucket}/${prefix}/`),
      download: (bucket, prefix, dest) => s3cmdSync(`s3://${bucket}/${prefix}/`, `${dest}/`),
    },
    {
      name: 's3-sync-client',
      missing: () =>
        fs.existsSync(sscPkg) ? null : 's3-sync-client not in bench/work/peer-node (bench/setup.sh)',
      version: () => {
        const sdk = pkgVersion(path.join(PEER_NODE, 'node_modules', '@aws-sdk', 'client-s3', 'package.json'));
        return `s3-sync-client ${pkgVersion(sscPkg)} (@aws-sdk/client-s3 ${sdk})`;
      },
      env: { ...sdkEnv, AWS_ENDPOINT_URL: endpoint, BENCH_THREADS: `${THREADS}` },
      upload: (src, bucket, prefix) => ssc(src, `s3://${bucket}/${prefix}`),
      download: (bucket, prefix, dest) => ssc(`s3://${bucket}/${prefix}`, dest),
    },
  ];
}

/** Copies the built paras3 bundle (its whole folder: the bundle and its package.json) into bench/work. */
function snapshotParas3() {
  if (!fs.existsSync(BUILT_CLI)) return `${path.relative(ROOT, BUILT_CLI)} not built (npm run build)`;
  const dir = path.dirname(CLI);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.dirname(BUILT_CLI), dir, { recursive: true, preserveTimestamps: true });
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Measuring one command: wall time here, CPU (user+sys of the whole waited-for tree) and peak RSS (largest
// single process of it) from GNU time, server CPU from /proc.

const haveGnuTime = fs.existsSync(GNU_TIME);

async function measure(argv, env, logName, server) {
  const logDir = path.join(WORK, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${logName}.log`);
  const timeFile = path.join(logDir, `${logName}.time`);
  fs.rmSync(timeFile, { force: true });
  const fd = fs.openSync(logFile, 'w');
  fs.writeSync(fd, `$ ${argv.join(' ')}\n`);
  const full = haveGnuTime ? [GNU_TIME, '-f', '%e %U %S %M', '-o', timeFile, ...argv] : argv;
  const serverBefore = server ? server.cpu() : null;
  const t0 = process.hrtime.bigint();
  const child = spawn(full[0], full.slice(1), {
    env: toolEnv(env),
    stdio: ['ignore', fd, fd],
    detached: true,
    cwd: ROOT,
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }, knobs.timeoutS * 1000);
  const code = await new Promise((resolve) => {
    child.on('error', () => resolve(127));
    child.on('exit', (c, sig) => resolve(c ?? (sig ? 128 : 1)));
  });
  clearTimeout(timer);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.closeSync(fd);
  const serverAfter = server ? server.cpu() : null;
  const r = {
    wall,
    code,
    timedOut,
    user: null,
    sys: null,
    cpu: null,
    rssMiB: null,
    serverCpu: null,
    log: logFile,
  };
  if (serverBefore !== null && serverAfter !== null) r.serverCpu = serverAfter - serverBefore;
  if (haveGnuTime && fs.existsSync(timeFile)) {
    const last = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop();
    const [, user, sys, rss] = last.split(' ').map(Number);
    if (Number.isFinite(user)) Object.assign(r, { user, sys, cpu: user + sys, rssMiB: rss / 1024 });
  }
  return r;
}

function tail(file, n = 3) {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-n).join(' | ').slice(0, 300);
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Verification: the server's files-only view of the prefix must equal the local tree, byte for byte, read
// straight from s3rver's store (key K is the file K._S3rver_object; a directory node `dir/` is
// `dir/._S3rver_object` and is not counted). A download must equal the source under `diff -r`.

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
      if (e.isDirectory()) walk(path.join(d, e.name), rel ? `${rel}/${e.name}` : e.name);
      else if (e.name.endsWith(OBJ) && e.name.length > OBJ.length) {
        const key = (rel ? `${rel}/` : '') + e.name.slice(0, -OBJ.length);
        out.set(key, path.join(d, e.name));
      }
    }
  };
  walk(dir, '');
  return out;
}

/** `trustedMs`: when an earlier check of this prefix that passed began. An object stored before then
 * was compared by it, so only its presence and size are checked again, unless its file changed since. */
function verifyUpload(ds, storeDir, sinceMs, trustedMs = null) {
  const objs = storeObjects(storeDir);
  const changed = new Set(ds.changed.map((f) => f.rel));
  let written = 0;
  let bad = 0;
  let firstBad = '';
  for (const f of ds.files) {
    const p = objs.get(f.rel);
    if (!p) {
      bad++;
      firstBad ||= `missing ${f.rel}`;
      continue;
    }
    const st = fs.statSync(p);
    if (st.mtimeMs >= sinceMs) written++;
    const compare = trustedMs === null || st.mtimeMs >= trustedMs || changed.has(f.rel);
    if (
      st.size !== f.size ||
      (compare && !fs.readFileSync(p).equals(fs.readFileSync(path.join(ds.dir, f.rel))))
    ) {
      bad++;
      firstBad ||= `content of ${f.rel} differs (${st.size} bytes stored)`;
    }
  }
  const names = new Set(ds.files.map((f) => f.rel));
  const stray = [...objs.keys()].filter((k) => !names.has(k));
  if (stray.length) {
    bad += stray.length;
    firstBad ||= `unexpected object ${stray[0]}`;
  }
  return {
    ok: bad === 0,
    written,
    note: bad ? `${objs.size}/${ds.files.length} objects, ${bad} wrong: ${firstBad}` : `${objs.size} objects`,
  };
}

function verifyDownload(ds, dest, sinceMs) {
  const d = spawnSync('diff', ['-r', '-q', ds.dir, dest], { encoding: 'utf8', maxBuffer: 64 * MiB });
  let written = 0;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (fs.statSync(p).ctimeMs >= sinceMs) written++;
    }
  };
  if (fs.existsSync(dest)) walk(dest);
  if (d.status === 0) return { ok: true, written, note: 'diff -r clean' };
  const lines = `${d.stdout}${d.stderr}`.trim().split('\n');
  const first = lines[0].split(`${WORK}/`).join('').slice(0, 160);
  return { ok: false, written, note: `diff -r: ${lines.length} differences, e.g. ${first}` };
}

// ---------------------------------------------------------------------------------------------------------
// The runs

const SCENARIOS = [
  ['upload', 'upload to an empty prefix'],
  ['noop-up', 'no-op re-sync (upload)'],
  ['change-1%', 're-sync after changing 1% of the files'],
  ['download', 'download to an empty directory'],
  ['noop-down', 'no-op download'],
];

const results = []; // {dataset, tool, scenario, rep, ...measure, ok, note, written}
let budgetNote = '';
const loadAtStart = os.loadavg();

function record(row) {
  results.push(row);
  const fmt = (x, d = 2) => (x == null ? '-' : x.toFixed(d));
  log(
    `${row.dataset} ${row.tool.padEnd(14)} ${row.scenario.padEnd(10)} r${row.rep} ` +
      `${row.ok ? 'ok  ' : 'FAIL'} wall ${fmt(row.wall)} s cpu ${fmt(row.cpu)} s rss ${fmt(row.rssMiB, 0)} MiB ` +
      `server ${fmt(row.serverCpu)} s writes ${row.written ?? '-'}  ${row.ok ? '' : row.note}`,
  );
  fs.writeFileSync(path.join(WORK, 'results.json'), JSON.stringify(results, null, 1));
}

async function runTool(ds, tool, rep, server) {
  const prefix = `${ds.name}/${tool.name}/r${rep}`;
  const storeDir = path.join(server.dir, BUCKET, prefix);
  const dest = path.join(WORK, 'dl', `${ds.name}-${tool.name}`);
  fs.rmSync(storeDir, { recursive: true, force: true });
  fs.rmSync(dest, { recursive: true, force: true });
  const base = { dataset: ds.name, tool: tool.name, rep };
  const one = async (scenario, argv, verify) => {
    const since = Date.now() - 5; // coarse file-system timestamps
    const m = await measure(
      argv,
      tool.env,
      `${ds.name}-${tool.name}-${scenario.replace('%', '')}-r${rep}`,
      server,
    );
    let v = verify(since);
    if (m.code !== 0) {
      v = { ...v, ok: false, note: `${m.timedOut ? 'timed out' : `exit ${m.code}`}: ${tail(m.log)}` };
    }
    record({ ...base, scenario, ...m, ...v });
    return m;
  };

  const up = tool.upload(ds.dir, BUCKET, prefix);
  let trusted = null;
  const checkUp = (since) => {
    const at = Date.now() - 5;
    const v = verifyUpload(ds, storeDir, since, trusted);
    trusted = v.ok ? at : null;
    return v;
  };
  await one('upload', up, checkUp);
  const uploadedAt = Date.now();
  await one('noop-up', up, checkUp);
  // The change must look newer than the upload even to a tool that truncates times to whole seconds.
  const gap = 1100 - (Date.now() - uploadedAt);
  if (gap > 0) await sleep(gap);
  writeFiles(ds, ds.changed, 'changed');
  try {
    await one('change-1%', up, checkUp);
    fs.mkdirSync(dest, { recursive: true });
    const down = tool.download(BUCKET, prefix, dest);
    const checkDown = (since) => verifyDownload(ds, dest, since);
    await one('download', down, checkDown);
    await one('noop-down', down, checkDown);
  } finally {
    writeFiles(ds, ds.changed, 'v0');
    fs.rmSync(storeDir, { recursive: true, force: true });
    fs.rmSync(dest, { recursive: true, force: true });
  }
}

// The machine's own limits on the same files: hashing, reading and copying them locally.
const LIMITS = [
  ['md5sum', (src) => ['sh', '-c', 'find . -type f -print0 | xargs -0 md5sum > /dev/null', src]],
  ['cat', (src) => ['sh', '-c', 'find . -type f -print0 | xargs -0 cat > /dev/null', src]],
  ['cp -r', (src, dest) => ['cp', '-r', src, dest]],
];

async function runLimits(ds, rep) {
  const dest = path.join(WORK, 'dl', `${ds.name}-cp`);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  for (const [name, make] of LIMITS) {
    fs.rmSync(dest, { recursive: true, force: true });
    let argv = make(ds.dir, dest);
    if (argv[0] === 'sh') argv = ['sh', '-c', `cd "$1" && ${argv[2]}`, 'sh', argv[3]];
    const since = Date.now() - 5;
    const m = await measure(argv, {}, `${ds.name}-limit-${name.replace(/\W/g, '')}-r${rep}`, null);
    let v = { ok: m.code === 0, note: m.code === 0 ? '' : `exit ${m.code}: ${tail(m.log)}`, written: null };
    if (name === 'cp -r' && v.ok) v = verifyDownload(ds, dest, since);
    record({ dataset: ds.name, tool: name, scenario: 'local', rep, ...m, ...v, serverCpu: null });
  }
  fs.rmSync(dest, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------------------
// The report

function fmtNum(x, digits) {
  if (x == null || !Number.isFinite(x)) return '–';
  return x.toFixed(digits);
}

function summarize(dataset, tool, scenario) {
  const rows = results.filter((r) => r.dataset === dataset && r.tool === tool && r.scenario === scenario);
  const ok = rows.filter((r) => r.ok);
  const pick = (k) => median(ok.map((r) => r[k]).filter((x) => x != null));
  return {
    n: rows.length,
    nOk: ok.length,
    wall: pick('wall'),
    cpu: pick('cpu'),
    rssMiB: pick('rssMiB'),
    serverCpu: pick('serverCpu'),
    written: pick('written'),
    failNote: rows.find((r) => !r.ok)?.note ?? '',
  };
}

const ratio = (a, b) => (a == null || b == null || b === 0 ? '–' : (a / b).toFixed(2));

function machineInfo() {
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown';
  let osName = os.type();
  try {
    osName = /PRETTY_NAME="?([^"\n]+)/.exec(fs.readFileSync('/etc/os-release', 'utf8'))[1];
  } catch {}
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu,
    memGiB: (os.totalmem() / 1024 ** 3).toFixed(1),
    node: process.version,
    os: `${osName}, Linux ${os.release()}`,
  };
}

function report({ tools, versions, skipped, server, datasets, started, finished, s3rverVersion }) {
  const m = machineInfo();
  const L = [];
  const peers = tools.filter((t) => t.name !== 'paras3' && !skipped[t.name]).map((t) => t.name);
  const hasParas3 = tools.some((t) => t.name === 'paras3') && !skipped.paras3;
  L.push('# paras3 benchmark results', '');
  L.push(
    `Written by \`npm run bench\` (bench/run.mjs) on ${started.toISOString().replace('T', ' ').slice(0, 16)} UTC; ` +
      `the run took ${((finished - started) / 60000).toFixed(1)} min. See bench/README.md for what each column means.`,
    '',
  );
  L.push('## Setup', '');
  L.push(`- Machine: ${m.nproc} CPUs (${m.cpu}), ${m.memGiB} GiB RAM, ${m.os}; Node ${m.node}.`);
  L.push(
    `- Server: s3rver ${s3rverVersion} (${server.workers === 1 ? 'one process' : `${server.workers} cluster workers`}, ` +
      `\`node --openssl-legacy-provider\`, request logging off) on 127.0.0.1:ephemeral, ` +
      `path-style; its data directory on ${server.kind}. Client and server share the same ${m.nproc} cores, so ` +
      'wall time includes waiting for a CPU-heavy server: compare client CPU too.',
  );
  L.push(
    '- Data: bench/work/data on local disk, warm in the page cache; downloads go to bench/work/dl on the same disk. ' +
      `Knobs: BENCH_DATASETS=${knobs.datasets.join(',')} BENCH_TOOLS=${knobs.tools.join(',')} BENCH_REPS=${knobs.reps}.`,
  );
  const reps = Math.max(0, ...results.map((r) => r.rep));
  L.push(
    `- Figures are medians of ${reps} run(s) per cell${budgetNote ? ` (${budgetNote})` : ''}; ` +
      'a run counts only if its exit status is 0 and it verified.',
  );
  const la = (l) => l.map((x) => x.toFixed(2)).join(' ');
  L.push(`- Load average (1, 5, 15 min) at start: ${la(loadAtStart)}; at the end: ${la(os.loadavg())}.`);
  L.push('', '| tool | version | command (upload; download swaps the two sides) |', '|---|---|---|');
  const sample = { src: 'SRC', bucket: BUCKET, prefix: 'PREFIX', dest: 'DEST' };
  for (const t of tools) {
    const v = skipped[t.name] ? `**skipped**: ${skipped[t.name]}` : versions[t.name];
    const cmd = skipped[t.name]
      ? ''
      : t
          .upload(sample.src, sample.bucket, sample.prefix)
          .map((a) =>
            a
              .replace(CLI, path.relative(ROOT, BUILT_CLI))
              .replace(process.execPath, 'node')
              .replace(`${ROOT}/`, '')
              .replace(server.endpoint, 'http://127.0.0.1:PORT'),
          )
          .join(' ');
    L.push(`| ${t.name} | ${v} | \`${cmd}\` |`);
  }
  L.push('');
  for (const ds of datasets) {
    L.push(
      `## Dataset ${ds.name}: ${ds.title} (${(ds.bytes / MiB).toFixed(1)} MiB; ${ds.changed.length} changed for "change-1%")`,
      '',
    );
    L.push(
      '| scenario | tool | wall s | client CPU s | peak RSS MiB | server CPU s | writes | paras3 ÷ tool: wall | CPU | RSS | runs ok |',
      '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|',
    );
    for (const [sc] of SCENARIOS) {
      const p = hasParas3 ? summarize(ds.name, 'paras3', sc) : null;
      for (const t of tools) {
        if (skipped[t.name]) continue;
        const s = summarize(ds.name, t.name, sc);
        if (!s.n) continue;
        const status =
          s.nOk === s.n
            ? `${s.nOk}/${s.n}`
            : `**FAILED ${s.n - s.nOk}/${s.n}**: ${s.failNote.replace(/\|/g, '\\|').slice(0, 120)}`;
        const mine = t.name === 'paras3';
        L.push(
          `| ${sc} | ${t.name} | ${fmtNum(s.wall, 2)} | ${fmtNum(s.cpu, 2)} | ${fmtNum(s.rssMiB, 0)} | ${fmtNum(s.serverCpu, 2)} | ` +
            `${s.written ?? '–'} | ${mine || !p ? '' : ratio(p.wall, s.wall)} | ${mine || !p ? '' : ratio(p.cpu, s.cpu)} | ` +
            `${mine || !p ? '' : ratio(p.rssMiB, s.rssMiB)} | ${status} |`,
        );
      }
    }
    if (knobs.limits) {
      L.push('', `Machine limits on dataset ${ds.name} (local only, no server):`, '');
      L.push('| command | wall s | CPU s | peak RSS MiB | MiB/s | runs ok |', '|---|--:|--:|--:|--:|---|');
      for (const [name] of LIMITS) {
        const s = summarize(ds.name, name, 'local');
        if (!s.n) continue;
        const rate = s.wall ? ds.bytes / MiB / s.wall : null;
        L.push(
          `| ${name} | ${fmtNum(s.wall, 2)} | ${fmtNum(s.cpu, 2)} | ${fmtNum(s.rssMiB, 0)} | ${fmtNum(rate, 0)} | ${s.nOk}/${s.n} |`,
        );
      }
    }
    L.push('');
  }
  if (hasParas3 && peers.length) {
    L.push(
      '## Summary: paras3 ÷ peer (wall time; client CPU in brackets). Below 1 means paras3 is faster.',
      '',
    );
    L.push(`| dataset | scenario | ${peers.join(' | ')} |`, `|---|---|${peers.map(() => '--:|').join('')}`);
    for (const ds of datasets) {
      for (const [sc] of SCENARIOS) {
        const p = summarize(ds.name, 'paras3', sc);
        const cells = peers.map((name) => {
          const s = summarize(ds.name, name, sc);
          return `${ratio(p.wall, s.wall)} (${ratio(p.cpu, s.cpu)})`;
        });
        L.push(`| ${ds.name} | ${sc} | ${cells.join(' | ')} |`);
      }
    }
    L.push('');
  }
  return `${L.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  const started = new Date();
  fs.mkdirSync(WORK, { recursive: true });
  fs.rmSync(path.join(WORK, 'logs'), { recursive: true, force: true });
  fs.rmSync(path.join(WORK, 'dl'), { recursive: true, force: true });
  if (!haveGnuTime)
    log(`${GNU_TIME} (GNU time) is missing: client CPU and peak RSS will not be measured (bench/setup.sh)`);
  const require = createRequire(path.join(ROOT, 'package.json'));
  let s3rverVersion;
  try {
    s3rverVersion = require('s3rver/package.json').version;
  } catch {
    throw new Error('node_modules/s3rver is missing: run `npm ci` first');
  }

  const datasets = knobs.datasets.map(prepareDataset);
  const server = await startServer();
  log(
    `s3rver ${s3rverVersion} × ${server.workers} on ${server.endpoint}, data in ${server.dir} (${server.kind})`,
  );
  const stop = () => {
    server.stop();
    process.exit(130);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  try {
    const all = makeTools(server);
    const unknown = knobs.tools.filter((n) => !all.some((t) => t.name === n));
    if (unknown.length)
      throw new Error(`unknown tool(s) ${unknown.join(', ')}: ${all.map((t) => t.name).join(', ')}`);
    const tools = all.filter((t) => knobs.tools.includes(t.name));
    const skipped = {};
    const versions = {};
    for (const t of tools) {
      const why = t.missing();
      if (why) {
        skipped[t.name] = why;
        log(`skipping ${t.name}: ${why}`);
        continue;
      }
      versions[t.name] = t.version() ?? 'unknown version';
      log(`${t.name}: ${versions[t.name]}`);
    }
    const active = tools.filter((t) => !skipped[t.name]);

    // Rep-major: every dataset and tool once, then again, so slow drift on the machine spreads over all.
    let repsDone = 0;
    for (let rep = 1; rep <= knobs.reps; rep++) {
      const repStart = Date.now();
      const elapsedMin = (repStart - started) / 60000;
      const lastRepMin = repsDone ? elapsedMin / repsDone : 0;
      if (rep > 1 && elapsedMin + lastRepMin > knobs.budgetMin) {
        budgetNote = `stopped after ${repsDone} of ${knobs.reps} reps: another would pass BENCH_BUDGET=${knobs.budgetMin} min`;
        log(budgetNote);
        break;
      }
      for (const ds of datasets) {
        if (knobs.limits) await runLimits(ds, rep);
        for (const tool of active) await runTool(ds, tool, rep, server);
      }
      repsDone = rep;
      log(`rep ${rep} took ${((Date.now() - repStart) / 60000).toFixed(1)} min`);
    }
    const finished = new Date();
    const md = report({ tools, versions, skipped, server, datasets, started, finished, s3rverVersion });
    fs.writeFileSync(knobs.out, md);
    log(
      `wrote ${path.relative(process.cwd(), knobs.out)} after ${((finished - started) / 60000).toFixed(1)} min`,
    );
  } finally {
    server.stop();
  }
}

main().catch((err) => {
  log(`error: ${err.stack ?? err}`);
  process.exit(1);
});
