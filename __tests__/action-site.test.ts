// Publishing a site with the action, run as the runner runs it (node dist/index.js, INPUT_*, the file
// commands) against s3rver: no directory nodes, no POSIX metadata, CloudFront invalidation paths, and
// the download of such a tree. CreateInvalidation itself is tested against moto_server in
// action-site-cloudfront.test.ts.
import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActionResult, actionWorkspace, REPO_ROOT, runActionAt } from './helpers/run.js';
import {
  createBucket,
  getObject,
  listKeys,
  putObject,
  type S3Server,
  startS3Server,
} from './helpers/s3server.js';
import { makeTree, readTree, type TreeSpec } from './helpers/tree.js';

let server: S3Server;
beforeAll(async () => {
  server = await startS3Server();
});
afterAll(() => server.stop());

const SITE: TreeSpec = {
  'index.html': '<h1>home</h1>',
  'about/index.html': '<h1>about</h1>',
  'docs/read me.html': '<p>spaces</p>',
  'docs/café.html': '<p>accent</p>',
  'assets/app.3f2a.js': 'console.log(1)',
  'img/logo@2x.png': 'PNG',
};

const workspace = (spec: TreeSpec = SITE) => actionWorkspace('public', spec);

const act = (cwd: string, inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runActionAt(server.endpoint, cwd, inputs, env);

const SITE_INPUTS = { 'dir-nodes': 'false', 'posix-metadata': 'false' };
const keysOf = async (bucket: string) => (await listKeys(server.endpoint, bucket)).map((k) => k.key);
const paths = (r: ActionResult) => JSON.parse(r.outputs['invalidation-paths'] ?? 'null') as unknown;
const commands = (r: ActionResult, name: string) =>
  r.stdout.split(/\r?\n/).filter((l) => l.startsWith(`::${name}::`) || l.startsWith(`::${name} `));

describe('publishing a site without directory nodes or POSIX metadata', () => {
  it('writes only the files, with no owner, group, mode or mtime, and outputs their CloudFront paths', async () => {
    await createBucket(server.endpoint, 'site1');
    const ws = await workspace();

    const r = await act(ws, { source: 'public/', destination: 'site1:www/', ...SITE_INPUTS });

    expect(r.code, r.stdout).toBe(0);
    expect(await keysOf('site1')).toEqual(
      [
        'www/about/index.html',
        'www/assets/app.3f2a.js',
        'www/docs/café.html',
        'www/docs/read me.html',
        'www/img/logo@2x.png',
        'www/index.html',
      ].sort(),
    );
    for (const key of await keysOf('site1')) {
      const { metadata } = await getObject(server.endpoint, 'site1', key);
      for (const name of ['owner', 'group', 'permissions', 'mtime'])
        expect(metadata[name], `${key} ${name}`).toBeUndefined();
    }
    expect(paths(r)).toEqual([
      '/',
      '/about/',
      '/about/index.html',
      '/assets/app.3f2a.js',
      '/docs/caf%C3%A9.html',
      '/docs/read%20me.html',
      '/img/logo@2x.png',
      '/index.html',
    ]);
    expect(r.outputs).toMatchObject({ uploaded: '6', copied: '0', 'changed-count': '6' });
    // No distribution given: nothing said about CloudFront, no invalidation id.
    expect(r.outputs['invalidation-id']).toBeUndefined();
    expect(r.stdout).not.toMatch(/invalidat/i);

    // Unchanged: nothing to invalidate. POSIX metadata is not compared, so nothing is rewritten either.
    const again = await act(ws, { source: 'public/', destination: 'site1:www/', ...SITE_INPUTS });
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs).toMatchObject({ 'changed-count': '0', 'invalidation-paths': '[]' });
  });

  it('invalidates only what changed: an updated page with its directory URL, and a deleted file', async () => {
    await createBucket(server.endpoint, 'site2');
    const ws = await workspace();
    expect((await act(ws, { source: 'public/', destination: 'site2:', ...SITE_INPUTS })).code).toBe(0);
    await makeTree(join(ws, 'public'), { 'about/index.html': '<h1>about us</h1>' });
    await putObject(server.endpoint, 'site2', 'old page.html', 'stale');

    const r = await act(ws, { source: 'public/', destination: 'site2:', delete: 'true', ...SITE_INPUTS });

    expect(r.code, r.stdout).toBe(0);
    expect(paths(r)).toEqual(['/about/', '/about/index.html', '/old%20page.html']);
    expect(JSON.parse(r.outputs['changed-keys']!)).toEqual(['about/index.html', 'old page.html']);
  });

  it('with directory nodes (the default) they are written and their URLs are in the paths too', async () => {
    await createBucket(server.endpoint, 'site3');
    const ws = await workspace({ 'a/b.html': 'b' });

    const r = await act(ws, { source: 'public/', destination: 'site3:' });

    expect(r.code, r.stdout).toBe(0);
    expect(await keysOf('site3')).toEqual(['a/', 'a/b.html']);
    expect((await getObject(server.endpoint, 'site3', 'a/b.html')).metadata).toHaveProperty('permissions');
    expect(paths(r)).toEqual(['/a/', '/a/b.html']);
  });

  it('a dry run outputs the paths it would invalidate, and asks CloudFront nothing', async () => {
    await createBucket(server.endpoint, 'site4');
    const ws = await workspace();

    // Nothing listens on port 9: a request to CloudFront would fail the step.
    const r = await act(ws, {
      source: 'public/',
      destination: 'site4:',
      dryrun: 'true',
      'cloudfront-distribution-id': 'E2QWRUHAPOMQZL',
      'cloudfront-endpoint': 'http://127.0.0.1:9',
      ...SITE_INPUTS,
    });

    expect(r.code, r.stdout).toBe(0);
    expect(await keysOf('site4')).toEqual([]);
    expect(paths(r)).toContain('/docs/read%20me.html');
    expect(r.stdout).toMatch(/dry run: would invalidate 8 paths on CloudFront distribution E2QWRUHAPOMQZL/);
    expect(r.summary).toMatch(
      /Would invalidate 8 paths on CloudFront distribution <code>E2QWRUHAPOMQZL<\/code>/,
    );
    expect(r.outputs['invalidation-id']).toBeUndefined();
  });

  it('a sync that fails creates no invalidation, and the paths of what did change are still output', async () => {
    await createBucket(server.endpoint, 'site5');
    for (const k of ['x.txt', 'y.txt']) await putObject(server.endpoint, 'site5', k, 'x');
    const ws = await workspace({ 'index.html': 'home' });

    const r = await act(ws, {
      source: 'public/',
      destination: 'site5:',
      delete: 'true',
      'max-delete': '1',
      'cloudfront-distribution-id': 'E2QWRUHAPOMQZL',
      'cloudfront-endpoint': 'http://127.0.0.1:9',
      ...SITE_INPUTS,
    });

    expect(r.code).toBe(1);
    // The action's own input names, not the CLI's flags.
    expect(commands(r, 'error').at(-1)).toMatch(/more than max-delete 1; nothing is deleted/);
    expect(r.stdout).not.toContain('--max-delete');
    expect(r.summary).toContain('more than max-delete 1');
    expect(r.stdout).toContain(
      'no invalidation on CloudFront distribution E2QWRUHAPOMQZL: the sync did not succeed',
    );
    expect(paths(r)).toEqual(['/', '/index.html']);
    expect(r.outputs['invalidation-id']).toBeUndefined();
  });
});

describe('copying between buckets', () => {
  it('counts server-side copies in copied, and gives their CloudFront paths', async () => {
    await createBucket(server.endpoint, 'stage');
    await createBucket(server.endpoint, 'live');
    const ws = await workspace({ 'index.html': 'home', 'a b/index.html': 'ab' });
    expect((await act(ws, { source: 'public/', destination: 'stage:v2/', ...SITE_INPUTS })).code).toBe(0);

    const r = await act(ws, { source: 'stage:v2/', destination: 'live:', ...SITE_INPUTS });

    expect(r.code, r.stdout).toBe(0);
    expect(await keysOf('live')).toEqual(['a b/index.html', 'index.html']);
    expect(r.outputs).toMatchObject({ copied: '2', uploaded: '0', downloaded: '0' });
    expect(paths(r)).toEqual(['/', '/a%20b/', '/a%20b/index.html', '/index.html']);
  });
});

describe('downloading a tree uploaded without directory nodes', () => {
  it('needs make-dirs (the message names the input); with it, outputs and summary are workspace-relative', async () => {
    await createBucket(server.endpoint, 'site6');
    const ws = await workspace();
    expect((await act(ws, { source: 'public/', destination: 'site6:www/', ...SITE_INPUTS })).code).toBe(0);

    const without = await act(ws, { source: 'site6:www/', destination: 'copy/' });
    expect(without.code).toBe(1);
    expect(without.stdout).toMatch(/has no directory node on S3; use make-dirs to create it/);
    expect(without.stdout).not.toContain('--make-dirs');

    const r = await act(ws, { source: 'site6:www/', destination: 'copy/', 'make-dirs': 'true' });

    expect(r.code, r.stdout).toBe(0);
    expect(await readTree(join(ws, 'copy'))).toEqual(await readTree(join(ws, 'public')));
    const changed = JSON.parse(r.outputs['changed-keys']!) as string[];
    expect(changed).toContain(join('copy', 'docs', 'read me.html'));
    for (const p of changed) expect(p.startsWith(ws)).toBe(false);
    expect(r.summary).toContain(`<code>${join('copy', 'about', 'index.html')}</code>`);
    expect(r.summary).not.toContain(ws);
    expect(r.stdout).toContain(`s3://site6/www/ → copy${sep}`);
    // A download has no CloudFront paths.
    expect(r.outputs['invalidation-paths']).toBe('[]');
  });
});

describe('site inputs', () => {
  const failsWith = async (inputs: Record<string, string>, message: RegExp) => {
    const r = await act(await workspace(), { source: 'public/', ...inputs });
    expect(r.code).not.toBe(0);
    expect(commands(r, 'error').at(-1), r.stdout).toMatch(message);
  };

  it('a distribution id that is not one fails before anything is transferred', async () => {
    await failsWith(
      { destination: 'nobucket:', 'cloudfront-distribution-id': 'arn:aws:cloudfront::1:distribution/E2' },
      /input cloudfront-distribution-id: "arn:aws:cloudfront::1:distribution\/E2" is not a distribution id/,
    );
  });

  it('a distribution id with a local destination fails', async () => {
    await failsWith(
      { source: 'b:x/', destination: 'out/', 'cloudfront-distribution-id': 'E2QWRUHAPOMQZL' },
      /input cloudfront-distribution-id needs an S3 destination/,
    );
  });

  it('a CloudFront endpoint that is not a URL, or without a distribution, fails', async () => {
    await failsWith(
      {
        destination: 'xbucket:',
        'cloudfront-distribution-id': 'E1',
        'cloudfront-endpoint': 'localhost:4566',
      },
      /input cloudfront-endpoint: "localhost:4566" is not an http\(s\) URL/,
    );
    await failsWith(
      { destination: 'xbucket:', 'cloudfront-endpoint': 'http://127.0.0.1:9' },
      /input cloudfront-endpoint needs cloudfront-distribution-id/,
    );
  });

  it('a bad max-delete names the input it came from, not the CLI flag', async () => {
    await failsWith(
      { destination: 'xbucket:', 'max-delete': 'abc' },
      /^::error::PARAS3_MAX_DELETE="abc" \(from input max-delete\) must be a whole number/,
    );
  });

  it('dir-nodes and posix-metadata take true or false only', async () => {
    await failsWith({ destination: 'xbucket:', 'dir-nodes': 'no' }, /input dir-nodes: "no" is not a boolean/);
    await failsWith(
      { destination: 'xbucket:', 'posix-metadata': '0' },
      /input posix-metadata: "0" is not a boolean/,
    );
  });
});

describe('action.yml', () => {
  it('has a description under the Marketplace limit of 125 characters', () => {
    const yml = readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8');
    const description = /^description: (.+)$/m.exec(yml)?.[1] ?? '';
    expect(description).not.toMatch(/^[>|]/);
    expect(description.length).toBeGreaterThan(20);
    expect(description.length).toBeLessThan(125);
  });
});
