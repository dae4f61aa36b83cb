// The paras3 command: argv → runSync with the terminal reporter. Returns the exit status; only
// index.ts exits.
import { exitCodeFor, oneLine } from '../core/errors.js';
import { runSync } from '../run/run-sync.js';
import { VERSION } from '../version.js';
import { parseCli, USAGE } from './args.js';
import { planCommand } from './plan.js';
import { terminalReporter } from './reporter.js';
import { StatusLine, sameTerminal } from './status-line.js';

export interface CliIO {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Signals to watch; tests pass their own emitter. */
  signals: NodeJS.EventEmitter;
  /** Ends the process at once: a second Ctrl-C while the first one's cleanup is still running. */
  exitNow?: (code: number) => void;
}

const defaultIO = (): CliIO => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signals: process,
  exitNow: (code) => process.exit(code),
});

export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const status = new StatusLine({ stdout: io.stdout, stderr: io.stderr });
  const out = status.writer('stdout');
  const err = status.writer('stderr');
  let command: ReturnType<typeof parseCli>;
  try {
    command = parseCli(argv);
  } catch (e) {
    err.line(`paras3: ${oneLine(e)}`);
    err.flush();
    return exitCodeFor(e);
  }
  if (command.kind === 'help' || command.kind === 'version') {
    out.line(command.kind === 'help' ? USAGE : VERSION);
    out.flush();
    return 0;
  }
  if (command.kind === 'plan') return planCommand(command.args, command.shards, io);
  const { args } = command;
  if (args.progress && io.stderr.isTTY)
    status.showBar({ color: !io.env.NO_COLOR, sameTerminal: sameTerminal(io.stdout, io.stderr) });
  const reporter = terminalReporter(args, io, out, err, status);
  const run = { ...args, flagNames: args.settingFlagNames, env: io.env, cwd: io.cwd, signals: io.signals };
  const { exitCode } = await runSync(run, reporter);
  status.stop();
  return exitCode;
}
