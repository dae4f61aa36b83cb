// Run the built bundles the way users and the Actions runner do: a separate node process, with an env we
// control, observed only through exit status, stdout/stderr and the runner's files.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { TEST_ENV } from './s3server.js';
import { makeTree, type TreeSpec, tempDir } from './tree.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI_BUNDLE = join(REPO_ROOT, 'dist', 'cli', 'index.js');
export const ACTION_BUNDLE = join(REPO_ROOT, 'dist', 'index.js');

export interface RunOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Written to stdin, which is then closed (stdin is always closed, so nothing waits on a TTY). */
  input?: string;
  /** The child is killed and the run fails after this long; default 30 s, below the test timeout. */
  timeoutMs?: number;
  /** A script to run instead of the bundle (the harness's own tests use fixtures). */
  entry?: string;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

// Inherited variables that would let the developer's or CI's setup leak into a test: credentials and
// profiles, the runner's own file commands and inputs, paras3/s3sync settings, proxies, forced colour.
const LEAKY_ENV =
  /^(AWS_|GITHUB_|INPUT_|RUNNER_|ACTIONS_|S3SYNC_|PARAS3_)|^(HTTPS?|NO|ALL)_PROXY$|^FORCE_COLOR$/i;

/** process.env without LEAKY_ENV, then `extra` on top. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !LEAKY_ENV.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

/** Spawn the CLI bundle and return the child, for tests that signal it or read output as it streams. */
export function spawnCli(args: string[], opts: Omit<RunOptions, 'input' | 'timeoutMs'> = {}): ChildProcess {
  return spawn(process.execPath, [opts.entry ?? CLI_BUNDLE, ...args], {
    cwd: opts.cwd,
    env: cleanEnv(opts.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export async function runCli(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return collect(spawnCli(args, opts), opts);
}

export interface ActionResult extends RunResult {
  /** Parsed from the GITHUB_OUTPUT file, as the runner does. */
  outputs: Record<string, string>;
  /** The GITHUB_STEP_SUMMARY file's contents (markdown/HTML). */
  summary: string;
}

/**
 * Run the action bundle as the runner does: every input declared in action.yml gets its default unless
 * given, each as INPUT_<NAME> (upper-cased, spaces to '_', hyphens kept: `INPUT_MAX-DELETE`); the file
 * commands point at fresh files; cwd is GITHUB_WORKSPACE (a temp dir unless opts.cwd is given).
 */
export async function runAction(
  inputs: Record<string, string>,
  opts: RunOptions = {},
): Promise<ActionResult> {
  const runDir = await tempDir('paras3-runner-');
  const files = {
    GITHUB_OUTPUT: join(runDir, 'output'),
    GITHUB_STEP_SUMMARY: join(runDir, 'summary'),
    GITHUB_STATE: join(runDir, 'state'),
    GITHUB_ENV: join(runDir, 'env'),
    GITHUB_PATH: join(runDir, 'path'),
  };
  // @actions/core refuses to append to a file command path that does not exist, and so does summary.write().
  await Promise.all(Object.values(files).map((f) => writeFile(f, '')));
  const workspace = opts.cwd ?? (await tempDir('paras3-workspace-'));

  const inputEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...actionInputDefaults(), ...inputs })) {
    if (value.includes('${{')) {
      throw new Error(`runAction: input "${name}" defaults to an expression (${value}); pass it explicitly`);
    }
    inputEnv[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }

  const child = spawn(process.execPath, [opts.entry ?? ACTION_BUNDLE], {
    cwd: workspace,
    env: cleanEnv({
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: await tempDir('paras3-runner-temp-'),
      ...files,
      ...inputEnv,
      ...opts.env,
    }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const result = await collect(child, opts);
  return {
    ...result,
    outputs: parseFileCommand(await readFile(files.GITHUB_OUTPUT, 'utf8')),
    summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8'),
  };
}

/**
 * Parse a key-value file command (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_ENV) like the runner: `name=value`
 * lines, or `name<<DELIM` / value lines / `DELIM`, which is what @actions/core's prepareKeyValueMessage
 * writes. A later value for a name replaces an earlier one.
 */
export function parseFileCommand(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    // Same precedence as the runner: an '=' before any '<<' makes it the name=value form.
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq > 0 && (heredoc === -1 || eq < heredoc)) {
      result[line.slice(0, eq)] = line.slice(eq + 1);
    } else if (heredoc > 0 && eq !== 0) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      const end = lines.indexOf(delimiter, i + 1);
      if (end === -1) throw new Error(`file command: no closing delimiter ${delimiter} for ${name}`);
      result[name] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else {
      throw new Error(`file command: malformed line ${JSON.stringify(line)}`);
    }
  }
  return result;
}

/**
 * The `default:` of each input in action.yml, as the runner supplies them. A deliberately small parser
 * for the subset our action.yml uses (single-line plain or quoted scalars); it throws on anything else
 * rather than guess.
 */
export function actionInputDefaults(actionYml = join(REPO_ROOT, 'action.yml')): Record<string, string> {
  if (!existsSync(actionYml)) return {};
  const defaults: Record<string, string> = {};
  const lines = readFileSync(actionYml, 'utf8').split(/\r?\n/);
  const start = lines.findIndex((l) => /^inputs:\s*$/.test(l));
  if (start === -1) return defaults;
  let inputIndent = -1;
  let propIndent = -1;
  let current = '';
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) break; // the next top-level key ends `inputs:`
    if (inputIndent === -1) inputIndent = indent;
    if (indent === inputIndent) {
      current = /^\s*([^:#]+?)\s*:\s*$/.exec(line)?.[1] ?? '';
      if (!current) throw new Error(`action.yml: cannot parse input line ${JSON.stringify(line)}`);
      propIndent = -1;
      continue;
    }
    if (propIndent === -1) propIndent = indent;
    const m = indent === propIndent ? /^\s*default:\s*(.*)$/.exec(line) : null;
    if (m) defaults[current] = yamlScalar(m[1]!, current);
  }
  return defaults;
}

function yamlScalar(raw: string, input: string): string {
  const s = raw.trim();
  if (s.startsWith("'")) return s.slice(1, s.lastIndexOf("'")).replace(/''/g, "'");
  if (s.startsWith('"')) return JSON.parse(s.slice(0, s.lastIndexOf('"') + 1)) as string;
  if (/^[|>]/.test(s))
    throw new Error(`action.yml: block scalar default of "${input}" is not supported here`);
  return s.replace(/\s+#.*$/, '');
}

/** Gathers a child's stdout and stderr as text while it runs; `exit` settles after both have ended. */
export function capture(child: ChildProcess): {
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
} {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  // 'close', not 'exit': it fires after stdout and stderr have been read to the end.
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal }));
  });
  return { stdout: () => stdout, stderr: () => stderr, exit };
}

async function collect(child: ChildProcess, opts: RunOptions): Promise<RunResult> {
  const out = capture(child);
  // EPIPE if the child exits without reading its input; the exit status is what the test asserts.
  child.stdin?.on('error', () => {});
  child.stdin?.end(opts.input ?? '');

  const timeoutMs = opts.timeoutMs ?? 30_000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  try {
    const { code, signal } = await out.exit;
    if (timedOut) {
      throw new Error(
        `process timed out after ${timeoutMs} ms\n--- stdout\n${out.stdout()}\n--- stderr\n${out.stderr()}`,
      );
    }
    return { code, signal, stdout: out.stdout(), stderr: out.stderr() };
  } finally {
    clearTimeout(timer);
  }
}

/** Asserts a clean run (exit 0, nothing on stderr) and returns its stdout lines. */
export function ok(r: RunResult): string[] {
  expect(r.stderr, r.stdout).toBe('');
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trimEnd().split('\n');
}

/** A job's workspace: a temp directory holding `folder/` with `spec`, as a checkout would. */
export async function actionWorkspace(folder: string, spec: TreeSpec): Promise<string> {
  const dir = await tempDir('paras3-ws-');
  await makeTree(join(dir, folder), spec);
  return dir;
}

/** Runs the action in `cwd` against `endpoint` with the test credentials, HOME in the workspace. */
export function runActionAt(
  endpoint: string,
  cwd: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionResult> {
  return runAction({ endpoint, ...inputs }, { cwd, env: { ...TEST_ENV, HOME: cwd, ...env } });
}
