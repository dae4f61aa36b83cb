// The step's outputs: what changed (or, in a dry run, would change), as S3 keys or local paths.
import * as core from '@actions/core';
import { localPathFor } from '../core/keys.js';
import { dirKey, fileKey } from '../core/transfer/upload.js';
import type { Location, PlanAction, SyncReport } from '../core/types.js';
import { Outputs } from './constants.js';

/** Runner limit for one output value is 1 MB; stay below it with room for the other outputs. */
export const MAX_CHANGED_KEYS_JSON = 900_000;

/** The S3 key (upload) or local path (download) an action creates, updates or deletes. */
export function changedTarget(a: PlanAction, destination: Location): string {
  if (destination.kind === 'local') {
    if (a.op === 'delete' && typeof a.dest.fsPath === 'string') return a.dest.fsPath;
    return localPathFor(destination.root, a.path);
  }
  if (a.op === 'delete' && a.dest.key !== undefined) return a.dest.key;
  const dir = a.op === 'mkdir' || (a.op === 'delete' && a.dest.kind === 'dir');
  return dir ? dirKey(destination.prefix, a.path) : fileKey(destination.prefix, a.path);
}

/** Planned actions in a dry run; actions that succeeded in a real run. */
export function changedActions(report: SyncReport): PlanAction[] {
  if (report.dryrun) return report.plan.actions;
  return report.results.filter((r) => r.status === 'done').map((r) => r.action);
}

export interface OutputValues {
  changedKeys: string[];
  uploaded: number;
  downloaded: number;
  deleted: number;
  unchanged: number;
  bytes: number;
}

export function outputValues(report: SyncReport, destination: Location): OutputValues {
  const actions = changedActions(report);
  const count = (op: PlanAction['op']) => actions.filter((a) => a.op === op).length;
  return {
    changedKeys: actions.map((a) => changedTarget(a, destination)).sort(),
    uploaded: count('upload'),
    downloaded: count('download'),
    deleted: count('delete'),
    unchanged: report.totals.unchanged,
    bytes: report.totals.bytes,
  };
}

export function setOutputs(report: SyncReport, destination: Location): void {
  const v = outputValues(report, destination);
  const json = JSON.stringify(v.changedKeys);
  if (json.length > MAX_CHANGED_KEYS_JSON) {
    // A truncated list would silently miss keys (a CloudFront invalidation would leave stale pages);
    // an empty output is unmistakable, and changed-count stays right.
    core.warning(
      `${v.changedKeys.length} changed keys are too many for a step output (1 MB); changed-keys is left empty, use changed-count`,
    );
  } else {
    core.setOutput(Outputs.ChangedKeys, json);
  }
  core.setOutput(Outputs.ChangedCount, String(v.changedKeys.length));
  core.setOutput(Outputs.Uploaded, String(v.uploaded));
  core.setOutput(Outputs.Downloaded, String(v.downloaded));
  core.setOutput(Outputs.Deleted, String(v.deleted));
  core.setOutput(Outputs.Unchanged, String(v.unchanged));
  core.setOutput(Outputs.BytesTransferred, String(v.bytes));
}
