// Runs a Plan with bounded parallelism, phase by phase: mkdirs, then assets (and metadata updates),
// then pages, then deletes. One failed entry is recorded and the others go on; later phases that
// depend on the earlier ones (pages on their assets, deletes on everything) are skipped when something
// failed. A fatal error (one every entry would hit) or an interrupt stops new work and cancels what is
// in flight, which then cleans up after itself (multipart uploads aborted, temp files removed).
import { FatalSyncError, oneLine } from './errors.js';
import { isPage } from './plan.js';
import { forEachLimited } from './pool.js';
import { DeletesStopped, type Transport } from './transfer/transport.js';
import {
  type ActionResult,
  type DeleteAction,
  type Direction,
  isTransfer,
  type MkdirAction,
  type Plan,
  type PlanAction,
  type SyncEvents,
} from './types.js';

export interface ExecuteOptions {
  threads: number;
  direction: Direction;
  /** The caller's interrupt. */
  signal?: AbortSignal;
  /** Aborted here on a fatal error, so in-flight work stops; the transport must be built on it. */
  stop: AbortController;
  events: SyncEvents;
  /** One line for a failed action's error (names the endpoint for network errors). */
  describe?: (err: unknown) => string;
}

export interface Execution {
  results: ActionResult[];
  /** A failure that stopped the whole run (e.g. ACLs disabled on the bucket). */
  fatal?: FatalSyncError;
}

export async function executePlan(
  plan: Plan,
  transport: Transport,
  opts: ExecuteOptions,
): Promise<Execution> {
  const { events, signal, stop } = opts;
  const describe = opts.describe ?? oneLine;
  const results: ActionResult[] = [];
  let fatal: FatalSyncError | undefined;
  const transfers = plan.actions.filter((a) => isTransfer(a) || a.op === 'metadata');
  const progress = {
    bytesDone: 0,
    bytesTotal: transfers.reduce((n, a) => n + (isTransfer(a) ? a.size : 0), 0),
    filesDone: 0,
    filesTotal: transfers.length,
  };
  const interrupted = () => signal?.aborted === true;

  const record = (r: ActionResult) => {
    results.push(r);
    events.onAction?.(r);
  };
  const notRun = (actions: PlanAction[], why: string) => {
    for (const action of actions)
      record(interrupted() ? stopped(action) : { action, status: 'skipped', bytes: 0, error: why });
  };
  const stopReason = () => (fatal ? `not run: ${oneLine(fatal)}` : undefined);

  const runEach = async <A extends PlanAction>(actions: A[], work: (a: A) => Promise<number>) => {
    // Every outcome is recorded here, so no call rejects and every action gets its result.
    await forEachLimited(actions, opts.threads, async (action) => {
      if (interrupted()) return record(stopped(action));
      const stop_ = stopReason();
      if (stop_) return record({ action, status: 'skipped', bytes: 0, error: stop_ });
      try {
        const bytes = await work(action);
        record({ action, status: 'done', bytes });
      } catch (err) {
        if (err instanceof FatalSyncError && !fatal) {
          fatal = err;
          stop.abort(err);
        }
        if (interrupted()) record(stopped(action));
        else if (stop.signal.aborted && err !== fatal)
          record({ action, status: 'skipped', bytes: 0, error: stopReason() ?? describe(err) });
        else record({ action, status: 'failed', bytes: 0, error: describe(err) });
      }
    });
  };
  const failedSoFar = () => results.some((r) => r.status !== 'done');

  const mkdirs = plan.actions.filter((a): a is MkdirAction => a.op === 'mkdir');
  // The root first, alone: everything else lives inside it.
  const [roots, dirs] = partition(mkdirs, (a) => a.path === '');
  await runEach(roots, (a) => transport.mkdir(a).then(() => 0));
  await runEach(dirs, (a) => transport.mkdir(a).then(() => 0));

  if (transfers.length > 0)
    events.onPhase?.('transferring', { files: progress.filesTotal, bytes: progress.bytesTotal });
  const onBytes = (n: number) => {
    progress.bytesDone += n;
    events.onProgress?.({ ...progress });
  };
  const move = async (a: PlanAction) => {
    let bytes = 0;
    if (isTransfer(a)) bytes = await transport.transfer(a, onBytes);
    else if (a.op === 'metadata') await transport.metadata(a);
    progress.filesDone++;
    events.onProgress?.({ ...progress });
    return bytes;
  };
  // Publishing a site: pages go only after all their assets are in place.
  const [pages, assets] = partition(transfers, (a) => isTransfer(a) && a.op !== 'download' && isPage(a.path));
  await runEach(assets, move);
  if (pages.length > 0 && failedSoFar())
    notRun(pages, 'not uploaded: an earlier transfer failed, so pages wait');
  else await runEach(pages, move);

  const deletes = plan.actions.filter((a): a is DeleteAction => a.op === 'delete');
  if (deletes.length > 0) {
    const why = stopReason() ?? (failedSoFar() ? 'not deleted: an earlier action failed' : undefined);
    if (why || interrupted()) notRun(deletes, why ?? 'interrupted');
    else {
      events.onPhase?.('deleting', { files: deletes.length, bytes: 0 });
      try {
        const outcomes = await transport.deleteBatch(deletes);
        deletes.forEach((action, i) => {
          const o = outcomes[i];
          if (o?.ok) record({ action, status: 'done', bytes: 0 });
          else {
            const error = o === undefined ? 'no result' : o.cause === undefined ? o.error : describe(o.cause);
            record({ action, status: 'failed', bytes: 0, error });
          }
        });
      } catch (err) {
        // Batches that went through before the phase stopped are reported as they ended; the rest were
        // never tried if it was interrupted, and were tried and refused otherwise (a failure, not a skip).
        const done = err instanceof DeletesStopped ? err.outcomes : [];
        done.forEach((o, i) => {
          const action = deletes[i] as DeleteAction;
          record(
            o.ok
              ? { action, status: 'done', bytes: 0 }
              : {
                  action,
                  status: 'failed',
                  bytes: 0,
                  error: o.cause === undefined ? o.error : describe(o.cause),
                },
          );
        });
        const rest = deletes.slice(done.length);
        const cause = err instanceof DeletesStopped ? err.cause : err;
        if (interrupted()) notRun(rest, 'interrupted');
        else
          for (const action of rest) record({ action, status: 'failed', bytes: 0, error: describe(cause) });
      }
    }
  }
  return { results, fatal };
}

function stopped(action: PlanAction): ActionResult {
  return { action, status: 'interrupted', bytes: 0 };
}

function partition<T>(items: T[], pred: (t: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const t of items) (pred(t) ? yes : no).push(t);
  return [yes, no];
}
