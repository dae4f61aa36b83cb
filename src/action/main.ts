// The GitHub Action: inputs → settings → sync() → log lines, outputs and one job summary.
// A thin front end like src/cli/main.ts; everything that decides what happens lives in src/core.
import * as core from '@actions/core';
import { resolveConfig } from '../config/options.js';
import { loadSettings } from '../config/sources.js';
import { oneLine } from '../core/errors.js';
import { displayPath, doneLine, planLine, summaryLine } from '../core/format.js';
import { createS3Client } from '../core/s3client.js';
import { sync } from '../core/sync.js';
import type { SyncEvents, SyncReport } from '../core/types.js';
import { readInputs } from './inputs.js';
import { ActionLog } from './log.js';
import { setOutputs } from './outputs.js';
import { Secrets } from './secrets.js';
import { addFailureSummary, addReportSummary } from './summary.js';

export interface ActionIO {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Signals to watch: the runner sends SIGINT, then SIGTERM, when a job is cancelled. */
  signals: NodeJS.EventEmitter;
}

const defaultIO = (): ActionIO => ({ env: process.env, cwd: process.cwd(), signals: process });

export async function run(io: ActionIO = defaultIO()): Promise<void> {
  // Before anything can log: the runner hides these values from every later log line.
  const secrets = new Secrets();
  secrets.maskInputs();
  const log = new ActionLog();
  // Error texts already annotated, so a run-wide failure is annotated once, not once per file.
  const reported = new Set<string | undefined>();
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  io.signals.on('SIGINT', onSignal);
  io.signals.on('SIGTERM', onSignal);
  let client: ReturnType<typeof createS3Client> | undefined;
  try {
    const inputs = readInputs();
    // Credentials given as inputs replace the environment's, session token included: mixing the
    // inputs' keys with a token from an earlier configure-aws-credentials step cannot work.
    const env = inputs.inputCredentials ? { ...io.env, AWS_SESSION_TOKEN: undefined } : io.env;
    const settingsDebug: string[] = [];
    const settings = loadSettings({
      flags: inputs.settingFlags,
      flagNames: inputs.flagNames,
      env,
      onDebug: (m) => settingsDebug.push(m),
    });
    // Whatever layer they came from (env, an ini file), credential values are masked before the
    // effective settings are logged.
    secrets.maskSettings(settings);
    for (const m of settingsDebug) core.debug(m);

    const config = resolveConfig(inputs.request, settings, { cwd: io.cwd });
    const { options } = config;
    client = createS3Client(config.client);
    core.info(`${options.dryrun ? 'dry run: ' : ''}${options.sourceDisplay} → ${options.destinationDisplay}`);

    const events: SyncEvents = {
      onPlan(plan) {
        if (options.dryrun) for (const a of plan.actions) log.info(planLine(a));
      },
      onAction(r) {
        if (r.status === 'done') return log.info(doneLine(r.action, r.bytes));
        if (r.error === 'interrupted') return;
        const what = `${r.status === 'failed' ? 'failed to' : 'skipped'} ${r.action.op} ${displayPath(r.action)}`;
        // One annotation per distinct error (a bucket with ACLs disabled fails every file the same
        // way); every file is still named in the log.
        if (reported.has(r.error)) return log.info(`${what}: same error`);
        reported.add(r.error);
        if (r.status === 'failed') log.error(`${what}: ${r.error}`);
        else log.warning(`${what}: ${r.error}`);
      },
      onWarning: (m) => log.warning(m),
      onDebug: (m) => core.debug(m),
    };
    const activeClient = client;
    const report: SyncReport = await core.group(
      options.dryrun ? 'Planned changes' : 'Transfers',
      async () => {
        try {
          return await sync(
            options,
            { client: activeClient, signal: controller.signal, endpointLabel: config.endpointLabel },
            events,
          );
        } finally {
          log.flush();
        }
      },
    );
    for (const p of report.problems) log.warning(`skipped ${p.path}: ${p.message}`);
    core.info(summaryLine(report));

    setOutputs(report, options.destination);
    await writeSummary(secrets, (s) => addReportSummary(s, report, options.destination));
    if (report.interrupted) core.setFailed('interrupted');
    else if (!report.ok) core.setFailed(failureLine(report));
  } catch (err) {
    log.flush();
    const message = secrets.redact(controller.signal.aborted ? 'interrupted' : oneLine(err));
    // A fatal error (ACLs disabled) was already annotated with the file it hit first: once is enough.
    if (reported.has(message)) process.exitCode = core.ExitCode.Failure;
    else core.setFailed(message);
    await writeSummary(secrets, (s) => addFailureSummary(s, message)).catch(() => {});
  } finally {
    io.signals.off('SIGINT', onSignal);
    io.signals.off('SIGTERM', onSignal);
    // setFailed only sets process.exitCode: keep-alive sockets would otherwise hold the step open.
    client?.destroy();
  }
}

function failureLine(report: SyncReport): string {
  const t = report.totals;
  const parts = [];
  if (t.failed) parts.push(`${t.failed} failed`);
  if (t.skipped) parts.push(`${t.skipped} skipped`);
  if (report.plan.deleteRefused) parts.push(`deletes refused: ${report.plan.deleteRefused}`);
  return `paras3: ${parts.join(', ')} (see the log and the job summary)`;
}

/**
 * Writes the job summary once; outside a runner (no GITHUB_STEP_SUMMARY) there is none to write. The
 * runner masks log lines, not this file, so credential values are redacted from it here.
 */
async function writeSummary(secrets: Secrets, add: (s: typeof core.summary) => void): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  add(core.summary);
  const html = secrets.redact(core.summary.stringify());
  await core.summary.emptyBuffer().addRaw(html).write();
}
