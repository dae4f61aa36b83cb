// What `npm install paras3` gets: the packed tarball installs offline into an empty directory with no
// dependencies at all (the CLI is one self-contained bundle), and its bin runs and syncs.
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { useS3Server } from './helpers/fixtures.js';
import { cleanEnv, REPO_ROOT, runCli } from './helpers/run.js';
import { cliEnv, createBucket, listKeys } from './helpers/s3server.js';
import { makeTree, readTree, tempDir } from './helpers/tree.js';

const run = promisify(execFile);

// Variables npm sets for scripts (`npm test`) would steer the nested npm; start it from a plain env.
function npmEnv(home: string): Record<string, string> {
  const env = cleanEnv({ HOME: home, npm_config_cache: join(home, '.npm') });
  for (const name of Object.keys(env)) if (/^npm_(?!config_cache$)/i.test(name)) delete env[name];
  return env;
}

const s3 = useS3Server();
let installDir: string;
let files: string[];
beforeAll(async () => {
  const packDir = await tempDir('paras3-pack-');
  const home = await tempDir('paras3-npm-home-');
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', packDir], {
    cwd: REPO_ROOT,
    env: npmEnv(home),
  });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = packed!.files.map((f) => f.path);
  installDir = await tempDir('paras3-install-');
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(packDir, packed!.filename)], {
    cwd: installDir,
    env: npmEnv(home),
  });
}, 120_000);

describe('the npm package', () => {
  it('holds the CLI bundle and docs, not the sources or tests', () => {
    expect(files).toContain('dist/cli/index.js');
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    expect(files.filter((f) => /^(src|__tests__|bench|scripts)\//.test(f))).toEqual([]);
  });

  it('installs offline with no dependencies', async () => {
    expect((await readdir(join(installDir, 'node_modules'))).filter((n) => !n.startsWith('.'))).toEqual([
      'paras3',
    ]);
  });

  it('runs `paras3 --version` from node_modules/.bin', async () => {
    const { version } = (await import('../package.json', { with: { type: 'json' } })).default;
    const { stdout } = await run(join(installDir, 'node_modules', '.bin', 'paras3'), ['--version'], {
      env: cleanEnv(),
    });
    expect(stdout.trim()).toBe(version);
  });

  it('syncs a tree to s3rver and back', async () => {
    await createBucket(s3.server.endpoint, 'packed');
    const src = await tempDir('paras3-src-');
    await makeTree(src, { 'a.txt': 'alpha', 'sub/b.txt': 'beta' });
    const bin = join(installDir, 'node_modules', 'paras3', 'dist', 'cli', 'index.js');
    const env = cliEnv(s3.server.endpoint);

    const up = await runCli(['-r', `${src}/`, 'packed:pre'], { env, entry: bin });

    expect(up.code, up.stderr).toBe(0);
    expect((await listKeys(s3.server.endpoint, 'packed')).map((k) => k.key)).toEqual([
      'pre/',
      'pre/a.txt',
      'pre/sub/',
      'pre/sub/b.txt',
    ]);
    const back = await tempDir('paras3-back-');
    const down = await runCli(['-r', 'packed:pre/', back], { env, entry: bin });
    expect(down.code, down.stderr).toBe(0);
    expect(await readTree(back)).toEqual(await readTree(src));
  });
});
