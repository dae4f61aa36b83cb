// The one orchestration both front ends run: signals → settings → object store → sync → clean-up, and
// the exit status. Front ends differ only in the Reporter they pass (terminal or Actions) and in how
// they collect the request (argv or inputs). Not in src/core: core stays free of settings files and
// the process environment; this layer joins config and core.
import type { EventEmitter } from 'node:events';
import type { Settings } from '../config/layers.js';
import { resolveConfig, type SyncRequest } from '../config/options.js';
import { loadSettings } from '../config/sources.js';
import { exitCodeFor } from '../core/errors.js';
import { type ClientSettings, createObjectStore } from '../core/store/factory.js';
import type { ObjectStore } from '../core/store/types.js';
import { sync } from '../core/sync.js';
import type { SyncEvents, SyncOptions, SyncReport } from '../core/types.js';
import { type HeapGovernor, heapGovernor } from './heap-governor.js';

export interface RunRequest {
  request: SyncRequest;
  /** Flag (or input) values that override settings of the same name, and how to name them. */
  settingFlags: Record<string, string | undefined>;
  flagNames: Record<string, string>;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Signals to watch (the process, or a test's emitter). */
  signals: EventEmitter;
}

/** How a front end shows a run. The SyncEvents are the engine's; the rest frame the run. */
export interface Reporter extends SyncEvents {
  /** Settings were loaded: mask secrets, log where each came from. */
  settings?(settings: Settings, debugLines: string[]): void;
  /** Everything is resolved and the sync starts: the first line (`SOURCE → DEST`). */
  start?(options: SyncOptions): void;
  /** The first signal: the run is stopping (cancel in flight, clean up). */
  interrupting?(): void;
  /** The run ended with a report (done, failures, or interrupted). */
  finish(report: SyncReport): void | Promise<void>;
  /** The run could not produce a report (bad settings, failed listing, fatal error, interrupted). */
  fail(error: unknown, interrupted: boolean): void | Promise<void>;
  /** A second signal, or a clean-up that overran its time: end the process now. */
  exitNow?(code: number, why: 'second-signal' | 'cleanup-timeout'): void;
}

export interface RunOutcome {
  exitCode: number;
  report?: SyncReport;
  /** The client settings the run used (credentials, proxy, CAs), for follow-up requests to AWS. */
  client?: ClientSettings;
}

/** After the first signal the run must end within this long, cleaned up or not (issue: no run that never ends). */
export const INTERRUPT_GRACE_MS = 4500;

export async function runSync(req: RunRequest, reporter: Reporter): Promise<RunOutcome> {
  const controller = new AbortController();
  let watchdog: NodeJS.Timeout | undefined;
  // First SIGINT/SIGTERM: stop starting work, cancel what is in flight, abort multipart uploads and
  // remove temp files, then report and exit 130. A second one, or a clean-up that overruns, quits at once.
  const onSignal = () => {
    if (!controller.signal.aborted) {
      reporter.interrupting?.();
      controller.abort();
      watchdog = setTimeout(() => reporter.exitNow?.(130, 'cleanup-timeout'), INTERRUPT_GRACE_MS);
      watchdog.unref();
      return;
    }
    reporter.exitNow?.(130, 'second-signal');
  };
  req.signals.on('SIGINT', onSignal);
  req.signals.on('SIGTERM', onSignal);
  let store: ObjectStore | undefined;
  try {
    const config = resolveRun(req, reporter.settings);
    store = await createObjectStore(config.client);
    reporter.start?.(config.options);
    const heap = heapGovernor();
    const report = await sync(config.options, { store, signal: controller.signal }, governed(reporter, heap));
    if (store.describeUse) reporter.onDebug?.(store.describeUse());
    if (heap.collections > 0) reporter.onDebug?.(`heap: ${heap.collections} full collections asked for`);
    await reporter.finish(report);
    return { exitCode: report.interrupted ? 130 : report.ok ? 0 : 1, report, client: config.client };
  } catch (err) {
    const interrupted = controller.signal.aborted;
    await reporter.fail(err, interrupted);
    return { exitCode: interrupted ? 130 : exitCodeFor(err) };
  } finally {
    clearTimeout(watchdog);
    req.signals.off('SIGINT', onSignal);
    req.signals.off('SIGTERM', onSignal);
    // Keep-alive sockets would otherwise hold the process open.
    store?.destroy();
  }
}

/** The reporter, with the heap governor told when transfers start and as each action finishes. */
function governed(reporter: Reporter, heap: HeapGovernor): SyncEvents {
  return {
    ...reporter,
    onPhase(phase, totals) {
      if (phase === 'transferring' && totals) heap.transfersStart(totals.files);
      reporter.onPhase?.(phase, totals);
    },
    onAction(result) {
      heap.actionDone();
      reporter.onAction?.(result);
    },
  };
}

/** Settings (flags, env, files) → the validated config of a run, shown to `onSettings` as resolved. */
export function resolveRun(
  req: Pick<RunRequest, 'request' | 'settingFlags' | 'flagNames' | 'env' | 'cwd'>,
  onSettings?: Reporter['settings'],
): ReturnType<typeof resolveConfig> {
  const debugLines: string[] = [];
  const settings = loadSettings({
    flags: req.settingFlags,
    flagNames: req.flagNames,
    env: req.env,
    onDebug: (m) => debugLines.push(m),
  });
  onSettings?.(settings, debugLines);
  return resolveConfig(req.request, settings, { cwd: req.cwd });
}
