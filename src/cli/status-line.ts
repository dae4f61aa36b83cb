// All of the CLI's line output, and the status line at the bottom of the terminal.
//
// Lines are buffered and written once per turn of the event loop (a sync can print 100,000 of them).
// With the bar shown, each write clears the bar, writes the lines and redraws the bar in one write,
// so the lines scroll above a bar that is on screen nearly all the time; a timer redraws it at most
// ten times a second, however many files finish. Without the bar this is a plain line writer.
// A closed pipe (`paras3 … | head -1`) means "stop printing there", never a crash: the sync goes on,
// cleans up and exits as it would have.
import { fstatSync } from 'node:fs';
import { type Phase, type PhaseTotals, RateWindow, renderStatus } from './progress.js';

export type { Phase, PhaseTotals } from './progress.js';

export interface OutputStream {
  write(text: string): unknown;
  /** For 'error' (EPIPE when the reader has gone); fakes in tests may leave it out. */
  on?(event: 'error', listener: (err: Error) => void): unknown;
  isTTY?: boolean;
  /** Terminal width, kept current by Node on resize. */
  columns?: number;
}

export interface BarOptions {
  color: boolean;
  /**
   * stdout is the same terminal as stderr: its lines then go out in stderr's writes, so clearing the
   * bar, the line and the redraw are one write (see sameTerminal).
   */
  sameTerminal: boolean;
  /** The clock, in ms; tests pass a fake one. */
  now?: () => number;
  /** Calls `fn` every `ms` until the returned function is called; unref'd, so it never holds the process. */
  every?: (ms: number, fn: () => void) => () => void;
}

export type StreamName = 'stdout' | 'stderr';

/** Where a front end writes lines: one stream's view of a StatusLine. */
export interface LineSink {
  line(text: string): void;
  flush(): void;
}

const CLEAR = '\r\x1b[K';
const REDRAW_MS = 100;

export class StatusLine {
  private pending: { stream: StreamName; line: string }[] = [];
  private scheduled = false;
  private bar?: Required<BarOptions>;
  private stopTimer?: () => void;
  /** The bar as last rendered, and what of it is on screen now (undefined: nothing). */
  private drawn = '';
  private onScreen?: string;
  private phase?: Phase;
  private totals: PhaseTotals = {};
  private done = { filesDone: 0, bytesDone: 0 };
  private phaseStarted = 0;
  private readonly rates = new RateWindow();
  /** Streams whose reader has gone: nothing more is written to them. */
  private readonly closed = new Set<StreamName>();

  constructor(
    private readonly streams: Record<StreamName, OutputStream>,
    /** Schedules a flush of buffered lines; tests flush by hand. */
    private readonly soon: (fn: () => void) => void = setImmediate,
  ) {
    for (const name of ['stdout', 'stderr'] as const) streams[name].on?.('error', () => this.close(name));
  }

  /** Shows the bar on stderr from now on (the front end checks that stderr is a terminal). */
  showBar(opts: BarOptions): void {
    this.bar = { now: Date.now, every: unrefInterval, ...opts };
    this.phaseStarted = this.bar.now();
    this.stopTimer = this.bar.every(REDRAW_MS, () => this.tick());
  }

  /** A new phase starts: its totals, if known; done counts start from zero. The same phase again only updates totals. */
  setPhase(phase: Phase, totals: PhaseTotals = {}): void {
    if (phase !== this.phase) {
      this.phase = phase;
      this.totals = {};
      this.done = { filesDone: 0, bytesDone: 0 };
      this.rates.reset();
      if (this.bar) this.phaseStarted = this.bar.now();
    }
    this.totals = { ...this.totals, ...definedOnly(totals) };
    this.tick();
  }

  /** What is done in the current phase (totals too when the caller knows them better by now). */
  progress(p: { filesDone: number; bytesDone: number } & PhaseTotals): void {
    this.done = { filesDone: p.filesDone, bytesDone: p.bytesDone };
    this.totals = { ...this.totals, ...definedOnly({ filesTotal: p.filesTotal, bytesTotal: p.bytesTotal }) };
  }

  /** One line of output (no newline), written with the next flush. */
  log(stream: StreamName, line: string): void {
    if (this.closed.has(stream)) return;
    this.pending.push({ stream, line });
    if (!this.scheduled) {
      this.scheduled = true;
      this.soon(() => this.flush());
    }
  }

  /** A LineWriter-shaped view of one stream, for code that writes lines to "stdout" or "stderr". */
  writer(stream: StreamName): LineSink {
    return { line: (text) => this.log(stream, text), flush: () => this.flush() };
  }

  /** Writes buffered lines now, above the bar if it is shown. */
  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const lines = this.pending;
    this.pending = [];
    // Consecutive lines for the same stream go out in one write.
    let i = 0;
    while (i < lines.length) {
      const target = this.targetOf(lines[i]!.stream);
      let j = i;
      while (j < lines.length && this.targetOf(lines[j]!.stream) === target) j++;
      const text = `${lines
        .slice(i, j)
        .map((l) => l.line)
        .join('\n')}\n`;
      if (target === 'stderr' && this.bar && this.phase) {
        // Rendered afresh (cheap): the counts move with every line.
        this.drawn = this.render();
        this.write('stderr', `${CLEAR}${text}${this.drawn}`);
        this.onScreen = this.drawn;
      } else if (this.onScreen !== undefined && this.streams.stdout.isTTY) {
        // stdout is a terminal not known to be stderr's: clear the bar around the line all the same.
        this.write('stderr', CLEAR);
        this.write('stdout', text);
        this.write('stderr', this.drawn);
      } else this.write(target, text);
      i = j;
    }
  }

  /** Removes the bar and stops redrawing; buffered lines are written first. Lines logged later are plain. */
  stop(): void {
    this.flush();
    this.stopTimer?.();
    this.stopTimer = undefined;
    if (this.onScreen !== undefined) this.write('stderr', CLEAR);
    this.onScreen = undefined;
    this.bar = undefined;
  }

  /** The bar's text for the current state (colour codes included). */
  render(): string {
    if (!this.bar || !this.phase) return '';
    const now = this.bar.now();
    // A pseudo-terminal nobody sized (`script` without a terminal) says 0 columns.
    const width = Math.max(1, (this.streams.stderr.columns || 80) - 1);
    return renderStatus(
      {
        phase: this.phase,
        ...this.totals,
        ...this.done,
        elapsedMs: now - this.phaseStarted,
        rate: this.rates.rate(),
      },
      width,
      this.bar.color,
    );
  }

  private write(stream: StreamName, text: string): void {
    if (this.closed.has(stream)) return;
    try {
      this.streams[stream].write(text);
    } catch {
      this.close(stream);
    }
  }

  private close(stream: StreamName): void {
    this.closed.add(stream);
    // Without stderr there is no bar to draw (and stdout's lines go to stdout again).
    if (stream === 'stderr') {
      this.stopTimer?.();
      this.stopTimer = undefined;
      this.bar = undefined;
      this.onScreen = undefined;
    }
    this.pending = this.pending.filter((l) => this.targetOf(l.stream) !== stream);
  }

  private targetOf(stream: StreamName): StreamName {
    return stream === 'stdout' && !(this.bar?.sameTerminal && this.phase) ? 'stdout' : 'stderr';
  }

  /** A timer tick (or a phase change): sample the rate and redraw if the text changed. */
  private tick(): void {
    if (!this.bar || !this.phase) return;
    this.rates.sample(this.bar.now(), this.done.bytesDone, this.done.filesDone);
    this.drawn = this.render();
    // Buffered lines go first, with the new bar after them in the same write.
    this.flush();
    if (this.onScreen === this.drawn) return;
    this.write('stderr', `${CLEAR}${this.drawn}`);
    this.onScreen = this.drawn;
  }
}

/**
 * Whether two streams are the same terminal (the usual `paras3 …` in a shell, not `> log`): only
 * then can stdout's lines be written through stderr without changing what goes where.
 */
export function sameTerminal(a: OutputStream & { fd?: number }, b: OutputStream & { fd?: number }): boolean {
  if (!a.isTTY || !b.isTTY || a.fd === undefined || b.fd === undefined) return false;
  try {
    const sa = fstatSync(a.fd);
    const sb = fstatSync(b.fd);
    return sa.rdev === sb.rdev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

function unrefInterval(ms: number, fn: () => void): () => void {
  const timer = setInterval(fn, ms);
  timer.unref();
  return () => clearInterval(timer);
}

function definedOnly(t: PhaseTotals): PhaseTotals {
  const out: PhaseTotals = {};
  if (t.filesTotal !== undefined) out.filesTotal = t.filesTotal;
  if (t.bytesTotal !== undefined) out.bytesTotal = t.bytesTotal;
  return out;
}
