// The terminal's view of a run: per-action lines on stdout (or one JSON document), warnings and errors
// on stderr, a progress bar on a terminal. Every line goes through render/format.ts, which escapes
// control characters.
import { oneLine } from '../core/errors.js';
import type { SyncReport } from '../core/types.js';
import { actionLine, displayPath, printable, shardLabel, summaryLine } from '../render/format.js';
import type { Reporter } from '../run/run-sync.js';
import type { CliArgs } from './args.js';
import { jsonError, jsonReport } from './json.js';
import type { LineSink, StatusLine } from './status-line.js';

export interface TerminalIO {
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  exitNow?: (code: number) => void;
}

export function terminalReporter(
  args: CliArgs,
  io: TerminalIO,
  out: LineSink,
  err: LineSink,
  status: StatusLine,
): Reporter {
  const text = !args.json;
  const quiet = args.quiet;
  // Lines go above the status line (when there is one): status-line.ts clears and redraws it.
  const warn = (line: string) => err.line(printable(line));
  let dryrun = false;
  return {
    settings(_settings, debugLines) {
      if (args.debug) for (const l of debugLines) err.line(`debug: ${printable(l)}`);
    },
    start(options) {
      dryrun = options.dryrun;
      if (text && !quiet)
        out.line(
          `${dryrun ? 'dry run: ' : ''}${shardLabel(options)}${printable(options.sourceDisplay)} → ${printable(options.destinationDisplay)}`,
        );
    },
    onPlan(plan) {
      if (text && dryrun && !quiet) for (const a of plan.actions) out.line(actionLine(a, { reason: true }));
    },
    onAction(r) {
      const what = `${r.action.op} ${displayPath(r.action)}`;
      if (r.status === 'done') {
        if (text && !quiet) out.line(actionLine(r.action, { bytes: r.bytes, reason: args.verbose }));
      } else if (r.status === 'failed') warn(`paras3: failed to ${what}: ${r.error}`);
      else if (r.status === 'skipped') warn(`paras3: skipped ${what}: ${r.error}`);
      else if (args.verbose) warn(`paras3: not run (interrupted): ${what}`);
    },
    onWarning: (m) => warn(`paras3: warning: ${m}`),
    onPhase: (phase, totals) =>
      status.setPhase(phase, totals && { filesTotal: totals.files, bytesTotal: totals.bytes }),
    onProgress: (p) => status.progress(p),
    onDebug: args.debug ? (m) => err.line(`debug: ${printable(m)}`) : undefined,
    interrupting() {
      err.line('paras3: interrupting: finishing cleanup (press Ctrl-C again to quit at once)');
      err.flush();
    },
    finish(report: SyncReport) {
      status.stop();
      for (const p of report.problems) warn(`paras3: skipped ${p.path}: ${p.message}`);
      if (report.plan.deleteRefused) warn(`paras3: deletes refused: ${report.plan.deleteRefused}`);
      if (text && report.notDescended) {
        const n = report.notDescended;
        out.line(
          `${n} subdirector${n === 1 ? 'y' : 'ies'} not descended into: without -r only the top level is synced`,
        );
      }
      if (text) out.line(summaryLine(report));
      else out.line(JSON.stringify(jsonReport(report), null, 2));
    },
    fail(e, interrupted) {
      status.stop();
      if (interrupted) warn('paras3: interrupted');
      else {
        warn(`paras3: ${oneLine(e)}`);
        if (args.debug && e instanceof Error && e.stack) err.line(e.stack);
      }
      if (!text) out.line(JSON.stringify(jsonError(e, interrupted), null, 2));
    },
    exitNow(code, why) {
      err.line(
        why === 'second-signal'
          ? 'paras3: interrupted again: quitting without cleanup'
          : 'paras3: cleanup did not finish in time: quitting (an open multipart upload may remain until a lifecycle rule removes it)',
      );
      status.stop();
      io.exitNow?.(code);
    },
  };
}
