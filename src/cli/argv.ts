// A small getopt: argv → options in the order given, plus positionals. Written instead of using
// node:util parseArgs so that every error is paras3's own one line (parseArgs says things like
// "Option '--exclude' argument is ambiguous" and explains its own syntax), and so that aliases and the
// order of repeated options (--include/--exclude) survive.
import { UsageError } from '../core/errors.js';
import { unknownOptionMessage } from './suggest.js';

export interface OptionSpec {
  /** The canonical long name, without `--`. */
  name: string;
  /** Other long names meaning the same (`dry-run` for `dryrun`). */
  aliases?: readonly string[];
  /** One-letter forms, without `-`. */
  short?: readonly string[];
  /** Takes a value (`--threads N`, `--threads=N`); else a switch. */
  value?: boolean;
}

export interface GivenOption {
  /** The canonical name of the option. */
  name: string;
  /** As typed, for messages: `--endpoint-url`, `-P`. */
  as: string;
  /** The value of an option that takes one. */
  value?: string;
}

export interface Tokens {
  /** In command-line order; repeated options appear each time. */
  options: GivenOption[];
  positionals: string[];
}

const SEE_HELP = ' (see paras3 --help)';

export function usageError(message: string): UsageError {
  return new UsageError(`${message}${SEE_HELP}`);
}

export function tokenize(argv: readonly string[], specs: readonly OptionSpec[]): Tokens {
  const long = new Map<string, OptionSpec>();
  const short = new Map<string, OptionSpec>();
  for (const s of specs) {
    for (const n of [s.name, ...(s.aliases ?? [])]) long.set(n, s);
    for (const c of s.short ?? []) short.set(c, s);
  }
  const knownLong = [...long.keys()].map((n) => `--${n}`);
  const options: GivenOption[] = [];
  const positionals: string[] = [];

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const as = eq === -1 ? arg : arg.slice(0, eq);
      const spec = long.get(as.slice(2));
      if (!spec) throw usageError(unknownOptionMessage(as, knownLong));
      if (eq !== -1) {
        if (!spec.value) throw usageError(`${as} takes no value (got "${arg}")`);
        options.push({ name: spec.name, as, value: arg.slice(eq + 1) });
      } else if (spec.value) {
        options.push({ name: spec.name, as, value: valueAfter(argv, i++, as) });
      } else options.push({ name: spec.name, as });
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') {
      // A cluster of switches (`-rnd`); a letter that takes a value takes the rest, or the next arg.
      for (let j = 1; j < arg.length; j++) {
        const as = `-${arg[j]}`;
        const spec = short.get(arg[j]!);
        if (!spec) throw usageError(unknownOptionMessage(as, knownLong));
        if (!spec.value) {
          options.push({ name: spec.name, as });
          continue;
        }
        const rest = arg.slice(j + 1);
        options.push({ name: spec.name, as, value: rest !== '' ? rest : valueAfter(argv, i++, as) });
        break;
      }
      continue;
    }
    positionals.push(arg);
  }
  return { options, positionals };
}

/**
 * The argument after position i as the value of option `as`. One that looks like an option is
 * refused rather than taken (`--exclude --delete` is a forgotten value, not a glob), except a
 * negative number, which the option's own check then judges.
 */
function valueAfter(argv: readonly string[], i: number, as: string): string {
  const next = argv[i + 1];
  if (next === undefined) throw usageError(`${as} needs a value`);
  if (next.startsWith('-') && next !== '-' && !/^-\d/.test(next)) {
    throw usageError(
      `${as} needs a value, but "${next}" follows it (write ${as}=${next} if that is the value)`,
    );
  }
  return next;
}
