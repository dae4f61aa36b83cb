// The direct request path (src/core/direct.ts) must behave like the SDK for every caller: retried like
// the SDK, and handing a request back to the SDK when the server answers for another region.
import { describe, expect, it } from 'vitest';
import { s3Operation } from './helpers/fault-proxy.js';
import { useS3Server } from './helpers/fixtures.js';
import { runCli } from './helpers/run.js';
import { cliEnv, listKeys } from './helpers/s3server.js';
import { makeTree, readTree, tempDir } from './helpers/tree.js';

const s3 = useS3Server({ bucket: 'direct', proxy: true });

describe('the direct path for small objects', () => {
  it('hands a request answered with a region redirect back to the SDK, and the run completes', async () => {
    const src = await tempDir('paras3-src-');
    await makeTree(src, { 'a.txt': 'a', 'b.txt': 'bb', 'c.txt': 'ccc' });
    // The first object PUT is answered as S3 answers a request signed for the wrong region.
    s3.proxy.setRules([
      {
        kind: 'status',
        status: 301,
        code: 'PermanentRedirect',
        times: 1,
        match: (req) => s3Operation(req) === 'PutObject' && req.url.endsWith('.txt'),
      },
    ]);
    const r = await runCli(['-r', `${src}/`, 'direct:redir'], { env: cliEnv(s3.proxy.endpoint) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const keys = (await listKeys(s3.server.endpoint, 'direct', 'redir/')).map((k) => k.key);
    expect(keys).toEqual(['redir/', 'redir/a.txt', 'redir/b.txt', 'redir/c.txt']);
  });

  it('retries throttled and reset requests with the client retry policy, and the bytes arrive whole', async () => {
    const src = await tempDir('paras3-src-');
    const files = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.txt`, `content ${i}`]));
    await makeTree(src, files);
    // The first PUT of three files is throttled, the first GET of two others reset.
    s3.proxy.setRules([
      {
        kind: 'status',
        status: 503,
        code: 'SlowDown',
        nth: 1,
        match: { op: 'PutObject', key: /^retry\/f(2|5|8)\.txt$/ },
      },
      { kind: 'reset', nth: 1, match: { op: 'GetObject', key: /^retry\/f(1|7)\.txt$/ } },
    ]);
    const env = { ...cliEnv(s3.proxy.endpoint), S3SYNC_WAITONERROR: '0' };
    const up = await runCli(['-r', `${src}/`, 'direct:retry'], { env });
    expect(up.code).toBe(0);
    const dst = await tempDir('paras3-dst-');
    const down = await runCli(['-r', 'direct:retry/', dst], { env });
    expect(down.code).toBe(0);
    const tree = await readTree(dst);
    for (const [name, content] of Object.entries(files)) expect(tree[name]?.content).toBe(content);
    const faulted = s3.proxy.requests.filter((q) => q.fault).map((q) => `${q.op} ${q.key} ${q.fault}`);
    expect(faulted.sort()).toEqual([
      'GetObject retry/f1.txt reset',
      'GetObject retry/f7.txt reset',
      'PutObject retry/f2.txt status',
      'PutObject retry/f5.txt status',
      'PutObject retry/f8.txt status',
    ]);
  });
});
