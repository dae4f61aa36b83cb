// Log lines for the runner. Per-action lines are batched into one core.info call per tick (a sync of
// 100,000 files should not make 100,000 writes), and flushed before any warning or error so the order
// holds. Paths come from file names and S3 keys: control characters are escaped, because a newline in
// a key would otherwise start a line the runner reads as a workflow command (`::add-mask::`, `::error::`).
import * as core from '@actions/core';
import { printable } from '../core/keys.js';

export class ActionLog {
  private lines: string[] = [];
  private scheduled = false;

  info(line: string): void {
    this.lines.push(escapeControl(line));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  warning(message: string): void {
    this.flush();
    core.warning(message);
  }

  error(message: string): void {
    this.flush();
    core.error(message);
  }

  flush(): void {
    this.scheduled = false;
    if (this.lines.length === 0) return;
    core.info(this.lines.join('\n'));
    this.lines = [];
  }
}

/** Control characters as `\xNN`: the one rule for every message and the job summary (core/keys.ts). */
export const escapeControl = printable;
