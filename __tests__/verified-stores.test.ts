// Both object stores, the signed fast path and the SDK alone, run every kind of sync through a proxy
// that checks each request as S3 does (SigV4 recomputed by aws4, payload hashes, Content-MD5): s3rver
// accepts any signature and ignores Content-MD5, so without this a wrong signature or a dropped digest
// would pass every other test. Keys are full of characters that URI escaping gets wrong.
import { chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useS3Server } from './helpers/fixtures.js';
import { runMain } from './helpers/inprocess.js';
import { makeTree, readTree, tempDir } from './helpers/tree.js';

const MIB = 1024 * 1024;
const HOSTILE = "sp ace+plus%~!'()*ü/日本.txt";

for (const store of ['signed', 'sdk'] as const) {
  describe(`the ${store} store, verified as S3 would`, () => {
    const s3 = useS3Server({ verify: true });
    const paras3 = (args: string[]) =>
      runMain(args, { ...s3.proxyEnv, HOME: s3.env.HOME as string, PARAS3_OBJECT_STORE: store });

    it('uploads, re-syncs, updates metadata, restores, copies and deletes with every request accepted', async () => {
      const b = await s3.bucket(`verified-${store}`);
      const src = await tempDir();
      await makeTree(src, {
        [HOSTILE]: 'reserved characters',
        'a=b&c;d,e$f@g#h[i]j.txt': 'more',
        'nested/deeper/file.txt': 'deep',
        'nested/link': { symlink: 'deeper/file.txt' },
        'big.bin': Buffer.alloc(9 * MIB, 3),
        empty: { dir: true },
      });
      const steps: Array<[string, string[]]> = [
        ['upload', ['-r', `${src}/`, `${b}:up`]],
        ['no-op', ['-r', `${src}/`, `${b}:up`]],
      ];
      for (const [what, args] of steps) {
        const r = await paras3(args);
        expect(r.code, `${what}: ${r.stderr}`).toBe(0);
      }
      await chmod(join(src, 'nested/deeper/file.txt'), 0o600);
      const meta = await paras3(['-r', `${src}/`, `${b}:up`]);
      expect(meta.stdout).toContain('metadata nested/deeper/file.txt (mode 644 → 600)');

      const dst = await tempDir();
      for (const args of [
        ['-r', `${b}:up/`, `${dst}/`],
        ['-r', `${b}:up/`, `${dst}/`],
        ['-r', `${b}:up/`, `${b}:copy`],
      ]) {
        const r = await paras3(args);
        expect(r.code, r.stderr).toBe(0);
      }
      expect(await readTree(dst, { mode: true })).toEqual(await readTree(src, { mode: true }));

      await rm(join(src, HOSTILE));
      const del = await paras3(['-r', '-d', `${src}/`, `${b}:up`]);
      expect(del.code, del.stderr).toBe(0);
      expect(del.stdout).toContain(`delete ${HOSTILE}`);

      const log = s3.proxy.requests;
      expect(log.filter((q) => q.rejected)).toEqual([]);
      expect(log.every((q) => q.verified)).toBe(true);
      // Every body that was stored carried its digest, which the proxy checked.
      const withBody = log.filter(
        (q) => (q.op === 'PutObject' || q.op === 'UploadPart') && q.headers['content-length'] !== '0',
      );
      expect(withBody.length).toBeGreaterThan(5);
      for (const q of withBody) expect(q.headers['content-md5'], `${q.op} ${q.key}`).toBeDefined();
      // Which path carried the small objects: the signed store's own user agent, or the SDK's.
      const small = log.filter(
        (q) => (q.op === 'PutObject' || q.op === 'GetObject') && q.key?.endsWith('.txt'),
      );
      const signed = small.filter((q) => String(q.headers['user-agent']).startsWith('paras3/'));
      expect(signed.length).toBe(store === 'signed' ? small.length : 0);
    }, 60_000);
  });
}
