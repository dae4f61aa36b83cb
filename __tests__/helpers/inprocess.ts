// The CLI's main() run inside the test worker, with its own streams, env and signals: the same code
// path as the bundle (argv → runSync → terminal reporter) without the ~0.3 s of a process start. For
// engine behaviour; the bundle's own behaviour (start-up, exit, signals to a process) stays in
// spawned-CLI tests.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { RunResult } from './run.js';

export interface InProcessRun extends RunResult {
  /** Emit SIGINT/SIGTERM at the run, as a terminal or runner would. */
  signals: EventEmitter;
}

/** Runs `paras3 ARGS` in this process. `env` is the whole environment the run sees. */
export async function runMain(
  args: string[],
  env: Record<string, string>,
  opts: { cwd?: string; onStart?: (signals: EventEmitter) => void } = {},
): Promise<InProcessRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  stderr.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const signals = new EventEmitter();
  opts.onStart?.(signals);
  const code = await main(args, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    env,
    cwd: opts.cwd ?? process.cwd(),
    signals,
    exitNow: (c) => {
      throw new Error(`exitNow(${c}) called in-process`);
    },
  });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, signal: null, stdout: out, stderr: err, signals };
}
