// Two jobs saving one cache key at once: the first complete entry wins and the other is told so, and a
// restore gets one whole tree, never a mix. moto_server honours If-None-Match: * as S3 does; s3rver
// ignores it and does not store a PUT atomically, so there only a whole restore is asserted, and the
// conditional write's refusal is played by the fault proxy.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStore } from '../src/cache/layout.js';
import { pruneCache } from '../src/cache/prune.js';
import { restoreCache } from '../src/cache/restore.js';
import { saveCache } from '../src/cache/save.js';
import { createObjectStore } from '../src/core/store/factory.js';
import type { ObjectStore } from '../src/core/store/types.js';
import { useS3Server } from './helpers/fixtures.js';
import { describeWithMoto } from './helpers/moto.js';
import { type RunResult, runCli } from './helpers/run.js';
import { TEST_CREDENTIALS, TEST_ENV } from './helpers/s3server.js';
import { makeTree, readTree, tempDir } from './helpers/tree.js';

/** Two workspaces with different trees of the same shape. */
async function twoTrees(): Promise<[string, string]> {
  const out: string[] = [];
  for (const who of ['one', 'two']) {
    const ws = await tempDir('paras3-cache-ws-');
    const spec: Record<string, string | Buffer> = { 'big.bin': Buffer.alloc(400 * 1024, who.length) };
    for (let i = 0; i < 50; i++) spec[`f${i}.txt`] = `${who} ${i}`;
    await makeTree(join(ws, 'deps'), spec);
    out.push(ws);
  }
  return out as [string, string];
}

const outcome = (r: RunResult) => {
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { outcome: string }).outcome;
};

async function raceAndRestore(env: Record<string, string>, store: string) {
  const [a, b] = await twoTrees();
  const save = (cwd: string) =>
    runCli(['cache', 'save', '--store', store, '--key', 'same', '--json', 'deps'], { cwd, env });
  const outcomes = (await Promise.all([save(a), save(b)])).map(outcome);
  const ws = await tempDir('paras3-cache-ws-');
  const r = await runCli(['cache', 'restore', '--store', store, '--key', 'same', 'deps'], { cwd: ws, env });
  expect(r.code, r.stderr).toBe(0);
  const restored = await readTree(join(ws, 'deps'));
  const trees = [await readTree(join(a, 'deps')), await readTree(join(b, 'deps'))];
  expect(trees.some((t) => JSON.stringify(t) === JSON.stringify(restored))).toBe(true);
  return { outcomes, winner: JSON.stringify(trees[0]) === JSON.stringify(restored) ? 0 : 1 };
}

describeWithMoto('cache saves racing on moto_server (If-None-Match honoured)', (moto) => {
  it('of two saves of one key at once, one saves and the other is told; the restore is the winner, whole', async () => {
    const b = await moto.bucket('race');
    const { outcomes, winner } = await raceAndRestore(moto.env, `${b}:ci`);
    expect(outcomes.filter((o) => o === 'saved')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'lost-race' || o === 'exists')).toHaveLength(1);
    expect(outcomes[winner]).toBe('saved');
  });
});

describe('cache saves racing on s3rver (If-None-Match ignored)', () => {
  const s3 = useS3Server({ proxy: true });

  // s3rver answers a PUT before its bytes are on disk (its store ends the write stream without waiting,
  // and the stream truncates first), so a read-back can see a torn or emptied manifest: both saves may
  // then say they lost, or both that they saved. What must hold on any server is the restore: one whole
  // tree, never a mix. The one-winner rule is asserted on moto above, which stores a PUT atomically.
  it('restores one whole tree of two saves at once, each told saved or lost', async () => {
    const b = await s3.bucket('race');
    const { outcomes } = await raceAndRestore(s3.env, `${b}:ci`);
    for (const o of outcomes) expect(['saved', 'lost-race', 'exists']).toContain(o);
  });

  it('tells a save whose conditional manifest write is refused that another job saved the key', async () => {
    const b = await s3.bucket('race');
    const [a] = await twoTrees();
    s3.proxy.setRules([
      {
        kind: 'status',
        status: 412,
        code: 'PreconditionFailed',
        match: { op: 'PutObject', key: /manifests\// },
      },
    ]);
    const env = { ...s3.proxyEnv, HOME: s3.env.HOME as string };
    const r = await runCli(['cache', 'save', '--store', `${b}:ci`, '--key', 'same', 'deps'], { cwd: a, env });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('paras3: cache key same was already saved by another job; its entry stands\n');
  });

  it('sends the manifest again when S3 answers 409 ConditionalRequestConflict (a conditional write in flight)', async () => {
    const b = await s3.bucket('race');
    const [a] = await twoTrees();
    // S3 answers 409 to If-None-Match when another conditional write of the key is in progress, and
    // asks for a retry: the retry is saved, or refused with 412 if the other write completed.
    s3.proxy.setRules([
      {
        kind: 'status',
        status: 409,
        code: 'ConditionalRequestConflict',
        match: { op: 'PutObject', key: /manifests\// },
        times: 1,
      },
    ]);
    const env = { ...s3.proxyEnv, HOME: s3.env.HOME as string };
    const r = await runCli(['cache', 'save', '--store', `${b}:ci`, '--key', 'same', '--json', 'deps'], {
      cwd: a,
      env,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(outcome(r)).toBe('saved');
    const ws = await tempDir('paras3-cache-ws-');
    const back = await runCli(['cache', 'restore', '--store', `${b}:ci`, '--key', 'same', 'deps'], {
      cwd: ws,
      env: s3.env,
    });
    expect(back.code, back.stderr).toBe(0);
    expect(await readTree(join(ws, 'deps'))).toEqual(await readTree(join(a, 'deps')));
  });
});

describe('cache prune racing a save', () => {
  const s3 = useS3Server();

  const store = (): Promise<ObjectStore> =>
    createObjectStore({
      region: TEST_ENV.AWS_REGION,
      endpoint: s3.server.endpoint,
      forcePathStyle: true,
      credentials: { ...TEST_CREDENTIALS },
      maxAttempts: 3,
      retryDelayMs: 10,
      threads: 4,
      timeoutMs: 30_000,
      store: 'signed',
      endpointLabel: s3.server.endpoint,
    });

  it('keeps the data of a key saved again while the prune that deleted its old entry runs', async () => {
    const b = await s3.bucket('prune');
    const cache = parseStore(`${b}:ci`);
    const [ws] = await twoTrees();
    const s = await store();
    const save = () =>
      saveCache({ store: s, cache, key: 'k', roots: ['deps'], cwd: ws, baseKeys: [], threads: 4 });
    expect((await save()).kind).toBe('saved');
    // The prune deletes k's manifest; before it lists the data, a job saves k again. Its new entry
    // reuses the same pack and blob (same content), which only the deleted manifest referred to.
    let resaved: Promise<unknown> | undefined;
    const racing: ObjectStore = Object.create(s);
    racing.list = (bucket, prefix, opts) => {
      if (!resaved && prefix.endsWith('packs/')) resaved = save();
      const inner = s.list(bucket, prefix, opts);
      return (async function* () {
        await resaved;
        yield* inner;
      })();
    };
    const report = await pruneCache({
      store: racing,
      cache,
      olderThanMs: 0,
      now: Date.now() + 2 * 3600_000, // the data is past the grace period
      dryrun: false,
      threads: 4,
    });
    expect(report.deletedKeys).toEqual(['k']);
    expect(await resaved).toMatchObject({ kind: 'saved' });
    const out = await tempDir('paras3-cache-ws-');
    const r = await restoreCache({
      store: s,
      cache,
      key: 'k',
      restoreKeys: [],
      roots: ['deps'],
      cwd: out,
      threads: 4,
    });
    expect(r).toMatchObject({ kind: 'hit', exact: true });
    expect(await readTree(join(out, 'deps'))).toEqual(await readTree(join(ws, 'deps')));
    s.destroy();
  });
});
