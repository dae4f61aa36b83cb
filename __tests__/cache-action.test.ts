// The cache actions as the runner runs them: `node dist/cache/…/index.js` with INPUT_* from the step
// (defaults from the action's action.yml), GITHUB_OUTPUT / GITHUB_STATE files, and for the post step the
// main step's saved state handed back as STATE_<name> env vars. Against s3rver, on real temp dirs.

import { spawn } from 'node:child_process';
import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_ACTION_INPUTS, CACHE_ACTION_OUTPUTS } from '../src/action/cache-constants.js';
import { useS3Server } from './helpers/fixtures.js';
import {
  actionInputDefaults,
  capture,
  cleanEnv,
  parseFileCommand,
  REPO_ROOT,
  runCli,
} from './helpers/run.js';
import { makeTree, readTree, tempDir } from './helpers/tree.js';

const s3 = useS3Server({ proxy: true });

type Action = 'cache' | 'restore' | 'save';
const ACTION_DIR: Record<Action, string> = {
  cache: join(REPO_ROOT, 'cache'),
  restore: join(REPO_ROOT, 'cache', 'restore'),
  save: join(REPO_ROOT, 'cache', 'save'),
};

interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
}

/** The `runs:` entry (`main` or `post`) of an action.yml, resolved against its directory as the runner does. */
async function entryOf(action: Action, which: 'main' | 'post'): Promise<string> {
  const yml = await readFile(join(ACTION_DIR[action], 'action.yml'), 'utf8');
  const m = new RegExp(`^  ${which}: (\\S+)$`, 'm').exec(yml);
  if (!m) throw new Error(`${action}/action.yml has no runs.${which}`);
  return join(ACTION_DIR[action], m[1] as string);
}

async function runStep(
  action: Action,
  which: 'main' | 'post',
  inputs: Record<string, string>,
  opts: { cwd: string; state?: Record<string, string>; proxy?: boolean; env?: Record<string, string> },
): Promise<StepResult> {
  const runDir = await tempDir('paras3-runner-');
  const files = { GITHUB_OUTPUT: join(runDir, 'output'), GITHUB_STATE: join(runDir, 'state') };
  await Promise.all(Object.values(files).map((f) => writeFile(f, '')));
  const inputEnv: Record<string, string> = {};
  const all = { ...actionInputDefaults(join(ACTION_DIR[action], 'action.yml')), ...inputs };
  for (const [name, value] of Object.entries(all)) inputEnv[`INPUT_${name.toUpperCase()}`] = value;
  const stateEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(opts.state ?? {})) stateEnv[`STATE_${name}`] = value;
  const child = spawn(process.execPath, [await entryOf(action, which)], {
    cwd: opts.cwd,
    env: cleanEnv({
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: opts.cwd,
      ...(opts.proxy ? { ...s3.proxyEnv, HOME: s3.env.HOME as string } : s3.env),
      ...files,
      ...inputEnv,
      ...stateEnv,
      ...opts.env,
    }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin?.end();
  const out = capture(child);
  const { code } = await out.exit;
  return {
    code,
    stdout: out.stdout(),
    stderr: out.stderr(),
    outputs: parseFileCommand(await readFile(files.GITHUB_OUTPUT, 'utf8')),
    state: parseFileCommand(await readFile(files.GITHUB_STATE, 'utf8')),
  };
}

/** The `cache` action's two steps: main, then (the job went on, succeeded) post with main's state. */
async function cacheJob(
  inputs: Record<string, string>,
  cwd: string,
  between?: () => Promise<void>,
  proxy = false,
) {
  const main = await runStep('cache', 'main', inputs, { cwd, proxy });
  expect(main.code, main.stdout).toBe(0);
  await between?.();
  const post = await runStep('cache', 'post', inputs, { cwd, state: main.state, proxy });
  expect(post.code, post.stdout).toBe(0);
  return { main, post };
}

async function workspace(extra: Record<string, string> = {}): Promise<string> {
  const ws = await tempDir('paras3-cache-ws-');
  const spec: Record<string, string | { content: string; mode: number } | { symlink: string }> = {
    'node_modules/a/index.js': 'module.exports = 1;\n',
    'node_modules/.bin/a': { symlink: '../a/index.js' },
    'node_modules/b/run.sh': { content: '#!/bin/sh\n', mode: 0o755 },
    ...extra,
  };
  for (let i = 0; i < 30; i++) spec[`node_modules/c/f${i}.js`] = `// file ${i}\n`.repeat(20);
  await makeTree(ws, spec);
  return ws;
}

describe('the cache action (main restores, post saves)', () => {
  it('misses and saves on the first job, hits exactly on the next and does not save again', async () => {
    const b = await s3.bucket('cache');
    const inputs = { path: 'node_modules', key: 'npm-abc', store: `${b}:ci` };
    const ws = await workspace();
    const first = await cacheJob(inputs, ws);
    expect(first.main.outputs).toEqual({ 'cache-hit': 'false', 'cache-matched-key': '' });
    expect(first.main.stdout).toMatch(/cache not found for key npm-abc/);
    expect(first.post.stdout).toMatch(/cache saved with key npm-abc: 32 files/);

    const ws2 = await tempDir('paras3-cache-ws-');
    const second = await cacheJob(inputs, ws2);
    expect(second.main.outputs).toEqual({ 'cache-hit': 'true', 'cache-matched-key': 'npm-abc' });
    expect(await readTree(join(ws2, 'node_modules'), { mode: true })).toEqual(
      await readTree(join(ws, 'node_modules'), { mode: true }),
    );
    expect(second.post.stdout).toMatch(/cache hit on the primary key npm-abc: not saving/);
  });

  it('restores the newest entry of a restore key (cache-hit false), then saves the new key from it', async () => {
    const b = await s3.bucket('cache');
    const ws = await workspace();
    await cacheJob({ path: 'node_modules', key: 'npm-old', store: `${b}:ci` }, ws);
    const ws2 = await tempDir('paras3-cache-ws-');
    const inputs = { path: 'node_modules', key: 'npm-new', 'restore-keys': 'yarn-\nnpm-', store: `${b}:ci` };
    const job = await cacheJob(inputs, ws2, () => writeFile(join(ws2, 'node_modules/a/index.js'), 'changed'));
    expect(job.main.outputs).toEqual({ 'cache-hit': 'false', 'cache-matched-key': 'npm-old' });
    // One changed file: one small pack and the manifest.
    expect(job.post.stdout).toMatch(/cache saved with key npm-new: 32 files, .*; uploaded .* in 2 objects/);

    const ws3 = await tempDir('paras3-cache-ws-');
    const third = await runStep(
      'restore',
      'main',
      { path: 'node_modules', key: 'npm-new', store: `${b}:ci` },
      { cwd: ws3 },
    );
    expect(third.outputs).toEqual({ 'cache-hit': 'true', 'cache-matched-key': 'npm-new' });
    expect(await readTree(join(ws3, 'node_modules'))).toEqual(await readTree(join(ws2, 'node_modules')));
  });

  it('post step: reads only the files changed since the main step restored them, its mtime put back', async () => {
    const b = await s3.bucket('cache');
    const store = `${b}:ci`;
    const ws = await workspace();
    await cacheJob({ path: 'node_modules', key: 'npm-1', store }, ws);
    const ws2 = await tempDir('paras3-cache-ws-');
    const inputs = { path: 'node_modules', key: 'npm-2', 'restore-keys': 'npm-', store };
    const job = await cacheJob(inputs, ws2, async () => {
      // npm ci: a package's file rewritten with the same size, every mtime the same constant.
      const f = join(ws2, 'node_modules/c/f3.js');
      const before = await stat(f);
      await writeFile(f, (await readFile(f, 'utf8')).replace('file 3', 'FILE 3'));
      await utimes(f, before.atime, before.mtime);
    });
    expect(job.main.outputs).toEqual({ 'cache-hit': 'false', 'cache-matched-key': 'npm-1' });
    // The post step is another process: it knows the restored files from the record the main step left.
    expect(job.post.stdout).toMatch(/::debug::1 of 32 files read/);
    expect(job.post.stdout).toMatch(/cache saved with key npm-2: 32 files, .*; uploaded .* in 2 objects/);
    const ws3 = await tempDir('paras3-cache-ws-');
    const hit = await runStep('restore', 'main', { path: 'node_modules', key: 'npm-2', store }, { cwd: ws3 });
    expect(hit.outputs['cache-hit']).toBe('true');
    expect((await readTree(join(ws3, 'node_modules')))['c/f3.js']?.content).toMatch(/^\/\/ FILE 3/);
    expect(await readTree(join(ws3, 'node_modules'))).toEqual(await readTree(join(ws2, 'node_modules')));
  });

  it('saves from the entry the restore matched, not from a newer one whose key merely starts with it', async () => {
    const b = await s3.bucket('cache');
    const store = `${b}:ci`;
    const T = new Date(Date.UTC(2020, 0, 1, 0, 0, 0, 0));
    const ws = await tempDir('paras3-cache-ws-');
    await makeTree(ws, { 'node_modules/a.js': { content: 'AAAA', mtime: T.getTime() } });
    await runStep('save', 'main', { path: 'node_modules', key: 'npm-1', store }, { cwd: ws });
    const ws2 = await tempDir('paras3-cache-ws-');
    const inputs = { path: 'node_modules', key: 'npm-2', 'restore-keys': 'npm-', store };
    const job = await cacheJob(inputs, ws2, async () => {
      // While this job builds, another saves `npm-12`: the same path, size and time, other bytes.
      const other = await tempDir('paras3-cache-ws-');
      await makeTree(other, { 'node_modules/a.js': { content: 'BBBB', mtime: T.getTime() } });
      await runStep('save', 'main', { path: 'node_modules', key: 'npm-12', store }, { cwd: other });
    });
    expect(job.main.outputs).toEqual({ 'cache-hit': 'false', 'cache-matched-key': 'npm-1' });
    expect(job.post.stdout).toMatch(/cache saved with key npm-2/);
    const ws3 = await tempDir('paras3-cache-ws-');
    const hit = await runStep('restore', 'main', { path: 'node_modules', key: 'npm-2', store }, { cwd: ws3 });
    expect(hit.outputs['cache-hit']).toBe('true');
    // What the job had on disk when it saved (npm-1's bytes), not npm-12's.
    expect(await readTree(join(ws3, 'node_modules'))).toEqual({ 'a.js': { kind: 'file', content: 'AAAA' } });
  });

  it('fails the step on a miss with fail-on-cache-miss, and downloads nothing with lookup-only', async () => {
    const b = await s3.bucket('cache');
    const ws = await tempDir('paras3-cache-ws-');
    const miss = await runStep(
      'cache',
      'main',
      { path: 'node_modules', key: 'k', store: `${b}:ci`, 'fail-on-cache-miss': 'true' },
      { cwd: ws },
    );
    expect(miss.code).toBe(1);
    expect(miss.stdout).toMatch(/::error::cache not found for key k \(fail-on-cache-miss\)/);

    await cacheJob({ path: 'node_modules', key: 'k', store: `${b}:ci` }, await workspace());
    const look = await runStep(
      'cache',
      'main',
      { path: 'node_modules', key: 'k', store: `${b}:ci`, 'lookup-only': 'true' },
      { cwd: ws },
    );
    expect(look.outputs).toEqual({ 'cache-hit': 'true', 'cache-matched-key': 'k' });
    expect(await readTree(ws)).toEqual({});
  });

  it('takes a store that cannot be reached for a miss: cache-hit false, a failed step with fail-on-cache-miss', async () => {
    const ws = await tempDir('paras3-cache-ws-');
    // Port 1 on loopback: nothing listens.
    const inputs = { path: 'node_modules', key: 'k', store: 'bkt:ci', endpoint: 'http://127.0.0.1:1' };
    const run = (more: Record<string, string>) =>
      runStep('restore', 'main', { ...inputs, ...more }, { cwd: ws, env: { S3SYNC_RETRIES: '1' } });

    const warned = await run({});
    expect(warned.code, warned.stdout).toBe(0);
    expect(warned.outputs).toEqual({ 'cache-hit': 'false', 'cache-matched-key': '' });
    expect(warned.stdout).toMatch(
      /^::warning::cache restore failed: cannot connect to http:\/\/127\.0\.0\.1:1: connection refused$/m,
    );

    const failed = await run({ 'fail-on-cache-miss': 'true' });
    expect(failed.code, failed.stdout).toBe(1);
    expect(failed.outputs).toEqual({ 'cache-hit': 'false', 'cache-matched-key': '' });
    expect(failed.stdout).toMatch(
      /^::error::cache restore failed: cannot connect to http:\/\/127\.0\.0\.1:1: connection refused \(fail-on-cache-miss/m,
    );
    expect(failed.stdout).not.toContain('::warning::');
  });

  it('fails the step with one line on bad inputs', async () => {
    const ws = await tempDir('paras3-cache-ws-');
    const r = await runStep(
      'cache',
      'main',
      { path: 'node_modules', key: 'a,b', store: 'bkt:ci' },
      { cwd: ws },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::input key: "a,b" contains a comma/);

    // 300 characters, but 2,700 bytes once URI-encoded in the manifest's name: S3 would refuse it.
    const long = await runStep(
      'cache',
      'main',
      { path: 'node_modules', key: '€'.repeat(300), store: 'bkt:ci' },
      { cwd: ws },
    );
    expect(long.code).toBe(1);
    expect(long.stdout).toMatch(
      /^::error::input key: "€+" is too long for S3: URI-encoded under ci\/manifests\/ it makes a 2721-byte object key, over S3's limit of 1024 bytes/m,
    );
  });
});

describe('cache/restore and cache/save', () => {
  it('save in one job and restore in another; a save interrupted by a failed upload is never restored', async () => {
    const b = await s3.bucket('cache');
    const ws = await workspace({ 'node_modules/big.bin': 'x'.repeat(300 * 1024) });
    // The blob upload is refused: the save warns (a cache never fails the build) and writes no manifest.
    s3.proxy.setRules([
      { kind: 'status', status: 403, code: 'AccessDenied', match: { op: 'PutObject', key: /\/blobs\// } },
    ]);
    const cut = await runStep(
      'save',
      'main',
      { path: 'node_modules', key: 'k', store: `${b}:ci` },
      { cwd: ws, proxy: true },
    );
    expect(cut.code).toBe(0);
    expect(cut.stdout).toMatch(/::warning::cache save failed: access denied/);
    s3.proxy.setRules([]);
    const ws2 = await tempDir('paras3-cache-ws-');
    const miss = await runStep(
      'restore',
      'main',
      { path: 'node_modules', key: 'k', store: `${b}:ci` },
      { cwd: ws2 },
    );
    expect(miss.outputs['cache-hit']).toBe('false');
    expect(await readTree(ws2)).toEqual({});

    const saved = await runStep(
      'save',
      'main',
      { path: 'node_modules', key: 'k', store: `${b}:ci` },
      { cwd: ws },
    );
    expect(saved.stdout).toMatch(/cache saved with key k/);
    const hit = await runStep(
      'restore',
      'main',
      { path: 'node_modules', key: 'k', store: `${b}:ci` },
      { cwd: ws2 },
    );
    expect(hit.outputs['cache-hit']).toBe('true');
    expect(await readTree(join(ws2, 'node_modules'))).toEqual(await readTree(join(ws, 'node_modules')));
  });

  it('two saves of one key at once leave one whole entry; a pruned key is a miss afterwards', async () => {
    const b = await s3.bucket('cache');
    const [wa, wb] = [
      await workspace({ 'node_modules/who': 'a' }),
      await workspace({ 'node_modules/who': 'b' }),
    ];
    const inputs = { path: 'node_modules', key: 'same', store: `${b}:ci` };
    const saves = await Promise.all([
      runStep('save', 'main', inputs, { cwd: wa }),
      runStep('save', 'main', inputs, { cwd: wb }),
    ]);
    const said = saves.map((s) => s.stdout);
    expect(said.some((s) => /cache saved with key same/.test(s))).toBe(true);
    const ws = await tempDir('paras3-cache-ws-');
    const r = await runStep('restore', 'main', inputs, { cwd: ws });
    expect(r.outputs['cache-hit']).toBe('true');
    const got = await readTree(join(ws, 'node_modules'));
    const winner = got.who?.content === 'a' ? wa : wb;
    expect(got).toEqual(await readTree(join(winner, 'node_modules')));

    await runStep('save', 'main', { ...inputs, key: 'later' }, { cwd: wa });
    const pruned = await runCli(
      ['cache', 'prune', '--store', `${b}:ci`, '--keep-last', '1', '--gc-grace', '0'],
      { env: s3.env },
    );
    expect(pruned.code, pruned.stderr).toBe(0);
    const ws2 = await tempDir('paras3-cache-ws-');
    const gone = await runStep('restore', 'main', inputs, { cwd: ws2 });
    expect(gone.outputs['cache-hit']).toBe('false');
    const kept = await runStep('restore', 'main', { ...inputs, key: 'later' }, { cwd: ws2 });
    expect(kept.outputs['cache-hit']).toBe('true');
  });
});

describe('cache action.yml files', () => {
  it('declare exactly the inputs and outputs of the constants table, and point at built bundles', async () => {
    for (const action of ['cache', 'restore', 'save'] as const) {
      const yml = await readFile(join(ACTION_DIR[action], 'action.yml'), 'utf8');
      const section = (name: string) => {
        const m = new RegExp(`^${name}:\\n((?:  .*\\n|\\n)*)`, 'm').exec(yml);
        return [...(m?.[1] ?? '').matchAll(/^ {2}([a-z-]+):/gm)].map((x) => x[1]).sort();
      };
      expect(section('inputs'), action).toEqual([...CACHE_ACTION_INPUTS[action]].sort());
      expect(section('outputs'), action).toEqual([...CACHE_ACTION_OUTPUTS[action]].sort());
      await readFile(await entryOf(action, 'main'));
    }
    await readFile(await entryOf('cache', 'post'));
  });

  it("are what the README's cache workflow uses: known inputs, the required ones, known outputs", async () => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Caching in CI'), readme.indexOf('## Settings'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const step = yaml.slice(yaml.indexOf('paras3/cache@v1'));
    const withKeys = [...step.matchAll(/^ {10}([a-z-]+):/gm)].map((m) => m[1] as string);
    expect(withKeys.sort()).toEqual(['key', 'path', 'restore-keys', 'store']);
    for (const k of withKeys) expect(CACHE_ACTION_INPUTS.cache as readonly string[]).toContain(k);
    for (const m of section.matchAll(/steps\.cache\.outputs\.([\w-]+)/g))
      expect(CACHE_ACTION_OUTPUTS.cache as readonly string[]).toContain(m[1]);
  });
});
