// The paras3 command: argv → options → sync() → text, progress or JSON. Returns the exit status;
// only index.ts exits.
import { resolveConfig } from '../config/options.js';
import { loadSettings } from '../config/sources.js';
import { exitCodeFor, oneLine } from '../core/errors.js';
import { doneLine, planLine, summaryLine } from '../core/format.js';
import { createS3Client } from '../core/s3client.js';
import { sync } from '../core/sync.js';
import type { SyncEvents } from '../core/types.js';
import { VERSION } from '../version.js';
import { parseCli, SETTING_FLAGS, USAGE } from './args.js';
import { jsonReport } from './json.js';
import { LineWriter } from './output.js';
import { ProgressBar } from './progress.js';

export interface CliIO {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Signals to watch; tests pass their own emitter. */
  signals: NodeJS.EventEmitter;
  /** Ends the process at once: a second Ctrl-C while the first one's cleanup is still running. */
  exitNow?: (code: number) => void;
}

const defaultIO = (): CliIO => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signals: process,
  exitNow: (code) => process.exit(code),
});

export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const out = new LineWriter(io.stdout);
  const err = new LineWriter(io.stderr);
  let debug = argv.includes('--debug');
  const fail = (e: unknown): number => {
    err.line(`paras3: ${oneLine(e)}`);
    if (debug && e instanceof Error && e.stack) err.line(e.stack);
    return exitCodeFor(e);
  };

  let command: ReturnType<typeof parseCli>;
  try {
    command = parseCli(argv);
  } catch (e) {
    const code = fail(e);
    err.flush();
    return code;
  }
  if (command.kind === 'help' || command.kind === 'version') {
    io.stdout.write(`${command.kind === 'help' ? USAGE : VERSION}\n`);
    return 0;
  }
  const args = command.args;
  debug = args.debug;

  const controller = new AbortController();
  // First SIGINT/SIGTERM: stop starting work, cancel what is in flight, abort multipart uploads and
  // remove temp files, then report and exit 130. A second one quits at once, cleanup or not.
  const onSignal = () => {
    if (!controller.signal.aborted) {
      err.line('paras3: interrupting: finishing cleanup (press Ctrl-C again to quit at once)');
      controller.abort();
      return;
    }
    err.line('paras3: interrupted again: quitting without cleanup');
    out.flush();
    err.flush();
    io.exitNow?.(130);
  };
  io.signals.on('SIGINT', onSignal);
  io.signals.on('SIGTERM', onSignal);
  let client: ReturnType<typeof createS3Client> | undefined;
  try {
    const settings = loadSettings({
      flags: args.settingFlags,
      flagNames: SETTING_FLAGS,
      env: io.env,
      onDebug: debug ? (m) => err.line(`debug: ${m}`) : undefined,
    });
    const config = resolveConfig(args.request, settings, { cwd: io.cwd });
    client = createS3Client(config.client);
    const { options } = config;
    const text = !args.json;
    if (text)
      out.line(
        `${options.dryrun ? 'dry run: ' : ''}${options.sourceDisplay} → ${options.destinationDisplay}`,
      );

    const bar = args.progress && io.stderr.isTTY ? new ProgressBar(io.stderr, !io.env.NO_COLOR) : undefined;
    const events: SyncEvents = {
      onPlan(plan) {
        if (text && options.dryrun) for (const a of plan.actions) out.line(planLine(a));
      },
      onAction(r) {
        bar?.clear();
        if (r.status === 'done' && text) out.line(doneLine(r.action, r.bytes, { reason: args.verbose }));
        else if (r.status === 'failed')
          err.line(`paras3: failed to ${r.action.op} ${r.action.path}: ${r.error}`);
        else if (r.status === 'skipped' && (args.verbose || r.error !== 'interrupted')) {
          err.line(`paras3: skipped ${r.action.op} ${r.action.path}: ${r.error}`);
        }
      },
      onWarning(m) {
        bar?.clear();
        err.line(`paras3: warning: ${m}`);
      },
      onProgress: bar ? (p) => bar.update(p) : undefined,
      onDebug: debug ? (m) => err.line(`debug: ${m}`) : undefined,
    };

    const report = await sync(
      options,
      { client, signal: controller.signal, endpointLabel: config.endpointLabel },
      events,
    );
    bar?.clear();
    for (const p of report.problems) err.line(`paras3: skipped ${p.path}: ${p.message}`);
    if (report.plan.deleteRefused) err.line(`paras3: deletes refused: ${report.plan.deleteRefused}`);
    if (text) out.line(summaryLine(report));
    else out.line(JSON.stringify(jsonReport(report), null, 2));
    if (report.interrupted) return 130;
    return report.ok ? 0 : 1;
  } catch (e) {
    if (controller.signal.aborted) {
      err.line('paras3: interrupted');
      return 130;
    }
    return fail(e);
  } finally {
    out.flush();
    err.flush();
    io.signals.off('SIGINT', onSignal);
    io.signals.off('SIGTERM', onSignal);
    // Keep-alive sockets would otherwise hold the process open.
    client?.destroy();
  }
}
