// `paras3 plan --shards N [--json] SOURCE DEST`: the matrix of a sharded sync, as one line of JSON (for
// `$GITHUB_OUTPUT`) or as a table for people.
import { exitCodeFor, oneLine } from '../core/errors.js';
import { formatBytes } from '../render/format.js';
import { runPlan } from '../run/run-plan.js';
import type { CliArgs } from './args.js';
import type { CliIO } from './main.js';

export async function planCommand(args: CliArgs, shards: number, io: CliIO): Promise<number> {
  try {
    const matrix = await runPlan(
      {
        request: args.request,
        settingFlags: args.settingFlags,
        flagNames: args.settingFlagNames,
        env: io.env,
        cwd: io.cwd,
      },
      shards,
      { onWarning: (m) => io.stderr.write(`paras3: warning: ${m}\n`) },
    );
    if (args.json) io.stdout.write(`${JSON.stringify(matrix)}\n`);
    else {
      for (const e of matrix.include) {
        const deletes = e.deletes > 0 ? `, ${e.deletes} to delete` : '';
        io.stdout.write(
          `--shard ${e.shard}@${e.range}  ${e.files} file${e.files === 1 ? '' : 's'}, ${formatBytes(e.bytes)}${deletes}\n`,
        );
      }
    }
    return 0;
  } catch (err) {
    io.stderr.write(`paras3: ${oneLine(err)}\n`);
    if (args.debug && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return exitCodeFor(err);
  }
}
