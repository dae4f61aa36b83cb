// The --json document: one object with the plan, the results and the totals.
import { planVerb, reasonText } from '../core/format.js';
import type { SyncReport } from '../core/types.js';

export function jsonReport(r: SyncReport): object {
  const results = new Map(r.results.map((x) => [x.action, x]));
  return {
    source: r.source,
    destination: r.destination,
    direction: r.direction,
    dryrun: r.dryrun,
    ok: r.ok,
    interrupted: r.interrupted ?? false,
    durationMs: r.durationMs,
    totals: r.totals,
    deleteRefused: r.plan.deleteRefused ?? null,
    actions: r.plan.actions.map((a) => {
      const res = results.get(a);
      return {
        action: planVerb(a),
        op: a.op,
        path: a.path,
        kind: a.op === 'mkdir' ? 'dir' : a.op === 'delete' ? a.dest.kind : a.source.kind,
        size: a.op === 'mkdir' ? 0 : a.size,
        reason: reasonText(a) ?? null,
        status: res?.status ?? (r.dryrun ? 'planned' : 'not run'),
        error: res?.error ?? null,
      };
    }),
    problems: r.problems,
  };
}
