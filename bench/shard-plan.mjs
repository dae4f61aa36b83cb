#!/usr/bin/env node
// Benchmark of `paras3 plan --shards N` (issue 14: a 100,000-file tree planned into 4 shards in under
// 10 s, peak RSS under 200 MB). Two ways:
//
//   node bench/shard-plan.mjs          planning alone, on a synthetic 100,000-file listing in memory
//                                      (bench/shard-plan-synthetic.ts, bundled with ncc): the hash of
//                                      every path and the balanced cut, plus Node's start-up
//   node bench/shard-plan.mjs --real   the whole command: the scale tree on disk (bench/make-tree.mjs,
//                                      kept in bench/work/data between runs), uploaded once to the light
//                                      server, then `paras3 plan --shards N --json --delete` over both
//                                      sides timed with dist/cli/index.js (build first)
//
// Knobs: BENCH_SHARD_FILES (100000), BENCH_SHARDS (4). Both measure with GNU time (/usr/bin/time -v):
// wall time and the peak RSS of the measured process alone.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTree } from './make-tree.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const WORK = path.join(BENCH, 'work');
const files = Number(process.env.BENCH_SHARD_FILES ?? 100_000);
const shards = Number(process.env.BENCH_SHARDS ?? 4);
const real = process.argv.includes('--real');

/** Runs argv under GNU time; its stdout, wall seconds and peak RSS in MiB. */
function timed(argv, env = process.env) {
  const r = spawnSync('/usr/bin/time', ['-v', ...argv], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const wall = /Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  const cpu = ['User', 'System'].reduce(
    (n, k) => n + Number(new RegExp(`${k} time \\(seconds\\): ([\\d.]+)`).exec(r.stderr)?.[1] ?? Number.NaN),
    0,
  );
  const seconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : Number.NaN;
  return { stdout: r.stdout, wall: seconds, cpu, rssMiB: rss ? Number(rss[1]) / 1024 : Number.NaN };
}

function report(what, m, matrix) {
  process.stdout.write(
    `${what}: ${m.wall.toFixed(2)} s wall, ${m.cpu.toFixed(2)} s CPU, peak RSS ${m.rssMiB.toFixed(0)} MiB\n`,
  );
  for (const e of matrix.include)
    process.stdout.write(
      `  ${e.shard} ${e.range}: ${e.files} files, ${e.bytes} bytes, ${e.deletes} deletes\n`,
    );
}

if (!real) {
  const out = path.join(WORK, 'shard-plan-synthetic');
  fs.mkdirSync(WORK, { recursive: true });
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
      'build',
      path.join(BENCH, 'shard-plan-synthetic.ts'),
      '-o',
      out,
      '--quiet',
      '--target',
      'es2022',
      '--transpile-only',
    ],
    { stdio: 'inherit', cwd: ROOT },
  );
  const m = timed([process.execPath, path.join(out, 'index.js'), String(files), String(shards)]);
  const r = JSON.parse(m.stdout);
  report(
    `synthetic ${files} files → ${shards} shards (listing built in ${r.buildMs} ms, matrix ${r.matrixMs} ms)`,
    m,
    r.matrix,
  );
} else {
  const { startLight } = await import('./servers.mjs');
  const cli = path.join(ROOT, 'dist', 'cli', 'index.js');
  const tree = path.join(WORK, 'data', `scale-${files}`);
  const t0 = Date.now();
  makeTree(tree, files);
  process.stdout.write(`tree ${tree} ready (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  const bucket = 'bench-shard';
  const light = await startLight(bucket);
  try {
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: light.endpoint,
      PARAS3_MD5_CACHE: 'off',
    };
    const plan = (what) => {
      const m = timed(
        [
          process.execPath,
          cli,
          'plan',
          '--shards',
          String(shards),
          '--json',
          '-r',
          '--delete',
          `${tree}/`,
          `${bucket}:scale`,
        ],
        env,
      );
      report(`paras3 plan, ${files} files on disk, ${what} → ${shards} shards`, m, JSON.parse(m.stdout));
    };
    // An empty destination (a first sync): the local walk, one listing request, the cut.
    plan('the destination empty');
    // Both sides full, as for a sync that has little to do: the listing of every key is part of it.
    execFileSync(process.execPath, [cli, '-r', '-q', '--threads', '16', `${tree}/`, `${bucket}:scale`], {
      env,
      stdio: 'inherit',
    });
    plan('all of them on the light server');
  } finally {
    light.stop();
  }
}
