// status-line.ts: lines scroll above a bar that stays at the bottom of the terminal, drawn from a timer
// at most ten times a second; a plain line writer when there is no bar. A fake terminal and a fake clock.
import { describe, expect, it } from 'vitest';
import { StatusLine } from '../../src/cli/status-line.js';

/** A stream that records its writes, optionally claiming to be a terminal. */
function fakeStream(isTTY: boolean, columns = 100) {
  const writes: string[] = [];
  return { writes, isTTY, columns, write: (t: string) => writes.push(t) };
}

/** What a terminal shows after these writes: enough of a VT100 for \r, \n, ESC[K and colours. */
function screen(writes: string[]): string[] {
  const rows: string[] = [''];
  let col = 0;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes are what is taken out.
  const text = writes.join('').replace(/\x1b\[[0-9;]*m/g, '');
  for (let i = 0; i < text.length; i++) {
    const row = rows.length - 1;
    if (text.startsWith('\x1b[K', i)) {
      rows[row] = rows[row]!.slice(0, col);
      i += 2;
    } else if (text[i] === '\r') col = 0;
    else if (text[i] === '\n') {
      rows.push('');
      col = 0;
    } else {
      const r = rows[row]!;
      rows[row] = r.slice(0, col).padEnd(col) + text[i] + r.slice(col + 1);
      col++;
    }
  }
  return rows;
}

/** A status line on fake streams with a clock and a timer the test drives, and flushes it runs by hand. */
function setup(
  opts: { sameTerminal?: boolean; stdoutTTY?: boolean; color?: boolean; columns?: number } = {},
) {
  const stdout = fakeStream(opts.stdoutTTY ?? opts.sameTerminal ?? true, opts.columns);
  const stderr = fakeStream(true, opts.columns);
  let now = 1_000_000;
  let tick: (() => void) | undefined;
  let timerStopped = false;
  const flushes: (() => void)[] = [];
  const status = new StatusLine({ stdout, stderr }, (fn) => flushes.push(fn));
  const showBar = () =>
    status.showBar({
      color: opts.color ?? false,
      sameTerminal: opts.sameTerminal ?? true,
      now: () => now,
      every: (ms, fn) => {
        expect(ms).toBe(100);
        tick = fn;
        return () => {
          timerStopped = true;
        };
      },
    });
  return {
    status,
    stdout,
    stderr,
    showBar,
    /** Lets `ms` pass on the clock with a timer tick every 100 ms. */
    advance(ms: number) {
      for (let t = 0; t < ms; t += 100) {
        now += 100;
        tick?.();
      }
    },
    /** Runs the scheduled flushes, as the event loop would. */
    runFlushes: () => {
      for (const f of flushes.splice(0)) f();
    },
    timerStopped: () => timerStopped,
  };
}

describe('StatusLine without a bar', () => {
  it('writes each stream its lines, batched into one write per turn of the event loop', () => {
    const t = setup();
    t.status.log('stdout', 'upload a');
    t.status.log('stdout', 'upload b');
    t.status.log('stderr', 'paras3: warning: x');
    expect(t.stdout.writes).toEqual([]);
    t.runFlushes();
    expect(t.stdout.writes).toEqual(['upload a\nupload b\n']);
    expect(t.stderr.writes).toEqual(['paras3: warning: x\n']);
  });

  it('ignores phases and progress, so a front end can feed it unconditionally', () => {
    const t = setup();
    t.status.setPhase('listing');
    t.status.progress({ filesDone: 1, bytesDone: 10 });
    t.status.stop();
    expect(t.stderr.writes).toEqual([]);
  });

  it('offers LineWriter-shaped writers', () => {
    const t = setup();
    const out = t.status.writer('stdout');
    out.line('x');
    out.flush();
    expect(t.stdout.writes).toEqual(['x\n']);
  });
});

describe('StatusLine with a bar', () => {
  it('draws the phase as soon as it starts', () => {
    const t = setup();
    t.showBar();
    t.status.setPhase('listing');
    expect(screen(t.stderr.writes)).toEqual(['listing 0:00']);
  });

  it('writes log lines above the bar, clearing and redrawing it in the same write', () => {
    const t = setup();
    t.showBar();
    t.status.setPhase('transferring', { filesTotal: 2, bytesTotal: 20 });
    const before = t.stderr.writes.length;
    t.status.log('stdout', 'upload a (10 B)');
    t.status.log('stderr', 'paras3: warning: slow');
    t.status.log('stdout', 'upload b (10 B)');
    t.runFlushes();
    // stdout is the same terminal: its lines go out in stderr's writes, nothing on stdout itself.
    expect(t.stdout.writes).toEqual([]);
    const writes = t.stderr.writes.slice(before);
    expect(writes).toHaveLength(1);
    expect(
      writes[0]!.startsWith('\r\x1b[Kupload a (10 B)\nparas3: warning: slow\nupload b (10 B)\ntransferring '),
    ).toBe(true);
    expect(screen(t.stderr.writes)).toEqual([
      'upload a (10 B)',
      'paras3: warning: slow',
      'upload b (10 B)',
      'transferring [------------------------------] 0/2 files 0 B/20 B 0% 0:00',
    ]);
  });

  it('ends every write with the bar, so the screen shows it between any two writes', () => {
    const t = setup();
    t.showBar();
    t.status.setPhase('transferring', { filesTotal: 100, bytesTotal: 1000 });
    for (let i = 1; i <= 100; i++) {
      t.status.log('stdout', `upload f${i}`);
      t.status.progress({ filesDone: i, bytesDone: i * 10 });
      if (i % 7 === 0) t.runFlushes();
      if (i % 3 === 0) t.advance(100);
      const rows = screen(t.stderr.writes);
      expect(rows[rows.length - 1]).toMatch(/^transferring /);
    }
  });

  it('redraws from the timer at most once per tick, not once per file', () => {
    const t = setup();
    t.showBar();
    t.status.setPhase('transferring', { filesTotal: 1000, bytesTotal: 1000 });
    const before = t.stderr.writes.length;
    for (let i = 1; i <= 1000; i++) t.status.progress({ filesDone: i, bytesDone: i });
    expect(t.stderr.writes.length).toBe(before);
    t.advance(100);
    expect(t.stderr.writes.length).toBe(before + 1);
    expect(screen(t.stderr.writes).at(-1)).toContain('1000/1000 files');
    // Nothing changed: no write.
    t.status.progress({ filesDone: 1000, bytesDone: 1000 });
    const after = t.stderr.writes.length;
    t.advance(100);
    expect(t.stderr.writes.length).toBe(after);
  });

  it('shows the rate of the last seconds and the time left, and drops the time left in a stall', () => {
    const t = setup();
    t.showBar();
    t.status.setPhase('transferring', { filesTotal: 100, bytesTotal: 10_000_000 });
    // 1 MB/s for 3 s.
    for (let ms = 100; ms <= 3000; ms += 100) {
      t.status.progress({ filesDone: ms / 100, bytesDone: ms * 1000 });
      t.advance(100);
    }
    expect(screen(t.stderr.writes).at(-1)).toBe(
      'transferring [#########---------------------] 30/100 files 3.0 MB/10 MB 30% 1.0 MB/s ETA 0:07',
    );
    // Then nothing for 6 s: the rate falls to zero and the time left goes; the phase's time shows.
    t.advance(6000);
    expect(screen(t.stderr.writes).at(-1)).toBe(
      'transferring [#########---------------------] 30/100 files 3.0 MB/10 MB 30% 0 B/s 0:09',
    );
  });

  it('starts each phase from zero, and keeps counting when told the same phase again', () => {
    const t = setup();
    t.showBar();
    t.status.setPhase('comparing', { filesTotal: 10 });
    t.status.progress({ filesDone: 4, bytesDone: 0 });
    t.status.setPhase('comparing', { bytesTotal: 0 });
    t.advance(100);
    expect(screen(t.stderr.writes).at(-1)).toContain('4/10 files');
    t.status.setPhase('deleting', { filesTotal: 3 });
    expect(screen(t.stderr.writes).at(-1)).toBe(
      'deleting [------------------------------] 0/3 files 0% 0:00',
    );
  });

  it('puts an interrupt message on a line of its own, never after the bar', () => {
    const t = setup();
    t.showBar();
    t.status.setPhase('transferring', { filesTotal: 5, bytesTotal: 5 });
    // What the terminal echoes for Ctrl-C lands after the bar.
    t.stderr.writes.push('^C');
    t.status.log('stderr', 'paras3: interrupting: finishing cleanup (press Ctrl-C again to quit at once)');
    t.runFlushes();
    const rows = screen(t.stderr.writes);
    expect(rows).toEqual([
      'paras3: interrupting: finishing cleanup (press Ctrl-C again to quit at once)',
      expect.stringMatching(/^transferring /),
    ]);
  });

  it('fits the bar to the terminal width, one column spare', () => {
    for (const columns of [30, 50, 80, 200]) {
      const t = setup({ columns });
      t.showBar();
      t.status.setPhase('transferring', { filesTotal: 3000, bytesTotal: 45_600_000 });
      t.status.progress({ filesDone: 1234, bytesDone: 12_300_000 });
      t.advance(2000);
      const bar = screen(t.stderr.writes).at(-1)!;
      expect(bar.length, bar).toBeLessThanOrEqual(columns - 1);
      expect(bar).toMatch(/^transferring/);
    }
  });

  it('uses colour only when asked (NO_COLOR is the front end’s to check)', () => {
    const plain = setup({ color: false });
    plain.showBar();
    plain.status.setPhase('transferring', { filesTotal: 2, bytesTotal: 2 });
    expect(plain.stderr.writes.join('').replaceAll('\r\x1b[K', '')).not.toContain('\x1b');
    const coloured = setup({ color: true });
    coloured.showBar();
    coloured.status.setPhase('transferring', { filesTotal: 2, bytesTotal: 2 });
    expect(coloured.stderr.writes.join('')).toContain('\x1b[1mtransferring\x1b[0m');
  });

  it('leaves stdout alone when it is not the terminal (redirected to a file)', () => {
    const t = setup({ sameTerminal: false, stdoutTTY: false });
    t.showBar();
    t.status.setPhase('transferring', { filesTotal: 1, bytesTotal: 1 });
    const before = t.stderr.writes.length;
    t.status.log('stdout', 'upload a');
    t.runFlushes();
    expect(t.stdout.writes).toEqual(['upload a\n']);
    expect(t.stderr.writes.length).toBe(before);
  });

  it('clears the bar around a line for a stdout that is some other terminal', () => {
    const t = setup({ sameTerminal: false, stdoutTTY: true });
    t.showBar();
    t.status.setPhase('transferring', { filesTotal: 1, bytesTotal: 1 });
    const before = t.stderr.writes.length;
    t.status.log('stdout', 'upload a');
    t.runFlushes();
    expect(t.stdout.writes).toEqual(['upload a\n']);
    expect(t.stderr.writes.slice(before)).toEqual(['\r\x1b[K', expect.stringMatching(/^transferring/)]);
  });

  it('stop() writes what is buffered, removes the bar and the timer; later lines are plain', () => {
    const t = setup();
    t.showBar();
    t.status.setPhase('transferring', { filesTotal: 1, bytesTotal: 1 });
    t.status.log('stdout', 'upload a');
    t.status.stop();
    expect(t.timerStopped()).toBe(true);
    expect(screen(t.stderr.writes)).toEqual(['upload a', '']);
    t.status.log('stdout', 'done: 1 created');
    t.runFlushes();
    expect(t.stdout.writes).toEqual(['done: 1 created\n']);
  });

  it('stops writing to a stream whose reader has gone (EPIPE), and goes on with the other', () => {
    const t = setup({ sameTerminal: false, stdoutTTY: false });
    let onError: ((err: Error) => void) | undefined;
    const stdout = {
      writes: [] as string[],
      isTTY: false,
      write(text: string) {
        if (this.writes.length > 0) throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
        this.writes.push(text);
      },
      on: (_event: 'error', listener: (err: Error) => void) => {
        onError = listener;
      },
    };
    const status = new StatusLine({ stdout, stderr: t.stderr }, (fn) => fn());
    expect(onError).toBeDefined();
    status.log('stdout', 'first');
    status.log('stdout', 'second');
    status.log('stdout', 'third');
    status.log('stderr', 'paras3: warning: still shown');
    expect(stdout.writes).toEqual(['first\n']);
    expect(t.stderr.writes).toEqual(['paras3: warning: still shown\n']);
    // The stream's own 'error' event (an asynchronous EPIPE) closes it too.
    onError?.(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    status.log('stdout', 'fourth');
    expect(stdout.writes).toEqual(['first\n']);
  });
});
