// The action's plan step (input `shards`): the matrix output for the jobs that sync, a line per shard in
// the log and a table in the job summary. Lists both sides; writes nothing to either.
import * as core from '@actions/core';
import { oneLine } from '../core/errors.js';
import type { Matrix } from '../core/shard-plan.js';
import { formatBytes } from '../render/format.js';
import { runPlan } from '../run/run-plan.js';
import type { RunRequest } from '../run/run-sync.js';
import { Outputs } from './constants.js';
import type { Secrets } from './secrets.js';

export async function planStep(
  req: Omit<RunRequest, 'signals'>,
  shards: number,
  secrets: Secrets,
): Promise<void> {
  let matrix: Matrix;
  try {
    matrix = await runPlan(req, shards, {
      settings: (settings, debugLines) => {
        secrets.maskSettings(settings);
        for (const m of debugLines) core.debug(m);
      },
      onWarning: (m) => core.warning(m),
      onDebug: (m) => core.debug(m),
    });
  } catch (err) {
    core.setFailed(secrets.redact(oneLine(err)));
    return;
  }
  core.setOutput(Outputs.Matrix, JSON.stringify(matrix));
  for (const e of matrix.include)
    core.info(
      `shard ${e.shard}@${e.range}: ${e.files} files, ${formatBytes(e.bytes)}, ${e.deletes} to delete`,
    );
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary
    .addHeading(`paras3 plan: ${shards} shard${shards === 1 ? '' : 's'}`, 3)
    .addTable([
      [
        { data: 'shard', header: true },
        { data: 'range', header: true },
        { data: 'files', header: true },
        { data: 'bytes', header: true },
        { data: 'deletes', header: true },
      ],
      ...matrix.include.map((e) => [
        e.shard,
        e.range,
        String(e.files),
        formatBytes(e.bytes),
        String(e.deletes),
      ]),
    ])
    .write();
}
