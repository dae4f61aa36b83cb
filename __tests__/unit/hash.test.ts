// hashFile against an independent computation of the same digests (crypto over the whole buffer and
// over each slice), on both of its paths: one pass on this thread, and the large-file path that hashes
// the whole file on the hashing thread while this one hashes the parts.
import { createHash } from 'node:crypto';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPartHasher, hashFile, multipartEtagOfFile } from '../../src/core/hash.js';
import { md5OnThread, TailHasher } from '../../src/core/hash-thread.js';
import { tempDir } from '../helpers/tree.js';

const MIB = 1024 * 1024;

function expected(data: Buffer, partSize: number) {
  const md5 = createHash('md5').update(data).digest('hex');
  const parts: Buffer[] = [];
  for (let off = 0; off < data.length; off += partSize)
    parts.push(
      createHash('md5')
        .update(data.subarray(off, off + partSize))
        .digest(),
    );
  if (parts.length < 2) return { md5 };
  return {
    md5,
    multipartEtag: `${createHash('md5').update(Buffer.concat(parts)).digest('hex')}-${parts.length}`,
    partMd5s: parts.map((p) => p.toString('hex')),
  };
}

/** Bytes that differ everywhere (a repeated pattern would hide a part hashed at the wrong offset). */
function bytes(n: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(Math.ceil(n / 4) * 4);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b.writeUInt32LE(x >>> 0, i);
  }
  return b.subarray(0, n);
}

describe('hashFile', () => {
  const cases: [string, number, number][] = [
    ['one part', 3 * MIB + 5, 8 * MIB],
    ['two parts, one pass', 9 * MIB, 5 * MIB],
    ['many parts on two threads', 40 * MIB + 123, 8 * MIB],
    ['an exact multiple on two threads', 48 * MIB, 8 * MIB],
    ['odd part size on two threads', 33 * MIB + 1, 5 * MIB + 7],
  ];
  for (const [what, size, partSize] of cases) {
    it(`gives the whole MD5, the part MD5s and the multipart ETag: ${what}`, async () => {
      const data = bytes(size, size);
      const f = join(await tempDir(), 'f.bin');
      await writeFile(f, data);
      expect(await hashFile(f, partSize)).toEqual(expected(data, partSize));
      expect(await hashFile(f, partSize, size)).toEqual(expected(data, partSize));
      expect(await multipartEtagOfFile(f, partSize)).toBe(expected(data, partSize).multipartEtag);
    });
  }

  it('reports an unreadable file from the hashing thread as an error with its code', async () => {
    await expect(md5OnThread(join(await tempDir(), 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    // The thread goes on serving after an error.
    const f = join(await tempDir(), 'ok.bin');
    await writeFile(f, 'abc');
    expect(await md5OnThread(f)).toEqual({ md5: createHash('md5').update('abc').digest('hex'), size: 3 });
  });

  it('hashes a file on the hashing thread as it is written, from its descriptor', async () => {
    const data = bytes(11 * MIB + 5, 3);
    const fh = await open(join(await tempDir(), 'tail.bin'), 'wx+');
    try {
      const tail = new TailHasher(fh.fd);
      // Written in uneven steps, each announced after it is in the file (as DescriptorSink does).
      for (let at = 0; at < data.length; ) {
        const n = Math.min(data.length - at, 3 * MIB + 1);
        await fh.write(data, at, n, at);
        at += n;
        tail.written(at);
      }
      expect(await tail.digest(data.length)).toEqual({
        md5: createHash('md5').update(data).digest('hex'),
        size: data.length,
      });
    } finally {
      await fh.close();
    }
  });

  it('reports a file shorter than the digest asks for, and drops a hash only once it stops reading', async () => {
    const fh = await open(join(await tempDir(), 'short.bin'), 'wx+');
    try {
      await fh.write(bytes(5 * MIB, 1), 0, 5 * MIB, 0);
      const short = new TailHasher(fh.fd);
      short.written(5 * MIB);
      await expect(short.digest(6 * MIB)).rejects.toMatchObject({ code: 'ESHORT' });
      const dropped = new TailHasher(fh.fd);
      dropped.written(5 * MIB);
      await dropped.drop();
      // The thread still serves the next file.
      const next = new TailHasher(fh.fd);
      expect((await next.digest(5 * MIB)).md5).toBe(
        createHash('md5')
          .update(bytes(5 * MIB, 1))
          .digest('hex'),
      );
    } finally {
      await fh.close();
    }
  });

  it('hashes parts alone when asked, leaving the whole MD5 to another pass', () => {
    const data = bytes(3 * MIB, 7);
    const h = createPartHasher(MIB, { whole: false });
    h.update(data);
    const { md5, ...rest } = h.digest();
    expect(md5).toBe('');
    const { md5: _, ...want } = expected(data, MIB);
    expect(rest).toEqual(want);
  });
});

describe('hashFile under an interrupt', () => {
  // 8 GiB, sparse (no disk used): hashing it takes many seconds, so an abort made once the call is under
  // way is seen long before the last byte, under any scheduling.
  async function hugeSparse(): Promise<string> {
    const file = join(await tempDir(), 'huge');
    const fh = await open(file, 'w');
    await fh.truncate(8 * 1024 * MIB);
    await fh.close();
    return file;
  }

  it.each([
    ['on this thread', undefined],
    ['on the hashing thread, parts here', 64 * MIB],
  ])('stops %s when the run is interrupted, not at the last byte', async (_name, partSize) => {
    const file = await hugeSparse();
    const stop = new AbortController();
    const hashing = hashFile(file, partSize, 8 * 1024 * MIB, stop.signal);
    setImmediate(() => stop.abort(new Error('interrupted')));
    await expect(hashing).rejects.toThrow('interrupted');
  });

  it('answers at once for a signal already aborted, on the hashing thread too', async () => {
    const file = await hugeSparse();
    const stop = new AbortController();
    stop.abort(new Error('interrupted'));
    await expect(md5OnThread(file, stop.signal)).rejects.toThrow('interrupted');
    await expect(multipartEtagOfFile(file, 64 * MIB, stop.signal)).rejects.toThrow('interrupted');
  });
});
