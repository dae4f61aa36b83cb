// The test harness's own tests: if these fail, integration failures elsewhere mean nothing.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { realpathSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { useS3Server } from './helpers/fixtures.js';
import { actionInputDefaults, parseFileCommand, runAction, runCli, spawnCli } from './helpers/run.js';
import { cliEnv, getObject, listKeys, putObject, s3Client } from './helpers/s3server.js';
import { makeTree, readTree, tempDir } from './helpers/tree.js';

describe('s3rver harness', () => {
  const s3 = useS3Server({ bucket: 'harness' });

  it('lists 1,500 objects across pages, sorted, with sizes and MD5 ETags', async () => {
    const keys = Array.from({ length: 1500 }, (_, i) => `many/${String(i).padStart(4, '0')}.txt`);
    const limit = pLimit(16);
    await Promise.all(keys.map((k) => limit(() => putObject(s3.server.endpoint, 'harness', k, 'x'))));

    const listed = await listKeys(s3.server.endpoint, 'harness', 'many/');

    expect(listed.map((o) => o.key)).toEqual(keys);
    // MD5 of "x"
    expect(new Set(listed.map((o) => `${o.size} ${o.etag}`))).toEqual(
      new Set(['1 "9dd4e461268c8034f5c8564e155c67a6"']),
    );
  });

  it('lists in S3 key order across page boundaries, where plain s3rver would drop keys', async () => {
    // s3rver lists `a/…` before its siblings `a`, `a-b`, `a.txt` and resumes a page after the last key,
    // losing them; s3rver-child.mjs replaces the listing (see there).
    const keys = ['o/B', 'o/a', 'o/a-b', 'o/a.txt', 'o/a/', 'o/a/x', 'o/a0', 'o/z', 'o/\u00e9'];
    for (const k of [...keys].reverse()) await putObject(s3.server.endpoint, 'harness', k, '');
    const client = s3Client(s3.server.endpoint);
    const listed: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: 'harness', Prefix: 'o/', MaxKeys: 2, ContinuationToken: token }),
      );
      listed.push(...(page.Contents ?? []).map((o) => o.Key!));
      token = page.NextContinuationToken;
    } while (token);
    client.destroy();

    expect(listed).toEqual(keys);
  });

  it('round-trips 100,000 random bytes and user metadata byte-identical', async () => {
    const body = randomBytes(100_000);
    await putObject(s3.server.endpoint, 'harness', 'blob.bin', body, {
      mtime: '1700000000',
      permissions: '33188',
    });

    const got = await getObject(s3.server.endpoint, 'harness', 'blob.bin');

    expect(got.body.equals(body)).toBe(true);
    expect(got.metadata).toEqual({ mtime: '1700000000', permissions: '33188' });
    expect(got.contentType).toBe('application/octet-stream');
    // And through a client the caller owns, as the engine will use one.
    const client = s3Client(s3.server.endpoint);
    const res = await client.send(new GetObjectCommand({ Bucket: 'harness', Key: 'blob.bin' }));
    expect(Buffer.from(await res.Body!.transformToByteArray()).equals(body)).toBe(true);
    client.destroy();
  });

  it('gives a spawned CLI credentials, the endpoint and an empty HOME', () => {
    const env = cliEnv(s3.server.endpoint);
    expect(env).toMatchObject({
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: s3.server.endpoint,
    });
    expect(env.HOME).toMatch(/paras3-home-/);
    expect(env).not.toHaveProperty('AWS_PROFILE');
  });
});

describe('s3rver fixture with a verifying proxy', () => {
  const s3 = useS3Server({ bucket: 'vharness', verify: true });

  it('puts a verifying proxy in front of the server, with a CLI env for it', async () => {
    expect(s3.proxyEnv).toMatchObject({
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: s3.proxy.endpoint,
    });
    const client = s3Client(s3.proxy.endpoint);
    await client.send(new ListObjectsV2Command({ Bucket: 'vharness' }));
    client.destroy();
    expect(s3.proxy.requests).toMatchObject([{ op: 'ListObjectsV2', verified: true, status: 200 }]);
    // Left behind on purpose: the next test sees them cleared.
    s3.proxy.setRules([{ kind: 'reset' }]);
    s3.proxy.setClock(60_000);
  });

  it('clears the proxy’s rules, clock and log before each test', async () => {
    expect(s3.proxy.requests).toEqual([]);
    expect(s3.proxy.clockOffsetMs).toBe(0);
    const client = s3Client(s3.proxy.endpoint, { maxAttempts: 1 });
    await client.send(new ListObjectsV2Command({ Bucket: 'vharness' }));
    client.destroy();
    expect(s3.proxy.requests.map((q) => q.fault)).toEqual([undefined]);
  });
});

describe('tree helpers', () => {
  it('builds files, modes, times, empty dirs and symlinks, and reads them back without following links', async () => {
    const root = await tempDir();
    await makeTree(root, {
      'a.txt': 'alpha',
      'sub/deep/b.bin': Buffer.from('beta'),
      'sub/exec.sh': { content: '#!/bin/sh\n', mode: 0o755, mtime: 1_600_000_000_000 },
      empty: { dir: true },
      'link-to-sub': { symlink: 'sub' },
      dangling: { symlink: 'nowhere/at/all' },
    });

    expect(await readTree(root)).toEqual({
      'a.txt': { kind: 'file', content: 'alpha' },
      dangling: { kind: 'symlink', target: 'nowhere/at/all' },
      empty: { kind: 'dir' },
      'link-to-sub': { kind: 'symlink', target: 'sub' },
      sub: { kind: 'dir' },
      'sub/deep': { kind: 'dir' },
      'sub/deep/b.bin': { kind: 'file', content: 'beta' },
      'sub/exec.sh': { kind: 'file', content: '#!/bin/sh\n' },
    });
    const detailed = await readTree(root, { mode: true, mtime: true });
    expect(detailed['sub/exec.sh']).toMatchObject({ mode: 0o755, mtimeMs: 1_600_000_000_000 });
  });
});

describe('CLI runner', () => {
  const echoCli = fileURLToPath(new URL('./fixtures/echo-cli.mjs', import.meta.url));

  it('passes args, stdin, cwd and only the env it is given, and collects both streams and the exit code', async () => {
    const cwd = await tempDir();
    process.env.AWS_PROFILE = 'leaked-from-developer';
    process.env.GITHUB_OUTPUT = '/leaked/output';
    try {
      const result = await runCli(['status', '3'], {
        entry: echoCli,
        cwd,
        input: 'piped',
        env: cliEnv('http://x'),
      });

      expect(result).toMatchObject({ code: 3, signal: null, stderr: 'to stderr\n' });
      const echoed = JSON.parse(result.stdout);
      expect(echoed).toMatchObject({ args: ['status', '3'], input: 'piped' });
      expect(realpathSync(echoed.cwd)).toBe(realpathSync(cwd));
      expect(Object.keys(echoed.env).sort()).toEqual([
        'AWS_ACCESS_KEY_ID',
        'AWS_ENDPOINT_URL',
        'AWS_REGION',
        'AWS_SECRET_ACCESS_KEY',
        'HOME',
      ]);
    } finally {
      delete process.env.AWS_PROFILE;
      delete process.env.GITHUB_OUTPUT;
    }
  });

  it('hands back the child process for signal tests', async () => {
    const child = spawnCli(['wait'], { entry: echoCli });
    child.stdin?.end();
    const [line] = await once(child.stdout!, 'data');
    expect(String(line)).toBe('waiting\n');
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(130);
  });
});

describe('action runner', () => {
  const echoAction = fileURLToPath(new URL('./fixtures/echo-action.mjs', import.meta.url));

  it('passes inputs as INPUT_* (hyphens kept) and reads outputs and the summary back like the runner', async () => {
    const result = await runAction(
      { source: 'dir/', 'max-delete': '7' },
      { entry: echoAction, env: { AWS_PROFILE: 'explicit' } },
    );

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({
      source: 'dir/',
      'max-delete': '7',
      multiline: 'line one\nline two',
      'aws-profile': 'explicit',
    });
    expect(result.summary).toContain('<h1>Echo</h1>');
    expect(result.summary).toContain('summary body');
  });

  it('drops inherited AWS_* settings and reports a failed step as exit code 1', async () => {
    process.env.AWS_PROFILE = 'leaked-from-developer';
    try {
      const result = await runAction({ fail: 'yes' }, { entry: echoAction });
      expect(result.outputs['aws-profile']).toBe('(unset)');
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('::error::asked to fail');
    } finally {
      delete process.env.AWS_PROFILE;
    }
  });

  it('parses both file-command forms, with the runner precedence between = and <<', () => {
    expect(parseFileCommand('a=1\nb<<EOF\nx\ny=z\nEOF\nc<<E\nE\nd=has<<inside\n')).toEqual({
      a: '1',
      b: 'x\ny=z',
      c: '',
      d: 'has<<inside',
    });
    expect(() => parseFileCommand('x<<EOF\nnever closed\n')).toThrow(/closing delimiter/);
  });

  it('takes input defaults from action.yml', async () => {
    const dir = await tempDir();
    const yml = join(dir, 'action.yml');
    await writeFile(
      yml,
      [
        'name: x',
        'inputs:',
        '  source:',
        '    description: |',
        '      default: not-this',
        '    required: true',
        '  max-delete:',
        "    default: '-1'",
        '  dryrun:',
        '    default: false # a comment',
        '  region:',
        '    default: "us-\\teast"',
        'outputs:',
        '  x:',
        '    default: no',
      ].join('\n'),
    );
    expect(actionInputDefaults(yml)).toEqual({ 'max-delete': '-1', dryrun: 'false', region: 'us-\teast' });
  });
});
