// The runner's view of a run: per-action lines inside a collapsible group, one annotation per distinct
// error, warnings, outputs, one job summary, and the step's failure. Secrets are masked before any
// line is written (the runner hides masked values in the log; the summary file is redacted here).
import * as core from '@actions/core';
import { oneLine } from '../core/errors.js';
import type { ActionResult, SyncReport } from '../core/types.js';
import { actionLine, displayPath, shardLabel, summaryLine } from '../render/format.js';
import type { Reporter } from '../run/run-sync.js';
import { ActionLog } from './log.js';
import { setOutputs } from './outputs.js';
import type { PathView } from './paths.js';
import type { Secrets } from './secrets.js';
import { addFailureSummary, addReportSummary } from './summary.js';
import { inActionTerms, reportInActionTerms } from './terms.js';

export function actionReporter(
  secrets: Secrets,
  exitNow: (code: number) => void,
  view: PathView = (p) => p,
): Reporter {
  const log = new ActionLog();
  // Error texts already annotated: a run-wide failure is annotated once, each file still named in the log.
  const annotated = new Set<string>();
  let dryrun = false;
  let grouped = false;
  const endGroup = () => {
    log.flush();
    if (grouped) core.endGroup();
    grouped = false;
  };
  const problem = (r: ActionResult) => {
    const what = `${r.status === 'failed' ? 'failed to' : 'skipped'} ${r.action.op} ${displayPath(r.action)}`;
    const error = inActionTerms(r.error ?? '');
    if (annotated.has(error)) return log.info(`${what}: same error`);
    annotated.add(error);
    if (r.status === 'failed') log.error(`${what}: ${error}`);
    else log.warning(`${what}: ${error}`);
  };
  return {
    settings(settings, debugLines) {
      // Whatever layer they came from (env, an ini file), credential values are masked before the
      // effective settings are logged.
      secrets.maskSettings(settings);
      for (const m of debugLines) core.debug(m);
    },
    start(options) {
      dryrun = options.dryrun;
      const shown = (display: string, kind: string) => (kind === 'local' ? view(display) : display);
      const from = shown(options.sourceDisplay, options.source.kind);
      log.info(
        `${dryrun ? 'dry run: ' : ''}${shardLabel(options)}${from} → ${shown(options.destinationDisplay, options.destination.kind)}`,
      );
      log.flush();
      core.startGroup(dryrun ? 'Planned changes' : 'Transfers');
      grouped = true;
    },
    onPlan(plan) {
      if (dryrun) for (const a of plan.actions) log.info(actionLine(a, { reason: true }));
    },
    onAction(r) {
      if (r.status === 'done') log.info(actionLine(r.action, { bytes: r.bytes }));
      else if (r.status !== 'interrupted') problem(r);
    },
    onWarning: (m) => log.warning(inActionTerms(m)),
    onDebug: (m) => core.debug(m),
    interrupting: () => log.warning('cancelled: stopping transfers and cleaning up'),
    async finish(engineReport: SyncReport) {
      const report = reportInActionTerms(engineReport);
      endGroup();
      for (const p of report.problems) log.warning(`skipped ${p.path}: ${p.message}`);
      if (report.plan.deleteRefused) log.warning(`deletes refused: ${report.plan.deleteRefused}`);
      log.info(summaryLine(report));
      log.flush();
      setOutputs(report, view);
      await writeSummary(secrets, (s) => addReportSummary(s, report, view));
      if (report.interrupted) core.setFailed('interrupted');
      else if (!report.ok) core.setFailed(failureLine(report));
    },
    async fail(err, interrupted) {
      endGroup();
      const message = secrets.redact(interrupted ? 'interrupted' : inActionTerms(oneLine(err)));
      // A fatal error (ACLs disabled) was already annotated with the file it hit first: once is enough.
      if (annotated.has(message)) process.exitCode = core.ExitCode.Failure;
      else core.setFailed(message);
      await writeSummary(secrets, (s) => addFailureSummary(s, message)).catch(() => {});
    },
    exitNow(code, why) {
      log.warning(
        why === 'second-signal'
          ? 'cancelled again: quitting without cleanup'
          : 'cleanup did not finish in time: quitting',
      );
      log.flush();
      exitNow(code);
    },
  };
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
export async function writeSummary(secrets: Secrets, add: (s: typeof core.summary) => void): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  add(core.summary);
  const html = secrets.redact(core.summary.stringify());
  await core.summary.emptyBuffer().addRaw(html).write();
}
