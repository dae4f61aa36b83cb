// What a person (or a script) sees: the first line, action lines, the summary, --json, --progress,
// exit codes and one-line errors, the usage screen, and how the server is reached (AWS_S3_HOST,
// --endpoint). The built CLI against s3rver.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useS3Server } from './helpers/fixtures.js';
import { REPO_ROOT, type RunResult, runCli } from './helpers/run.js';
import { createBucket, listKeys, putObject, TEST_ENV } from './helpers/s3server.js';
import { makeTree, readTree, tempDir, tempDirSync } from './helpers/tree.js';

// PARAS3_CLI points the tests at another build of the CLI (default: dist/cli/index.js).
const entry = process.env.PARAS3_CLI || undefined;
const bundle = entry ?? join(REPO_ROOT, 'dist', 'cli', 'index.js');

const s3 = useS3Server();

const bucket = () => s3.bucket('out');

function paras3(args: string[], runEnv: Record<string, string> = s3.env): Promise<RunResult> {
  return runCli(args, { env: runEnv, entry });
}

async function sampleTree(): Promise<string> {
  const src = await tempDir();
  await makeTree(src, { 'etc/hosts': 'x'.repeat(1200), 'etc/sub/a.txt': 'a', 'etc/empty': { dir: true } });
  return join(src, 'etc');
}

const SUMMARY =
  /^done: files \d+ created, \d+ updated, \d+ deleted, \d+ unchanged(; directories( \d+ (created|deleted|unchanged),?)+)?; [\d.]+ k?B in [\d.]+ s, [\d.]+ k?B\/s$/;

describe('text output', () => {
  it('prints the resolved locations, one line per action and one summary line, with a clean stderr', async () => {
    const b = await bucket();
    const etc = await sampleTree();

    const r = await paras3(['-r', etc, `${b}:pre`]);

    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${etc}/ → s3://${b}/pre/etc/`);
    expect(lines.slice(1, -1).sort()).toEqual([
      'mkdir ./',
      'mkdir empty/',
      'mkdir sub/',
      'upload hosts (1.2 kB)',
      'upload sub/a.txt (1 B)',
    ]);
    expect(lines.at(-1)).toMatch(SUMMARY);
    expect(lines.at(-1)).toMatch(
      /^done: files 2 created, 0 updated, 0 deleted, 0 unchanged; directories 3 created; 1.2 kB in /,
    );
  });

  it('keeps stderr free of Node and SDK warnings on downloads too (NodeVersionSupportWarning, deprecations)', async () => {
    const b = await bucket();
    const etc = await sampleTree();
    await paras3(['-r', `${etc}/`, `${b}:p`]);
    const dest = await tempDir();

    const r = await paras3(['-r', '--delete', `${b}:p/`, dest]);

    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/Warning|deprecat/i);
  });

  it('says why each entry moves with -v', async () => {
    const b = await bucket();
    const etc = await sampleTree();
    const r = await paras3(['-r', '-v', `${etc}/`, `${b}:p`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('upload hosts (1.2 kB, new)\n');
  });
});

describe('--json', () => {
  it('prints one JSON document with plan, results and totals, and nothing else on stdout', async () => {
    const b = await bucket();
    const etc = await sampleTree();

    const r = await paras3(['-r', '--json', `${etc}/`, `${b}:j`]);

    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      schema: 1,
      source: `${etc}/`,
      destination: `s3://${b}/j/`,
      direction: 'upload',
      dryrun: false,
      ok: true,
      interrupted: false,
      deleteRefused: null,
      problems: [],
      totals: {
        files: { created: 2, updated: 0, metadata: 0, deleted: 0, unchanged: 0 },
        directories: { created: 3, deleted: 0, unchanged: 0 },
        failed: 0,
        skipped: 0,
        notRun: 0,
        bytes: 1201,
      },
    });
    expect(doc.durationMs).toBeTypeOf('number');
    expect(doc.actions).toEqual(
      expect.arrayContaining([
        {
          op: 'mkdir',
          change: 'create',
          path: '',
          kind: 'dir',
          size: 0,
          reason: null,
          reasonText: null,
          status: 'done',
          error: null,
          key: `j/`,
          localPath: `${etc}`,
        },
        {
          op: 'upload',
          change: 'create',
          path: 'hosts',
          kind: 'file',
          size: 1200,
          reason: 'new',
          reasonText: 'new',
          status: 'done',
          error: null,
          key: 'j/hosts',
          localPath: join(etc, 'hosts'),
        },
      ]),
    );
    expect(doc.actions).toHaveLength(5);
  });

  it('reports a dry run as planned actions, and skips as problems with exit 1', async () => {
    const b = await bucket();
    await putObject(s3.server.endpoint, b, 'raw/a/b.txt', 'b');
    await putObject(s3.server.endpoint, b, 'raw/c.txt', 'cc');
    const dest = await tempDir();

    const r = await paras3(['-rn', '--json', `${b}:raw/`, dest]);

    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'paras3: skipped a/b.txt: parent directory "a" has no directory node on S3; use --make-dirs to create it\n',
    );
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      dryrun: true,
      ok: false,
      totals: { files: { created: 1 }, skipped: 1, bytes: 2 },
      problems: [{ path: 'a/b.txt', message: expect.stringContaining('--make-dirs') }],
    });
    expect(doc.actions.map((a: { path: string; status: string }) => `${a.path} ${a.status}`)).toEqual([
      'c.txt planned',
    ]);
    expect(await readTree(dest)).toEqual({});
  });

  it('prints a JSON error document when the run cannot start; the error is one line on stderr', async () => {
    const b = await bucket();
    const r = await paras3(['-r', '--json', '/no/such/dir', `${b}:p`]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({
      schema: 1,
      ok: false,
      error: { message: 'source /no/such/dir does not exist', exitCode: 2 },
    });
    expect(r.stderr).toBe('paras3: source /no/such/dir does not exist\n');
  });

  it('names an endpoint that cannot be reached without the password its URL carries', async () => {
    const b = await bucket();
    const etc = await sampleTree();
    const endpoint = 'http://euser:EndpointPw-9c1@127.0.0.1:1';
    const r = await paras3(['-r', '--json', '--endpoint', endpoint, etc, `${b}:p`], {
      ...s3.env,
      S3SYNC_RETRIES: '1',
    });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      error: { message: 'cannot connect to http://127.0.0.1:1: connection refused' },
    });
    expect(r.stderr).toBe('paras3: cannot connect to http://127.0.0.1:1: connection refused\n');
  });
});

describe('dry-run output', () => {
  it('starts with the resolved locations and ends with a totals line', async () => {
    const b = await bucket();
    const etc = await sampleTree();
    const r = await paras3(['-rn', etc, `${b}:pre/`]);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      `dry run: ${etc}/ → s3://${b}/pre/etc/`,
      'mkdir ./',
      'mkdir empty/',
      'mkdir sub/',
      'upload hosts (1.2 kB, new)',
      'upload sub/a.txt (1 B, new)',
      'dry run: files 2 to create, 0 to update, 0 to delete, 0 unchanged; directories 3 to create; 1.2 kB to transfer',
    ]);
    expect(await listKeys(s3.server.endpoint, b)).toEqual([]);
  });
});

describe('exit codes and errors', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    await createBucket(s3.server.endpoint, 'errs');
    dir = await tempDir();
    file = join(dir, 'a-file');
    await makeTree(dir, { 'a-file': 'x' });
  });

  it.each<[string, (d: string, f: string) => string[], number, RegExp]>([
    ['a missing local source', () => ['-r', '/x/y', 'errs:p'], 2, /^paras3: source \/x\/y does not exist\n$/],
    ['a missing bucket', (d) => ['-r', d, 'foo:p'], 2, /^paras3: bucket "foo" does not exist\n$/],
    [
      'an empty S3 source',
      (d) => ['-r', 'errs:nothing/', d],
      2,
      /^paras3: source s3:\/\/errs\/nothing\/ does not exist\n$/,
    ],
    [
      'an unknown option',
      (d) => ['--bogus', d, 'b:p'],
      2,
      /^paras3: unknown option '--bogus' \(see paras3 --help\)\n$/,
    ],
    [
      'a missing argument',
      (d) => ['-r', d],
      2,
      /^paras3: SOURCE and DESTINATION are required \(see paras3 --help\)\n$/,
    ],
    [
      'two local paths',
      (d) => ['-r', d, '/tmp'],
      2,
      /^paras3: both SOURCE and DESTINATION are local paths; one must be bucket:prefix\n$/,
    ],
    [
      'an invalid bucket name',
      (d) => ['-r', d, 'Bad_Bucket!:x'],
      2,
      /^paras3: location "Bad_Bucket!:x": "Bad_Bucket!" is not a valid bucket name/,
    ],
    ['a file as source', (_d, f) => ['-r', f, 'errs:p'], 2, /^paras3: \S+\/a-file is not a directory\n$/],
    [
      'a source with a newline in its name',
      (d) => ['-r', `${d}\nfoo`, 'errs:p'],
      2,
      /^paras3: source \S+\\x0afoo does not exist\n$/,
    ],
    [
      'a bad --expires',
      (d) => ['-r', '--expires', 'soon', d, 'errs:p'],
      2,
      /^paras3: --expires "soon" is not a date/,
    ],
    [
      'a bad --endpoint',
      (d) => ['-r', '--endpoint', 'foo', d, 'errs:p'],
      2,
      /^paras3: AWS_ENDPOINT_URL="foo" \(from --endpoint\) is not an http/,
    ],
    [
      'a bad --endpoint with a password',
      (d) => ['-r', '--endpoint', 'http://user:hunter2@bad host', d, 'errs:p'],
      2,
      /^paras3: AWS_ENDPOINT_URL="http:\/\/user:\*\*\*\*@bad host" \(from --endpoint\) is not an http/,
    ],
    [
      'an unreachable server',
      (d) => ['-r', '--endpoint', 'http://127.0.0.1:1', d, 'errs:p'],
      1,
      /^paras3: cannot connect to http:\/\/127.0.0.1:1: connection refused\n$/,
    ],
  ])('%s: the right exit code, one line and no stack', async (_name, args, code, stderr) => {
    const r = await paras3(args(dir, file), { ...s3.env, S3SYNC_RETRIES: '1' });
    expect(r.stderr).toMatch(stderr);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(code);
  });

  it('shows the stack trace with --debug', async () => {
    const r = await paras3(['-r', '--debug', '/x/y', 'errs:p']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('paras3: source /x/y does not exist\n');
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('--progress', () => {
  it('draws nothing when stderr is not a terminal', async () => {
    const b = await bucket();
    const etc = await sampleTree();
    const r = await paras3(['-r', '--progress', etc, `${b}:p`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('\r');
    expect(r.stdout).not.toContain('\x1b[');
  });

  // `script` (util-linux) gives the CLI a pseudo-terminal, as a person at a shell would.
  const hasScript = (() => {
    try {
      execFileSync('script', ['--version'], { stdio: 'ignore' });
      return process.platform === 'linux';
    } catch {
      return false;
    }
  })();

  it.skipIf(!hasScript)(
    'draws a status line with the phase, files and bytes on a terminal, without colour under NO_COLOR',
    async () => {
      const b = await bucket();
      const src = await tempDir();
      await makeTree(src, { 'a.bin': Buffer.alloc(300_000, 1), 'b.bin': Buffer.alloc(300_000, 2) });
      const command = (dest: string) =>
        `${JSON.stringify(process.execPath)} ${JSON.stringify(bundle)} -r --progress ${src}/ ${dest}`;
      const run = (dest: string, extra: Record<string, string>) =>
        execFileSync('script', ['-qec', command(dest), '/dev/null'], {
          env: { PATH: process.env.PATH, ...s3.env, ...extra },
          encoding: 'utf8',
        });

      const colour = run(`${b}:colour`, {});
      const esc = '\x1b';
      expect(colour).toContain(`${esc}[1mlisting${esc}[0m 0:0`);
      expect(colour).toMatch(
        new RegExp(
          `${esc}\\[1mtransferring${esc}\\[0m \\[(${esc}\\[32m#*${esc}\\[0m)?-*\\] \\d/2 files [\\d.]+ k?B/600 kB \\d+%`,
        ),
      );
      expect(colour).toContain('upload a.bin (300 kB)');
      // The bar is gone before the summary, which starts a line of its own.
      expect(colour).toMatch(new RegExp(`\\r${esc}\\[Kdone: `));

      const plain = run(`${b}:plain`, { NO_COLOR: '1' });
      expect(plain).not.toContain('\x1b[32m');
      expect(plain).not.toContain('\x1b[1m');
      expect(plain).toMatch(/transferring \[[#-]+\] \d\/2 files [\d.]+ k?B\/600 kB \d+%/);
    },
  );
});

describe('reaching the server', () => {
  it('uses AWS_S3_HOST=127.0.0.1:PORT over plain http, path-style', async () => {
    const b = await bucket();
    const etc = await sampleTree();
    const hostEnv = {
      ...TEST_ENV,
      AWS_S3_HOST: `127.0.0.1:${s3.server.port}`,
      HOME: tempDirSync('paras3-home-'),
    };

    const r = await paras3(['-r', etc, `${b}:host`], hostEnv);

    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await listKeys(s3.server.endpoint, b)).map((k) => k.key)).toEqual([
      'host/etc/',
      'host/etc/empty/',
      'host/etc/hosts',
      'host/etc/sub/',
      'host/etc/sub/a.txt',
    ]);
  });

  it('uses --endpoint over AWS_ENDPOINT_URL', async () => {
    const b = await bucket();
    const etc = await sampleTree();
    const flagEnv = { ...s3.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:1' };

    const r = await paras3(['-r', '--endpoint', s3.server.endpoint, `${etc}/`, `${b}:ep`], flagEnv);

    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await listKeys(s3.server.endpoint, b)).map((k) => k.key)).toContain('ep/hosts');
  });
});

describe('help and version', () => {
  it.each([['-h'], ['--help']])('%s prints the usage screen on stdout and exits 0', async (flag) => {
    const r = await paras3([flag]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: paras3 \[options\] SOURCE DESTINATION\n/);
    for (const option of [
      '--recursive',
      '--dryrun',
      '--delete',
      '--no-md5',
      '--make-dirs',
      '--exclude',
      '--json',
    ]) {
      expect(r.stdout).toContain(option);
    }
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await paras3(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });
});
