import fs from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { DescriptorSink } from '../../src/core/transfer/sink.js';
import { tempDir } from '../helpers/tree.js';

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe('DescriptorSink', () => {
  it('writes every chunk in order at its position and hands each to onChunk', async () => {
    const file = join(await tempDir('paras3-sink-'), 'f');
    const fd = fs.openSync(file, 'wx');
    const seen: string[] = [];
    const chunks = Array.from({ length: 200 }, (_, i) => Buffer.from(`${i},`));
    const sink = new DescriptorSink(fd, (c) => seen.push(c.toString()));
    await pipeline(Readable.from(chunks), sink);
    await sink.settled();
    fs.closeSync(fd);
    expect(fs.readFileSync(file, 'utf8')).toBe(chunks.join(''));
    expect(seen.join('')).toBe(chunks.join(''));
  });

  // fs.WriteStream closes its descriptor when pipeline destroys it on an error, after the caller's own
  // close could already have run and the number been given to another file.
  it('never closes its descriptor, also when the body fails part-way', async () => {
    const file = join(await tempDir('paras3-sink-'), 'f');
    const fd = fs.openSync(file, 'wx');
    const body = new Readable({ read() {} });
    const sink = new DescriptorSink(fd, () => {});
    const done = pipeline(body, sink);
    body.push(Buffer.alloc(64 * 1024, 1));
    body.push(Buffer.alloc(64 * 1024, 2));
    body.destroy(new Error('connection reset'));
    await expect(done).rejects.toThrow('connection reset');
    await sink.settled();
    await turns(20);
    expect(() => fs.fstatSync(fd)).not.toThrow();
    fs.closeSync(fd);
  });
});
