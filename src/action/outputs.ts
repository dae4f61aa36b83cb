// The step's outputs: what changed (or, in a dry run, would change), as S3 keys or local paths. Each
// action carries its own target, so nothing here re-derives a key.
import * as core from '@actions/core';
import { invalidationPaths } from '../core/invalidation.js';
import type { PlanAction, SyncReport } from '../core/types.js';
import { Outputs } from './constants.js';
import type { PathView } from './paths.js';

/** Runner limit for one output value is 1 MB; stay below it with room for the other outputs. */
export const MAX_CHANGED_KEYS_JSON = 900_000;

/** Planned actions in a dry run; actions that succeeded in a real run. */
export function changedActions(report: SyncReport): PlanAction[] {
  if (report.dryrun) return report.plan.actions;
  return report.results.filter((r) => r.status === 'done').map((r) => r.action);
}

/**
 * The CloudFront paths of the changed keys (created, updated, deleted; directory nodes too) when the
 * destination is S3; none for a download.
 */
export function invalidationPathsOf(report: SyncReport): string[] {
  const d = report.locations.destination;
  if (d.kind !== 's3') return [];
  return invalidationPaths(
    changedActions(report).map((a) => a.target),
    d.prefix,
  );
}

export interface OutputValues {
  changedKeys: string[];
  uploaded: number;
  downloaded: number;
  copied: number;
  deleted: number;
  unchanged: number;
  bytes: number;
  invalidationPaths: string[];
}

/** `view` shows a local target as the workflow sees it (relative to the workspace). */
export function outputValues(report: SyncReport, view: PathView = (p) => p): OutputValues {
  const actions = changedActions(report);
  const count = (op: PlanAction['op']) => actions.filter((a) => a.op === op).length;
  const local = report.locations.destination.kind === 'local';
  return {
    changedKeys: actions.map((a) => (local ? view(a.target) : a.target)).sort(),
    uploaded: count('upload'),
    downloaded: count('download'),
    copied: count('copy'),
    deleted: count('delete'),
    unchanged: report.totals.unchanged,
    bytes: report.totals.bytes,
    invalidationPaths: invalidationPathsOf(report),
  };
}

export function setOutputs(report: SyncReport, view?: PathView): void {
  const v = outputValues(report, view);
  const json = JSON.stringify(v.changedKeys);
  if (json.length > MAX_CHANGED_KEYS_JSON) {
    // A truncated list would silently miss keys (a CloudFront invalidation would leave stale pages);
    // an empty output is unmistakable, and changed-count stays right.
    core.warning(
      `${v.changedKeys.length} changed keys are too many for a step output (1 MB); changed-keys is left empty, use changed-count or invalidation-paths`,
    );
  } else {
    core.setOutput(Outputs.ChangedKeys, json);
  }
  core.setOutput(Outputs.ChangedCount, String(v.changedKeys.length));
  core.setOutput(Outputs.Uploaded, String(v.uploaded));
  core.setOutput(Outputs.Downloaded, String(v.downloaded));
  core.setOutput(Outputs.Copied, String(v.copied));
  core.setOutput(Outputs.Deleted, String(v.deleted));
  core.setOutput(Outputs.Unchanged, String(v.unchanged));
  core.setOutput(Outputs.BytesTransferred, String(v.bytes));
  // At most MAX_INVALIDATION_PATHS paths, so always far below the output limit.
  core.setOutput(Outputs.InvalidationPaths, JSON.stringify(v.invalidationPaths));
}
