// --progress as a person sees it: the built CLI runs in a tmux pane (a real terminal emulator) and the
// screen is captured again and again during a 3,000-file upload to s3rver. The status line must be at
// the bottom of nearly every capture, with the per-file lines scrolling above it and never glued to it.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { useS3Server } from './helpers/fixtures.js';
import { CLI_BUNDLE } from './helpers/run.js';
import { listKeys } from './helpers/s3server.js';
import { tempDirSync } from './helpers/tree.js';

const run = promisify(execFile);

const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasTmux)
  console.warn('cli-progress-tty: tmux is not installed; the terminal test of --progress is skipped');

const PHASES = /^(listing|comparing|transferring|deleting)\b/;

describe.skipIf(!hasTmux)('--progress in a real terminal (tmux)', () => {
  const s3 = useS3Server();
  // A tmux server of our own (-L): no other session on the machine is seen or touched.
  const socket = `paras3-test-${process.pid}`;
  const tmux = (...args: string[]) => run('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  afterAll(async () => {
    await tmux('kill-server').catch(() => {});
  });

  it('keeps the status line at the bottom while 3,000 per-file lines scroll above it, and clears it at the end', {
    timeout: 180_000,
  }, async () => {
    const bucket = await s3.bucket('tty');
    const dir = tempDirSync('paras3-tty-');
    const src = join(dir, 'src');
    for (let d = 0; d < 30; d++) {
      mkdirSync(join(src, `d${d}`), { recursive: true });
      for (let f = 0; f < 100; f++)
        writeFileSync(join(src, `d${d}`, `f${f}.txt`), 'x'.repeat(d * 100 + f + 1));
    }
    const done = join(dir, 'exit-status');
    const script = join(dir, 'run.sh');
    const env = Object.entries({ ...s3.env, PARAS3_MD5_CACHE: 'off' })
      .map(([k, v]) => `export ${k}=${JSON.stringify(v)}`)
      .join('\n');
    writeFileSync(
      script,
      `${env}\n${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_BUNDLE)} -r --progress ${src}/ ${bucket}:p\necho $? > ${done}\n`,
    );
    // The pane stays after the command ends, so the final screen can be read too.
    const conf = join(dir, 'tmux.conf');
    writeFileSync(conf, 'set -g remain-on-exit on\nset -g status off\n');
    await tmux('-f', conf, 'new-session', '-d', '-x', '120', '-y', '30', '-s', 'sync', `sh ${script}`);

    // Capture until the command has written its exit status (or a deadline, so a hang fails the test).
    const captures: string[][] = [];
    const deadline = Date.now() + 150_000;
    while (!existsSync(done)) {
      if (Date.now() > deadline)
        throw new Error(`no exit status after 150 s; last screen:\n${captures.at(-1)?.join('\n')}`);
      const { stdout } = await tmux('capture-pane', '-p', '-t', 'sync');
      const rows = stdout.split('\n').filter((r) => r.trim() !== '');
      // Before node has written anything the screen is blank: nothing to judge yet.
      if (rows.length > 0 && !existsSync(done)) captures.push(rows);
      await delay(25);
    }
    expect(readFileSync(done, 'utf8').trim()).toBe('0');

    const withBar = captures.filter((rows) => PHASES.test(rows.at(-1)!));
    const summary = `${withBar.length} of ${captures.length} captures show the bar at the bottom`;
    console.log(`cli-progress-tty: ${summary}`);
    expect(captures.length, summary).toBeGreaterThanOrEqual(10);
    // "Nearly always": a capture may land between the summary's write and the end of the run.
    expect(withBar.length / captures.length, summary).toBeGreaterThanOrEqual(0.8);
    // The bar counts the transfer against its total while lines scroll above it.
    const transferring = withBar.filter((rows) => /^transferring .*\/3000 files/.test(rows.at(-1)!));
    expect(transferring.length, summary).toBeGreaterThan(0);
    expect(
      transferring.some((rows) => rows.slice(0, -1).some((r) => /^upload d\d+\/f\d+\.txt \(/.test(r))),
    ).toBe(true);
    // No line is ever glued to the bar (a log line after it, or the bar after a log line).
    for (const rows of captures) {
      for (const row of rows) {
        expect(row, rows.join('\n')).not.toMatch(/(files|%|\d:\d\d).*(upload|mkdir) /);
        expect(row, rows.join('\n')).not.toMatch(/^(upload|mkdir) .*(listing|transferring)/);
      }
    }

    // At the end the bar is gone and the summary is the last line.
    const { stdout: last } = await tmux('capture-pane', '-p', '-t', 'sync');
    // (tmux's own "Pane is dead" line, from remain-on-exit, is not the CLI's.)
    const rows = last.split('\n').filter((r) => r.trim() !== '' && !r.startsWith('Pane is dead'));
    expect(rows.at(-1)).toMatch(/^done: /);
    expect(rows.some((r) => PHASES.test(r))).toBe(false);
    expect(
      (await listKeys(s3.server.endpoint, bucket, 'p/')).filter((k) => k.key.endsWith('.txt')),
    ).toHaveLength(3000);
  });
});
