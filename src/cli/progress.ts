// A one-line progress bar on stderr: bytes, files and rate, redrawn at most ten times a second.
import { formatBytes } from '../core/format.js';

export class ProgressBar {
  private last = 0;
  private readonly started = Date.now();
  private drawn = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly color: boolean,
  ) {}

  update(
    p: { bytesDone: number; bytesTotal: number; filesDone: number; filesTotal: number },
    force = false,
  ): void {
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    const width = 24;
    const frac =
      p.bytesTotal > 0
        ? Math.min(1, p.bytesDone / p.bytesTotal)
        : p.filesTotal > 0
          ? p.filesDone / p.filesTotal
          : 1;
    const filled = Math.round(frac * width);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    const secs = Math.max(0.001, (now - this.started) / 1000);
    const rate = formatRate(p.bytesDone / secs);
    const bytes = `${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)}`;
    const text = `[${this.color ? `\x1b[32m${bar}\x1b[0m` : bar}] ${Math.round(frac * 100)}% ${bytes} ${p.filesDone}/${p.filesTotal} files ${rate}`;
    this.out.write(`\r${text}\x1b[K`);
    this.drawn = true;
  }

  /** Clears the bar so the next line of output starts clean. */
  clear(): void {
    if (this.drawn) this.out.write('\r\x1b[K');
    this.drawn = false;
  }
}

function formatRate(bytesPerSec: number): string {
  const mb = bytesPerSec / 1e6;
  return mb >= 1 ? `${mb.toFixed(1)} MB/s` : `${(bytesPerSec / 1e3).toFixed(1)} kB/s`;
}
