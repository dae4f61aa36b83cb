#!/usr/bin/env node
// The scale trees: FILES files of a few bytes, 250 to a directory, the directories in 20 top-level ones
// (100,000 files: 400 directories of 250, 20 × 20). Each file's bytes follow from its number, so a check
// needs no second copy.
//
//   node bench/make-tree.mjs DIR FILES     (run.mjs calls makeTree() itself and keeps the tree between runs)
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PER_DIR = 250;
const TOPS = 20;
const VERSION = 'paras3-bench-tree-1';

/** The tree's files in order: { rel, body }. */
export function* treeFiles(files) {
  const dirs = Math.ceil(files / PER_DIR);
  const subs = Math.ceil(dirs / TOPS);
  const w = String(files - 1).length;
  for (let i = 0; i < files; i++) {
    const d = Math.floor(i / PER_DIR);
    const rel = `t${String(d % TOPS).padStart(2, '0')}/s${String(Math.floor(d / TOPS)).padStart(String(subs - 1).length, '0')}/f${String(i).padStart(w, '0')}`;
    yield { rel, body: `${i}\n` };
  }
}

export function treeDirs(files) {
  return Math.ceil(files / PER_DIR);
}

/** Expected MD5 (hex) of every file, by relative path. */
export function treeDigests(files) {
  const out = new Map();
  for (const f of treeFiles(files)) out.set(f.rel, createHash('md5').update(f.body).digest('hex'));
  return out;
}

/** Writes the tree unless DIR already holds this version of it (a marker file beside DIR says so). */
export function makeTree(dir, files) {
  const marker = `${dir}.done`;
  const tag = `${VERSION} ${files}`;
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === tag) return false;
  fs.rmSync(marker, { force: true });
  fs.rmSync(dir, { recursive: true, force: true });
  let lastDir = '';
  for (const f of treeFiles(files)) {
    const p = path.join(dir, f.rel);
    const d = path.dirname(p);
    if (d !== lastDir) {
      fs.mkdirSync(d, { recursive: true });
      lastDir = d;
    }
    fs.writeFileSync(p, f.body);
  }
  fs.writeFileSync(marker, tag);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, filesArg] = process.argv.slice(2);
  const files = Number(filesArg);
  if (!dir || !(files > 0)) {
    process.stderr.write('usage: node bench/make-tree.mjs DIR FILES\n');
    process.exit(2);
  }
  const t0 = Date.now();
  const made = makeTree(path.resolve(dir), files);
  process.stdout.write(
    `${made ? 'made' : 'kept'} ${dir}: ${files} files in ${treeDirs(files)} directories (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`,
  );
}
