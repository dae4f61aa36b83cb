// Log lines for the runner. Per-action lines are batched into one core.info call per tick (a sync of
// 100,000 files should not make 100,000 writes), and flushed before any warning or error so the order
// holds. Paths come from file names and S3 keys: control characters are escaped, because a newline in
// a key would otherwise start a line the runner reads as a workflow command (`::add-mask::`, `::error::`).
import * as core from '@actions/core';

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

export function escapeControl(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must be escaped.
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
