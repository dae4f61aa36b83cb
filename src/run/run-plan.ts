// `paras3 plan --shards N` and the action's `shards` input: settings → object store → list both sides →
// the matrix. Read-only: nothing is written, so an interrupt may simply end the process.
import { type Matrix, planShards } from '../core/shard-plan.js';
import { createObjectStore } from '../core/store/factory.js';
import type { SyncEvents } from '../core/types.js';
import { type Reporter, type RunRequest, resolveRun } from './run-sync.js';

export async function runPlan(
  req: Omit<RunRequest, 'signals'>,
  shards: number,
  events: SyncEvents & Pick<Reporter, 'settings'> = {},
): Promise<Matrix> {
  const config = resolveRun(req, events.settings);
  const store = await createObjectStore(config.client);
  try {
    return await planShards(config.options, { store }, shards, events);
  } finally {
    // Keep-alive sockets would otherwise hold the process open.
    store.destroy();
  }
}
