// The GitHub Action: inputs → runSync with the Actions reporter. A thin front end like
// src/cli/main.ts; everything that decides what happens lives in src/core.
import * as core from '@actions/core';
import { oneLine } from '../core/errors.js';
import { runSync } from '../run/run-sync.js';
import { invalidateAfterSync } from './cloudfront.js';
import { readInputs } from './inputs.js';
import { workspaceView } from './paths.js';
import { planStep } from './plan.js';
import { actionReporter } from './reporter.js';
import { Secrets } from './secrets.js';

export interface ActionIO {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Signals to watch: the runner sends SIGINT, then SIGTERM, when a job is cancelled. */
  signals: NodeJS.EventEmitter;
  exitNow: (code: number) => void;
}

const defaultIO = (): ActionIO => ({
  env: process.env,
  cwd: process.cwd(),
  signals: process,
  exitNow: (code) => process.exit(code),
});

export async function run(io: ActionIO = defaultIO()): Promise<void> {
  // Before anything can log: the runner hides these values from every later log line.
  const secrets = new Secrets();
  secrets.maskInputs(io.env);
  const reporter = actionReporter(secrets, io.exitNow, workspaceView(io.env.GITHUB_WORKSPACE));
  try {
    const inputs = readInputs(io.env);
    // Credentials given as inputs replace the environment's, session token included: mixing the
    // inputs' keys with a token from an earlier configure-aws-credentials step cannot work.
    const env = inputs.inputCredentials ? { ...io.env, AWS_SESSION_TOKEN: undefined } : io.env;
    if (inputs.shards !== undefined)
      return await planStep({ ...inputs, env, cwd: io.cwd }, inputs.shards, secrets);
    const outcome = await runSync({ ...inputs, env, cwd: io.cwd, signals: io.signals }, reporter);
    if (inputs.cloudfront) await invalidateAfterSync(outcome, inputs.cloudfront, { env, secrets });
  } catch (err) {
    // Bad inputs, or anything thrown outside the run (a non-Error too): the step fails, never green.
    await Promise.resolve(reporter.fail(err, false)).catch(() =>
      core.setFailed(secrets.redact(oneLine(err))),
    );
  }
}
