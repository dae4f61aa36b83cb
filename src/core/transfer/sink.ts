// The file end of a download's pipeline.
import { Writable } from 'node:stream';
import { writevAt } from '../fastfs.js';

/**
 * Writes a body into a descriptor it never closes, at explicit positions, and says when its last
 * write has returned. Not fs.WriteStream: pipeline destroys every stream on an error and a destroyed
 * WriteStream closes its descriptor, autoClose or not, asynchronously. Under load that close landed
 * after our own, on a descriptor number the next attempt (or another file) had been given: EBADF, or
 * another file closed under its writer. Here the caller alone closes, after `settled()`.
 */
export class DescriptorSink extends Writable {
  private position = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly fd: number,
    private readonly onChunk: (chunk: Buffer) => void,
    /** Told, after each write returns, how many bytes from the start are in the file. */
    private readonly onWritten?: (end: number) => void,
  ) {
    // Chunks gathered while a write is in flight go out together in one writev.
    super({ highWaterMark: 4 * 1024 * 1024 });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.put([chunk], cb);
  }

  override _writev(chunks: { chunk: Buffer }[], cb: (err?: Error | null) => void): void {
    this.put(
      chunks.map((c) => c.chunk),
      cb,
    );
  }

  /** Resolves once no write of this sink is in flight. */
  settled(): Promise<void> {
    return this.pending;
  }

  private put(buffers: Buffer[], cb: (err?: Error | null) => void): void {
    let length = 0;
    for (const b of buffers) {
      this.onChunk(b);
      length += b.length;
    }
    const at = this.position;
    this.position += length;
    this.pending = writevAt(this.fd, buffers, at).then(
      () => {
        this.onWritten?.(at + length);
        cb();
      },
      (err: Error) => cb(err),
    );
  }
}
