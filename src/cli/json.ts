// The --json document, schema 1 (docs: README "JSON output"; JSON Schema: schema/report.schema.json).
// One object on stdout, also when the run fails before it has a report (then `error` is set), so a
// script never reads an empty stdout.
import { exitCodeFor, oneLine } from '../core/errors.js';
import { keyOf, localTextPath } from '../core/sides.js';
import { type Location, nameOf, type PlanAction, type SyncReport } from '../core/types.js';
import { changeKind, reasonCode, reasonText } from '../render/format.js';
import { VERSION } from '../version.js';

export const JSON_SCHEMA_VERSION = 1;

export function jsonReport(r: SyncReport): object {
  const results = new Map(r.results.map((x) => [x.action, x]));
  const t = r.totals;
  return {
    schema: JSON_SCHEMA_VERSION,
    version: VERSION,
    source: r.source,
    destination: r.destination,
    direction: r.direction,
    dryrun: r.dryrun,
    ok: r.ok,
    interrupted: r.interrupted ?? false,
    durationMs: r.durationMs,
    totals: {
      files: {
        created: t.created,
        updated: t.updated,
        metadata: t.metadata,
        deleted: t.deleted,
        unchanged: t.unchanged,
      },
      directories: { created: t.dirsCreated, deleted: t.dirsDeleted, unchanged: t.dirsUnchanged },
      failed: t.failed,
      skipped: t.skipped,
      notRun: t.interrupted,
      bytes: t.bytes,
    },
    deleteRefused: r.plan.deleteRefused ?? null,
    notDescended: r.notDescended ?? 0,
    ...(r.shard ? { shard: r.shard } : {}),
    actions: r.plan.actions.map((a) => {
      const res = results.get(a);
      return {
        op: a.op,
        change: changeKind(a),
        path: a.path,
        kind: a.op === 'mkdir' ? 'dir' : a.op === 'delete' ? a.dest.kind : a.source.kind,
        size: a.op === 'mkdir' ? 0 : a.size,
        reason: reasonCode(a) ?? null,
        reasonText: reasonText(a) ?? null,
        status: res?.status ?? (r.dryrun ? 'planned' : 'not-run'),
        error: res?.error ?? null,
        ...where(a, r.locations.source, r.locations.destination),
      };
    }),
    problems: r.problems,
    error: null,
  };
}

/** The JSON document of a run that ended without a report. */
export function jsonError(err: unknown, interrupted: boolean): object {
  return {
    schema: JSON_SCHEMA_VERSION,
    version: VERSION,
    ok: false,
    interrupted,
    error: {
      message: interrupted ? 'interrupted' : oneLine(err),
      exitCode: interrupted ? 130 : exitCodeFor(err),
    },
  };
}

/** The S3 key and the local path an action concerns (the source's for a transfer's other side). */
function where(
  a: PlanAction,
  source: Location,
  destination: Location,
): { key: string | null; sourceKey?: string; localPath: string | null } {
  // The source side of the action: its entry, or for an implied directory (a mkdir without one) its path.
  const src = a.op === 'delete' ? undefined : a.source;
  const srcPlace = (loc: Location): string | null => {
    if (a.op === 'delete') return null;
    if (loc.kind === 's3')
      return src ? keyOf(loc.prefix, src) : a.path === '' ? loc.prefix : `${loc.prefix}${a.path}/`;
    return localTextPath(loc, src ? nameOf(src) : a.path);
  };
  if (destination.kind === 's3') {
    if (source.kind === 's3')
      return { key: a.target, sourceKey: srcPlace(source) ?? undefined, localPath: null };
    return { key: a.target, localPath: srcPlace(source) };
  }
  return { key: srcPlace(source), localPath: a.target };
}
