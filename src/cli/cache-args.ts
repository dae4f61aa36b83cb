// `paras3 cache …` arguments → a CacheCommand. Imports nothing heavy, so help and usage errors answer
// without loading the SDK.
import { UsageError } from '../core/errors.js';
import { type GivenOption, type OptionSpec, tokenize } from './argv.js';

export interface CacheCommon {
  store: string;
  json: boolean;
  quiet: boolean;
  settingFlags: Record<string, string | undefined>;
  settingFlagNames: Record<string, string>;
}

export type CacheCommand =
  | { kind: 'help' }
  | ({ kind: 'save'; key: string; restoreKeys: string[]; paths: string[] } & CacheCommon)
  | ({
      kind: 'restore';
      key: string;
      restoreKeys: string[];
      paths: string[];
      lookupOnly: boolean;
    } & CacheCommon)
  | ({ kind: 'list' } & CacheCommon)
  | ({
      kind: 'prune';
      olderThanMs?: number;
      keepLast?: number;
      graceMs?: number;
      dryrun: boolean;
    } & CacheCommon);

const OPTIONS: readonly OptionSpec[] = [
  { name: 'store', value: true },
  { name: 'key', value: true },
  { name: 'restore-key', aliases: ['restore-keys'], value: true },
  { name: 'lookup-only' },
  { name: 'older-than', value: true },
  { name: 'keep-last', value: true },
  { name: 'gc-grace', value: true },
  { name: 'dryrun', aliases: ['dry-run'], short: ['n'] },
  { name: 'json' },
  { name: 'quiet', short: ['q'] },
  { name: 'threads', aliases: ['transfers'], value: true },
  { name: 'endpoint', aliases: ['endpoint-url'], value: true },
  { name: 'region', value: true },
  { name: 'profile', value: true },
  { name: 'timeout', value: true },
  { name: 'help', short: ['h'] },
];

const SETTING_OF: Record<string, [string, string]> = {
  threads: ['THREADS', '--threads'],
  endpoint: ['AWS_ENDPOINT_URL', '--endpoint'],
  region: ['AWS_REGION', '--region'],
  profile: ['AWS_PROFILE', '--profile'],
  timeout: ['PARAS3_TIMEOUT', '--timeout'],
};

/** Which options each command takes (beyond the common ones). */
const ALLOWED: Record<string, readonly string[]> = {
  save: ['key', 'restore-key'],
  restore: ['key', 'restore-key', 'lookup-only'],
  list: [],
  prune: ['older-than', 'keep-last', 'gc-grace', 'dryrun'],
};
const COMMON = ['store', 'json', 'quiet', 'threads', 'endpoint', 'region', 'profile', 'timeout', 'help'];

const usage = (m: string) => new UsageError(`cache: ${m} (see paras3 cache --help)`);

export function parseCacheArgs(argv: readonly string[]): CacheCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help')
    return { kind: 'help' };
  if (!(command in ALLOWED)) throw usage(`unknown command "${command}": use save, restore, list or prune`);
  const { options, positionals } = tokenize(rest, OPTIONS);
  if (options.some((o) => o.name === 'help')) return { kind: 'help' };
  for (const o of options) {
    if (!COMMON.includes(o.name) && !ALLOWED[command]!.includes(o.name))
      throw usage(`${o.as} does not apply to cache ${command}`);
    if (o.value !== undefined && o.value.trim() === '') throw usage(`${o.as} needs a value`);
  }
  const last = (name: string): GivenOption | undefined => options.findLast((o) => o.name === name);
  const all = (name: string) => options.filter((o) => o.name === name).map((o) => o.value as string);
  const on = (name: string) => options.some((o) => o.name === name);
  const store = last('store')?.value;
  if (!store) throw usage(`--store BUCKET:PREFIX is required`);
  const settingFlags: Record<string, string | undefined> = {};
  const settingFlagNames: Record<string, string> = {};
  for (const [name, [setting, flag]] of Object.entries(SETTING_OF)) {
    const o = last(name);
    settingFlags[setting] = o?.value;
    settingFlagNames[setting] = o?.as ?? flag;
  }
  const common: CacheCommon = { store, json: on('json'), quiet: on('quiet'), settingFlags, settingFlagNames };

  if (command === 'save' || command === 'restore') {
    const key = last('key')?.value;
    if (!key) throw usage(`--key KEY is required`);
    if (positionals.length === 0) throw usage(`give at least one PATH to ${command}`);
    const base = { ...common, key, restoreKeys: all('restore-key'), paths: positionals };
    return command === 'save'
      ? { kind: 'save', ...base }
      : { kind: 'restore', ...base, lookupOnly: on('lookup-only') };
  }
  if (positionals.length > 0) throw usage(`unexpected argument "${positionals[0]}"`);
  if (command === 'list') return { kind: 'list', ...common };
  const older = last('older-than');
  const keep = last('keep-last');
  if (Boolean(older) === Boolean(keep)) throw usage('prune needs one of --older-than AGE or --keep-last N');
  const grace = last('gc-grace');
  return {
    kind: 'prune',
    ...common,
    olderThanMs: older ? parseAge(older) : undefined,
    keepLast: keep ? parseCount(keep) : undefined,
    graceMs: grace ? parseAge(grace) : undefined,
    dryrun: on('dryrun'),
  };
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000, w: 604_800_000 };

/** `30m`, `12h`, `7d`, `2w` (a bare number is seconds). */
export function parseAge(o: GivenOption): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$/i.exec(o.value ?? '');
  if (!m) throw usage(`${o.as} ${JSON.stringify(o.value)} is not an age (use e.g. 30m, 12h, 7d, 2w)`);
  return Number(m[1]) * (UNITS[(m[2] || 's').toLowerCase()] as number);
}

function parseCount(o: GivenOption): number {
  const text = (o.value ?? '').trim();
  if (!/^\d+$/.test(text)) throw usage(`${o.as} ${JSON.stringify(o.value)} is not a whole number`);
  return Number(text);
}
