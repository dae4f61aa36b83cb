// The paras3 command's first step: --help, --version and bad usage are answered by the argument
// parser alone, and the sync engine (the SDK, most of the start-up time) is loaded only for a sync.
import { exitCodeFor, oneLine } from '../core/errors.js';
import { VERSION } from '../version.js';
import { type CliCommand, parseCli, USAGE } from './args.js';

export async function start(argv: string[]): Promise<number> {
  if (argv[0] === 'cache') {
    const { cacheMain } = await import('./cache.js');
    return cacheMain(argv.slice(1));
  }
  let command: CliCommand;
  try {
    command = parseCli(argv);
  } catch (e) {
    process.stderr.write(`paras3: ${oneLine(e)}\n`);
    return exitCodeFor(e);
  }
  if (command.kind === 'help' || command.kind === 'version') {
    process.stdout.write(`${command.kind === 'help' ? USAGE : VERSION}\n`);
    return 0;
  }
  const { main } = await import('./main.js');
  return main(argv);
}
