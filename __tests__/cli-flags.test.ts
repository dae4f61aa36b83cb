// The flags of issue 13 through the built CLI: aliases users of aws and rclone type, one-line usage
// errors in paras3's own words, --quiet, and --help/--version answered without loading the engine.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';
import { useS3Server } from './helpers/fixtures.js';
import { CLI_BUNDLE, type RunResult, runCli } from './helpers/run.js';
import { listKeys } from './helpers/s3server.js';
import { makeTree, readTree, tempDir, tempDirSync } from './helpers/tree.js';

const s3 = useS3Server();

/** A usage error: exit 2, nothing on stdout, exactly one line on stderr. */
function usageLine(r: RunResult): string {
  expect(r.stdout).toBe('');
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.split('\n');
  expect(lines, r.stderr).toHaveLength(2);
  expect(lines[1]).toBe('');
  return lines[0]!;
}

describe('usage errors through the bundle', () => {
  it.each([
    [
      ['--exlude', '*.log', 'src', 'b:'],
      "paras3: unknown option '--exlude': did you mean --exclude? (see paras3 --help)",
    ],
    [
      ['--acl', 'public-read', 'src', 'b:'],
      "paras3: unknown option '--acl': did you mean -p/--public-read? (the only ACL paras3 sets) (see paras3 --help)",
    ],
    [
      ['--checksum', 'src', 'b:'],
      "paras3: unknown option '--checksum': paras3 compares MD5 by default; --checksum is not needed (see paras3 --help)",
    ],
    [
      ['--exclude', '--delete', 'src', 'b:'],
      'paras3: --exclude needs a value, but "--delete" follows it (write --exclude=--delete if that is the value) (see paras3 --help)',
    ],
    [
      ['--storage-class', 'GLACER', 'src', 'b:'],
      'paras3: --storage-class "GLACER" is not an S3 storage class: did you mean GLACIER? (see paras3 --help)',
    ],
  ])('%j: exit 2, one line of its own, nothing on stdout', async (args, line) => {
    expect(usageLine(await runCli(args))).toBe(line);
  });

  it('--include and --exclude apply in the order given, both ways, and create no empty directories', async () => {
    const src = await tempDir();
    await makeTree(src, {
      'index.html': 'i',
      'about/index.html': 'a',
      'about/photo.jpg': 'p',
      'drafts/wip.html': 'w',
      'img/logo.png': 'l',
    });
    const b = await s3.bucket('include');
    const args = ['-r', '--exclude', 'drafts/', '--include', '*.html', `${src}/`, `${b}:site`];
    const r = await runCli(args, { env: s3.env });
    expect(r.code, r.stderr).toBe(0);
    expect((await listKeys(s3.server.endpoint, b)).map((k) => k.key)).toEqual([
      'site/',
      'site/about/',
      'site/about/index.html',
      'site/index.html',
    ]);
    const dst = await tempDir();
    const down = await runCli(['-r', '--include', 'about/**', `${b}:site/`, `${dst}/`], { env: s3.env });
    expect(down.code, down.stderr).toBe(0);
    expect(Object.keys(await readTree(dst)).sort()).toEqual(['about', 'about/index.html']);
  });
});

describe('start-up', () => {
  // The bundle's entry alone, without the chunks that hold the engine and the SDK: --help, --version
  // and usage errors must not need them.
  const lone = (() => {
    const dir = tempDirSync('paras3-lone-');
    copyFileSync(CLI_BUNDLE, join(dir, 'index.js'));
    copyFileSync(join(CLI_BUNDLE, '..', 'package.json'), join(dir, 'package.json'));
    return join(dir, 'index.js');
  })();

  it.each([['-V'], ['--version']])('%s answers without loading the engine', async (flag) => {
    const r = await runCli([flag], { entry: lone });
    expect(r).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('--help answers without loading the engine', async () => {
    const r = await runCli(['--help'], { entry: lone });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: paras3 /);
  });

  it('a usage error answers without loading the engine', async () => {
    expect(usageLine(await runCli(['--dryun', 'a', 'b:'], { entry: lone }))).toBe(
      "paras3: unknown option '--dryun': did you mean --dryrun? (see paras3 --help)",
    );
  });

  it('a sync needs the engine: without its chunks the entry fails loudly, not silently', async () => {
    const r = await runCli(['-r', '/nonexistent', 'bucket:p'], { entry: lone });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND/);
  });
});

describe('aliases and quiet output against s3rver', () => {
  it('--dry-run, --endpoint-url and --transfers mean --dryrun, --endpoint and --threads', async () => {
    const b = await s3.bucket('alias');
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'a' });
    const env = { ...s3.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:1' };
    const r = await runCli(
      ['--dry-run', '--endpoint-url', s3.server.endpoint, '--transfers', '3', '--debug', `${src}/`, `${b}:p`],
      { env },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^dry run: /);
    expect(r.stderr).toContain('debug: setting THREADS=3 (from --transfers)');
    expect(r.stderr).toContain(`debug: setting AWS_ENDPOINT_URL=${s3.server.endpoint} (from --endpoint-url)`);
    expect(await listKeys(s3.server.endpoint, b)).toEqual([]);
  });

  it('--profile sets AWS_PROFILE, named as the flag', async () => {
    const src = await tempDir();
    const r = await runCli(['--profile', 'nightly', '--debug', '-n', `${src}/`, 'bucket:p'], { env: s3.env });
    expect(r.stderr).toContain('debug: setting AWS_PROFILE=nightly (from --profile)');
  });

  it.each([['-q'], ['--quiet'], ['--only-show-errors']])(
    '%s prints no line per file: only the summary',
    async (flag) => {
      const b = await s3.bucket('quiet');
      const src = await tempDir();
      await makeTree(src, { 'a.txt': 'a', 'd/b.txt': 'b' });
      const r = await runCli(['-r', flag, `${src}/`, `${b}:p`], { env: s3.env });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^done: files \d+ created, [^\n]*\n$/);
      expect((await listKeys(s3.server.endpoint, b)).map((k) => k.key)).toEqual([
        'p/',
        'p/a.txt',
        'p/d/',
        'p/d/b.txt',
      ]);
    },
  );

  it('-q still names failures and problems on stderr', async () => {
    const b = await s3.bucket('quiet');
    const r = await runCli(['-q', '-r', '/nonexistent/x', `${b}:p`], { env: s3.env });
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('paras3: source /nonexistent/x does not exist\n');
    expect(r.code).toBe(2);
  });
});
