// The planning half of `paras3 plan --shards N` on a synthetic listing held in memory: FILES source files
// laid out as bench/make-tree.mjs lays out the scale tree (250 to a directory, 20 top-level directories),
// sizes spread from 1 KiB to 1 MiB, and a destination that has most of them (some changed, some missing,
// some extra). Cuts the matrix from the two listings exactly as the command does; no disk, no server.
// Bundled and run by bench/shard-plan.mjs, which measures it with /usr/bin/time -v.
import { shardMatrix } from '../src/core/shard-plan.js';
import type { Entry } from '../src/core/types.js';

const files = Number(process.argv[2] ?? 100_000);
const shards = Number(process.argv[3] ?? 4);
const PER_DIR = 250;
const TOPS = 20;
const T = 1_700_000_000;

const t0 = performance.now();
const src: Entry[] = [];
const dst: Entry[] = [];
const dirs = Math.ceil(files / PER_DIR);
const subs = Math.ceil(dirs / TOPS);
const w = String(files - 1).length;
const sw = String(subs - 1).length;
const seen = new Set<string>();
const dir = (path: string) => {
  if (seen.has(path)) return;
  seen.add(path);
  src.push({ path, kind: 'dir', size: 0, mtime: T });
  dst.push({ path, kind: 'dir', size: 0, mtime: T });
};
let seed = 1;
const random = () => {
  // xorshift: the same tree every run, without a dependency
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
};
for (let i = 0; i < files; i++) {
  const d = Math.floor(i / PER_DIR);
  const top = `t${String(d % TOPS).padStart(2, '0')}`;
  const sub = `${top}/s${String(Math.floor(d / TOPS)).padStart(sw, '0')}`;
  dir(top);
  dir(sub);
  const path = `${sub}/f${String(i).padStart(w, '0')}`;
  const size = Math.floor(1024 * 2 ** (random() * 10));
  src.push({
    path,
    kind: 'file',
    size,
    mtime: T,
    mtimeMs: T * 1000,
    ctimeMs: T * 1000,
    ino: i,
    dev: 1,
    mode: 0o100644,
  });
  const r = random();
  if (r < 0.05) continue; // new at the source
  dst.push({
    path,
    kind: 'file',
    size: r < 0.1 ? size + 1 : size,
    mtime: T,
    etag: 'd41d8cd98f00b204e9800998ecf8427e',
  });
  if (r > 0.99) dst.push({ path: `${path}.old`, kind: 'file', size: 10, mtime: T, etag: 'x' });
}
// Listings come sorted by key, as both listers produce them.
const byPath = (a: Entry, b: Entry) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
src.sort(byPath);
dst.sort(byPath);
const t1 = performance.now();
// The destination's paths the source lacks stand in for the planned deletes (planShards plans them).
const present = new Set(src.map((e) => e.path));
const matrix = shardMatrix(
  src,
  dst.filter((e) => !present.has(e.path)).map((e) => e.path),
  shards,
);
const t2 = performance.now();
process.stdout.write(
  `${JSON.stringify({
    files,
    shards,
    buildMs: Math.round(t1 - t0),
    matrixMs: Math.round(t2 - t1),
    matrix,
  })}\n`,
);
