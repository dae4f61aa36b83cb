export const id = 754;
export const ids = [754];
export const modules = {

/***/ 6754:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cacheMain: () => (/* binding */ cacheMain)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/cli/argv.ts
var cli_argv = __webpack_require__(5310);
;// CONCATENATED MODULE: ./src/cli/cache-args.ts
// `paras3 cache …` arguments → a CacheCommand. Imports nothing heavy, so help and usage errors answer
// without loading the SDK.


const OPTIONS = [
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
const SETTING_OF = {
    threads: ['THREADS', '--threads'],
    endpoint: ['AWS_ENDPOINT_URL', '--endpoint'],
    region: ['AWS_REGION', '--region'],
    profile: ['AWS_PROFILE', '--profile'],
    timeout: ['PARAS3_TIMEOUT', '--timeout'],
};
/** Which options each command takes (beyond the common ones). */
const ALLOWED = {
    save: ['key', 'restore-key'],
    restore: ['key', 'restore-key', 'lookup-only'],
    list: [],
    prune: ['older-than', 'keep-last', 'gc-grace', 'dryrun'],
};
const COMMON = ['store', 'json', 'quiet', 'threads', 'endpoint', 'region', 'profile', 'timeout', 'help'];
const usage = (m) => new errors/* UsageError */.eb(`cache: ${m} (see paras3 cache --help)`);
function parseCacheArgs(argv) {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help')
        return { kind: 'help' };
    if (!(command in ALLOWED))
        throw usage(`unknown command "${command}": use save, restore, list or prune`);
    const { options, positionals } = (0,cli_argv/* tokenize */.q)(rest, OPTIONS);
    if (options.some((o) => o.name === 'help'))
        return { kind: 'help' };
    for (const o of options) {
        if (!COMMON.includes(o.name) && !ALLOWED[command].includes(o.name))
            throw usage(`${o.as} does not apply to cache ${command}`);
        if (o.value !== undefined && o.value.trim() === '')
            throw usage(`${o.as} needs a value`);
    }
    const last = (name) => options.findLast((o) => o.name === name);
    const all = (name) => options.filter((o) => o.name === name).map((o) => o.value);
    const on = (name) => options.some((o) => o.name === name);
    const store = last('store')?.value;
    if (!store)
        throw usage(`--store BUCKET:PREFIX is required`);
    const settingFlags = {};
    const settingFlagNames = {};
    for (const [name, [setting, flag]] of Object.entries(SETTING_OF)) {
        const o = last(name);
        settingFlags[setting] = o?.value;
        settingFlagNames[setting] = o?.as ?? flag;
    }
    const common = { store, json: on('json'), quiet: on('quiet'), settingFlags, settingFlagNames };
    if (command === 'save' || command === 'restore') {
        const key = last('key')?.value;
        if (!key)
            throw usage(`--key KEY is required`);
        if (positionals.length === 0)
            throw usage(`give at least one PATH to ${command}`);
        const base = { ...common, key, restoreKeys: all('restore-key'), paths: positionals };
        return command === 'save'
            ? { kind: 'save', ...base }
            : { kind: 'restore', ...base, lookupOnly: on('lookup-only') };
    }
    if (positionals.length > 0)
        throw usage(`unexpected argument "${positionals[0]}"`);
    if (command === 'list')
        return { kind: 'list', ...common };
    const older = last('older-than');
    const keep = last('keep-last');
    if (Boolean(older) === Boolean(keep))
        throw usage('prune needs one of --older-than AGE or --keep-last N');
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
const UNITS = { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000, w: 604_800_000 };
/** `30m`, `12h`, `7d`, `2w` (a bare number is seconds). */
function parseAge(o) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$/i.exec(o.value ?? '');
    if (!m)
        throw usage(`${o.as} ${JSON.stringify(o.value)} is not an age (use e.g. 30m, 12h, 7d, 2w)`);
    return Number(m[1]) * UNITS[(m[2] || 's').toLowerCase()];
}
function parseCount(o) {
    const text = (o.value ?? '').trim();
    if (!/^\d+$/.test(text))
        throw usage(`${o.as} ${JSON.stringify(o.value)} is not a whole number`);
    return Number(text);
}

;// CONCATENATED MODULE: ./src/cli/cache-usage.ts
// The text of `paras3 cache --help`. No imports, so help costs nothing to load.
const CACHE_USAGE = `Usage: paras3 cache COMMAND --store BUCKET:PREFIX [options]

A CI cache on S3, as actions/cache keeps one: entries by key, each a manifest
over content-addressed data, so saves upload only what changed and restores
download in parallel.

  paras3 cache save    --store S --key KEY [--restore-key PREFIX]... PATH...
  paras3 cache restore --store S --key KEY [--restore-key PREFIX]... PATH...
  paras3 cache list    --store S
  paras3 cache prune   --store S (--older-than AGE | --keep-last N)

save      store PATHs (directories or files) under KEY. A key that already has
          an entry is left as it is; of two saves of one key at once the first
          to finish wins and the other says so. With --restore-key, data of the
          newest matching entry is reused without reading unchanged files.
restore   restore the entry of KEY, else the newest entry whose key starts with
          the first --restore-key that has one (a partial hit). Files are
          written with their mode and mtime; nothing outside PATHs is touched.
          Exit 0 on a hit or partial hit, 1 on a miss.
list      the entries, newest first: key and time saved.
prune     delete entries older than AGE (30m, 12h, 7d, 2w) or all but the
          newest N, then the data no remaining entry uses.

Options:
      --store BUCKET:PREFIX  where the cache lives (or s3://bucket/prefix)
      --key KEY              the entry's key (save, restore)
      --restore-key PREFIX   fallback key prefix, in order (repeatable)
      --lookup-only          restore: say whether an entry exists, download
                             nothing
      --older-than AGE       prune: entries saved more than AGE ago
      --keep-last N          prune: keep the newest N entries
      --gc-grace AGE         prune: keep unused data younger than AGE, which a
                             save in progress may have written (default 1h)
  -n, --dryrun               prune: say what would be deleted, delete nothing
      --json                 print one JSON object on stdout
      --threads N            parallel transfers (default 16; env THREADS)
      --endpoint URL         S3-compatible endpoint (env AWS_ENDPOINT_URL)
      --region R             AWS region (env AWS_REGION)
      --profile NAME         credentials of this ~/.aws profile
      --timeout SECONDS      idle timeout of a request attempt (default 60)
  -q, --quiet                only errors and warnings
  -h, --help                 show this help

Exit status: 0 done (restore: hit); 1 restore missed, or failed; 2 bad usage
or settings; 130 interrupted.`;

;// CONCATENATED MODULE: ./src/cli/cache.ts
// `paras3 cache …`: argv → the cache engine (src/cache) → text or JSON and an exit status. Returns the
// status; only index.ts exits.



const defaultOut = () => ({
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signals: process,
});
async function cacheMain(argv, io = defaultOut()) {
    const say = (line) => io.stdout.write(`${line}\n`);
    const warn = (line) => io.stderr.write(`paras3: ${line}\n`);
    let cmd;
    try {
        cmd = parseCacheArgs(argv);
    }
    catch (e) {
        warn((0,errors/* oneLine */.TN)(e));
        return (0,errors/* exitCodeFor */.Rr)(e);
    }
    if (cmd.kind === 'help') {
        say(CACHE_USAGE);
        return 0;
    }
    const { runCache } = await Promise.all(/* import() */[__webpack_require__.e(230), __webpack_require__.e(945), __webpack_require__.e(623)]).then(__webpack_require__.bind(__webpack_require__, 623));
    return runCache(cmd, { ...io, say, warn });
}


/***/ })

};
