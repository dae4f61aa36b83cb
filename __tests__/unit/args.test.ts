// args.ts: argv → a sync request plus the flag layer of the settings; bad usage is a UsageError.
import { describe, expect, it } from 'vitest';
import { type CliArgs, parseCli, USAGE } from '../../src/cli/args.js';
import { UsageError } from '../../src/core/errors.js';

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
    expect(a).toMatchObject({ verbose: false, debug: false, progress: false, json: false });
    expect(a.settingFlags).toEqual({
      THREADS: undefined,
      AWS_ENDPOINT_URL: undefined,
      AWS_REGION: undefined,
      PARAS3_MAX_DELETE: undefined,
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
  ])('%j', (flags, expected) => {
    expect(syncArgs([...flags, '/src', 'b:p']).request).toMatchObject(expected);
    // Options may also follow the positionals.
    expect(syncArgs(['/src', 'b:p', ...flags]).request).toMatchObject(expected);
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
    });
  });

  it('reads the output flags', () => {
    expect(syncArgs(['-v', '--debug', '--progress', '--json', 's', 'b:'])).toMatchObject({
      verbose: true,
      debug: true,
      progress: true,
      json: true,
    });
  });

  it.each([
    [['-h'], 'help'],
    [['--help'], 'help'],
    [['--help', 'extra', 'args', 'too'], 'help'],
    [['--version'], 'version'],
  ])('%j is %s, without needing locations', (argv, kind) => {
    expect(parseCli(argv).kind).toBe(kind);
  });

  it.each([
    [['--bogus', 's', 'b:'], "unknown option '--bogus' (see paras3 --help)"],
    [['-x', 's', 'b:'], "unknown option '-x' (see paras3 --help)"],
    [[], 'SOURCE and DESTINATION are required (see paras3 --help)'],
    [['only-one'], 'SOURCE and DESTINATION are required (see paras3 --help)'],
    [['a', 'b:', 'c'], 'unexpected argument "c": give exactly one SOURCE and one DESTINATION'],
    [['--threads'], "Option '--threads <value>' argument missing (see paras3 --help)"],
    [['--no-md5=yes', 's', 'b:'], "Option '--no-md5' does not take an argument (see paras3 --help)"],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });

  it('keeps each usage error on one line', () => {
    for (const argv of [['--bogus'], ['--threads'], ['--no-md5=1']]) {
      try {
        parseCli(argv);
      } catch (e) {
        expect((e as Error).message).not.toContain('\n');
      }
    }
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
      '--version',
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

  it('fits an 80-column terminal', () => {
    for (const line of USAGE.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});
