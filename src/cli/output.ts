// Buffered line output: one write per batch of lines instead of one syscall per action, which
// matters when a sync prints a line for each of 100,000 files.
export class LineWriter {
  private lines: string[] = [];
  private scheduled = false;

  constructor(private readonly out: NodeJS.WritableStream) {}

  line(text: string): void {
    this.lines.push(text);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.lines.length === 0) return;
    this.out.write(`${this.lines.join('\n')}\n`);
    this.lines = [];
  }
}
