// What the status line says: the phase, files and bytes done of their totals, the rate over the last
// few seconds and the time left, fitted to the terminal's width. Pure: status-line.ts decides when and
// where it is drawn.

import { formatBytes } from '../render/format.js';

export type Phase = 'listing' | 'comparing' | 'transferring' | 'deleting';

export interface PhaseTotals {
  filesTotal?: number;
  bytesTotal?: number;
}

export interface StatusState extends PhaseTotals {
  phase: Phase;
  filesDone: number;
  bytesDone: number;
  /** Time spent in this phase so far. */
  elapsedMs: number;
  /** Over the recent window; undefined until there is enough of it to say. */
  rate?: { bytesPerSec: number; filesPerSec: number };
}

const BAR_MIN = 10;
const BAR_MAX = 30;

/**
 * One line, at most `width` columns of text (escape codes for colour do not count). Parts are shown
 * by importance: the phase always, then the fraction, the time left, the files, the bytes and the
 * rate; the bar takes what room is left, and goes first when there is too little.
 */
export function renderStatus(s: StatusState, width: number, color: boolean): string {
  const fraction = fractionDone(s);
  const eta = etaMs(s);
  // [text, importance]: a lower number is dropped later.
  const parts: [string, number][] = [];
  const files = s.filesTotal !== undefined ? `${s.filesDone}/${s.filesTotal} files` : `${s.filesDone} files`;
  if (s.filesTotal !== undefined || s.filesDone > 0) parts.push([files, 3]);
  if (s.bytesTotal) parts.push([`${formatBytes(s.bytesDone)}/${formatBytes(s.bytesTotal)}`, 4]);
  if (fraction !== undefined) parts.push([`${Math.floor(fraction * 100)}%`, 1]);
  if (s.rate && s.bytesTotal) parts.push([`${formatBytes(Math.round(s.rate.bytesPerSec))}/s`, 5]);
  else if (s.rate && s.filesTotal) parts.push([`${s.rate.filesPerSec.toFixed(0)} files/s`, 5]);
  parts.push([eta !== undefined ? `ETA ${formatClock(eta)}` : formatClock(s.elapsedMs), 2]);

  const label = s.phase;
  const fits = (ps: [string, number][], extra: number) =>
    label.length + ps.reduce((n, [t]) => n + 1 + t.length, 0) + extra <= width;
  // Drop the least important parts until the rest fits without a bar.
  while (parts.length > 0 && !fits(parts, 0)) {
    const worst = parts.reduce((w, p, i) => (p[1] > parts[w]![1] ? i : w), 0);
    parts.splice(worst, 1);
  }
  let bar = '';
  if (fraction !== undefined) {
    const room = width - label.length - parts.reduce((n, [t]) => n + 1 + t.length, 0) - 3;
    const barWidth = Math.min(BAR_MAX, room);
    if (barWidth >= BAR_MIN) {
      const filled = Math.round(fraction * barWidth);
      const done = '#'.repeat(filled);
      const todo = '-'.repeat(barWidth - filled);
      bar = ` [${color && filled > 0 ? `\x1b[32m${done}\x1b[0m` : done}${todo}]`;
    }
  }
  const head = color ? `\x1b[1m${label}\x1b[0m` : label;
  const text = `${head}${bar}${parts.map(([t]) => ` ${t}`).join('')}`;
  // Only the label itself is left and still too long: cut it (a terminal a few columns wide).
  return fits([], 0) ? text : label.slice(0, Math.max(0, width));
}

function fractionDone(s: StatusState): number | undefined {
  if (s.bytesTotal) return Math.min(1, s.bytesDone / s.bytesTotal);
  if (s.filesTotal) return Math.min(1, s.filesDone / s.filesTotal);
  if (s.filesTotal === 0 && s.bytesTotal !== undefined) return 1;
  return undefined;
}

/** Time left at the recent rate: by bytes when there are bytes to move, else by files. */
function etaMs(s: StatusState): number | undefined {
  if (!s.rate) return undefined;
  if (s.bytesTotal && s.rate.bytesPerSec > 0)
    return (Math.max(0, s.bytesTotal - s.bytesDone) / s.rate.bytesPerSec) * 1000;
  if (s.filesTotal && s.rate.filesPerSec > 0)
    return (Math.max(0, s.filesTotal - s.filesDone) / s.rate.filesPerSec) * 1000;
  return undefined;
}

/** `0:07`, `12:34`, `1:02:03`. */
export function formatClock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/**
 * The current rate: bytes and files moved over the last `windowMs` (5 s), from samples taken at
 * each redraw. A run-long average would hide a stall and lag behind a speed-up.
 */
export class RateWindow {
  private samples: { t: number; bytes: number; files: number }[] = [];

  constructor(
    private readonly windowMs = 5000,
    /** Less history than this says nothing yet. */
    private readonly minSpanMs = 1000,
  ) {}

  sample(t: number, bytes: number, files: number): void {
    this.samples.push({ t, bytes, files });
    // Keep one sample at or before the window's start, so the span covers the whole window.
    while (this.samples.length > 2 && this.samples[1]!.t <= t - this.windowMs) this.samples.shift();
  }

  rate(): { bytesPerSec: number; filesPerSec: number } | undefined {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last) return undefined;
    const span = last.t - first.t;
    if (span < this.minSpanMs) return undefined;
    return {
      bytesPerSec: ((last.bytes - first.bytes) * 1000) / span,
      filesPerSec: ((last.files - first.files) * 1000) / span,
    };
  }

  reset(): void {
    this.samples = [];
  }
}
