// Issue 5, interrupts: SIGINT/SIGTERM stop new work, cancel what is in flight, abort multipart uploads,
// remove temp files, say what was done and exit 130; a second Ctrl-C quits at once. The proxy holds a
// request in flight (`stall`) so the signal always lands mid-transfer; the tests wait for conditions
// (a request seen, a temp file present), never for time.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACK_ABORTS, s3Operation } from './helpers/fault-proxy.js';
import { useS3Server } from './helpers/fixtures.js';
import { capture, spawnCli } from './helpers/run.js';
import { cliEnv, listKeys, putObject } from './helpers/s3server.js';
import { makeTree, tempDir } from './helpers/tree.js';

const BUCKET = 'signals';
const MIB = 1024 * 1024;

const s3 = useS3Server({ bucket: BUCKET, proxy: true });

interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[]): Running {
  const child = spawnCli(args, { env: cliEnv(s3.proxy.endpoint) });
  child.stdin?.end();
  return { child, ...capture(child) };
}

/** Resolves once `check` holds, checking after every proxy request and child output chunk. */
function until(run: Running, check: () => boolean | Promise<boolean>): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    const probe = async () => {
      if (done) return;
      if (await check()) {
        done = true;
        clearInterval(timer);
        resolve();
      }
    };
    // Output events cover the child; a light poll covers conditions on disk and in the proxy.
    run.child.stdout?.on('data', probe);
    run.child.stderr?.on('data', probe);
    const timer = setInterval(probe, 20);
    run.exit.then(() => {
      if (!done) {
        clearInterval(timer);
        reject(new Error(`child exited before the condition held:\n${run.stdout()}\n${run.stderr()}`));
      }
    });
  });
}

const seen = (op: string) => () => s3.proxy.requests.some((r) => s3Operation(r) === op);
const ops = (op: string) => s3.proxy.requests.filter((r) => s3Operation(r) === op);

describe('interrupts', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} during a multipart upload aborts it, deletes nothing, says what was done and exits 130`, async () => {
      await putObject(s3.server.endpoint, BUCKET, `up-${signal}/stale.txt`, 'stale');
      const src = await tempDir();
      await makeTree(src, { 'a.txt': 'a', 'big.bin': randomBytes(17 * MIB) });
      s3.proxy.setRules([ACK_ABORTS, { kind: 'stall', match: (r) => s3Operation(r) === 'UploadPart' }]);

      const run = start(['-r', '--delete', '--threads', '2', `${src}/`, `${BUCKET}:up-${signal}/`]);
      await until(run, () => seen('UploadPart')() && run.stdout().includes('upload a.txt'));
      run.child.kill(signal);
      const { code } = await run.exit;

      expect(code).toBe(130);
      expect(run.stderr()).toBe(
        'paras3: interrupting: finishing cleanup (press Ctrl-C again to quit at once)\n',
      );
      expect(run.stdout()).toMatch(/^upload a\.txt \(1 B\)$/m);
      expect(run.stdout()).toMatch(
        /^interrupted: files 1 created, 0 updated, 0 deleted, 0 unchanged; directories 1 created; 2 not run;/m,
      );
      // The upload in flight was aborted on the server, and nothing was deleted.
      const aborts = ops('AbortMultipartUpload');
      expect(aborts).toHaveLength(1);
      expect(aborts[0]?.url).toMatch(new RegExp(`^/${BUCKET}/up-${signal}/big\\.bin\\?uploadId=`));
      expect(ops('CompleteMultipartUpload')).toEqual([]);
      expect(ops('DeleteObjects')).toEqual([]);
      expect((await listKeys(s3.server.endpoint, BUCKET, `up-${signal}/`)).map((k) => k.key)).toEqual([
        `up-${signal}/`,
        `up-${signal}/a.txt`,
        `up-${signal}/stale.txt`,
      ]);
    });
  }

  it('SIGTERM during a download removes its temp file and keeps no partial file', async () => {
    await putObject(s3.server.endpoint, BUCKET, 'down/a.txt', 'a');
    await putObject(s3.server.endpoint, BUCKET, 'down/big.bin', randomBytes(3 * MIB));
    s3.proxy.setRules([
      { kind: 'stall', afterBytes: 256 * 1024, match: (r) => r.url.startsWith(`/${BUCKET}/down/big.bin`) },
    ]);
    const dst = await tempDir();
    const run = start(['-r', `${BUCKET}:down/`, `${dst}/`]);
    // The temp file exists and holds bytes: the download is truly mid-body.
    await until(
      run,
      async () =>
        run.stdout().includes('download a.txt') &&
        (await readdir(dst)).some((n) => n.startsWith('.big.bin.paras3-')),
    );
    run.child.kill('SIGTERM');
    const { code } = await run.exit;

    expect(code).toBe(130);
    expect(await readdir(dst)).toEqual(['a.txt']);
    expect(run.stdout()).toMatch(/^download a\.txt \(1 B\)$/m);
    expect(run.stdout()).toMatch(/^interrupted: files 1 created, /m);
  });

  it('a second Ctrl-C quits at once while the first one is still cleaning up', async () => {
    const src = await tempDir();
    await makeTree(src, { 'big.bin': randomBytes(17 * MIB) });
    // Parts and the abort both hang: the first Ctrl-C's cleanup cannot finish.
    s3.proxy.setRules([
      {
        kind: 'stall',
        match: (r) => ['UploadPart', 'AbortMultipartUpload'].includes(s3Operation(r)),
      },
    ]);
    const run = start(['-r', `${src}/`, `${BUCKET}:twice/`]);
    await until(run, seen('UploadPart'));
    run.child.kill('SIGINT');
    await until(run, seen('AbortMultipartUpload'));
    run.child.kill('SIGINT');
    const { code } = await run.exit;

    expect(code).toBe(130);
    expect(run.stderr()).toBe(
      'paras3: interrupting: finishing cleanup (press Ctrl-C again to quit at once)\n' +
        'paras3: interrupted again: quitting without cleanup\n',
    );
  });

  it('one SIGINT ends the run even when the clean-up hangs: the server never answers the abort', async () => {
    const src = await tempDir();
    await makeTree(src, { 'sub/big.bin': randomBytes(17 * MIB) });
    s3.proxy.setRules([
      { kind: 'stall', match: (r) => ['UploadPart', 'AbortMultipartUpload'].includes(s3Operation(r)) },
    ]);
    const run = start(['-r', `${src}/`, `${BUCKET}:hung/`]);
    await until(run, seen('UploadPart'));
    run.child.kill('SIGINT');
    const { code } = await run.exit;

    expect(code).toBe(130);
    expect(run.stderr()).toBe(
      'paras3: interrupting: finishing cleanup (press Ctrl-C again to quit at once)\n' +
        'paras3: cleanup did not finish in time: quitting (an open multipart upload may remain until a lifecycle rule removes it)\n',
    );
  });
});

describe('interrupts in the delete phase', () => {
  it('SIGINT between two DeleteObjects batches counts the batch already deleted as deleted, exits 130', async () => {
    // 1,001 stale keys: two DeleteObjects requests (1,000 keys, then 1). The second one never answers.
    const stale = Array.from({ length: 1001 }, (_, i) => `delint/s${String(i).padStart(4, '0')}.txt`);
    for (let i = 0; i < stale.length; i += 50)
      await Promise.all(stale.slice(i, i + 50).map((k) => putObject(s3.server.endpoint, BUCKET, k, 'x')));
    const src = await tempDir();
    await makeTree(src, { 'keep.txt': 'keep' });
    s3.proxy.setRules([{ kind: 'stall', nth: 2, match: (r) => s3Operation(r) === 'DeleteObjects' }]);

    const run = start(['-r', '-q', '--delete', `${src}/`, `${BUCKET}:delint/`]);
    await until(run, () => ops('DeleteObjects').length === 2);
    run.child.kill('SIGINT');
    const { code } = await run.exit;

    expect(code).toBe(130);
    // The first batch is gone from the server, and the summary says so.
    expect((await listKeys(s3.server.endpoint, BUCKET, 'delint/')).map((k) => k.key)).toEqual([
      'delint/',
      'delint/keep.txt',
      'delint/s1000.txt',
    ]);
    expect(run.stdout()).toMatch(
      /^interrupted: files 1 created, 0 updated, 1000 deleted, 0 unchanged; directories 1 created; 1 not run;/m,
    );
  });
});

describe('a closed stdout', () => {
  for (const direction of ['upload', 'download'] as const) {
    it(`(paras3 … | head -1) stops printing, never crashes; the ${direction} completes, multipart included`, async () => {
      const big = randomBytes(9 * MIB);
      const src = await tempDir();
      await makeTree(src, { 'a.txt': 'a', 'sub/b.txt': 'b', 'sub/big.bin': big });
      if (direction === 'download') {
        const up = start(['-r', `${src}/`, `${BUCKET}:pipe-${direction}/`]);
        expect((await up.exit).code).toBe(0);
      }
      const dst = await tempDir();
      const args =
        direction === 'upload'
          ? ['-r', '--threads', '1', `${src}/`, `${BUCKET}:pipe-${direction}/`]
          : ['-r', '--threads', '1', `${BUCKET}:pipe-${direction}/`, `${dst}/`];
      const child = spawnCli(args, { env: cliEnv(s3.server.endpoint) });
      child.stdin?.end();
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
      });
      // Read the first line, then close our end, as `head -1` does.
      await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
      child.stdout?.destroy();
      const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));

      expect(stderr).toBe('');
      expect(code).toBe(0);
      const keys = (await listKeys(s3.server.endpoint, BUCKET, `pipe-${direction}/`)).map((k) => k.key);
      expect(keys).toContain(`pipe-${direction}/sub/big.bin`);
      if (direction === 'download')
        expect((await readdir(join(dst, 'sub'))).sort()).toEqual(['b.txt', 'big.bin']);
    });
  }
});
