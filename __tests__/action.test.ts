// The action bundle run the way the runner runs it (node dist/index.js with INPUT_* variables and the
// file commands), against s3rver: plans, syncs, outputs, job summary, failures.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActionResult, actionWorkspace, runAction, runActionAt } from './helpers/run.js';
import {
  createBucket,
  getObject,
  listKeys,
  putObject,
  type S3Server,
  startS3Server,
  TEST_ENV,
} from './helpers/s3server.js';
import { readTree, type TreeSpec } from './helpers/tree.js';

let server: S3Server;
beforeAll(async () => {
  server = await startS3Server();
});
afterAll(() => server.stop());

const SITE = {
  'index.html': '<h1>home</h1>',
  'about/index.html': '<h1>about</h1>',
  'assets/app.3f2a.js': 'console.log(1)',
  'assets/style.css': 'body{}',
  'img/logo.png': 'PNG',
};

/** A workspace holding `site/` with SITE. */
const workspace = (spec: TreeSpec = SITE) => actionWorkspace('site', spec);

const act = (cwd: string, inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runActionAt(server.endpoint, cwd, inputs, env);

const keysOf = async (bucket: string, prefix?: string) =>
  (await listKeys(server.endpoint, bucket, prefix)).map((k) => k.key);

/** Workflow commands (`::error::…`) the runner would read from stdout. */
/** Everything the run showed (log, stderr, summary, outputs) except its ::add-mask:: commands. */
const allButMasks = (r: ActionResult) =>
  [
    ...r.stdout.split(/\r?\n/).filter((l) => !l.startsWith('::add-mask::')),
    r.stderr,
    r.summary,
    JSON.stringify(r.outputs),
  ].join('\n');
const commands = (r: ActionResult, name: string) =>
  r.stdout.split(/\r?\n/).filter((l) => l.startsWith(`::${name}::`) || l.startsWith(`::${name} `));

describe('publishing a site', () => {
  it('a dry run changes nothing, and its summary and changed-keys name every planned key', async () => {
    await createBucket(server.endpoint, 'dry');
    await putObject(server.endpoint, 'dry', 'www/', '');
    await putObject(server.endpoint, 'dry', 'www/index.html', 'old home');
    await putObject(server.endpoint, 'dry', 'www/stale.txt', 'gone soon');
    const before = await listKeys(server.endpoint, 'dry');
    const ws = await workspace();

    const r = await act(ws, { source: 'site/', destination: 'dry:www', dryrun: 'true', delete: 'true' });

    expect(r.code, r.stdout).toBe(0);
    expect(await listKeys(server.endpoint, 'dry')).toEqual(before);
    const planned = [
      'www/about/',
      'www/about/index.html',
      'www/assets/',
      'www/assets/app.3f2a.js',
      'www/assets/style.css',
      'www/img/',
      'www/img/logo.png',
      'www/index.html',
      'www/stale.txt',
    ];
    expect(JSON.parse(r.outputs['changed-keys']!)).toEqual(planned);
    expect(r.outputs).toMatchObject({
      'changed-count': '9',
      uploaded: '5',
      downloaded: '0',
      deleted: '1',
      unchanged: '0',
    });
    expect(Number(r.outputs['bytes-transferred'])).toBe(
      Object.values(SITE).reduce((n, c) => n + Buffer.byteLength(c), 0),
    );
    expect(r.summary).toContain('dry run');
    for (const key of planned) expect(r.summary).toContain(`<code>${key}</code>`);
    expect(r.summary).toMatch(
      /<td>upload<\/td><td><code>www\/index.html<\/code><\/td><td>[^<]+<\/td><td>size differs/,
    );
    expect(r.summary).toMatch(/<td>delete<\/td><td><code>www\/stale.txt<\/code>/);
    // The log lists the plan inside a group.
    expect(r.stdout).toMatch(/::group::Planned changes[\s\S]*upload assets\/style.css[\s\S]*::endgroup::/);
    expect(r.stdout).toContain('delete stale.txt');
  });

  it('the real run syncs the tree with per-glob Cache-Control and sets the outputs; a second run changes nothing', async () => {
    await createBucket(server.endpoint, 'real');
    await putObject(server.endpoint, 'real', 'stale.txt', 'old');
    const ws = await workspace();
    const inputs = {
      source: 'site/',
      destination: 'real:',
      delete: 'true',
      'cache-control': 'assets/**=public, max-age=31536000, immutable\n*.html=no-cache\nmax-age=300\n',
    };

    const r = await act(ws, inputs);

    expect(r.code, r.stdout).toBe(0);
    const expected = [
      'about/',
      'about/index.html',
      'assets/',
      'assets/app.3f2a.js',
      'assets/style.css',
      'img/',
      'img/logo.png',
      'index.html',
    ];
    expect(await keysOf('real')).toEqual(expected);
    for (const [path, content] of Object.entries(SITE)) {
      expect((await getObject(server.endpoint, 'real', path)).body.toString()).toBe(content);
    }
    const headers = async (key: string) => {
      const o = await getObject(server.endpoint, 'real', key);
      return { type: o.contentType, cache: o.cacheControl };
    };
    expect(await headers('index.html')).toEqual({ type: 'text/html; charset=utf-8', cache: 'no-cache' });
    expect(await headers('about/index.html')).toMatchObject({ cache: 'no-cache' });
    expect(await headers('assets/app.3f2a.js')).toEqual({
      type: 'text/javascript; charset=utf-8',
      cache: 'public, max-age=31536000, immutable',
    });
    expect(await headers('assets/style.css')).toMatchObject({
      type: 'text/css; charset=utf-8',
      cache: 'public, max-age=31536000, immutable',
    });
    expect(await headers('img/logo.png')).toEqual({ type: 'image/png', cache: 'max-age=300' });

    expect(JSON.parse(r.outputs['changed-keys']!)).toEqual([...expected, 'stale.txt'].sort());
    expect(r.outputs).toMatchObject({
      'changed-count': '9',
      uploaded: '5',
      downloaded: '0',
      deleted: '1',
      unchanged: '0',
      'bytes-transferred': String(Object.values(SITE).reduce((n, c) => n + c.length, 0)),
    });
    expect(r.summary).toContain('paras3 sync done');
    expect(r.summary).toMatch(/throughput/);
    expect(r.summary).not.toContain('Failures');

    const again = await act(ws, inputs);

    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs).toMatchObject({
      'changed-keys': '[]',
      'changed-count': '0',
      uploaded: '0',
      deleted: '0',
      unchanged: '5',
      'bytes-transferred': '0',
    });
    expect(await keysOf('real')).toEqual(expected);
  });

  it('excluded globs from a multiline input are neither uploaded nor deleted', async () => {
    await createBucket(server.endpoint, 'excl');
    await putObject(server.endpoint, 'excl', 'keep/remote.log', 'remote');
    const ws = await workspace({ ...SITE, 'debug.log': 'x', 'drafts/a.md': 'draft' });

    const r = await act(ws, {
      source: 'site/',
      destination: 'excl:',
      delete: 'true',
      exclude: '# logs stay local\n*.log\n\ndrafts\n',
    });

    expect(r.code, r.stdout).toBe(0);
    expect(await keysOf('excl')).toEqual([
      'about/',
      'about/index.html',
      'assets/',
      'assets/app.3f2a.js',
      'assets/style.css',
      'img/',
      'img/logo.png',
      'index.html',
      'keep/remote.log',
    ]);
  });
});

describe('delete guards', () => {
  it('max-delete refuses the whole delete phase and fails the step, after the uploads', async () => {
    await createBucket(server.endpoint, 'guarded');
    for (const k of ['a.txt', 'b.txt']) await putObject(server.endpoint, 'guarded', k, 'x');
    const ws = await workspace();

    const r = await act(ws, { source: 'site/', destination: 'guarded:', delete: 'true', 'max-delete': '1' });

    expect(r.code).not.toBe(0);
    const keys = await keysOf('guarded');
    expect(keys).toEqual(expect.arrayContaining(['a.txt', 'b.txt', 'index.html', 'assets/style.css']));
    expect(r.outputs.deleted).toBe('0');
    expect(commands(r, 'error').at(-1)).toMatch(/deletes refused: 2 deletes planned, more than max-delete 1/);
    expect(r.summary).toContain('Deletes refused');
  });

  it('delete-excluded deletes excluded keys at the destination', async () => {
    await createBucket(server.endpoint, 'dexcl');
    await putObject(server.endpoint, 'dexcl', 'debug.log', 'x');
    const ws = await workspace({ 'index.html': 'home', 'local.log': 'y' });

    const r = await act(ws, {
      source: 'site/',
      destination: 'dexcl:',
      exclude: '*.log',
      'delete-excluded': 'true',
    });

    expect(r.code, r.stdout).toBe(0);
    expect(await keysOf('dexcl')).toEqual(['index.html']);
    expect(JSON.parse(r.outputs['changed-keys']!)).toEqual(['debug.log', 'index.html']);
  });
});

describe('restoring and saving a cache', () => {
  it('downloads a prefix into a directory and reports local paths as changed-keys', async () => {
    await createBucket(server.endpoint, 'cache');
    const ws = await workspace();
    const save = await act(ws, { source: 'site', destination: 'cache:deps/' });
    expect(save.code, save.stdout).toBe(0);
    expect(await keysOf('cache')).toContain('deps/site/assets/style.css');

    const r = await act(ws, { source: 'cache:deps/site/', destination: 'restored' });

    expect(r.code, r.stdout).toBe(0);
    expect(await readTree(join(ws, 'restored'))).toEqual(await readTree(join(ws, 'site')));
    // Relative to the workspace, as the workflow's own steps name them.
    const root = 'restored';
    expect(JSON.parse(r.outputs['changed-keys']!)).toEqual(
      [
        root,
        join(root, 'about'),
        join(root, 'about', 'index.html'),
        join(root, 'assets'),
        join(root, 'assets', 'app.3f2a.js'),
        join(root, 'assets', 'style.css'),
        join(root, 'img'),
        join(root, 'img', 'logo.png'),
        join(root, 'index.html'),
      ].sort(),
    );
    expect(r.outputs).toMatchObject({ uploaded: '0', downloaded: '5', deleted: '0' });
    expect(r.summary).toContain('<th>path</th>');
  });
});

describe('bad inputs', () => {
  const failsWith = (r: ActionResult, message: RegExp) => {
    expect(r.code).not.toBe(0);
    const errors = commands(r, 'error');
    expect(errors.length, r.stdout).toBeGreaterThan(0);
    expect(errors.at(-1)).toMatch(message);
    expect(r.summary).toContain('paras3 failed');
  };

  it('a missing source fails with one error line naming the input', async () => {
    failsWith(
      await act(await workspace(), { source: '', destination: 'x-bucket:' }),
      /input source is required/,
    );
  });

  it('an unknown bucket fails before anything is transferred', async () => {
    failsWith(
      await act(await workspace(), { source: 'site/', destination: 'no-such-bucket:pre' }),
      /bucket "no-such-bucket" does not exist/,
    );
  });

  it('threads: abc fails, naming the input and the allowed range', async () => {
    failsWith(
      await act(await workspace(), { source: 'site/', destination: 'real:', threads: 'abc' }),
      /THREADS="abc" \(from input threads\) must be a whole number from 1 to 1024/,
    );
  });

  it('a boolean input that is not true or false fails', async () => {
    failsWith(
      await act(await workspace(), { source: 'site/', destination: 'real:', dryrun: 'yes' }),
      /input dryrun: "yes" is not a boolean/,
    );
    failsWith(
      await act(await workspace(), { source: 'site/', destination: 'real:', 'dry-run': 'yes' }),
      /input dry-run: "yes" is not a boolean/,
    );
  });

  it('a source directory that does not exist fails', async () => {
    failsWith(
      await act(await workspace(), { source: 'nothere/', destination: 'real:' }),
      /source .*nothere.* does not exist/,
    );
  });
});

describe('dry-run and dry_run', () => {
  it.each(['dry-run', 'dry_run'])(
    '%s: true is a dry run like dryrun (whose default stays false): nothing is written or deleted',
    async (input) => {
      const bucket = `alias-${input === 'dry-run' ? 'hyphen' : 'underscore'}`;
      await createBucket(server.endpoint, bucket);
      await putObject(server.endpoint, bucket, 'stale.txt', 'gone if this were a real run');
      const before = await listKeys(server.endpoint, bucket);

      const r = await act(await workspace(), {
        source: 'site/',
        destination: `${bucket}:`,
        delete: 'true',
        dryrun: 'false',
        [input]: 'true',
      });

      expect(r.code, r.stdout).toBe(0);
      expect(await listKeys(server.endpoint, bucket)).toEqual(before);
      expect(r.summary).toContain('paras3 dry run');
      expect(r.outputs).toMatchObject({ deleted: '1', uploaded: '5' });
    },
  );
});

describe('settings from the step env', () => {
  it('THREADS from the env applies, and the threads input overrides it', async () => {
    const ws = await workspace();
    const fromEnv = await act(
      ws,
      { source: 'site/', destination: 'real:', dryrun: 'true' },
      { THREADS: 'many', ACTIONS_STEP_DEBUG: 'true' },
    );
    expect(commands(fromEnv, 'error').at(-1)).toMatch(/THREADS="many" \(from env THREADS\)/);

    const overridden = await act(
      ws,
      { source: 'site/', destination: 'real:', dryrun: 'true', threads: '3' },
      { THREADS: 'many' },
    );
    expect(overridden.code, overridden.stdout).toBe(0);
  });

  it('AWS_ENDPOINT_URL and AWS_CALLING_FORMAT from the step env apply when the endpoint input is empty', async () => {
    await createBucket(server.endpoint, 'hosted');
    const ws = await workspace();

    const r = await act(
      ws,
      { source: 'site/', destination: 'hosted:', endpoint: '' },
      { AWS_ENDPOINT_URL: server.endpoint, AWS_CALLING_FORMAT: 'REGULAR' },
    );

    expect(r.code, r.stdout).toBe(0);
    expect(await keysOf('hosted')).toContain('index.html');
  });

  it('AWS_S3_HOST from the step env is reached over https', async () => {
    // Port 1 on loopback: nothing listens, so the error names the endpoint the action tried.
    const r = await act(
      await workspace(),
      { source: 'site/', destination: 'hosted:', endpoint: '' },
      { AWS_S3_HOST: '127.0.0.1:1', S3SYNC_RETRIES: '1' },
    );

    expect(r.code).not.toBe(0);
    expect(commands(r, 'error').at(-1)).toMatch(/cannot connect to https:\/\/127\.0\.0\.1:1/);
  });
});

describe('credentials', () => {
  const SECRET = 'Sec+ret/Value-7f3e9a1c5d';
  const TOKEN = 'Token-4b8e2d6f0a9c1e3b5d7f';

  it('credential inputs are masked first and never appear in the output, summary or outputs', async () => {
    await createBucket(server.endpoint, 'creds');
    const ws = await workspace();
    const inputs = {
      'aws-access-key-id': 'S3RVER',
      'aws-secret-access-key': SECRET,
      'aws-session-token': TOKEN,
    };
    const noEnvCreds = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', ACTIONS_STEP_DEBUG: 'true' };

    const runs = [
      await runAction(
        { ...inputs, endpoint: server.endpoint, source: 'site/', destination: 'creds:' },
        { cwd: ws, env: noEnvCreds },
      ),
      await runAction(
        { ...inputs, endpoint: server.endpoint, source: 'site/', destination: 'creds-missing:' },
        { cwd: ws, env: noEnvCreds },
      ),
      await runAction(
        { ...inputs, endpoint: 'not a url', source: 'site/', destination: 'creds:' },
        { cwd: ws, env: noEnvCreds },
      ),
    ];

    expect(runs.map((r) => r.code)).toEqual([0, 1, 1]);
    expect(await keysOf('creds')).toContain('index.html');
    for (const r of runs) {
      const lines = r.stdout.split(/\r?\n/);
      const masks = lines.filter((l) => l.startsWith('::add-mask::'));
      expect(masks).toEqual(['::add-mask::S3RVER', `::add-mask::${SECRET}`, `::add-mask::${TOKEN}`]);
      // Masked before any other line is written.
      expect(lines.slice(0, 3)).toEqual(masks);
      const rest = [...lines.slice(3), r.stderr, r.summary, JSON.stringify(r.outputs)].join('\n');
      expect(rest).not.toContain(SECRET);
      expect(rest).not.toContain(TOKEN);
    }
  });

  it('passwords in endpoint and proxy URLs are masked in every form, parsed or not', async () => {
    const ws = await workspace();
    const base = { source: 'site/', destination: 'creds:', dryrun: 'true' };
    const remote = { ...base, endpoint: 'https://s3.example.invalid' };
    const debug = { ...TEST_ENV, ACTIONS_STEP_DEBUG: 'true', S3SYNC_RETRIES: '1' };
    // [inputs, env, the password's tail (absent from everything but ::add-mask::), the error expected]
    const cases: [Record<string, string>, Record<string, string>, string, RegExp][] = [
      [
        { ...base, endpoint: 'http://euser:EndpointPw-1@127.0.0.1:1' },
        {},
        'EndpointPw-1',
        /^::error::cannot connect to http:\/\/127\.0\.0\.1:1: connection refused$/,
      ],
      // A raw '@' in the password: Node's URL parser takes it as part of the password.
      [remote, { HTTPS_PROXY: 'http://puser:p@ProxyTail-2@127.0.0.1:1' }, 'ProxyTail-2', /via proxy/],
      // No scheme: http:// assumed.
      [remote, { HTTPS_PROXY: 'puser:Schemeless-3@127.0.0.1:1' }, 'Schemeless-3', /via proxy/],
      // A '/' in the password: no URL at all, so the error prints the value.
      [
        remote,
        { HTTPS_PROXY: 'http://puser:pa/Slash-4@proxy.example:8080' },
        'Slash-4',
        /^::error::HTTPS_PROXY="http:\/\/puser:\*\*\*\*@proxy\.example:8080" .* is not a host/,
      ],
      [
        remote,
        { HTTP_PROXY_HOST: 'puser:HostPw-5@proxy.example' },
        'HostPw-5',
        /^::error::HTTP_PROXY_HOST="puser:\*\*\*\*@proxy\.example" .* must be a host name/,
      ],
    ];
    for (const [inputs, env, tail, error] of cases) {
      const r = await runAction(inputs, { cwd: ws, env: { ...debug, ...env } });
      expect(r.code, r.stdout).toBe(1);
      const lines = r.stdout.split(/\r?\n/);
      expect(
        lines.some((l) => l.startsWith('::add-mask::') && l.endsWith(tail)),
        tail,
      ).toBe(true);
      expect(commands(r, 'error').at(-1)).toMatch(error);
      expect(allButMasks(r)).not.toContain(tail);
      // Nothing shorter than the whole password was registered (a lone `p` would mask every p).
      expect(lines).not.toContain('::add-mask::p');
    }
  });

  it('the password of a CloudFront endpoint URL (input or AWS_ENDPOINT_URL_CLOUDFRONT) is masked like the S3 endpoint', async () => {
    await createBucket(server.endpoint, 'cfmask');
    const debug = { ACTIONS_STEP_DEBUG: 'true', S3SYNC_RETRIES: '1' };
    const cases: [Record<string, string>, Record<string, string>, string][] = [
      [{ 'cloudfront-endpoint': 'http://cfuser:CfInputPw-1@127.0.0.1:1' }, {}, 'CfInputPw-1'],
      [{}, { AWS_ENDPOINT_URL_CLOUDFRONT: 'http://cfuser:CfEnvPw-2@127.0.0.1:1' }, 'CfEnvPw-2'],
    ];
    for (const [i, [inputs, env, tail]] of cases.entries()) {
      // A fresh prefix: the sync changes something, so the invalidation is tried (and refused).
      const r = await act(
        await workspace(),
        {
          source: 'site/',
          destination: `cfmask:run${i}/`,
          'cloudfront-distribution-id': 'E2QWRUHAPOMQZL',
          ...inputs,
        },
        { ...debug, ...env },
      );
      expect(r.code, r.stdout).toBe(1);
      expect(commands(r, 'error').at(-1)).toMatch(/the sync succeeded, but the invalidation on/);
      const lines = r.stdout.split(/\r?\n/);
      expect(lines, tail).toContain(`::add-mask::${tail}`);
      expect(allButMasks(r)).not.toContain(tail);
    }
  });

  it('credentials from the env are masked too', async () => {
    const ws = await workspace();
    const r = await runAction(
      { endpoint: server.endpoint, source: 'site/', destination: 'creds:', dryrun: 'true' },
      {
        cwd: ws,
        env: { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: SECRET, ACTIONS_STEP_DEBUG: 'true' },
      },
    );

    expect(r.code, r.stdout).toBe(0);
    const lines = r.stdout.split(/\r?\n/);
    expect(lines.filter((l) => l.includes(SECRET))).toEqual([`::add-mask::${SECRET}`]);
    expect(lines.findIndex((l) => l.includes(SECRET))).toBeLessThan(
      lines.findIndex((l) => l.startsWith('::debug::setting')),
    );
  });
});
