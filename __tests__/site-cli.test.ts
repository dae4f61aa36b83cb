// Site publishing from the command line: --no-dir-nodes and --no-posix-metadata on upload, and the
// --make-dirs a download of such a tree needs. The built CLI against s3rver; whole trees asserted.
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useS3Server } from './helpers/fixtures.js';
import { ok, runCli } from './helpers/run.js';
import { getObject, listKeys } from './helpers/s3server.js';
import { makeTree, readTree, tempDir } from './helpers/tree.js';

const s3 = useS3Server();
const paras3 = (args: string[]) => runCli(args, { env: s3.env });
const keysOf = async (bucket: string) => (await listKeys(s3.server.endpoint, bucket)).map((k) => k.key);

const SITE = {
  'index.html': 'home',
  'blog/index.html': 'blog',
  'blog/2026/post.html': 'post',
};

describe('--no-dir-nodes --no-posix-metadata', () => {
  it('uploads only files, without owner, group, mode or mtime, and a second run moves nothing', async () => {
    const bucket = await s3.bucket('site');
    const src = await tempDir();
    await makeTree(src, SITE);
    const args = ['-r', '--no-dir-nodes', '--no-posix-metadata', `${src}/`, `${bucket}:www/`];

    ok(await paras3(args));

    expect(await keysOf(bucket)).toEqual([
      'www/blog/2026/post.html',
      'www/blog/index.html',
      'www/index.html',
    ]);
    for (const key of await keysOf(bucket)) {
      const { metadata } = await getObject(s3.server.endpoint, bucket, key);
      expect(
        Object.keys(metadata).filter((m) => ['owner', 'group', 'permissions', 'mtime'].includes(m)),
      ).toEqual([]);
    }
    // A mode change is no change without POSIX metadata.
    await chmod(join(src, 'index.html'), 0o600);
    const again = ok(await paras3(args));
    expect(again).toHaveLength(2);
    expect(again[1]).toMatch(/^done: files 0 created, 0 updated, 0 deleted, 3 unchanged/);
  });

  it('a download of such a tree skips files without --make-dirs, naming it, and restores them with it', async () => {
    const bucket = await s3.bucket('site-back');
    const src = await tempDir();
    await makeTree(src, SITE);
    ok(await paras3(['-r', '--no-dir-nodes', '--no-posix-metadata', `${src}/`, `${bucket}:`]));
    const dst = await tempDir();

    const without = await paras3(['-r', `${bucket}:`, `${dst}/copy`]);
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/has no directory node on S3; use --make-dirs to create it/);

    ok(await paras3(['-r', '--make-dirs', `${bucket}:`, `${dst}/copy`]));
    expect(await readTree(join(dst, 'copy'))).toEqual(await readTree(src));
  });
});
