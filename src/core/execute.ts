// Runs a Plan with bounded parallelism, phase by phase: mkdirs, then assets, then pages, then
// deletes. One failed entry is recorded and the others go on; later phases that depend on the earlier
// ones (pages on their assets, deletes on everything) are skipped when something failed.
import pLimit from 'p-limit';
import { FatalSyncError, oneLine } from './errors.js';
import { isPage } from './plan.js';
import type { Transport } from './transfer/transport.js';
import { type ActionResult, isTransfer, type Plan, type PlanAction, type SyncEvents } from './types.js';

export interface ExecuteOptions {
  threads: number;
  direction: 'upload' | 'download';
  signal?: AbortSignal;
  events: SyncEvents;
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
  const { events, signal } = opts;
  const results: ActionResult[] = [];
  const limit = pLimit(opts.threads);
  let fatal: FatalSyncError | undefined;
  const transfers = plan.actions.filter(isTransfer);
  const progress = {
    bytesDone: 0,
    bytesTotal: transfers.reduce((n, a) => n + a.size, 0),
    filesDone: 0,
    filesTotal: transfers.length,
  };

  const record = (r: ActionResult) => {
    results.push(r);
    events.onAction?.(r);
  };
  const skipAll = (actions: PlanAction[], why: string) => {
    for (const action of actions) record({ action, status: 'skipped', bytes: 0, error: why });
  };
  const stopReason = () => (fatal ? oneLine(fatal) : signal?.aborted ? 'interrupted' : undefined);

  const runEach = async (actions: PlanAction[], work: (a: PlanAction) => Promise<number>) => {
    await Promise.all(
      actions.map((action) =>
        limit(async () => {
          const stop = stopReason();
          if (stop) return record({ action, status: 'skipped', bytes: 0, error: stop });
          try {
            const bytes = await work(action);
            record({ action, status: 'done', bytes });
          } catch (err) {
            if (err instanceof FatalSyncError) fatal ??= err;
            record({
              action,
              status: signal?.aborted ? 'skipped' : 'failed',
              bytes: 0,
              error: signal?.aborted ? 'interrupted' : oneLine(err),
            });
          }
        }),
      ),
    );
  };
  const failedSoFar = () => results.some((r) => r.status !== 'done');

  const mkdirs = plan.actions.filter((a) => a.op === 'mkdir');
  // The root first, alone: everything else lives inside it.
  const [roots, dirs] = partition(mkdirs, (a) => a.path === '');
  await runEach(roots, (a) => transport.mkdir(a).then(() => 0));
  await runEach(dirs, (a) => transport.mkdir(a).then(() => 0));

  const onBytes = (n: number) => {
    progress.bytesDone += n;
    events.onProgress?.({ ...progress });
  };
  const move = async (a: PlanAction) => {
    const bytes = await transport.transfer(a, onBytes);
    progress.filesDone++;
    events.onProgress?.({ ...progress });
    return bytes;
  };
  // Publishing a site: pages go only after all their assets are in place.
  const [pages, assets] =
    opts.direction === 'upload' ? partition(transfers, (a) => isPage(a.path)) : [[], transfers];
  await runEach(assets, move);
  if (pages.length > 0 && failedSoFar())
    skipAll(pages, 'not uploaded: an earlier transfer failed, so pages wait');
  else await runEach(pages, move);

  const deletes = plan.actions.filter((a) => a.op === 'delete');
  if (deletes.length > 0) {
    const stop = stopReason() ?? (failedSoFar() ? 'not deleted: an earlier action failed' : undefined);
    if (stop) skipAll(deletes, stop);
    else {
      try {
        const outcomes = await transport.deleteBatch(deletes);
        deletes.forEach((action, i) => {
          const o = outcomes[i];
          record(
            o?.ok
              ? { action, status: 'done', bytes: 0 }
              : { action, status: 'failed', bytes: 0, error: o?.error ?? 'no result' },
          );
        });
      } catch (err) {
        skipAll(deletes, oneLine(err));
      }
    }
  }
  return { results, fatal };
}

function partition<T>(items: T[], pred: (t: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const t of items) (pred(t) ? yes : no).push(t);
  return [yes, no];
}
