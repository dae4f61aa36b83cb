#!/usr/bin/env node
// paras3 benchmark: paras3 beside rclone, aws s3 sync, s3cmd and s3-sync-client on the same deterministic
// data in the same run, against a light in-memory server (patched fauxqs), s3rver, and the light server
// behind 20 ms of latency; plus start-up times and 100,000- and 1,000,000-file trees. Writes
// bench/RESULTS.md. Knobs and what each figure means: bench/README.md.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTree, treeDigests } from './make-tree.mjs';
import { startLatency, startLight, startS3rver } from './servers.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const WORK = path.join(BENCH, 'work');
const BUILT_CLI = path.resolve(process.env.BENCH_PARAS3_CLI ?? path.join(ROOT, 'dist', 'cli', 'index.js'));
// The run uses a copy of the bundle taken at its start, so a rebuild during the run changes nothing.
const CLI = path.join(WORK, 'paras3-cli', path.basename(BUILT_CLI));
const PEER_NODE = path.join(WORK, 'peer-node');
const GNU_TIME = '/usr/bin/time';
const BUCKET = 'bench';
const KEY = 'S3RVER'; // s3rver's fixed access key id and secret; fauxqs takes any
const THREADS = 16;
const KiB = 1024;
const MiB = 1024 * KiB;
const GEN_VERSION = 'paras3-bench-data-1';

const env = process.env;
const list = (s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const num = (name, dflt) => {
  const v = env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`${name}=${v} is not a number`);
  return n;
};
const knobs = {
  datasets: list(env.BENCH_DATASETS ?? 'A,B,C'),
  tools: list(env.BENCH_TOOLS ?? 'paras3,rclone,aws,s3cmd,s3-sync-client'),
  s3rverTools: list(env.BENCH_S3RVER_TOOLS ?? 'paras3,rclone'),
  latencyTools: list(env.BENCH_LATENCY_TOOLS ?? 'paras3,rclone'),
  latencyDatasets: list(env.BENCH_LATENCY_DATASETS ?? env.BENCH_DATASETS ?? 'A,B,C'),
  latencyMs: num('BENCH_LATENCY_MS', 20),
  reps: Math.max(1, num('BENCH_REPS', 3)),
  peerReps: Math.max(1, num('BENCH_PEER_REPS', 1)),
  latencyReps: Math.max(1, num('BENCH_LATENCY_REPS', 1)),
  budgetMin: num('BENCH_BUDGET', 30),
  limits: env.BENCH_LIMITS !== '0',
  timeoutS: num('BENCH_TIMEOUT', 900),
  startup: env.BENCH_STARTUP !== '0',
  startupRuns: Math.max(3, num('BENCH_STARTUP_RUNS', 20)),
  scaleFiles: num('BENCH_SCALE_FILES', 100_000),
  scaleTools: list(env.BENCH_SCALE_TOOLS ?? 'paras3,rclone'),
  million: env.BENCH_MILLION === '1',
  millionFiles: num('BENCH_MILLION_FILES', 1_000_000),
  millionTimeoutS: num('BENCH_MILLION_TIMEOUT', 1800),
  checkServer: env.BENCH_CHECK_SERVER !== '0',
  s3rverWorkers: Math.max(1, num('BENCH_SERVER_WORKERS', 1)),
  out: path.resolve(env.BENCH_OUT ?? path.join(BENCH, 'RESULTS.md')),
};
// The two tools the issue's targets compare, measured in every rep; the other peers in BENCH_PEER_REPS.
const CORE_TOOLS = new Set(['paras3', 'rclone']);

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
const md5hex = (buf) => createHash('md5').update(buf).digest('hex');

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

/** Writes `files` of dataset `ds` in `variant` and keeps ds.md5 (what the tree holds now) up to date. */
function writeFiles(ds, files, variant) {
  for (const f of files) {
    const p = path.join(ds.dir, f.rel);
    const name = `${ds.name}:${f.rel}:${variant}`;
    fs.mkdirSync(path.dirname(p), { recursive: true });
    let bytes;
    if (ds.files === files) bytes = content(name, f.size);
    else {
      if (!changedBytes.has(name)) changedBytes.set(name, { bytes: content(name, f.size) });
      const c = changedBytes.get(name);
      c.md5 ??= md5hex(c.bytes);
      bytes = c.bytes;
      ds.md5.set(f.rel, c.md5);
    }
    fs.writeFileSync(p, bytes);
    if (ds.files === files) ds.md5.set(f.rel, md5hex(bytes));
  }
}

/** Generates dataset `name` under bench/work/data once; on later runs only resets the files a run changes. */
function prepareDataset(name) {
  const spec = DATASETS[name];
  if (!spec) throw new Error(`unknown dataset ${name} (A, B or C)`);
  const made = spec.make();
  const ds = { name, title: spec.title, dir: path.join(WORK, 'data', name), md5: new Map(), ...made };
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
    for (const f of ds.files) ds.md5.set(f.rel, md5hex(fs.readFileSync(path.join(ds.dir, f.rel))));
  }
  return ds;
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

function log(msg) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

function which(cmd) {
  for (const dir of (env.PATH ?? '').split(':')) {
    const p = path.join(dir || '.', cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {}
  }
  return null;
}

function output(cmd, args, opts = {}) {
  try {
    return execFileSync(cmd, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
      ...opts,
    });
  } catch {
    return null;
  }
}
const firstLine = (cmd, args, opts) =>
  output(cmd, args, opts)
    ?.split('\n')
    .find((l) => l.trim()) ?? null;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const minutesSince = (t) => (Date.now() - t) / 60000;

/** The environment for a tool: the caller's, less every AWS_ / RCLONE_ setting (this machine sets
 * AWS_CA_BUNDLE, which makes rclone refuse a plain-HTTP transport), plus the tool's own. */
function toolEnv(extra) {
  const out = {};
  for (const [k, v] of Object.entries(env)) if (!/^(AWS_|RCLONE_|S3CMD_)/.test(k)) out[k] = v;
  return { ...out, ...extra };
}

// ---------------------------------------------------------------------------------------------------------
// The tools. detectTools() finds each once; makeTools(target, defaults) gives each tool's command lines
// for one endpoint, at concurrency 16 or (defaults) at the tool's own default.

const pkgVersion = (p) => JSON.parse(fs.readFileSync(p, 'utf8')).version;
const sdkEnv = (cfg) => ({
  AWS_ACCESS_KEY_ID: KEY,
  AWS_SECRET_ACCESS_KEY: KEY,
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: path.join(cfg, 'aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(cfg, 'no-credentials'),
});

function detectTools() {
  const aws = fs.existsSync('/usr/bin/aws') ? '/usr/bin/aws' : which('aws'); // Debian's awscli first
  const rclone = which('rclone');
  const s3cmd = which('s3cmd');
  const sscPkg = path.join(PEER_NODE, 'node_modules', 's3-sync-client', 'package.json');
  const helpDefault = (re, text, dflt) => Number(re.exec(text ?? '')?.[1] ?? dflt);
  return {
    paras3: {
      missing: () => snapshotParas3(),
      version: () => {
        const v = firstLine(process.execPath, [CLI, '--version']);
        const built = `${path.relative(ROOT, BUILT_CLI)} built ${fs.statSync(CLI).mtime.toISOString().slice(0, 16)}Z`;
        const name = v
          ? v.replace(/^paras3\s*/, '')
          : `${pkgVersion(path.join(ROOT, 'package.json'))} (package.json)`;
        return `paras3 ${name}, ${built}`;
      },
      // its --help states the default: "--threads N  parallel transfers (default 16; ...)"
      defaultConcurrency: () => {
        const n = helpDefault(
          /--threads N\s+parallel transfers \(default (\d+)/,
          output(process.execPath, [CLI, '--help']),
          16,
        );
        return { n, note: `--threads ${n}` };
      },
    },
    rclone: {
      path: rclone,
      missing: () => (rclone ? null : 'rclone not installed (bench/setup.sh)'),
      version: () => firstLine(rclone, ['version']),
      defaultConcurrency: () => {
        const help = output(rclone, ['help', 'flags']);
        const t = helpDefault(/--transfers int .*\(default (\d+)\)/, help, 4);
        const c = helpDefault(/--checkers int .*\(default (\d+)\)/, help, 8);
        return { n: t + c, note: `--transfers ${t} + --checkers ${c}` };
      },
    },
    aws: {
      path: aws,
      missing: () => (aws ? null : 'aws (awscli) not installed (bench/setup.sh)'),
      version: () => firstLine(aws, ['--version'], { env: toolEnv(sdkEnv(path.join(WORK, 'config'))) }),
      defaultConcurrency: () => ({ n: 10, note: 'max_concurrent_requests 10' }), // awscli's documented default
    },
    s3cmd: {
      path: s3cmd,
      missing: () => (s3cmd ? null : 's3cmd not installed (bench/setup.sh)'),
      version: () => firstLine(s3cmd, ['--version']),
      defaultConcurrency: () => ({ n: 1, note: 'one file at a time' }),
    },
    's3-sync-client': {
      missing: () =>
        fs.existsSync(sscPkg) ? null : 's3-sync-client not in bench/work/peer-node (bench/setup.sh)',
      version: () => {
        const sdk = pkgVersion(path.join(PEER_NODE, 'node_modules', '@aws-sdk', 'client-s3', 'package.json'));
        return `s3-sync-client ${pkgVersion(sscPkg)} (@aws-sdk/client-s3 ${sdk})`;
      },
      defaultConcurrency: () => {
        const constants = path.join(path.dirname(sscPkg), 'dist', 'commands', 'constants.js');
        const text = fs.existsSync(constants) ? fs.readFileSync(constants, 'utf8') : '';
        const n = helpDefault(/DEFAULT_MAX_CONCURRENT_TRANSFERS = (\d+)/, text, 10);
        return { n, note: `maxConcurrentTransfers ${n}` };
      },
    },
  };
}

function makeTools(target, defaults, found) {
  const { endpoint, port } = target;
  const cfg = path.join(WORK, 'config', defaults ? `${target.name}-defaults` : target.name);
  fs.mkdirSync(cfg, { recursive: true });
  fs.writeFileSync(
    path.join(cfg, 'aws-config'),
    [
      '[default]',
      'region = us-east-1',
      's3 =',
      ...(defaults ? [] : [`  max_concurrent_requests = ${THREADS}`]),
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
  const sdk = sdkEnv(cfg);
  const threads = defaults ? [] : ['--threads', `${THREADS}`];
  const paras3 = (...args) => [process.execPath, CLI, '-r', ...threads, ...args];
  const rcloneFlags = defaults ? [] : ['--transfers', `${THREADS}`, '--checkers', `${THREADS}`];
  const rclone = (...args) => [found.rclone.path, 'sync', ...rcloneFlags, ...args];
  const aws = (from, to) => [
    found.aws.path,
    's3',
    'sync',
    '--endpoint-url',
    endpoint,
    '--only-show-errors',
    from,
    to,
  ];
  const s3cmd = (from, to) => [found.s3cmd.path, '-c', s3cmdConfig, 'sync', '--no-progress', from, to];
  const ssc = (from, to) => [process.execPath, path.join(BENCH, 'peer-s3-sync-client.mjs'), from, to];

  // Each tool's sync from one side to the other; upload and download only swap the sides. `dryrun` is
  // the upload with the tool's dry-run flag (the scale scenarios time it for paras3 and rclone).
  return [
    {
      name: 'paras3',
      env: { ...sdk, AWS_ENDPOINT_URL: endpoint },
      // a trailing slash on the source means "its contents"
      upload: (src, prefix) => paras3(`${src}/`, `${BUCKET}:${prefix}`),
      download: (prefix, dest) => paras3(`${BUCKET}:${prefix}/`, dest),
      dryrun: (src, prefix) => paras3('--dryrun', `${src}/`, `${BUCKET}:${prefix}`),
    },
    {
      name: 'rclone',
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
      upload: (src, prefix) => rclone(src, `bench:${BUCKET}/${prefix}`),
      download: (prefix, dest) => rclone(`bench:${BUCKET}/${prefix}`, dest),
      dryrun: (src, prefix) => rclone('--dry-run', src, `bench:${BUCKET}/${prefix}`),
    },
    {
      name: 'aws',
      env: sdk,
      upload: (src, prefix) => aws(src, `s3://${BUCKET}/${prefix}`),
      download: (prefix, dest) => aws(`s3://${BUCKET}/${prefix}`, dest),
    },
    {
      name: 's3cmd',
      env: {},
      upload: (src, prefix) => s3cmd(`${src}/`, `s3://${BUCKET}/${prefix}/`),
      download: (prefix, dest) => s3cmd(`s3://${BUCKET}/${prefix}/`, `${dest}/`),
    },
    {
      name: 's3-sync-client',
      env: { ...sdk, AWS_ENDPOINT_URL: endpoint, ...(defaults ? {} : { BENCH_THREADS: `${THREADS}` }) },
      upload: (src, prefix) => ssc(src, `s3://${BUCKET}/${prefix}`),
      download: (prefix, dest) => ssc(`s3://${BUCKET}/${prefix}`, dest),
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
// Measuring one command: wall time here; CPU (user + system of the whole waited-for tree) and peak RSS
// (largest single process of it) from GNU time; server CPU (and requests, where the endpoint counts them)
// from the endpoint's before()/after(), read just outside the command.

const haveGnuTime = fs.existsSync(GNU_TIME);

async function measure(argv, toolEnvExtra, logName, target, timeoutS = knobs.timeoutS) {
  const logDir = path.join(WORK, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${logName}.log`);
  const timeFile = path.join(logDir, `${logName}.time`);
  fs.rmSync(timeFile, { force: true });
  const fd = fs.openSync(logFile, 'w');
  fs.writeSync(fd, `$ ${argv.join(' ')}\n`);
  const full = haveGnuTime ? [GNU_TIME, '-f', '%e %U %S %M', '-o', timeFile, ...argv] : argv;
  const before = target ? await target.before() : null;
  const t0 = process.hrtime.bigint();
  const child = spawn(full[0], full.slice(1), {
    env: toolEnv(toolEnvExtra),
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
  }, timeoutS * 1000);
  const code = await new Promise((resolve) => {
    child.on('error', () => resolve(127));
    child.on('exit', (c, sig) => resolve(c ?? (sig ? 128 : 1)));
  });
  clearTimeout(timer);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.closeSync(fd);
  const r = {
    wall,
    code,
    timedOut,
    cpu: null,
    rssMiB: null,
    serverCpu: null,
    log: logFile,
    ...(target ? await target.after(before) : {}),
  };
  if (haveGnuTime && fs.existsSync(timeFile)) {
    const last = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop();
    const [, user, sys, rss] = last.split(' ').map(Number);
    if (Number.isFinite(user)) Object.assign(r, { cpu: user + sys, rssMiB: rss / 1024 });
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
// Verification. An upload must leave exactly the tree's files under the prefix, byte for byte (by MD5),
// as the endpoint's store holds them, not counting keys that end in "/" (paras3 also writes a zero-byte
// node `dir/` for each directory, the other tools do not). A download must equal the source under diff -r.

/** `trustedMs`: when an earlier check of this prefix that passed began. An object stored before then
 * was compared by it, so only its presence and size are checked again, unless its file changed since
 * (this spares re-reading s3rver's store; the light server's MD5s cost nothing). */
function verifyUpload(ds, objs, sinceMs, trustedMs = null) {
  const changed = new Set(ds.changed.map((f) => f.rel));
  let written = 0;
  let bad = 0;
  let firstBad = '';
  for (const f of ds.files) {
    const o = objs.get(f.rel);
    if (!o) {
      bad++;
      firstBad ||= `missing ${f.rel}`;
      continue;
    }
    if (o.mtimeMs >= sinceMs) written++;
    const compare = trustedMs === null || o.mtimeMs >= trustedMs || changed.has(f.rel);
    if (o.size !== f.size || (compare && o.md5() !== ds.md5.get(f.rel))) {
      bad++;
      firstBad ||= `content of ${f.rel} differs (${o.size} bytes stored)`;
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

function verifyDownload(srcDir, dest, sinceMs) {
  const d = spawnSync('diff', ['-r', '-q', srcDir, dest], { encoding: 'utf8', maxBuffer: 64 * MiB });
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
// Results

const results = []; // one row per command run: { family, target, dataset, tool, scenario, rep, ...measure }
const fmt = (x, d = 2) => (x == null || !Number.isFinite(x) ? '–' : x.toFixed(d));

function record(row) {
  results.push(row);
  log(
    `${row.family}/${row.target ?? '-'} ${row.dataset} ${row.tool.padEnd(14)} ${row.scenario.padEnd(10)} r${row.rep} ` +
      `${row.ok ? 'ok  ' : 'FAIL'} wall ${fmt(row.wall)} s cpu ${fmt(row.cpu)} s rss ${fmt(row.rssMiB, 0)} MiB ` +
      `server ${fmt(row.serverCpu)} s req ${row.requests ?? '-'} writes ${row.written ?? '-'}  ${row.ok ? '' : row.note}`,
  );
  fs.writeFileSync(path.join(WORK, 'results.json'), JSON.stringify(results, null, 1));
}

/** Medians over the runs of one cell that exited 0 and verified. */
function summarize(filter) {
  const rows = results.filter((r) => Object.entries(filter).every(([k, v]) => r[k] === v));
  const ok = rows.filter((r) => r.ok);
  const pick = (k) => median(ok.map((r) => r[k]).filter((x) => x != null && Number.isFinite(x)));
  const s = { n: rows.length, nOk: ok.length, failNote: rows.find((r) => !r.ok)?.note ?? '' };
  for (const k of ['wall', 'cpu', 'rssMiB', 'serverCpu', 'proxyCpu', 'requests', 'peak', 'busyMs', 'written'])
    s[k] = pick(k);
  // (client + server CPU) ÷ wall per run, then the median: how many cores the pair kept busy
  s.par = median(
    ok.filter((r) => r.cpu != null && r.serverCpu != null).map((r) => (r.cpu + r.serverCpu) / r.wall),
  );
  return s;
}

const ratio = (a, b) => (a == null || b == null || b === 0 ? '–' : (a / b).toFixed(2));
const status = (s) =>
  s.nOk === s.n
    ? `${s.nOk}/${s.n}`
    : `**FAILED ${s.n - s.nOk}/${s.n}**: ${s.failNote.replace(/\|/g, '\\|').replace(/\n/g, ' ').slice(0, 140)}`;

// ---------------------------------------------------------------------------------------------------------
// Family "sync": datasets A, B, C × upload, no-op, change-1%, download, no-op download, per tool, on each
// endpoint. Repeated (rep-major: every dataset, endpoint and tool once, then again) while the budget allows.

const SCENARIOS = [
  ['upload', 'upload to an empty prefix'],
  ['noop-up', 'no-op re-sync (upload)'],
  ['change-1%', 're-sync after changing 1% of the files'],
  ['download', 'download to an empty directory'],
  ['noop-down', 'no-op download'],
];

async function runSyncCell(target, ds, tool, rep) {
  const prefix = `${target.name}/${ds.name}/${tool.name}/r${rep}`;
  const dest = path.join(WORK, 'dl', `${target.name}-${ds.name}-${tool.name}`);
  await target.deletePrefix(prefix);
  fs.rmSync(dest, { recursive: true, force: true });
  const base = { family: 'sync', target: target.name, dataset: ds.name, tool: tool.name, rep };
  const one = async (scenario, argv, verify) => {
    const since = Date.now() - 5; // coarse file-system timestamps
    const logName = `${target.name}-${ds.name}-${tool.name}-${scenario.replace('%', '')}-r${rep}`;
    const m = await measure(argv, tool.env, logName, target);
    let v = await verify(since);
    if (m.code !== 0) {
      v = { ...v, ok: false, note: `${m.timedOut ? 'timed out' : `exit ${m.code}`}: ${tail(m.log)}` };
    }
    record({ ...base, scenario, ...m, ...v, concurrency: tool.concurrency });
  };

  const up = tool.upload(ds.dir, prefix);
  let trusted = null;
  const checkUp = async (since) => {
    const at = Date.now() - 5;
    const v = verifyUpload(ds, await target.objects(prefix), since, trusted);
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
    const down = tool.download(prefix, dest);
    const checkDown = async (since) => verifyDownload(ds.dir, dest, since);
    await one('download', down, checkDown);
    await one('noop-down', down, checkDown);
  } finally {
    writeFiles(ds, ds.changed, 'v0');
    await target.deletePrefix(prefix);
    fs.rmSync(dest, { recursive: true, force: true });
  }
}

// The machine's own limits on the same files: hashing, reading and copying them locally.
const LIMITS = [
  [
    'md5sum',
    (src) => ['sh', '-c', 'cd "$1" && find . -type f -print0 | xargs -0 md5sum > /dev/null', 'sh', src],
  ],
  ['cat', (src) => ['sh', '-c', 'cd "$1" && find . -type f -print0 | xargs -0 cat > /dev/null', 'sh', src]],
  ['cp -r', (src, dest) => ['cp', '-r', src, dest]],
];

async function runLimits(ds, rep) {
  const dest = path.join(WORK, 'dl', `${ds.name}-cp`);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  for (const [name, make] of LIMITS) {
    fs.rmSync(dest, { recursive: true, force: true });
    const since = Date.now() - 5;
    const m = await measure(
      make(ds.dir, dest),
      {},
      `${ds.name}-limit-${name.replace(/\W/g, '')}-r${rep}`,
      null,
    );
    let v = { ok: m.code === 0, note: m.code === 0 ? '' : `exit ${m.code}: ${tail(m.log)}`, written: null };
    if (name === 'cp -r' && v.ok) v = verifyDownload(ds.dir, dest, since);
    record({
      family: 'limits',
      target: null,
      dataset: ds.name,
      tool: name,
      scenario: 'local',
      rep,
      ...m,
      ...v,
    });
  }
  fs.rmSync(dest, { recursive: true, force: true });
}

const syncFamily = {
  name: 'sync',
  enabled: () => knobs.datasets.length > 0,
  reps: () => knobs.reps,
  /** The cells of rep `rep`: [key, run()]. */
  cells(ctx, rep) {
    const out = [];
    for (const ds of ctx.datasets) {
      if (knobs.limits) out.push([`limits ${ds.name}`, () => runLimits(ds, rep)]);
      for (const t of ctx.targets) {
        if (rep > t.reps || !t.datasets.includes(ds.name)) continue;
        for (const tool of t.tools) {
          if (rep > (CORE_TOOLS.has(tool.name) ? knobs.reps : knobs.peerReps)) continue;
          out.push([
            `${t.endpoint.name} ${ds.name} ${tool.name}`,
            () => runSyncCell(t.endpoint, ds, tool, rep),
          ]);
        }
      }
    }
    return out;
  },
  async rep(ctx, rep) {
    ctx.cellMinutes ??= new Map();
    for (const [key, run] of this.cells(ctx, rep)) {
      const t0 = Date.now();
      await run();
      ctx.cellMinutes.set(key, minutesSince(t0));
    }
  },
  /** Minutes rep `rep` will take: its cells took that long last time. */
  estimate(ctx, rep) {
    return this.cells(ctx, rep).reduce((m, [key]) => m + (ctx.cellMinutes?.get(key) ?? 0), 0);
  },
  report(ctx) {
    const L = [];
    const light = ctx.targets.find((t) => t.endpoint.name === 'light');
    const names = ctx.targets.map((t) => t.endpoint.name);
    const label = { light: 'light', s3rver: 's3rver', latency: `latency ${knobs.latencyMs} ms` };
    const core = ['paras3', 'rclone'].every((n) =>
      ctx.targets.some((t) => t.tools.some((x) => x.name === n)),
    );
    if (core) {
      L.push(
        '## paras3 ÷ rclone',
        '',
        'Wall time, client CPU in brackets; below 1 means paras3 is faster. Medians of the same run, so the ' +
          "machine's noise largely cancels. Light server first; s3rver (7–8× the light server's CPU per " +
          `request, on the same 2 cores) and the light server behind ${knobs.latencyMs} ms a request (each tool ` +
          'at its default concurrency) beside it.',
        '',
        `| dataset | scenario | ${names.map((n) => label[n]).join(' | ')} |`,
        `|---|---|${names.map(() => '--:|').join('')}`,
      );
      for (const ds of ctx.datasets) {
        for (const [sc] of SCENARIOS) {
          const cells = names.map((target) => {
            const p = summarize({ family: 'sync', target, dataset: ds.name, tool: 'paras3', scenario: sc });
            const r = summarize({ family: 'sync', target, dataset: ds.name, tool: 'rclone', scenario: sc });
            if (!p.n || !r.n) return '';
            const bad = p.nOk < p.n || r.nOk < r.n ? ' (failed runs: see below)' : '';
            return `${ratio(p.wall, r.wall)} (${ratio(p.cpu, r.cpu)})${bad}`;
          });
          L.push(`| ${ds.name} | ${sc} | ${cells.join(' | ')} |`);
        }
      }
      L.push('');
    }
    if (light) {
      const tools = light.tools.map((t) => t.name);
      L.push(
        '## (client CPU + server CPU) ÷ wall, light server',
        '',
        'How many of the 2 cores the tool and the server kept busy together: 1.0 is one core.',
        '',
        `| dataset | scenario | ${tools.join(' | ')} |`,
        `|---|---|${tools.map(() => '--:|').join('')}`,
      );
      for (const ds of ctx.datasets)
        for (const [sc] of SCENARIOS) {
          const cells = tools.map((tool) =>
            fmt(summarize({ family: 'sync', target: 'light', dataset: ds.name, tool, scenario: sc }).par),
          );
          L.push(`| ${ds.name} | ${sc} | ${cells.join(' | ')} |`);
        }
      L.push(
        '',
        '## Peak RSS of the client, MiB, light server',
        '',
        `| dataset | scenario | ${tools.join(' | ')} |`,
        `|---|---|${tools.map(() => '--:|').join('')}`,
      );
      for (const ds of ctx.datasets)
        for (const [sc] of SCENARIOS) {
          const cells = tools.map((tool) =>
            fmt(
              summarize({ family: 'sync', target: 'light', dataset: ds.name, tool, scenario: sc }).rssMiB,
              0,
            ),
          );
          L.push(`| ${ds.name} | ${sc} | ${cells.join(' | ')} |`);
        }
      L.push('');
    }
    const lat = ctx.targets.find((t) => t.endpoint.name === 'latency');
    if (lat) {
      L.push(
        `## Latency: ${knobs.latencyMs} ms a request`,
        '',
        `Light server behind bench/delay-proxy.mjs, which holds each request ${knobs.latencyMs} ms; each tool at its ` +
          'default concurrency. Floor = requests ÷ concurrency × delay: the time those requests take at that ' +
          'concurrency if nothing else costs anything. "In flight" is measured at the proxy: mean (summed ' +
          'request time ÷ wall) and peak. "Without the delay": the same cell on the light server directly, at ' +
          '16 transfers (paras3: its default too), i.e. what the command costs besides waiting.',
        '',
        '| dataset | scenario | tool | wall s | requests | concurrency | floor s | wall ÷ floor | in flight: mean | peak | client CPU s | without the delay: wall s | runs ok |',
        '|---|---|---|--:|--:|---|--:|--:|--:|--:|--:|--:|---|',
      );
      for (const ds of ctx.datasets) {
        if (!lat.datasets.includes(ds.name)) continue;
        for (const [sc] of SCENARIOS)
          for (const tool of lat.tools) {
            const s = summarize({
              family: 'sync',
              target: 'latency',
              dataset: ds.name,
              tool: tool.name,
              scenario: sc,
            });
            if (!s.n) continue;
            const floor =
              s.requests != null ? (s.requests / tool.concurrency.n) * (knobs.latencyMs / 1000) : null;
            const mean = s.busyMs != null && s.wall ? s.busyMs / 1000 / s.wall : null;
            const direct = summarize({
              family: 'sync',
              target: 'light',
              dataset: ds.name,
              tool: tool.name,
              scenario: sc,
            });
            L.push(
              `| ${ds.name} | ${sc} | ${tool.name} | ${fmt(s.wall)} | ${fmt(s.requests, 0)} | ${tool.concurrency.n} (${tool.concurrency.note}) | ` +
                `${fmt(floor)} | ${ratio(s.wall, floor)} | ${fmt(mean, 1)} | ${fmt(s.peak, 0)} | ${fmt(s.cpu)} | ${fmt(direct.wall)} | ${status(s)} |`,
            );
          }
      }
      L.push('');
    }
    return L;
  },
  details(ctx) {
    const L = [];
    for (const ds of ctx.datasets) {
      L.push(
        `## Dataset ${ds.name}: ${ds.title} (${(ds.bytes / MiB).toFixed(1)} MiB; ${ds.changed.length} changed for "change-1%")`,
        '',
      );
      for (const t of ctx.targets) {
        if (!t.datasets.includes(ds.name)) continue;
        const name = t.endpoint.name;
        L.push(
          `${t.title}:`,
          '',
          '| scenario | tool | wall s | client CPU s | server CPU s | (client + server) ÷ wall | peak RSS MiB | requests | writes | paras3 ÷ tool: wall | CPU | RSS | runs ok |',
          '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|',
        );
        for (const [sc] of SCENARIOS) {
          const p = summarize({
            family: 'sync',
            target: name,
            dataset: ds.name,
            tool: 'paras3',
            scenario: sc,
          });
          for (const tool of t.tools) {
            const s = summarize({
              family: 'sync',
              target: name,
              dataset: ds.name,
              tool: tool.name,
              scenario: sc,
            });
            if (!s.n) continue;
            const vs = tool.name === 'paras3' || !p.n;
            L.push(
              `| ${sc} | ${tool.name} | ${fmt(s.wall)} | ${fmt(s.cpu)} | ${fmt(s.serverCpu)} | ${fmt(s.par)} | ${fmt(s.rssMiB, 0)} | ` +
                `${fmt(s.requests, 0)} | ${s.written ?? '–'} | ${vs ? '' : ratio(p.wall, s.wall)} | ${vs ? '' : ratio(p.cpu, s.cpu)} | ` +
                `${vs ? '' : ratio(p.rssMiB, s.rssMiB)} | ${status(s)} |`,
            );
          }
        }
        L.push('');
      }
      if (knobs.limits) {
        L.push(`Machine limits on dataset ${ds.name} (local only, no server):`, '');
        L.push('| command | wall s | CPU s | peak RSS MiB | MiB/s | runs ok |', '|---|--:|--:|--:|--:|---|');
        for (const [name] of LIMITS) {
          const s = summarize({ family: 'limits', dataset: ds.name, tool: name });
          if (!s.n) continue;
          const rate = s.wall ? ds.bytes / MiB / s.wall : null;
          L.push(
            `| ${name} | ${fmt(s.wall)} | ${fmt(s.cpu)} | ${fmt(s.rssMiB, 0)} | ${fmt(rate, 0)} | ${status(s)} |`,
          );
        }
        L.push('');
      }
    }
    return L;
  },
};

// ---------------------------------------------------------------------------------------------------------
// Family "startup": `paras3 --version` and a no-op sync of 10 files against the light server, on the
// bench's Node and on Node 24 (the Actions runtime), timed by hyperfine (a loop and the median without it).

function node24Path() {
  if (env.BENCH_NODE24) return env.BENCH_NODE24;
  const p = output('npx', ['-y', '-p', 'node@24', 'node', '-p', 'process.execPath'], { timeout: 180_000 });
  return p?.trim() || null;
}

const shellQuote = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);

async function timeLoop(argv, toolEnvExtra, runs) {
  const times = [];
  for (let i = 0; i < runs + 3; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(argv[0], argv.slice(1), { env: toolEnv(toolEnvExtra), stdio: 'ignore' });
    if (r.status !== 0) return { error: `exit ${r.status ?? r.signal}` };
    if (i >= 3) times.push(Number(process.hrtime.bigint() - t0) / 1e9); // the first three warm up
  }
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const sd = Math.sqrt(times.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, times.length - 1));
  return { median: median(times), mean, stddev: sd, min: Math.min(...times), runs: times.length };
}

/**
 * A 10-file tree uploaded by paras3 to the light server, and one no-op sync of it under GNU time, whose
 * peak RSS is paras3's fixed base (the scale figures are per file above it). Made once per run.
 */
async function tenFiles(ctx) {
  if (ctx.tenFiles !== undefined) return ctx.tenFiles;
  ctx.tenFiles = null;
  const light = ctx.light;
  const tool = makeTools(light, false, ctx.found).find((t) => t.name === 'paras3');
  const dir = path.join(WORK, 'data', 'startup10');
  fs.rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < 10; i++) {
    fs.mkdirSync(path.join(dir, `d${i % 3}`), { recursive: true });
    fs.writeFileSync(path.join(dir, `d${i % 3}`, `f${i}.txt`), `startup file ${i}\n`);
  }
  const prefix = 'startup/ten';
  await light.deletePrefix(prefix);
  const noop = ['-r', `${dir}/`, `${BUCKET}:${prefix}`];
  const base = { family: 'startup', target: 'light', dataset: '10 files', tool: 'paras3', rep: 1 };
  const prime = await measure([process.execPath, CLI, ...noop], tool.env, 'startup-upload', light);
  if (prime.code !== 0) {
    record({
      ...base,
      scenario: 'upload',
      ...prime,
      ok: false,
      note: `exit ${prime.code}: ${tail(prime.log)}`,
    });
    return null;
  }
  const m = await measure([process.execPath, CLI, ...noop], tool.env, 'startup-noop', light);
  record({ ...base, scenario: 'no-op (GNU time)', ...m, ok: m.code === 0, note: tail(m.log) });
  ctx.rssBase = m.code === 0 ? m.rssMiB : null;
  ctx.tenFiles = { tool, noop, prefix, base };
  return ctx.tenFiles;
}

const startupFamily = {
  name: 'startup',
  enabled: () => knobs.startup && knobs.tools.includes('paras3'),
  async once(ctx) {
    if (ctx.skipped.paras3) return;
    const ten = await tenFiles(ctx);
    if (!ten) return;
    const { tool, noop, prefix, base } = ten;
    const light = ctx.light;

    const nodes = [[process.version, process.execPath]];
    const n24 = node24Path();
    const v24 = n24 ? firstLine(n24, ['--version']) : null;
    if (v24?.startsWith('v24.')) nodes.push([v24, n24]);
    else ctx.startupNote = `Node 24 not found (npx -y -p node@24, or BENCH_NODE24): ${n24 ?? 'npx failed'}`;
    const cmds = [];
    for (const [version, bin] of nodes) {
      cmds.push({ node: version, scenario: '--version', argv: [bin, CLI, '--version'] });
      cmds.push({ node: version, scenario: 'no-op sync, 10 files', argv: [bin, CLI, ...noop] });
    }
    const hyperfine = which('hyperfine');
    ctx.startupTool = hyperfine
      ? `hyperfine -N, 3 warm-up runs and ${knobs.startupRuns} timed runs each`
      : `hyperfine not installed: a loop of 3 warm-up and ${knobs.startupRuns} timed runs each`;
    if (hyperfine) {
      const json = path.join(WORK, 'logs', 'startup-hyperfine.json');
      const r = spawnSync(
        hyperfine,
        [
          '-N',
          '--style',
          'none',
          '--warmup',
          '3',
          '--runs',
          `${knobs.startupRuns}`,
          '--export-json',
          json,
          ...cmds.map((c) => c.argv.map(shellQuote).join(' ')),
        ],
        { env: toolEnv(tool.env), encoding: 'utf8', cwd: ROOT, timeout: knobs.timeoutS * 1000 },
      );
      const out = r.status === 0 ? JSON.parse(fs.readFileSync(json, 'utf8')).results : [];
      cmds.forEach((c, i) => {
        const h = out[i];
        record({
          ...base,
          scenario: c.scenario,
          node: c.node,
          ok: !!h,
          note: h
            ? ''
            : `hyperfine exit ${r.status}: ${`${r.stderr}`.trim().split('\n').slice(-2).join(' | ')}`,
          wall: h?.median ?? null,
          mean: h?.mean ?? null,
          stddev: h?.stddev ?? null,
          min: h?.min ?? null,
          runs: h?.times?.length ?? 0,
        });
      });
    } else {
      for (const c of cmds) {
        const t = await timeLoop(c.argv, tool.env, knobs.startupRuns);
        record({
          ...base,
          scenario: c.scenario,
          node: c.node,
          ok: !t.error,
          note: t.error ?? '',
          wall: t.median,
          ...t,
        });
      }
    }
    const left = await light.objects(prefix);
    if (left.size !== 10)
      ctx.startupNote = `after the no-op runs the prefix holds ${left.size} objects, not 10`;
    await light.deletePrefix(prefix);
  },
  report(ctx) {
    const rows = results.filter((r) => r.family === 'startup' && r.node);
    if (!rows.length) return ctx.startupNote ? ['## Start-up', '', ctx.startupNote, ''] : [];
    const target = { '--version': 150, 'no-op sync, 10 files': 250 };
    const L = [
      '## Start-up',
      '',
      `\`node dist/cli/index.js --version\` and a no-op \`-r\` sync of 10 files (3 directories) against the light ` +
        `server; ${ctx.startupTool}.${ctx.startupNote ? ` ${ctx.startupNote}.` : ''}`,
      '',
      '| command | Node | median ms | mean ± σ ms | min ms | runs | issue 11 target (Node 24) |',
      '|---|---|--:|--:|--:|--:|--:|',
    ];
    for (const r of rows) {
      const ms = (x) => fmt(x == null ? null : x * 1000, 0);
      L.push(
        `| ${r.scenario} | ${r.node} | ${r.ok ? ms(r.wall) : `**FAILED**: ${r.note}`} | ${ms(r.mean)} ± ${ms(r.stddev)} | ${ms(r.min)} | ${r.runs} | ` +
          `${r.node.startsWith('v24.') ? `≤ ${target[r.scenario]}` : ''} |`,
      );
    }
    const base = results.find((r) => r.family === 'startup' && r.scenario === 'no-op (GNU time)');
    if (base) L.push('', `Peak RSS of the 10-file no-op (${process.version}): ${fmt(base.rssMiB, 0)} MiB.`);
    L.push('');
    return L;
  },
};

// ---------------------------------------------------------------------------------------------------------
// Family "scale": a tree of BENCH_SCALE_FILES (100,000) files of a few bytes in 400 directories: --dryrun to
// an empty prefix, upload, no-op and download, for paras3 and rclone on the light server; then, with
// BENCH_MILLION=1, 1,000,000 files uploaded and synced again (no-op) by paras3. Once per run.

async function runScale(ctx, files, toolNames, scenarios, timeoutS) {
  const label = files >= 1e6 ? `${files / 1e6}M` : files >= 1e3 ? `${files / 1e3}k` : `${files}`;
  const dir = path.join(WORK, 'data', `tree-${files}`);
  const t0 = Date.now();
  if (makeTree(dir, files))
    log(`generated the ${files}-file tree in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const digests = treeDigests(files);
  const light = ctx.light;
  const tools = makeTools(light, false, ctx.found).filter(
    (t) => toolNames.includes(t.name) && !ctx.skipped[t.name],
  );
  const check = async (prefix, since, expectFiles) => {
    const objs = await light.objects(prefix);
    let written = 0;
    let bad = 0;
    let first = '';
    for (const [key, o] of objs) {
      if (o.mtimeMs >= since) written++;
      if (!expectFiles || digests.get(key) !== o.md5()) {
        bad++;
        first ||= `unexpected ${key}`;
      }
    }
    const want = expectFiles ? digests.size : 0;
    const ok = bad === 0 && objs.size === want;
    return { ok, written, note: ok ? `${objs.size} objects` : `${objs.size}/${want} objects; ${first}` };
  };
  for (const tool of tools) {
    const prefix = `scale/${label}/${tool.name}`;
    const dest = path.join(WORK, 'dl', `scale-${label}-${tool.name}`);
    const base = { family: 'scale', target: 'light', dataset: label, tool: tool.name, rep: 1, files };
    const run = async (scenario, argv, verify) => {
      const since = Date.now() - 5;
      const m = await measure(argv, tool.env, `scale-${label}-${tool.name}-${scenario}`, light, timeoutS);
      let v = await verify(since);
      if (m.code !== 0)
        v = { ...v, ok: false, note: `${m.timedOut ? 'timed out' : `exit ${m.code}`}: ${tail(m.log)}` };
      record({ ...base, scenario, ...m, ...v, serverRssMiB: await light.rssMiB() });
      return v.ok;
    };
    await light.deletePrefix(prefix);
    await light.deletePrefix(`${prefix}-dryrun`);
    fs.rmSync(dest, { recursive: true, force: true });
    try {
      // only paras3 and rclone have a dry-run command line here
      if (scenarios.includes('dryrun') && tool.dryrun)
        await run('dryrun', tool.dryrun(dir, `${prefix}-dryrun`), (s) => check(`${prefix}-dryrun`, s, false));
      const up = tool.upload(dir, prefix);
      if (!(await run('upload', up, (s) => check(prefix, s, true)))) continue;
      await run('noop-up', up, (s) => check(prefix, s, true));
      if (scenarios.includes('download')) {
        fs.mkdirSync(dest, { recursive: true });
        await run('download', tool.download(prefix, dest), async (s) => verifyDownload(dir, dest, s));
      }
    } finally {
      await light.deletePrefix(prefix);
      await light.deletePrefix(`${prefix}-dryrun`);
      fs.rmSync(dest, { recursive: true, force: true });
    }
  }
  return label;
}

const scaleFamily = {
  name: 'scale',
  enabled: () => knobs.scaleFiles > 0 || knobs.million,
  async once(ctx) {
    if (!ctx.skipped.paras3) await tenFiles(ctx); // the RSS base, if the start-up family did not make it
    if (knobs.scaleFiles > 0)
      await runScale(
        ctx,
        knobs.scaleFiles,
        knobs.scaleTools,
        ['dryrun', 'upload', 'noop-up', 'download'],
        knobs.timeoutS,
      );
    if (knobs.million)
      await runScale(ctx, knobs.millionFiles, ['paras3'], ['upload', 'noop-up'], knobs.millionTimeoutS);
  },
  report(ctx) {
    const rows = results.filter((r) => r.family === 'scale');
    if (!rows.length) return [];
    const L = [
      '## Scale and memory',
      '',
      `Trees of files of a few bytes, 250 to a directory (100,000 files: 400 directories), on the light server, ` +
        `--threads 16 / --transfers 16 --checkers 16. One run each. "Per file" (paras3) is (peak RSS − ` +
        `${fmt(ctx.rssBase, 0)} MiB, its 10-file no-op's) ÷ files. Server RSS: fauxqs's after the command.`,
      '',
      '| files | tool | scenario | wall s | client CPU s | server CPU s | peak RSS MiB | per file KiB | requests | server RSS MiB | ok |',
      '|--:|---|---|--:|--:|--:|--:|--:|--:|--:|---|',
    ];
    for (const r of rows) {
      // above paras3's own base only: another tool's fixed cost differs
      const perFile =
        r.tool === 'paras3' && r.rssMiB != null && ctx.rssBase != null
          ? ((r.rssMiB - ctx.rssBase) * 1024) / r.files
          : null;
      L.push(
        `| ${r.files.toLocaleString('en-US')} | ${r.tool} | ${r.scenario} | ${fmt(r.wall)} | ${fmt(r.cpu)} | ${fmt(r.serverCpu)} | ` +
          `${fmt(r.rssMiB, 0)} | ${fmt(perFile, 2)} | ${fmt(r.requests, 0)} | ${fmt(r.serverRssMiB, 0)} | ${status({ n: 1, nOk: r.ok ? 1 : 0, failNote: r.note })} |`,
      );
    }
    if (!knobs.million) L.push('', 'The 1,000,000-file run is off (BENCH_MILLION=1 turns it on).');
    L.push('');
    return L;
  },
};

// ---------------------------------------------------------------------------------------------------------
// Scenario families, in the order their sections appear in RESULTS.md. A family has `enabled()` and either
// `rep(ctx, rep)` with `reps()` (repeated: main runs rep 1, then the one-off families, then further reps
// while BENCH_BUDGET allows, at the pace of `estimate(ctx, rep)` minutes) or `once(ctx)`; `report(ctx)` gives its summary section and `details(ctx)`
// the long tables at the end. ctx: datasets, targets, light (the light endpoint), found, skipped.
//
// The cache family: `paras3 cache save/restore` beside what actions/cache does (tar + zstd of the paths,
// one object per key), on datasets A and B against the light server. The archive goes up and comes down
// as one object through paras3 itself (parallel multipart parts), so the comparison is of the cache
// formats, not of HTTP clients. "Save after 1%" is the CI flow: restore the entry, change 1% of the
// files, save under a new key (paras3 with the old key as --restore-key; tar re-archives everything).
// Paths are given relative to a workspace, as in CI, so each command runs in its workspace (`sh -c cd`).

const ZSTD = 'zstd -T0 --long=30';

function inDir(dir, argv) {
  return ['sh', '-c', 'cd "$0" && exec "$@"', dir, ...argv];
}

/** The JSON line a `paras3 cache … --json` command printed (into its measure() log). */
function jsonFromLog(file) {
  try {
    const line = fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .reverse()
      .find((l) => l.startsWith('{'));
    return line ? JSON.parse(line) : null;
  } catch {
    return null;
  }
}

const cacheFamily = {
  name: 'cache',
  enabled: () => env.BENCH_CACHE !== '0' && !!which('zstd') && !!which('tar'),
  reps: () => Math.max(1, num('BENCH_CACHE_REPS', knobs.reps)),
  async once(ctx) {
    if (ctx.skipped.paras3) return;
    const light = ctx.light;
    const tool = makeTools(light, false, ctx.found).find((t) => t.name === 'paras3');
    const names = (env.BENCH_CACHE_DATASETS ?? 'A,B').split(',').filter(Boolean);
    for (const name of names) {
      const ds = ctx.datasets.find((d) => d.name === name) ?? prepareDataset(name);
      for (let rep = 1; rep <= this.reps(); rep++) await cacheRep(light, tool, ds, rep);
    }
  },
  report() {
    const rows = results.filter((r) => r.family === 'cache');
    if (!rows.length) return [];
    const L = [
      '## Cache',
      '',
      `\`paras3 cache save/restore\` against tar + zstd (\`${ZSTD}\`, as actions/cache) + one object, on the ` +
        'light server, --threads 16. Median wall time over the reps (client CPU in brackets); "moved" is the ' +
        'bytes sent to the store (paras3: packs, blobs and manifest, from its --json report; tar: the ' +
        'archive). "Save after 1%" restores the entry into a fresh workspace, changes 1% of the files ' +
        '(dataset A: 50 files, B: 1 file) and saves under a new key. The data is random, so zstd cannot ' +
        'shrink it; on compressible trees the tar archive is smaller and paras3 (no compression) moves more.',
      '',
      '| dataset | scenario | paras3 s | tar+zstd s | paras3 ÷ tar | paras3 moved | tar moved | paras3 moved ÷ tree | requests paras3 / tar | ok |',
      '|---|---|--:|--:|--:|--:|--:|--:|--:|---|',
    ];
    const mib = (n) => (n == null ? '–' : `${(n / MiB).toFixed(2)} MiB`);
    for (const ds of [...new Set(rows.map((r) => r.dataset))]) {
      for (const scenario of ['save', 'restore', 'save after 1%']) {
        const a = summarize({ family: 'cache', dataset: ds, scenario, tool: 'paras3' });
        const b = summarize({ family: 'cache', dataset: ds, scenario, tool: 'tar+zstd' });
        const pick = (tool, k) =>
          median(
            rows
              .filter((r) => r.dataset === ds && r.scenario === scenario && r.tool === tool && r.ok)
              .map((r) => r[k])
              .filter((x) => x != null),
          );
        const tree = rows.find((r) => r.dataset === ds)?.treeBytes;
        const moved = pick('paras3', 'moved');
        L.push(
          `| ${ds} | ${scenario} | ${fmt(a.wall)} (${fmt(a.cpu)}) | ${fmt(b.wall)} (${fmt(b.cpu)}) | ${ratio(a.wall, b.wall)} | ` +
            `${mib(moved)} | ${mib(pick('tar+zstd', 'moved'))} | ${moved != null && tree ? `${((100 * moved) / tree).toFixed(2)} %` : '–'} | ` +
            `${fmt(a.requests, 0)} / ${fmt(b.requests, 0)} | ${status(a)}, ${status(b)} |`,
        );
      }
    }
    L.push('');
    return L;
  },
};

async function cacheRep(light, tool, ds, rep) {
  const cli = (...args) => [process.execPath, CLI, 'cache', ...args, '--threads', String(THREADS), '--json'];
  const store = `${BUCKET}:cache/${ds.name}`;
  const tarPrefix = `cachetar/${ds.name}`;
  const base = { family: 'cache', target: 'light', dataset: ds.name, rep, treeBytes: ds.bytes };
  const srcWs = path.dirname(ds.dir); // the dataset directory is the cached path, relative to it
  const ws = (what) => {
    const d = path.join(WORK, 'dl', `cache-${ds.name}-${what}`);
    fs.rmSync(d, { recursive: true, force: true });
    fs.mkdirSync(d, { recursive: true });
    return d;
  };
  await light.deletePrefix(`cache/${ds.name}`);
  await light.deletePrefix(tarPrefix);
  const run = async (tool_, scenario, argv, verify) => {
    const m = await measure(
      argv,
      tool.env,
      `cache-${ds.name}-${tool_}-${scenario.replace(/[ %]/g, '')}-r${rep}`,
      light,
    );
    let v = verify ? verify(m) : { ok: true, note: '' };
    if (m.code !== 0)
      v = { ...v, ok: false, note: `${m.timedOut ? 'timed out' : `exit ${m.code}`}: ${tail(m.log)}` };
    record({ ...base, tool: tool_, scenario, ...m, ...v });
    return v.ok;
  };
  const movedBy = (m) => ({ ok: true, moved: jsonFromLog(m.log)?.uploadedBytes ?? null, note: '' });

  // paras3: save, restore (compared with the source), then the CI flow of a 1% change.
  await run('paras3', 'save', inDir(srcWs, cli('save', '--store', store, '--key', 'k1', ds.name)), movedBy);
  const r1 = ws('paras3-restore');
  await run('paras3', 'restore', inDir(r1, cli('restore', '--store', store, '--key', 'k1', ds.name)), () =>
    verifyDownload(ds.dir, path.join(r1, ds.name), 0),
  );
  for (const f of ds.changed)
    fs.writeFileSync(path.join(r1, ds.name, f.rel), content(`${ds.name}:${f.rel}:cache`, f.size));
  await run(
    'paras3',
    'save after 1%',
    inDir(r1, cli('save', '--store', store, '--key', 'k2', '--restore-key', 'k1', ds.name)),
    movedBy,
  );

  // tar + zstd + one object, as actions/cache: archive, then upload; download, then extract.
  const archiveDir = ws('tar-archive');
  const archive = path.join(archiveDir, 'cache.tzst');
  const upload = [
    process.execPath,
    CLI,
    '-r',
    '--threads',
    String(THREADS),
    `${archiveDir}/`,
    `${BUCKET}:${tarPrefix}`,
  ];
  const sizeMoved = () => ({
    ok: true,
    moved: fs.existsSync(archive) ? fs.statSync(archive).size : null,
    note: '',
  });
  await run('tar+zstd', 'save', tarSaveArgv(archive, srcWs, ds.name, upload), sizeMoved);
  const r2 = ws('tar-restore');
  const dl = ws('tar-dl');
  const restoreArgv = [
    'sh',
    '-c',
    `"$0" "${CLI}" -r --threads ${THREADS} "${BUCKET}:${tarPrefix}/" "$1/" && tar -xf "$1/cache.tzst" -C "$2" --use-compress-program "un${ZSTD.replace(' -T0', '')}"`,
    process.execPath,
    dl,
    r2,
  ];
  await run('tar+zstd', 'restore', restoreArgv, () => verifyDownload(ds.dir, path.join(r2, ds.name), 0));
  for (const f of ds.changed)
    fs.writeFileSync(path.join(r2, ds.name, f.rel), content(`${ds.name}:${f.rel}:cache`, f.size));
  await run('tar+zstd', 'save after 1%', tarSaveArgv(archive, r2, ds.name, upload), sizeMoved);

  await light.deletePrefix(`cache/${ds.name}`);
  await light.deletePrefix(tarPrefix);
  for (const w of ['paras3-restore', 'tar-archive', 'tar-restore', 'tar-dl'])
    fs.rmSync(path.join(WORK, 'dl', `cache-${ds.name}-${w}`), { recursive: true, force: true });
}

/** `tar … | zstd > archive`, then upload the archive's directory as one object. */
function tarSaveArgv(archive, from, name, upload) {
  return [
    'sh',
    '-c',
    `rm -f "$0" && tar --posix -cf "$0" -C "$1" --use-compress-program "${ZSTD}" "$2" && shift 3 && exec "$@"`,
    archive,
    from,
    name,
    'upload',
    ...upload,
  ];
}

const FAMILIES = [syncFamily, startupFamily, scaleFamily, cacheFamily];

// ---------------------------------------------------------------------------------------------------------
// The report

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
    os: `${osName}, Linux ${os.release()}`,
  };
}

function report(ctx) {
  const m = machineInfo();
  const la = (l) => l.map((x) => x.toFixed(2)).join(' ');
  const L = ['# paras3 benchmark results', ''];
  L.push(
    `Written by \`npm run bench\` (bench/run.mjs) on ${ctx.started.toISOString().replace('T', ' ').slice(0, 16)} UTC; ` +
      `the run took ${minutesSince(ctx.started).toFixed(1)} min. See bench/README.md for what each figure means.`,
    '',
    '## Setup',
    '',
    `- Machine: ${m.nproc} CPUs (${m.cpu}), ${m.memGiB} GiB RAM, ${m.os}; Node ${process.version}. Client and ` +
      'server share the same cores.',
    `- Light server: fauxqs ${ctx.versions.fauxqs} in memory, with the patches of bench/fauxqs-hooks.mjs (body ` +
      'limit, loopback bind, empty bodies, encoding-type=url, S3 key order, listing index), on 127.0.0.1:ephemeral, path-style.' +
      (ctx.checkedServer ? ' bench/check-fauxqs.mjs passed before the run.' : ''),
    `- s3rver ${ctx.versions.s3rver} (${knobs.s3rverWorkers === 1 ? 'one process' : `${knobs.s3rverWorkers} cluster workers`}, ` +
      `\`node --openssl-legacy-provider\`, request logging off), its data directory on ${ctx.s3rverKind ?? '–'}.`,
    `- Latency: bench/delay-proxy.mjs holding every request ${knobs.latencyMs} ms, in front of the light server.`,
    '- Data: bench/work/data on local disk, warm in the page cache; downloads go to bench/work/dl on the same disk.',
    `- Knobs: ${Object.entries({
      BENCH_DATASETS: knobs.datasets,
      BENCH_TOOLS: knobs.tools,
      BENCH_S3RVER_TOOLS: knobs.s3rverTools,
      BENCH_LATENCY_TOOLS: knobs.latencyTools,
      BENCH_REPS: knobs.reps,
      BENCH_PEER_REPS: knobs.peerReps,
      BENCH_LATENCY_REPS: knobs.latencyReps,
      BENCH_BUDGET: knobs.budgetMin,
      BENCH_SCALE_FILES: knobs.scaleFiles,
      BENCH_MILLION: knobs.million ? 1 : 0,
    })
      .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') || '(none)' : v}`)
      .join(' ')}.`,
    `- Sync cells are medians of the runs that exited 0 and verified: ${ctx.repsDone} rep(s) of paras3 and rclone` +
      `${ctx.budgetNote ? ` (${ctx.budgetNote})` : ''}, ${Math.min(knobs.peerReps, ctx.repsDone)} of the other peers, ` +
      `${Math.min(knobs.latencyReps, ctx.repsDone)} behind latency.`,
    `- Load average (1, 5, 15 min) at start: ${la(ctx.loadAtStart)}; at the end: ${la(os.loadavg())}.`,
    '',
    '| tool | version | command (upload, light server; download swaps the two sides) |',
    '|---|---|---|',
  );
  const tools = makeTools(ctx.light, false, ctx.found);
  for (const name of new Set([...knobs.tools, ...knobs.s3rverTools, ...knobs.latencyTools])) {
    const t = tools.find((x) => x.name === name);
    if (!t) continue;
    const v = ctx.skipped[name] ? `**skipped**: ${ctx.skipped[name]}` : ctx.versions[name];
    const cmd = ctx.skipped[name]
      ? ''
      : t
          .upload('SRC', 'PREFIX')
          .map((a) =>
            a
              .replace(CLI, path.relative(ROOT, BUILT_CLI))
              .replace(process.execPath, 'node')
              .replace(`${ROOT}/`, '')
              .replace(ctx.light.endpoint, 'http://127.0.0.1:PORT')
              .replace(/config\/light\//, 'config/ENDPOINT/'),
          )
          .join(' ');
    L.push(`| ${name} | ${v} | \`${cmd}\` |`);
  }
  L.push('');
  for (const f of ctx.families) L.push(...(f.report?.(ctx) ?? []));
  for (const f of ctx.families) L.push(...(f.details?.(ctx) ?? []));
  return `${L.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  const started = new Date();
  fs.mkdirSync(WORK, { recursive: true });
  fs.rmSync(path.join(WORK, 'logs'), { recursive: true, force: true });
  fs.rmSync(path.join(WORK, 'dl'), { recursive: true, force: true });
  fs.mkdirSync(path.join(WORK, 'logs'), { recursive: true });
  if (!haveGnuTime)
    log(`${GNU_TIME} (GNU time) is missing: client CPU and peak RSS will not be measured (bench/setup.sh)`);
  const versions = {};
  for (const dep of ['s3rver', 'fauxqs']) {
    try {
      versions[dep] = pkgVersion(path.join(ROOT, 'node_modules', dep, 'package.json'));
    } catch {
      throw new Error(`node_modules/${dep} is missing: run \`npm ci\` first`);
    }
  }

  let checkedServer = false;
  if (knobs.checkServer) {
    const c = spawnSync(process.execPath, [path.join(BENCH, 'check-fauxqs.mjs')], { encoding: 'utf8' });
    if (c.status !== 0) throw new Error(`bench/check-fauxqs.mjs failed:\n${c.stdout}${c.stderr}`);
    checkedServer = true;
    log('bench/check-fauxqs.mjs: the light server passes its checks');
  }

  const datasets = knobs.datasets.map(prepareDataset);
  const found = detectTools();
  const unknown = [...knobs.tools, ...knobs.s3rverTools, ...knobs.latencyTools, ...knobs.scaleTools].filter(
    (n) => !found[n],
  );
  if (unknown.length)
    throw new Error(`unknown tool(s) ${unknown.join(', ')}: ${Object.keys(found).join(', ')}`);
  const skipped = {};
  for (const name of new Set([
    ...knobs.tools,
    ...knobs.s3rverTools,
    ...knobs.latencyTools,
    ...knobs.scaleTools,
  ])) {
    const why = found[name].missing();
    if (why) {
      skipped[name] = why;
      log(`skipping ${name}: ${why}`);
      continue;
    }
    versions[name] = found[name].version() ?? 'unknown version';
    log(`${name}: ${versions[name]}`);
  }

  const endpoints = [];
  const stopAll = () => {
    for (const e of endpoints.splice(0)) e.stop();
  };
  process.on('SIGINT', () => {
    stopAll();
    process.exit(130);
  });
  process.on('SIGTERM', () => {
    stopAll();
    process.exit(143);
  });
  try {
    const light = await startLight(BUCKET);
    endpoints.push(light);
    log(`light server (fauxqs ${versions.fauxqs}) on ${light.endpoint}`);
    const pick = (names, defaults, target) =>
      makeTools(target, defaults, found)
        .filter((t) => names.includes(t.name) && !skipped[t.name])
        .map((t) => ({ ...t, concurrency: defaults ? found[t.name].defaultConcurrency() : null }));
    const targets = [
      {
        endpoint: light,
        title: 'Light server (patched fauxqs)',
        tools: pick(knobs.tools, false, light),
        reps: knobs.reps,
        datasets: knobs.datasets,
      },
    ];
    let s3rverKind = null;
    if (knobs.s3rverTools.length && knobs.datasets.length) {
      const s = await startS3rver(BUCKET, WORK, knobs.s3rverWorkers);
      endpoints.push(s);
      s3rverKind = s.kind;
      log(`s3rver ${versions.s3rver} × ${s.workers} on ${s.endpoint}, data in ${s.dir} (${s.kind})`);
      targets.push({
        endpoint: s,
        title: 's3rver',
        tools: pick(knobs.s3rverTools, false, s),
        reps: knobs.reps,
        datasets: knobs.datasets,
      });
    }
    if (knobs.latencyTools.length && knobs.latencyDatasets.some((d) => knobs.datasets.includes(d))) {
      const p = await startLatency(light, knobs.latencyMs);
      endpoints.push(p);
      log(`delay proxy (${knobs.latencyMs} ms) on ${p.endpoint}`);
      targets.push({
        endpoint: p,
        title: `Light server behind ${knobs.latencyMs} ms a request, each tool at its default concurrency`,
        tools: pick(knobs.latencyTools, true, p),
        reps: knobs.latencyReps,
        datasets: knobs.latencyDatasets.filter((d) => knobs.datasets.includes(d)),
      });
    }

    const ctx = {
      started,
      loadAtStart: os.loadavg(),
      datasets,
      targets,
      light,
      found,
      skipped,
      versions,
      checkedServer,
      s3rverKind,
      families: FAMILIES.filter((f) => f.enabled()),
      repsDone: 0,
      budgetNote: '',
    };
    const repeated = ctx.families.filter((f) => f.rep);
    const maxReps = Math.max(0, ...repeated.map((f) => f.reps()));
    const repMinutes = [];
    const runRep = async (rep) => {
      const t0 = Date.now();
      for (const f of repeated) if (rep <= f.reps()) await f.rep(ctx, rep);
      repMinutes.push(minutesSince(t0));
      ctx.repsDone = rep;
      log(`rep ${rep} took ${repMinutes.at(-1).toFixed(1)} min`);
    };
    if (maxReps >= 1) await runRep(1);
    for (const f of ctx.families) if (f.once) await f.once(ctx);
    for (let rep = 2; rep <= maxReps; rep++) {
      // at the pace so far: each cell as long as it took in the last rep that ran it
      const pace = repeated.reduce((m, f) => m + (rep <= f.reps() ? f.estimate(ctx, rep) : 0), 0);
      if (minutesSince(started) + pace > knobs.budgetMin) {
        ctx.budgetNote = `stopped after ${rep - 1} of ${maxReps} reps: another would pass BENCH_BUDGET=${knobs.budgetMin} min`;
        log(ctx.budgetNote);
        break;
      }
      await runRep(rep);
    }
    fs.writeFileSync(knobs.out, report(ctx));
    log(`wrote ${path.relative(process.cwd(), knobs.out)} after ${minutesSince(started).toFixed(1)} min`);
  } finally {
    stopAll();
  }
}

main().catch((err) => {
  log(`error: ${err.stack ?? err}`);
  process.exit(1);
});
