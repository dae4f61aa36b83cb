#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 2696:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  u_: () => (/* reexport */ USAGE),
  wE: () => (/* binding */ parseCli)
});

// UNUSED EXPORTS: CLI_OPTIONS, SETTING_FLAGS, SSE_MODES, STORAGE_CLASSES

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(4296);
// EXTERNAL MODULE: ./src/core/shard.ts
var core_shard = __nccwpck_require__(9499);
// EXTERNAL MODULE: ./src/cli/argv.ts
var cli_argv = __nccwpck_require__(5310);
// EXTERNAL MODULE: ./src/cli/suggest.ts
var suggest = __nccwpck_require__(7472);
;// CONCATENATED MODULE: ./src/cli/usage.ts
// The text of `paras3 --help`. Kept apart from the parser so each stays short; no imports, so
// `--help` costs nothing to load.
const USAGE = `Usage: paras3 [options] SOURCE DESTINATION

Mirror a directory tree between a local path and S3, in either direction.
Exactly one side is S3: bucket:prefix or s3://bucket/prefix (bucket: alone is
the bucket root; C:\\... is a local path). A trailing slash on SOURCE means
"its contents"; without one, the directory itself is copied. As a DESTINATION,
bucket:pre and bucket:pre/ mean the same; a missing local directory is created.

  paras3 -r /etc mybucket:pre                   keys pre/etc/...
  paras3 -r /etc/ mybucket:pre/etcbackup        keys pre/etcbackup/...
  paras3 -r mybucket:pre/etc/ /root/etcrestore  files /root/etcrestore/...
  paras3 -r mybucket:pre/etc /root              files /root/etc/...
  paras3 -r --make-dirs mybucket:pre/etc/ /root/etcrestore
                            also create directories that S3 has no nodes for

A CI cache on S3 (save, restore, list, prune): see paras3 cache --help.

Try every new command with -n (--dryrun) first, especially with --delete.

Options (aliases as aws and rclone spell them in parentheses):
  -r, --recursive          descend into directories (else only the top level)
  -n, --dryrun             print every planned action with sizes; change nothing
                           (--dry-run)
  -d, --delete             delete destination entries the source does not have
      --max-delete N       refuse all deletes if more than N would happen
  -p, --public-read        make uploaded objects public (ACL public-read)
  -s, --ssl                use https with AWS_S3_HOST
      --no-md5             compare size, then time (not size, then MD5)
      --size-only          compare size only: same size means unchanged
      --make-dirs          on download, create directories that have no node
                           on S3 (for trees written by other tools)
      --no-dir-nodes       on upload, write no zero-byte dir/ objects (a site
                           behind CloudFront); download such trees with
                           --make-dirs
      --no-posix-metadata  write no owner, group, mode or mtime metadata and
                           compare none (public sites)
      --exclude GLOB       skip matching paths (repeatable). Without '/' GLOB
                           matches a name at any depth, with '/' the path from
                           the synced root; a trailing '/' matches directories
                           only. Excluded directories are not walked, and
                           excluded destination paths are never deleted.
      --include GLOB       sync only matching paths (repeatable; same GLOBs).
                           --include and --exclude apply in the order given,
                           the first that matches a path decides; a path none
                           matches is excluded once any --include is given.
                           An included directory includes what it holds.
      --exclude-from FILE  read exclude globs from FILE: one a line, # comments
      --include-from FILE  read include globs from FILE, likewise
      --delete-excluded    delete excluded destination paths too (implies -d)
      --cache-control V    Cache-Control for uploads; GLOB=V for matching
                           paths only (repeatable)
      --expires DATE       Expires header for uploads (2030-01-01T00:00:00Z)
      --storage-class C    storage class of uploads: STANDARD, STANDARD_IA,
                           ONEZONE_IA, INTELLIGENT_TIERING, GLACIER, GLACIER_IR,
                           DEEP_ARCHIVE, REDUCED_REDUNDANCY, OUTPOSTS,
                           EXPRESS_ONEZONE
      --sse MODE           server-side encryption of uploads: AES256, aws:kms
                           or aws:kms:dsse
      --sse-kms-key-id ID  KMS key for --sse aws:kms (else the bucket's default)
      --threads N          parallel transfers (default 16; env THREADS)
                           (--transfers)
      --endpoint URL       S3-compatible endpoint (env AWS_ENDPOINT_URL)
                           (--endpoint-url)
      --region R           AWS region (env AWS_REGION; default us-east-1)
      --profile NAME       credentials of this ~/.aws profile (env AWS_PROFILE)
      --timeout SECONDS    fail a request attempt after this long without a
                           byte either way, then retry (default 60;
                           env PARAS3_TIMEOUT)
      --shard K/N          do only shard K of N of the sync (by a hash of each
                           path); N such runs together do what one run would.
                           K/N@LO-HI: the hash range that paras3 plan printed
  -v, --verbose            say why each entry is transferred
  -q, --quiet              no line per file: only errors, warnings and the
                           summary (--only-show-errors)
      --debug              show settings with their origin, and stack traces
  -P, --progress           show a status line on stderr (on a terminal):
                           phase, files, bytes, rate and time left
      --json               print one JSON report on stdout, nothing else
  -h, --help               show this help
  -V, --version            show the version

Sharding one sync over N jobs (a GitHub Actions matrix; see README):
  paras3 plan --shards N [--json] [options] SOURCE DESTINATION
                           list the source (with -d the destination too) once,
                           print N shards balanced by bytes; --json prints
                           {"include":[...]} for strategy.matrix.
                           Then each job runs: paras3 --shard K/N@LO-HI ...
                           (A first argument "plan" is this command; write
                           ./plan for a directory of that name.)

Settings (flags win over env vars, env vars over an ini file; see README):
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY  credentials (or the SDK's chain)
  AWS_S3_HOST=host[:port]                   S3-compatible server (http, or -s)
  AWS_CALLING_FORMAT=REGULAR|SUBDOMAIN      path-style or virtual-hosted
  AWS_ENDPOINT_URL, AWS_REGION, THREADS, S3SYNC_RETRIES, ...

Exit status: 0 all done; 1 some entries failed or were skipped (each named on
stderr); 2 bad usage or settings; 130 interrupted.`;

;// CONCATENATED MODULE: ./src/cli/args.ts





/** Which flag sets which setting, and how it is named in messages unless typed under an alias. */
const SETTING_FLAGS = {
    THREADS: '--threads',
    AWS_ENDPOINT_URL: '--endpoint',
    AWS_REGION: '--region',
    AWS_PROFILE: '--profile',
    PARAS3_MAX_DELETE: '--max-delete',
    PARAS3_TIMEOUT: '--timeout',
};
/** S3's storage classes (PutObject x-amz-storage-class). */
const STORAGE_CLASSES = [
    'STANDARD',
    'REDUCED_REDUNDANCY',
    'STANDARD_IA',
    'ONEZONE_IA',
    'INTELLIGENT_TIERING',
    'GLACIER',
    'DEEP_ARCHIVE',
    'GLACIER_IR',
    'OUTPOSTS',
    'EXPRESS_ONEZONE',
];
/** S3's server-side encryption modes (x-amz-server-side-encryption). */
const SSE_MODES = ['AES256', 'aws:kms', 'aws:kms:dsse'];
const CLI_OPTIONS = [
    { name: 'recursive', short: ['r'] },
    // `--dry-run` as aws-cli's docs and rclone spell it; `--dryrun` as aws s3 and s3sync.rb do.
    { name: 'dryrun', aliases: ['dry-run'], short: ['n'] },
    { name: 'delete', short: ['d'] },
    { name: 'public-read', short: ['p'] },
    { name: 'ssl', short: ['s'] },
    { name: 'no-md5' },
    { name: 'size-only' },
    { name: 'make-dirs' },
    { name: 'no-dir-nodes' },
    { name: 'no-posix-metadata' },
    { name: 'verbose', short: ['v'] },
    { name: 'quiet', aliases: ['only-show-errors'], short: ['q'] },
    { name: 'debug' },
    { name: 'progress', short: ['P'] },
    { name: 'json' },
    { name: 'exclude', value: true },
    { name: 'exclude-from', value: true },
    { name: 'include', value: true },
    { name: 'include-from', value: true },
    { name: 'delete-excluded' },
    { name: 'cache-control', value: true },
    { name: 'expires', value: true },
    { name: 'storage-class', value: true },
    { name: 'sse', value: true },
    { name: 'sse-kms-key-id', value: true },
    { name: 'threads', aliases: ['transfers'], value: true },
    { name: 'endpoint', aliases: ['endpoint-url'], value: true },
    { name: 'region', value: true },
    { name: 'profile', value: true },
    { name: 'max-delete', value: true },
    { name: 'timeout', value: true },
    { name: 'shard', value: true },
    { name: 'shards', value: true },
    { name: 'help', short: ['h'] },
    { name: 'version', short: ['V'] },
];
/** Option name → setting it feeds. */
const SETTING_OF = {
    threads: 'THREADS',
    endpoint: 'AWS_ENDPOINT_URL',
    region: 'AWS_REGION',
    profile: 'AWS_PROFILE',
    'max-delete': 'PARAS3_MAX_DELETE',
    timeout: 'PARAS3_TIMEOUT',
};
const FILTERS = {
    exclude: { include: false, glob: '' },
    'exclude-from': { include: false, glob: '', fromFile: true },
    include: { include: true, glob: '' },
    'include-from': { include: true, glob: '', fromFile: true },
};
function parseCli(argv) {
    // `plan` is a subcommand only as the very first word: a directory named plan is still `./plan` or
    // `-r plan …`.
    const planning = argv[0] === 'plan';
    const { options, positionals } = (0,cli_argv/* tokenize */.q)(planning ? argv.slice(1) : argv, CLI_OPTIONS);
    const on = (name) => options.some((o) => o.name === name);
    if (on('help'))
        return { kind: 'help' };
    if (on('version'))
        return { kind: 'version' };
    for (const o of options) {
        if (o.value !== undefined && o.value.trim() === '' && !FILTERS[o.name])
            throw (0,cli_argv/* usageError */.W)(`${o.as} needs a value (got "${o.value}")`);
    }
    const last = (name) => options.findLast((o) => o.name === name);
    const all = (name) => options.filter((o) => o.name === name).map((o) => o.value);
    const [source, destination, ...extra] = positionals;
    if (source === undefined || destination === undefined)
        throw (0,cli_argv/* usageError */.W)('SOURCE and DESTINATION are required');
    if (extra.length > 0)
        throw (0,cli_argv/* usageError */.W)(`unexpected argument "${extra[0]}": give exactly one SOURCE and one DESTINATION`);
    if (on('quiet') && on('verbose'))
        throw (0,cli_argv/* usageError */.W)(`${last('quiet')?.as} and -v/--verbose contradict each other`);
    if (on('size-only') && on('no-md5'))
        throw (0,cli_argv/* usageError */.W)('--size-only and --no-md5 choose different comparisons: give one');
    const shard = last('shard');
    const shards = last('shards');
    if (planning && !shards)
        throw (0,cli_argv/* usageError */.W)('paras3 plan needs --shards N');
    if (planning && shard)
        throw (0,cli_argv/* usageError */.W)(`${shard.as} is for the sync jobs; paras3 plan prints the ranges they take`);
    if (!planning && shards)
        throw (0,cli_argv/* usageError */.W)(`${shards.as} belongs to paras3 plan (paras3 plan --shards N SOURCE DEST); a sync job takes --shard K/N`);
    const filters = options.flatMap((o) => {
        const f = FILTERS[o.name];
        return f ? [{ ...f, glob: o.value }] : [];
    });
    const sse = choice(last('sse'), SSE_MODES, 'an S3 encryption mode');
    const kmsKey = last('sse-kms-key-id');
    if (kmsKey && !sse?.startsWith('aws:kms'))
        throw (0,cli_argv/* usageError */.W)(`${kmsKey.as} needs --sse aws:kms${sse ? `, not --sse ${sse}` : ''}`);
    const settingFlags = {};
    const settingFlagNames = { ...SETTING_FLAGS };
    for (const [name, setting] of Object.entries(SETTING_OF)) {
        const o = last(name);
        settingFlags[setting] = o?.value;
        if (o)
            settingFlagNames[setting] = o.as;
    }
    const request = {
        source,
        destination,
        recursive: on('recursive'),
        dryrun: on('dryrun'),
        delete: on('delete'),
        deleteExcluded: on('delete-excluded'),
        publicRead: on('public-read'),
        ssl: on('ssl'),
        md5: !on('no-md5'),
        makeDirs: on('make-dirs'),
        exclude: all('exclude'),
        excludeFrom: all('exclude-from'),
        cacheControl: all('cache-control'),
        expires: last('expires')?.value,
    };
    // The new fields only when given, so requests without them stay as they were.
    if (filters.length > 0)
        request.filters = filters;
    if (on('size-only'))
        request.sizeOnly = true;
    if (on('no-dir-nodes'))
        request.dirNodes = false;
    if (on('no-posix-metadata'))
        request.posixMetadata = false;
    const storageClass = choice(last('storage-class'), STORAGE_CLASSES, 'an S3 storage class');
    if (storageClass)
        request.storageClass = storageClass;
    if (sse)
        request.sse = sse;
    if (kmsKey)
        request.sseKmsKeyId = kmsKey.value;
    if (shard)
        request.shard = checked(() => (0,core_shard/* parseShard */.uK)(shard.value, shard.as));
    const args = {
        request,
        settingFlags,
        settingFlagNames,
        verbose: on('verbose'),
        quiet: on('quiet'),
        debug: on('debug'),
        progress: on('progress'),
        json: on('json'),
    };
    if (shards)
        return { kind: 'plan', args, shards: checked(() => (0,core_shard/* parseShardCount */.vI)(shards.value, shards.as)) };
    return { kind: 'sync', args };
}
/** A core parser's UsageError, ending like every other usage error. */
function checked(parse) {
    try {
        return parse();
    }
    catch (err) {
        throw (0,cli_argv/* usageError */.W)((0,errors/* oneLine */.TN)(err));
    }
}
/** A value from a fixed list, matched without regard to case and returned as S3 spells it. */
function choice(o, choices, what) {
    if (!o)
        return undefined;
    const typed = o.value.trim();
    const found = choices.find((c) => c.toLowerCase() === typed.toLowerCase());
    if (found)
        return found;
    const near = (0,suggest/* nearest */.pA)(typed, choices);
    throw (0,cli_argv/* usageError */.W)(`${o.as} ${JSON.stringify(o.value)} is not ${what}: ${near ? `did you mean ${near}?` : `use one of ${choices.join(', ')}`}`);
}


/***/ }),

/***/ 5310:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ usageError),
/* harmony export */   q: () => (/* binding */ tokenize)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);
/* harmony import */ var _suggest_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7472);
// A small getopt: argv → options in the order given, plus positionals. Written instead of using
// node:util parseArgs so that every error is paras3's own one line (parseArgs says things like
// "Option '--exclude' argument is ambiguous" and explains its own syntax), and so that aliases and the
// order of repeated options (--include/--exclude) survive.


const SEE_HELP = ' (see paras3 --help)';
function usageError(message) {
    return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${message}${SEE_HELP}`);
}
function tokenize(argv, specs) {
    const long = new Map();
    const short = new Map();
    for (const s of specs) {
        for (const n of [s.name, ...(s.aliases ?? [])])
            long.set(n, s);
        for (const c of s.short ?? [])
            short.set(c, s);
    }
    const knownLong = [...long.keys()].map((n) => `--${n}`);
    const options = [];
    const positionals = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === '--') {
            positionals.push(...argv.slice(i + 1));
            break;
        }
        if (arg.startsWith('--')) {
            const eq = arg.indexOf('=');
            const as = eq === -1 ? arg : arg.slice(0, eq);
            const spec = long.get(as.slice(2));
            if (!spec)
                throw usageError((0,_suggest_js__WEBPACK_IMPORTED_MODULE_1__/* .unknownOptionMessage */ .Nr)(as, knownLong));
            if (eq !== -1) {
                if (!spec.value)
                    throw usageError(`${as} takes no value (got "${arg}")`);
                options.push({ name: spec.name, as, value: arg.slice(eq + 1) });
            }
            else if (spec.value) {
                options.push({ name: spec.name, as, value: valueAfter(argv, i++, as) });
            }
            else
                options.push({ name: spec.name, as });
            continue;
        }
        if (arg.startsWith('-') && arg !== '-') {
            // A cluster of switches (`-rnd`); a letter that takes a value takes the rest, or the next arg.
            for (let j = 1; j < arg.length; j++) {
                const as = `-${arg[j]}`;
                const spec = short.get(arg[j]);
                if (!spec)
                    throw usageError((0,_suggest_js__WEBPACK_IMPORTED_MODULE_1__/* .unknownOptionMessage */ .Nr)(as, knownLong));
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
function valueAfter(argv, i, as) {
    const next = argv[i + 1];
    if (next === undefined)
        throw usageError(`${as} needs a value`);
    if (next.startsWith('-') && next !== '-' && !/^-\d/.test(next)) {
        throw usageError(`${as} needs a value, but "${next}" follows it (write ${as}=${next} if that is the value)`);
    }
    return next;
}


/***/ }),

/***/ 486:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8995);
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_module__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _start_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3890);


// Node >= 22.1 keeps V8's compiled code between runs; the engine, imported by start() only for a
// sync, is loaded after this, so the cache covers it. (A no-op on Node 20.)
node_module__WEBPACK_IMPORTED_MODULE_0___default().enableCompileCache?.();
process.exitCode = await (0,_start_js__WEBPACK_IMPORTED_MODULE_1__/* .start */ .n)(process.argv.slice(2));

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 3890:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ start)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(311);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(2696);
// The paras3 command's first step: --help, --version and bad usage are answered by the argument
// parser alone, and the sync engine (the SDK, most of the start-up time) is loaded only for a sync.



async function start(argv) {
    if (argv[0] === 'cache') {
        const { cacheMain } = await __nccwpck_require__.e(/* import() */ 754).then(__nccwpck_require__.bind(__nccwpck_require__, 6754));
        return cacheMain(argv.slice(1));
    }
    let command;
    try {
        command = (0,_args_js__WEBPACK_IMPORTED_MODULE_1__/* .parseCli */ .wE)(argv);
    }
    catch (e) {
        process.stderr.write(`paras3: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .oneLine */ .TN)(e)}\n`);
        return (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .exitCodeFor */ .Rr)(e);
    }
    if (command.kind === 'help' || command.kind === 'version') {
        process.stdout.write(`${command.kind === 'help' ? _args_js__WEBPACK_IMPORTED_MODULE_1__/* .USAGE */ .u_ : _version_js__WEBPACK_IMPORTED_MODULE_2__/* .VERSION */ .x}\n`);
        return 0;
    }
    const { main } = await Promise.all(/* import() */[__nccwpck_require__.e(230), __nccwpck_require__.e(945), __nccwpck_require__.e(466)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7466));
    return main(argv);
}


/***/ }),

/***/ 7472:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Nr: () => (/* binding */ unknownOptionMessage),
/* harmony export */   pA: () => (/* binding */ nearest)
/* harmony export */ });
/* unused harmony export levenshtein */
// What to say about an option paras3 does not have: the paras3 way to do what an `aws s3 sync` or
// rclone flag does, or, for a misspelling, the nearest paras3 option. One line, no Node wording.
/** Options of aws s3 sync and rclone that paras3 lacks, with what to use instead. */
const HINTS = {
    '--acl': 'did you mean -p/--public-read? (the only ACL paras3 sets)',
    '--grants': 'did you mean -p/--public-read? (the only ACL paras3 sets)',
    '--s3-acl': 'did you mean -p/--public-read? (the only ACL paras3 sets)',
    '--checksum': 'paras3 compares MD5 by default; --checksum is not needed',
    '-c': 'paras3 compares MD5 by default; -c/--checksum is not needed',
    '--checksum-algorithm': 'paras3 sends Content-MD5 with every upload, so S3 verifies each one',
    '--exact-timestamps': 'paras3 compares content (MD5) by default, so same-size files that differ are found',
    '--content-type': 'content types come from file extensions (S3SYNC_MIME_TYPES_FILE)',
    '--no-guess-mime-type': 'content types come from file extensions (S3SYNC_MIME_TYPES_FILE)',
    '--content-encoding': 'paras3 sets Content-Type, --cache-control and --expires only',
    '--content-disposition': 'paras3 sets Content-Type, --cache-control and --expires only',
    '--content-language': 'paras3 sets Content-Type, --cache-control and --expires only',
    '--header-upload': 'paras3 sets Content-Type, --cache-control and --expires only',
    '--metadata': 'paras3 writes mode, owner and times as metadata itself; other metadata is not set',
    '--metadata-directive': 'paras3 writes mode, owner and times as metadata itself; other metadata is not set',
    '--follow-symlinks': 'paras3 stores symlinks as links and never follows them',
    '--no-follow-symlinks': 'paras3 never follows symlinks (it stores them as links); no flag needed',
    '--copy-links': 'paras3 stores symlinks as links and never follows them',
    '-L': 'paras3 stores symlinks as links and never follows them (-L/--copy-links is not needed)',
    '--links': 'paras3 stores symlinks as links by default; --links is not needed',
    '-l': 'paras3 stores symlinks as links by default; -l/--links is not needed',
    '--no-progress': 'paras3 shows progress only with -P/--progress; --no-progress is not needed',
    '--stats': 'did you mean -P/--progress?',
    '--sse-c': 'customer-provided keys (SSE-C) are not supported; use --sse AES256 or --sse aws:kms',
    '--sse-c-key': 'customer-provided keys (SSE-C) are not supported; use --sse AES256 or --sse aws:kms',
    '--s3-storage-class': 'did you mean --storage-class?',
    '--s3-server-side-encryption': 'did you mean --sse?',
    '--s3-sse-kms-key-id': 'did you mean --sse-kms-key-id?',
    '--s3-endpoint': 'did you mean --endpoint/--endpoint-url?',
    '--s3-region': 'did you mean --region?',
    '--s3-profile': 'did you mean --profile?',
    '--checkers': 'did you mean --threads/--transfers? (one limit for all parallel requests)',
    '--filter': 'use --include and --exclude (applied in the order given, first match wins)',
    '--filter-from': 'use --include-from and --exclude-from (applied in the order given)',
    '--output': 'did you mean --json?',
    '--use-json-log': 'did you mean --json?',
    '--query': 'use --json and a JSON tool such as jq',
    '--source-region': 'other regions are followed by themselves; --region sets the first one',
    '--ca-bundle': 'set AWS_CA_BUNDLE=FILE (or SSL_CERT_FILE) instead',
    '--no-verify-ssl': 'certificates are always checked; trust a private CA with AWS_CA_BUNDLE or SSL_CERT_FILE',
    '--no-check-certificate': 'certificates are always checked; trust a private CA with AWS_CA_BUNDLE or SSL_CERT_FILE',
    '--no-sign-request': 'paras3 signs every request; give credentials (AWS_ACCESS_KEY_ID or --profile)',
    '--retries': 'set S3SYNC_RETRIES=N (attempts per request) instead',
    '--low-level-retries': 'set S3SYNC_RETRIES=N (attempts per request) instead',
    '--cli-read-timeout': 'did you mean --timeout SECONDS? (retries: S3SYNC_RETRIES)',
    '--cli-connect-timeout': 'did you mean --timeout SECONDS? (retries: S3SYNC_RETRIES)',
    '--contimeout': 'did you mean --timeout SECONDS? (retries: S3SYNC_RETRIES)',
    '--page-size': 'paras3 lists with the largest page S3 allows; no flag needed',
    '--no-paginate': 'paras3 always reads whole listings; no flag needed',
    '--fast-list': 'paras3 lists S3 flat by default; --fast-list is not needed',
    '--color': 'colour is used on terminals unless NO_COLOR is set',
    '--ignore-times': 'not supported: paras3 transfers only what differs (size and MD5)',
    '-I': 'not supported: paras3 transfers only what differs (size and MD5)',
    '--ignore-existing': 'not supported: paras3 updates files that differ (size and MD5)',
    '--update': 'with --no-md5 paras3 compares size, then time (newer wins)',
    '-u': 'with --no-md5 paras3 compares size, then time (newer wins)',
    '--interactive': 'run with -n/--dryrun first to see every planned action',
    '-i': 'run with -n/--dryrun first to see every planned action',
    '--max-depth': 'without -r only the top level is synced; with it, everything below',
    '--create-empty-src-dirs': 'paras3 keeps empty directories as dir/ nodes by default; no flag needed',
    '--delete-before': 'paras3 deletes after every transfer succeeded; no flag needed',
    '--delete-during': 'paras3 deletes after every transfer succeeded; no flag needed',
    '--delete-after': 'paras3 deletes after every transfer succeeded; -d/--delete is enough',
    '--request-payer': 'requester-pays buckets are not supported',
    '--force-glacier-transfer': 'restoring from Glacier is not supported; restore the objects first',
    '--ignore-glacier-warnings': 'restoring from Glacier is not supported; restore the objects first',
};
/**
 * The message for an option that is not one of `known` (long names with `--`). `flag` is the option
 * as typed, without any `=value`.
 */
function unknownOptionMessage(flag, known) {
    const hint = HINTS[flag];
    if (hint)
        return `unknown option '${flag}': ${hint}`;
    const near = flag.startsWith('--') ? nearest(flag, known) : undefined;
    return near ? `unknown option '${flag}': did you mean ${near}?` : `unknown option '${flag}'`;
}
/**
 * The known name (an option, or a value from a list) a typo most likely meant, ignoring case: a
 * unique one that starts with what was typed (an abbreviation, `--recur`), else the closest by edit
 * distance if it is close enough to be a slip (at most 2 edits, and fewer than a third of the name).
 */
function nearest(flag, known) {
    const typed = flag.toLowerCase();
    const prefixed = known.filter((k) => k.toLowerCase().startsWith(typed));
    if (typed.length >= 5 && prefixed.length === 1)
        return prefixed[0];
    let best;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const k of known) {
        const d = levenshtein(typed, k.toLowerCase());
        if (d < bestDistance) {
            best = k;
            bestDistance = d;
        }
    }
    const name = typed.replace(/^-+/, '');
    return bestDistance <= 2 && bestDistance * 3 <= name.length ? best : undefined;
}
/** Edits (insert, delete, substitute) to turn a into b. */
function levenshtein(a, b) {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        }
        prev = row;
    }
    return prev[b.length];
}


/***/ }),

/***/ 4296:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CA: () => (/* binding */ errorCode),
/* harmony export */   Is: () => (/* binding */ errorName),
/* harmony export */   Rr: () => (/* binding */ exitCodeFor),
/* harmony export */   TN: () => (/* binding */ oneLine),
/* harmony export */   eb: () => (/* binding */ UsageError),
/* harmony export */   j8: () => (/* binding */ isS3Error),
/* harmony export */   sD: () => (/* binding */ FatalSyncError),
/* harmony export */   xL: () => (/* binding */ ConfigError)
/* harmony export */ });
/* harmony import */ var _keys_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1483);
// Error classes that carry who can fix the problem, so front ends can choose the exit status
// without parsing messages: usage and settings → 2, everything else → 1.

/** The command line or the inputs are wrong (bad location, missing source, unknown bucket). */
class UsageError extends Error {
    name = 'UsageError';
}
/** A setting (env var, ini key, flag value) is invalid. */
class ConfigError extends Error {
    name = 'ConfigError';
}
/** The whole run cannot go on (e.g. ACLs disabled on the bucket): stop instead of failing file by file. */
class FatalSyncError extends Error {
    name = 'FatalSyncError';
}
function exitCodeFor(err) {
    return err instanceof UsageError || err instanceof ConfigError ? 2 : 1;
}
/**
 * The SDK's advice to programmers, appended on a new line to an error it could not parse: a person
 * running paras3 has no `{error}.$response` to look at.
 */
const SDK_DESERIALIZATION_HINT = /\n\s*Deserialization error: to see the raw response, inspect the hidden field[^\n]*/g;
/**
 * One line for a person: the whole message, never a stack. Newlines and other control characters are
 * shown as `\x0a` (as the log lines show them) rather than cut at: a message may hold a path with a
 * newline, and what it says about that path comes after it.
 */
function oneLine(err) {
    const text = err instanceof Error ? err.message : String(err);
    return (0,_keys_js__WEBPACK_IMPORTED_MODULE_0__/* .printable */ .g$)(text.replace(SDK_DESERIALIZATION_HINT, '').trim()) || 'unknown error';
}
/** The `code` of a Node or socket error (`ENOENT`, `ECONNRESET`), when it has one. */
function errorCode(err) {
    const code = err && typeof err === 'object' && 'code' in err ? err.code : undefined;
    return typeof code === 'string' ? code : undefined;
}
/** The `name` of an error (an S3 error's code, as the SDK names them). */
function errorName(err) {
    return err instanceof Error ? err.name : undefined;
}
/** Whether an error came from an S3 answer (it carries the SDK's `$metadata`), not from the local side. */
function isS3Error(err) {
    return Boolean(err && typeof err === 'object' && '$metadata' in err);
}


/***/ }),

/***/ 1483:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Fl: () => (/* binding */ baseName),
/* harmony export */   Gk: () => (/* binding */ toKeyPath),
/* harmony export */   T1: () => (/* binding */ ancestors),
/* harmony export */   YD: () => (/* binding */ compareKeys),
/* harmony export */   g$: () => (/* binding */ printable),
/* harmony export */   q4: () => (/* binding */ unsafeRelativePath),
/* harmony export */   yX: () => (/* binding */ localPathFor),
/* harmony export */   yl: () => (/* binding */ parentPath)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
// The one place where S3 keys become local paths and local names become keys.
// A key that would leave the destination is refused here, so no caller can forget the check.

/** The pairing key: NFC, because macOS writes NFD and the same name must never become two objects. */
function toKeyPath(name) {
    return name.normalize('NFC');
}
// Windows cannot hold these in a name, and gives `CON`, `NUL`… a meaning of their own.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are not allowed on Windows.
const WINDOWS_FORBIDDEN = /[<>:"|?*\\\u0000-\u001f]/;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])(\.|$)/i;
/**
 * Why a relative path (from an S3 key) cannot be written under a local root, or null when it can.
 * Refuses only what could escape or alias: a `..` or `.` segment, an empty segment (`a//b`), an absolute
 * path, NUL. A name that merely starts with dots (`..hidden`, `...`) is an ordinary name. A backslash or a
 * colon is an ordinary character on POSIX; on Windows they are separators or drive letters, so there they
 * (and Windows' other forbidden names) are refused.
 */
function unsafeRelativePath(rel, p = (node_path__WEBPACK_IMPORTED_MODULE_0___default())) {
    if (rel === '')
        return 'empty path';
    if (rel.includes('\0'))
        return 'contains a NUL character';
    if (rel.startsWith('/'))
        return 'is an absolute path';
    for (const seg of rel.split('/')) {
        if (seg === '')
            return 'has an empty path segment';
        if (seg === '.' || seg === '..')
            return `has a "${seg}" segment`;
        if (p.sep === '\\') {
            if (seg.includes('\\'))
                return 'contains a backslash, which Windows reads as a separator';
            if (WINDOWS_FORBIDDEN.test(seg))
                return 'contains a character Windows does not allow in names';
            if (WINDOWS_RESERVED.test(seg))
                return `has "${seg}", a name Windows reserves`;
            if (/[. ]$/.test(seg))
                return 'has a name ending in a dot or space, which Windows drops';
        }
    }
    return null;
}
/**
 * Text as it may be shown to a person: control characters (NUL, ESC, CR, newlines, C1) as `\xNN`, so a
 * hostile name can neither forge output lines (or workflow commands) nor drive the terminal.
 */
function printable(text) {
    return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must be escaped.
    /[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
/** The local path for a safe relative path; throws on an unsafe one (callers filter first). */
function localPathFor(root, rel, p = (node_path__WEBPACK_IMPORTED_MODULE_0___default())) {
    if (rel === '')
        return root;
    const why = unsafeRelativePath(rel, p);
    if (why)
        throw new Error(`refusing key path "${printable(rel)}": ${why}`);
    const full = p.join(root, ...rel.split('/'));
    const back = p.relative(root, full);
    // `..hidden` is inside; only `..` itself or `../x` leaves.
    if (back === '..' || back.startsWith(`..${p.sep}`) || p.isAbsolute(back))
        throw new Error(`refusing key path "${printable(rel)}": leaves ${root}`);
    return full;
}
/** Ancestors of a relative path, nearest last: `a/b/c` → [`a`, `a/b`]. */
function ancestors(path) {
    const out = [];
    let i = path.indexOf('/');
    while (i !== -1) {
        out.push(path.slice(0, i));
        i = path.indexOf('/', i + 1);
    }
    return out;
}
/** `a/b/c` → `a/b`; `a` → ''. */
function parentPath(path) {
    const i = path.lastIndexOf('/');
    return i === -1 ? '' : path.slice(0, i);
}
/** `a/b/c` → `c`. */
function baseName(path) {
    return path.slice(path.lastIndexOf('/') + 1);
}
/** Byte order of UTF-8, which is S3's listing order (JS compares UTF-16 code units). */
function compareKeys(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
        const x = a.charCodeAt(i);
        const y = b.charCodeAt(i);
        if (x !== y) {
            // Surrogates (astral characters, 4 UTF-8 bytes) sort above every BMP character in UTF-8.
            const sx = x >= 0xd800 && x <= 0xdfff;
            const sy = y >= 0xd800 && y <= 0xdfff;
            if (sx !== sy)
                return sx ? 1 : -1;
            return x - y;
        }
    }
    return a.length - b.length;
}


/***/ }),

/***/ 9499:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Iw: () => (/* binding */ inShard),
/* harmony export */   Lu: () => (/* binding */ formatRange),
/* harmony export */   Np: () => (/* binding */ balancedRanges),
/* harmony export */   Xy: () => (/* binding */ shardHash),
/* harmony export */   _D: () => (/* binding */ formatShard),
/* harmony export */   uK: () => (/* binding */ parseShard),
/* harmony export */   vI: () => (/* binding */ parseShardCount)
/* harmony export */ });
/* unused harmony exports HASH_SPACE, MAX_SHARDS, equalRange, equalShardOf, orderByHash */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4296);
// Splitting one sync over N jobs (a GitHub Actions matrix) so that together they do exactly what one run
// would, and no two touch the same key.
//
// The shard of a path is a fixed function of the path alone, documented so any tool can recompute it:
//   h = the first 4 bytes of SHA-256(UTF-8(NFC(path))), read as a big-endian unsigned 32-bit integer,
// where `path` is the entry's relative path ('/'-separated, no leading or trailing slash; a directory is
// its own path, '' the root). SHA-256 from node:crypto: no dependency, the same bytes on every OS, Node
// version and S3SYNC_NATIVE_CHARSET (names are compared as text, after decoding). 32 bits are plenty: the
// space only has to be cut into at most 256 ranges, and a dozen files with equal `h` cost nothing.
//
// Shard K of N owns a range [lo, hi] of h. Plain `K/N` is the K-th of N equal ranges, i.e. the paths
// with floor(h × N / 2^32) = K − 1. `K/N@lo-hi` (8 hex digits each, inclusive) is a range chosen by
// `paras3 plan`, which cuts the space where the bytes balance; the N ranges a plan prints cover the
// whole space without overlap, so every path has exactly one owner.


/** 2^32: the hash space. */
const HASH_SPACE = 0x1_0000_0000;
/** The most jobs one GitHub Actions matrix runs. */
const MAX_SHARDS = 256;
// crypto.hash (Node 20.12+) skips the Hash object: a quarter faster over 100,000 short paths.
const oneShot = node_crypto__WEBPACK_IMPORTED_MODULE_0__.hash;
/** The documented hash of a relative path: see the top of this file. */
function shardHash(path) {
    const text = path.normalize('NFC');
    const digest = oneShot
        ? oneShot('sha256', text, 'buffer')
        : node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash('sha256').update(text, 'utf8').digest();
    return digest.readUInt32BE(0);
}
/** The K-th of N equal ranges: exactly the h with floor(h × N / 2^32) = K − 1. */
function equalRange(index, count) {
    return {
        lo: Math.ceil(((index - 1) * HASH_SPACE) / count),
        hi: Math.ceil((index * HASH_SPACE) / count) - 1,
    };
}
/** The shard (1-based) that owns a path when the space is cut into N equal ranges. */
function equalShardOf(path, count) {
    return Math.floor((shardHash(path) * count) / HASH_SPACE) + 1;
}
function inShard(shard, path) {
    const h = shardHash(path);
    return h >= shard.lo && h <= shard.hi;
}
const hex = (n) => n.toString(16).padStart(8, '0');
function formatRange(r) {
    return `${hex(r.lo)}-${hex(r.hi)}`;
}
/** `K/N`, with `@lo-hi` when the range is not the equal one. */
function formatShard(s) {
    const eq = equalRange(s.index, s.count);
    const plain = `${s.index}/${s.count}`;
    return eq.lo === s.lo && eq.hi === s.hi ? plain : `${plain}@${formatRange(s)}`;
}
/** Parses `K/N` or `K/N@lo-hi`; `what` names the flag or input in the one-line error. */
function parseShard(text, what = '--shard') {
    const bad = (why) => new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${what} ${JSON.stringify(text)}: ${why}`);
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*(?:@\s*([0-9a-f]{1,8})\s*-\s*([0-9a-f]{1,8})\s*)?$/i.exec(text);
    if (!m)
        throw bad('use K/N (e.g. 2/4), or K/N@LO-HI with the hex range paras3 plan printed');
    const index = Number(m[1]);
    const count = Number(m[2]);
    if (count < 1 || count > MAX_SHARDS)
        throw bad(`N must be from 1 to ${MAX_SHARDS}`);
    if (index < 1 || index > count)
        throw bad(`K must be from 1 to N (${count})`);
    if (m[3] === undefined || m[4] === undefined)
        return { index, count, ...equalRange(index, count) };
    const lo = Number.parseInt(m[3], 16);
    const hi = Number.parseInt(m[4], 16);
    if (lo > hi)
        throw bad('the range is empty (LO above HI)');
    return { index, count, lo, hi };
}
/** `--shards N` of `paras3 plan`. */
function parseShardCount(text, what = '--shards') {
    const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isInteger(n) || n < 1 || n > MAX_SHARDS)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${what} ${JSON.stringify(text)} must be a whole number from 1 to ${MAX_SHARDS}`);
    return n;
}
/** Item indices in order of their hashes (a plain numeric sort of hash × 2^21 + index when that is exact). */
function orderByHash(hashes) {
    const n = hashes.length;
    const order = new Uint32Array(n);
    if (n < 2 ** 21) {
        // hash < 2^32 and index < 2^21: the key stays below 2^53, so it is exact, and a Float64Array sorts
        // without a comparator call per step (100,000 items: a tenth of the time).
        const keys = new Float64Array(n);
        for (let i = 0; i < n; i++)
            keys[i] = hashes[i] * 2 ** 21 + i;
        keys.sort();
        for (let i = 0; i < n; i++)
            order[i] = keys[i] % 2 ** 21;
        return order;
    }
    for (let i = 0; i < n; i++)
        order[i] = i;
    return order.sort((a, b) => hashes[a] - hashes[b] || a - b);
}
/**
 * N ranges that cover the hash space, cut so each holds about 1/N of the total weight (item i has hash
 * `hashes[i]` and weight `weights[i]`). Cuts fall halfway between neighbouring hashes, so a path added
 * later lands on either side with equal odds. Equal hashes are never split (one path's file and
 * directory, or a rare collision). Every range is non-empty, even with fewer items than shards; with no
 * weight at all the ranges are the equal ones.
 */
function balancedRanges(hashes, weights, count) {
    let total = 0;
    for (let i = 0; i < weights.length; i++)
        total += weights[i];
    if (total <= 0)
        return Array.from({ length: count }, (_, k) => equalRange(k + 1, count));
    const order = orderByHash(hashes);
    const n = order.length;
    const hash = (j) => hashes[order[j]];
    const weight = (j) => weights[order[j]];
    const starts = [0];
    let cum = 0;
    let j = 0;
    for (let k = 1; k < count; k++) {
        const target = (total * k) / count;
        // An item goes below the cut when most of it lies below the target.
        while (j < n && cum + weight(j) / 2 <= target)
            cum += weight(j++);
        while (j > 0 && j < n && hash(j) === hash(j - 1))
            cum += weight(j++);
        const below = j > 0 ? hash(j - 1) : -1;
        const above = j < n ? hash(j) : HASH_SPACE;
        let cut = below + Math.ceil((above - below) / 2);
        // Room for the ranges on either side: each at least one value wide.
        cut = Math.max(cut, starts[k - 1] + 1);
        cut = Math.min(cut, HASH_SPACE - (count - k));
        starts.push(cut);
    }
    starts.push(HASH_SPACE);
    return starts.slice(0, count).map((lo, k) => ({ lo, hi: starts[k + 1] - 1 }));
}


/***/ }),

/***/ 311:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ VERSION)
/* harmony export */ });
// Kept in step with package.json by a test (bundles should not carry the whole package.json).
const VERSION = '1.0.0';


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 8995:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 6466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

/***/ }),

/***/ 8500:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 8877:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:v8");

/***/ }),

/***/ 714:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:vm");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 2018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 7016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(486);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
