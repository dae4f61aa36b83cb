// args.ts: argv → a sync request plus the flag layer of the settings; bad usage is a UsageError.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CLI_OPTIONS,
  type CliArgs,
  parseCli,
  SSE_MODES,
  STORAGE_CLASSES,
  USAGE,
} from '../../src/cli/args.js';
import { UsageError } from '../../src/core/errors.js';
import { REPO_ROOT } from '../helpers/run.js';

function syncArgs(argv: string[]): CliArgs {
  const cmd = parseCli(argv);
  if (cmd.kind !== 'sync') throw new Error(`expected a sync command, got ${cmd.kind}`);
  return cmd.args;
}

describe('parseCli', () => {
  it('has safe defaults: no recursion, no deletes, MD5 comparison, text output', () => {
    const a = syncArgs(['/src', 'b:p']);
    expect(a.request).toEqual({
      source: '/src',
      destination: 'b:p',
      recursive: false,
      dryrun: false,
      delete: false,
      deleteExcluded: false,
      publicRead: false,
      ssl: false,
      md5: true,
      makeDirs: false,
      exclude: [],
      excludeFrom: [],
      cacheControl: [],
      expires: undefined,
    });
    expect(a).toMatchObject({ verbose: false, quiet: false, debug: false, progress: false, json: false });
    expect(a.settingFlags).toEqual({
      THREADS: undefined,
      AWS_ENDPOINT_URL: undefined,
      AWS_REGION: undefined,
      AWS_PROFILE: undefined,
      PARAS3_MAX_DELETE: undefined,
      PARAS3_TIMEOUT: undefined,
    });
  });

  it.each<[string[], Partial<CliArgs['request']>]>([
    [['-r'], { recursive: true }],
    [['--recursive'], { recursive: true }],
    [['-n'], { dryrun: true }],
    [['--dryrun'], { dryrun: true }],
    [['-d'], { delete: true }],
    [['--delete'], { delete: true }],
    [['-p'], { publicRead: true }],
    [['--public-read'], { publicRead: true }],
    [['-s'], { ssl: true }],
    [['--ssl'], { ssl: true }],
    [['--no-md5'], { md5: false }],
    [['--make-dirs'], { makeDirs: true }],
    [['--delete-excluded'], { deleteExcluded: true }],
    [['-rnd'], { recursive: true, dryrun: true, delete: true }],
    [['--exclude', '*.log', '--exclude=tmp/'], { exclude: ['*.log', 'tmp/'] }],
    [['--exclude-from', 'a.txt', '--exclude-from', 'b.txt'], { excludeFrom: ['a.txt', 'b.txt'] }],
    [
      ['--cache-control', 'max-age=60', '--cache-control', '*.html=no-cache'],
      { cacheControl: ['max-age=60', '*.html=no-cache'] },
    ],
    [['--expires', '2030-01-01T00:00:00Z'], { expires: '2030-01-01T00:00:00Z' }],
    // Spellings of aws s3 and rclone for what paras3 does.
    [['--dry-run'], { dryrun: true }],
    [['--size-only'], { sizeOnly: true }],
    [['--storage-class', 'GLACIER_IR'], { storageClass: 'GLACIER_IR' }],
    [['--storage-class=standard_ia'], { storageClass: 'STANDARD_IA' }],
    [['--sse', 'AES256'], { sse: 'AES256' }],
    [['--sse=aes256'], { sse: 'AES256' }],
    [['--sse', 'aws:kms:dsse'], { sse: 'aws:kms:dsse' }],
    [['--sse', 'aws:kms', '--sse-kms-key-id', 'alias/k'], { sse: 'aws:kms', sseKmsKeyId: 'alias/k' }],
    [['--sse', 'AWS:KMS:DSSE', '--sse-kms-key-id=arn:k'], { sse: 'aws:kms:dsse', sseKmsKeyId: 'arn:k' }],
    // An option's value may start with '-' when written with '='.
    [['--exclude=-draft*'], { exclude: ['-draft*'] }],
  ])('%j', (flags, expected) => {
    expect(syncArgs([...flags, '/src', 'b:p']).request).toMatchObject(expected);
    // Options may also follow the positionals.
    expect(syncArgs(['/src', 'b:p', ...flags]).request).toMatchObject(expected);
  });

  it('keeps --include and --exclude (and their files) in command-line order', () => {
    const a = syncArgs([
      '--include',
      '*.html',
      '--exclude=draft*',
      's',
      'b:',
      '--include-from',
      'inc.txt',
      '--exclude-from',
      'exc.txt',
      '--include=docs/',
    ]);
    expect(a.request.filters).toEqual([
      { include: true, glob: '*.html' },
      { include: false, glob: 'draft*' },
      { include: true, glob: 'inc.txt', fromFile: true },
      { include: false, glob: 'exc.txt', fromFile: true },
      { include: true, glob: 'docs/' },
    ]);
    // Excludes are still listed on their own, for engines that know only them.
    expect(a.request.exclude).toEqual(['draft*']);
    expect(a.request.excludeFrom).toEqual(['exc.txt']);
  });

  it('leaves the new request fields out when their flags are not given', () => {
    const r = syncArgs(['-r', '--exclude', 'x', 's', 'b:']).request;
    expect(r.filters).toEqual([{ include: false, glob: 'x' }]);
    for (const k of ['sizeOnly', 'storageClass', 'sse', 'sseKmsKeyId'] as const) expect(k in r).toBe(false);
  });

  it('passes setting-backed flags on by setting name', () => {
    const a = syncArgs([
      '--threads',
      '4',
      '--endpoint',
      'http://h:1',
      '--region',
      'eu-west-1',
      '--max-delete',
      '9',
      's',
      'b:',
    ]);
    expect(a.settingFlags).toEqual({
      THREADS: '4',
      AWS_ENDPOINT_URL: 'http://h:1',
      AWS_REGION: 'eu-west-1',
      PARAS3_MAX_DELETE: '9',
      AWS_PROFILE: undefined,
      PARAS3_TIMEOUT: undefined,
    });
    expect(a.settingFlagNames).toMatchObject({ THREADS: '--threads', AWS_ENDPOINT_URL: '--endpoint' });
  });

  it.each<[string[], string, string, string]>([
    [['--transfers', '8'], 'THREADS', '8', '--transfers'],
    [['--endpoint-url', 'http://h:1'], 'AWS_ENDPOINT_URL', 'http://h:1', '--endpoint-url'],
    [['--endpoint-url=http://h:2'], 'AWS_ENDPOINT_URL', 'http://h:2', '--endpoint-url'],
    [['--profile', 'prod'], 'AWS_PROFILE', 'prod', '--profile'],
    [['--timeout', '30'], 'PARAS3_TIMEOUT', '30', '--timeout'],
    [['--threads', '2', '--transfers', '3'], 'THREADS', '3', '--transfers'],
  ])('%j sets %s=%s, named %s in messages', (flags, setting, value, name) => {
    const a = syncArgs([...flags, 's', 'b:']);
    expect(a.settingFlags[setting]).toBe(value);
    expect(a.settingFlagNames[setting]).toBe(name);
  });

  it('reads the output flags', () => {
    expect(syncArgs(['-v', '--debug', '--progress', '--json', 's', 'b:'])).toMatchObject({
      verbose: true,
      debug: true,
      progress: true,
      json: true,
    });
  });

  it.each<[string[], Partial<CliArgs>]>([
    [['-P'], { progress: true }],
    [['-q'], { quiet: true }],
    [['--quiet'], { quiet: true }],
    [['--only-show-errors'], { quiet: true }],
    [['-rqP'], { quiet: true, progress: true }],
  ])('%j sets the output flags %j', (flags, expected) => {
    expect(syncArgs([...flags, 's', 'b:'])).toMatchObject(expected);
  });

  it.each([
    [['-h'], 'help'],
    [['--help'], 'help'],
    [['--help', 'extra', 'args', 'too'], 'help'],
    [['--version'], 'version'],
    [['-V'], 'version'],
    [['-V', 'b:'], 'version'],
  ])('%j is %s, without needing locations', (argv, kind) => {
    expect(parseCli(argv).kind).toBe(kind);
  });

  it.each([
    [['--bogus', 's', 'b:'], "unknown option '--bogus'"],
    [['-x', 's', 'b:'], "unknown option '-x'"],
    [['-rx', 's', 'b:'], "unknown option '-x'"],
    [[], 'SOURCE and DESTINATION are required'],
    [['only-one'], 'SOURCE and DESTINATION are required'],
    [['a', 'b:', 'c'], 'unexpected argument "c": give exactly one SOURCE and one DESTINATION'],
    [['--threads'], '--threads needs a value'],
    [['s', 'b:', '--exclude'], '--exclude needs a value'],
    [['--threads=', 's', 'b:'], '--threads needs a value (got "")'],
    [['--profile', ' ', 's', 'b:'], '--profile needs a value (got " ")'],
    [['--no-md5=yes', 's', 'b:'], '--no-md5 takes no value (got "--no-md5=yes")'],
    [['--dry-run=1', 's', 'b:'], '--dry-run takes no value (got "--dry-run=1")'],
    // Where Node's parseArgs said "argument is ambiguous" and explained its syntax.
    [
      ['--exclude', '--delete', 's', 'b:'],
      '--exclude needs a value, but "--delete" follows it (write --exclude=--delete if that is the value)',
    ],
    [
      ['--exclude', '-draft', 's', 'b:'],
      '--exclude needs a value, but "-draft" follows it (write --exclude=-draft if that is the value)',
    ],
    // Contradictions.
    [['-q', '-v', 's', 'b:'], '-q and -v/--verbose contradict each other'],
    [
      ['--only-show-errors', '--verbose', 's', 'b:'],
      '--only-show-errors and -v/--verbose contradict each other',
    ],
    [
      ['--size-only', '--no-md5', 's', 'b:'],
      '--size-only and --no-md5 choose different comparisons: give one',
    ],
    // Values from S3's lists.
    [
      ['--storage-class', 'GLACER', 's', 'b:'],
      '--storage-class "GLACER" is not an S3 storage class: did you mean GLACIER?',
    ],
    [
      ['--storage-class', 'COLD', 's', 'b:'],
      '--storage-class "COLD" is not an S3 storage class: use one of STANDARD, REDUCED_REDUNDANCY, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER, DEEP_ARCHIVE, GLACIER_IR, OUTPOSTS, EXPRESS_ONEZONE',
    ],
    [['--sse', 'aws:kmz', 's', 'b:'], '--sse "aws:kmz" is not an S3 encryption mode: did you mean aws:kms?'],
    [
      ['--sse', 'des', 's', 'b:'],
      '--sse "des" is not an S3 encryption mode: use one of AES256, aws:kms, aws:kms:dsse',
    ],
    [['--sse-kms-key-id', 'k', 's', 'b:'], '--sse-kms-key-id needs --sse aws:kms'],
    [
      ['--sse', 'AES256', '--sse-kms-key-id', 'k', 's', 'b:'],
      '--sse-kms-key-id needs --sse aws:kms, not --sse AES256',
    ],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(`${message} (see paras3 --help)`);
  });

  // Flags of aws s3 sync and rclone that paras3 does not have: what to use instead.
  it.each([
    [
      ['--acl', 'public-read'],
      "unknown option '--acl': did you mean -p/--public-read? (the only ACL paras3 sets)",
    ],
    [['--acl=private'], "unknown option '--acl': did you mean -p/--public-read? (the only ACL paras3 sets)"],
    [['--checksum'], "unknown option '--checksum': paras3 compares MD5 by default; --checksum is not needed"],
    [['-c'], "unknown option '-c': paras3 compares MD5 by default; -c/--checksum is not needed"],
    [['-rc'], "unknown option '-c': paras3 compares MD5 by default; -c/--checksum is not needed"],
    [
      ['--content-type', 'text/html'],
      "unknown option '--content-type': content types come from file extensions (S3SYNC_MIME_TYPES_FILE)",
    ],
    [
      ['--exact-timestamps'],
      "unknown option '--exact-timestamps': paras3 compares content (MD5) by default, so same-size files that differ are found",
    ],
    [
      ['--follow-symlinks'],
      "unknown option '--follow-symlinks': paras3 stores symlinks as links and never follows them",
    ],
    [
      ['--no-progress'],
      "unknown option '--no-progress': paras3 shows progress only with -P/--progress; --no-progress is not needed",
    ],
    [['--s3-storage-class', 'GLACIER'], "unknown option '--s3-storage-class': did you mean --storage-class?"],
    [['--output', 'json'], "unknown option '--output': did you mean --json?"],
    [
      ['--filter', '+ *.html'],
      "unknown option '--filter': use --include and --exclude (applied in the order given, first match wins)",
    ],
    [
      ['--checkers', '8'],
      "unknown option '--checkers': did you mean --threads/--transfers? (one limit for all parallel requests)",
    ],
    // Misspellings and abbreviations.
    [['--exlude', 'x'], "unknown option '--exlude': did you mean --exclude?"],
    [['--dryun'], "unknown option '--dryun': did you mean --dryrun?"],
    [['--delte'], "unknown option '--delte': did you mean --delete?"],
    [['--Recursive'], "unknown option '--Recursive': did you mean --recursive?"],
    [['--recur'], "unknown option '--recur': did you mean --recursive?"],
    [['--storage-clas', 'X'], "unknown option '--storage-clas': did you mean --storage-class?"],
    [['--transfer', '4'], "unknown option '--transfer': did you mean --transfers?"],
    // Too far from anything to guess.
    [['--frobnicate'], "unknown option '--frobnicate'"],
    [['--ex'], "unknown option '--ex'"],
  ])('%j says what to use instead: %s', (flags, message) => {
    expect(() => parseCli([...flags, 's', 'b:'])).toThrow(UsageError);
    expect(() => parseCli([...flags, 's', 'b:'])).toThrow(`${message} (see paras3 --help)`);
  });

  it('keeps each usage error on one line, in its own words, ending with the pointer to --help', () => {
    for (const argv of [
      ['--bogus'],
      ['--threads'],
      ['--no-md5=1'],
      ['--exclude', '-x', 's', 'b:'],
      ['-'],
      ['--', '-a'],
      ['-rnq', '-v', 's', 'b:'],
    ]) {
      let message = '';
      try {
        parseCli(argv);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        message = (e as Error).message;
      }
      expect(message, JSON.stringify(argv)).toMatch(/^[^\n]+ \(see paras3 --help\)$/);
      // Node's parseArgs wording.
      expect(message).not.toMatch(/ambiguous|positional|Option '|To specify/);
    }
  });

  it('takes arguments after -- as positionals, even when they start with "-"', () => {
    expect(syncArgs(['-r', '--', '-odd-dir', 'b:']).request).toMatchObject({
      source: '-odd-dir',
      recursive: true,
    });
  });

  it('takes a lone "-" as a positional, and a negative number as a value for its own check', () => {
    expect(() => parseCli(['-', 'b:', 'x'])).toThrow('unexpected argument "x"');
    expect(syncArgs(['--max-delete', '-1', 's', 'b:']).settingFlags.PARAS3_MAX_DELETE).toBe('-1');
  });
});

describe('USAGE', () => {
  it('names every option, short and long', () => {
    for (const flag of [
      '-r, --recursive',
      '-n, --dryrun',
      '-d, --delete',
      '-p, --public-read',
      '-s, --ssl',
      '--no-md5',
      '--make-dirs',
      '-v, --verbose',
      '--debug',
      '--progress',
      '--exclude GLOB',
      '--exclude-from FILE',
      '--delete-excluded',
      '--cache-control',
      '--expires',
      '--threads N',
      '--endpoint URL',
      '--region R',
      '--max-delete N',
      '--json',
      '-h, --help',
      '-V, --version',
      '--dry-run',
      '--size-only',
      '--include GLOB',
      '--include-from FILE',
      '--storage-class',
      '--sse MODE',
      '--sse-kms-key-id ID',
      '--transfers',
      '--endpoint-url',
      '--profile NAME',
      '--timeout SECONDS',
      '-q, --quiet',
      '--only-show-errors',
      '-P, --progress',
    ]) {
      expect(USAGE).toContain(flag);
    }
  });

  it('shows the location forms and the README examples, the settings and the exit codes', () => {
    expect(USAGE).toMatch(/^Usage: paras3 \[options\] SOURCE DESTINATION/);
    for (const text of [
      'bucket:prefix',
      'bucket:',
      'paras3 -r /etc mybucket:pre',
      'paras3 -r /etc/ mybucket:pre/etcbackup',
      'paras3 -r mybucket:pre/etc/ /root/etcrestore',
      'paras3 -r mybucket:pre/etc /root',
      'paras3 -r --make-dirs mybucket:pre/etc/ /root/etcrestore',
      '--dryrun',
      'AWS_ACCESS_KEY_ID',
      'AWS_S3_HOST',
      'THREADS',
      'Exit status',
    ]) {
      expect(USAGE).toContain(text);
    }
  });

  it('names every S3 storage class and encryption mode the parser accepts', () => {
    for (const v of [...STORAGE_CLASSES, ...SSE_MODES]) expect(USAGE).toContain(v);
  });

  it('fits an 80-column terminal', () => {
    for (const line of USAGE.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});

describe('README', () => {
  it("lists every option, alias and short form in the command line's option table", () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const table = readme.slice(
      readme.indexOf('| option | what it does |'),
      readme.indexOf('**What moves.**'),
    );
    for (const o of CLI_OPTIONS) {
      for (const name of [o.name, ...(o.aliases ?? [])])
        expect(table).toMatch(new RegExp(`\`--${name}[ \`]`));
      for (const c of o.short ?? []) expect(table).toContain(`\`-${c}\``);
    }
  });

  it('and so does the usage screen', () => {
    for (const o of CLI_OPTIONS) {
      for (const name of [o.name, ...(o.aliases ?? [])]) expect(USAGE).toMatch(new RegExp(`--${name}\\b`));
      for (const c of o.short ?? []) expect(USAGE).toContain(`-${c}, --`);
    }
  });
});
