// Issue 5, "a restored tree is the saved tree": modes, owners, mtimes and symlinks survive a round trip
// through S3, a second restore touches nothing, multipart objects are recognised as unchanged both ways,
// and objects written by other tools restore with sensible defaults.
import { createHash, randomBytes } from 'node:crypto';
import { chmod, chown, lchown, lstat, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, s3Operation, startFaultProxy } from './helpers/fault-proxy.js';
import { useS3Server } from './helpers/fixtures.js';
import { runCli } from './helpers/run.js';
import { cliEnv, getObject, putObject, s3Client } from './helpers/s3server.js';
import { makeTree, readTree, tempDir } from './helpers/tree.js';

const BUCKET = 'restore';
const MIB = 1024 * 1024;
const isRoot = process.getuid?.() === 0;

const s3 = useS3Server({ bucket: BUCKET });

// One HOME for the file, so the MD5 cache carries from run to run as it does for a user.
const cli = (args: string[], endpoint = s3.server.endpoint) =>
  runCli(args, { env: { ...cliEnv(endpoint), HOME: s3.env.HOME as string } });

/** Every inode under root (root included): what a rewrite, chmod, utimes or temp file would change. */
async function inodes(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const visit = async (path: string, rel: string) => {
    const st = await lstat(path);
    out[rel || '.'] = `ino=${st.ino} mode=${st.mode} mtime=${st.mtimeMs} ctime=${st.ctimeMs}`;
    if (st.isDirectory())
      for (const name of await readdir(path)) await visit(join(path, name), `${rel}/${name}`);
  };
  await visit(root, '');
  return out;
}

/** Files and links only, mtimes to the millisecond (stored to the microsecond; utimes takes doubles). */
function filesOnly(tree: Awaited<ReturnType<typeof readTree>>) {
  return Object.fromEntries(
    Object.entries(tree)
      .filter(([, n]) => n.kind !== 'dir')
      .map(([p, n]) => [p, { ...n, mtimeMs: n.mtimeMs === undefined ? undefined : Math.round(n.mtimeMs) }]),
  );
}

/** S3's ETag for `data` uploaded in parts of `partSize`: MD5 of the part MD5s, then `-N`. */
function multipartEtag(data: Buffer, partSize: number): string {
  const digests: Buffer[] = [];
  for (let off = 0; off < data.length; off += partSize) {
    digests.push(
      createHash('md5')
        .update(data.subarray(off, off + partSize))
        .digest(),
    );
  }
  return `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${digests.length}`;
}

const SAVED = {
  'bin/run.sh': { content: '#!/bin/sh\necho hi\n', mode: 0o755, mtime: new Date('2020-01-02T03:04:05.5Z') },
  'etc/secret': { content: 'key', mode: 0o600, mtime: new Date('2019-05-06T07:08:09Z') },
  'etc/setgid': { content: 'x', mode: 0o2750, mtime: new Date('2018-01-01T00:00:00Z') },
  'docs/a.txt': { content: 'alpha', mtime: new Date('2021-11-12T13:14:15.5Z') },
  'docs/link': { symlink: 'a.txt' },
  broken: { symlink: 'does/not/exist' },
  outward: { symlink: '../../../etc/passwd' },
  empty: { dir: true },
} as const;

describe('restore', () => {
  it('round trip restores contents, modes, mtimes and symlinks, broken or pointing outward, as links', async () => {
    const src = await tempDir();
    await makeTree(src, SAVED);
    const up = await cli(['-r', `${src}/`, `${BUCKET}:rt/`]);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);

    const script = await getObject(s3.server.endpoint, BUCKET, 'rt/bin/run.sh');
    expect(script.metadata).toMatchObject({ permissions: String(0o100755), mtime: '1577934245.5' });
    expect((await getObject(s3.server.endpoint, BUCKET, 'rt/etc/secret')).metadata.mtime).toBe('1557126489');
    const broken = await getObject(s3.server.endpoint, BUCKET, 'rt/broken');
    expect(broken.metadata).toMatchObject({ symlink: 'true' });
    expect(broken.body.toString()).toBe('does/not/exist');

    const dst = await tempDir();
    const down = await cli(['-r', `${BUCKET}:rt/`, `${dst}/`]);
    expect(down.stderr).toBe('');
    expect(down.code).toBe(0);
    expect(await readTree(dst, { mode: true })).toEqual(await readTree(src, { mode: true }));
    expect(filesOnly(await readTree(dst, { mtime: true }))).toEqual(
      filesOnly(await readTree(src, { mtime: true })),
    );
  });

  it('directories come back with their stored mode and mtime: a 0700 directory is not restored 0755', async () => {
    const src = await tempDir();
    await makeTree(src, {
      'home/.ssh/id_ed25519': { content: 'private key', mode: 0o600 },
      'home/.ssh': { dir: true, mode: 0o700, mtime: new Date('2020-01-02T03:04:05Z') },
      // Read-only: its contents must be written before its mode is set.
      'frozen/inner/f.txt': 'f',
      'frozen/inner': { dir: true, mode: 0o555, mtime: new Date('2019-01-01T00:00:00Z') },
      frozen: { dir: true, mode: 0o500, mtime: new Date('2018-01-01T00:00:00Z') },
    });
    const up = await cli(['-r', `${src}/`, `${BUCKET}:dirmodes/`]);
    expect(up.code).toBe(0);

    const dst = await tempDir();
    const down = await cli(['-r', `${BUCKET}:dirmodes/`, `${dst}/`]);
    expect(down.stderr).toBe('');
    expect(down.code).toBe(0);
    const modeOf = async (p: string) => (await lstat(join(dst, p))).mode & 0o7777;
    const mtimeOf = async (p: string) => (await lstat(join(dst, p))).mtime.toISOString();
    expect(await modeOf('home/.ssh')).toBe(0o700);
    expect(await mtimeOf('home/.ssh')).toBe('2020-01-02T03:04:05.000Z');
    expect(await modeOf('frozen')).toBe(0o500);
    expect(await mtimeOf('frozen')).toBe('2018-01-01T00:00:00.000Z');
    expect(await modeOf('frozen/inner')).toBe(0o555);
    expect(await mtimeOf('frozen/inner')).toBe('2019-01-01T00:00:00.000Z');
    expect(await readFile(join(dst, 'frozen/inner/f.txt'), 'utf8')).toBe('f');
    // Writable again, so the temp dir can be removed.
    await chmod(join(dst, 'frozen'), 0o755);
    await chmod(join(dst, 'frozen/inner'), 0o755);
  });

  it.skipIf(!isRoot)('restores owner and group when running as root, keeping setuid bits', async () => {
    const src = await tempDir();
    await makeTree(src, {
      'owned.txt': 'mine',
      'sub/other.txt': 'theirs',
      suid: 'x',
      ln: { symlink: 'suid' },
    });
    await chown(join(src, 'owned.txt'), 1234, 1234);
    await chown(join(src, 'sub/other.txt'), 4321, 1234);
    await chown(join(src, 'suid'), 1234, 1234);
    await chmod(join(src, 'suid'), 0o4755);
    await lchown(join(src, 'ln'), 1234, 4321);
    expect((await cli(['-r', `${src}/`, `${BUCKET}:owners/`])).code).toBe(0);
    expect((await getObject(s3.server.endpoint, BUCKET, 'owners/owned.txt')).metadata).toMatchObject({
      owner: '1234',
      group: '1234',
    });

    const dst = await tempDir();
    const down = await cli(['-r', `${BUCKET}:owners/`, `${dst}/`]);
    expect(down.code).toBe(0);
    const a = await lstat(join(dst, 'owned.txt'));
    const b = await lstat(join(dst, 'sub/other.txt'));
    expect([a.uid, a.gid, b.uid, b.gid]).toEqual([1234, 1234, 4321, 1234]);
    const suid = await lstat(join(dst, 'suid'));
    expect([suid.uid, suid.gid, suid.mode & 0o7777]).toEqual([1234, 1234, 0o4755]);
    const ln = await lstat(join(dst, 'ln'));
    expect([ln.isSymbolicLink(), ln.uid, ln.gid]).toEqual([true, 1234, 4321]);
  });

  for (const mode of ['md5', 'no-md5'] as const) {
    it(`a second restore over an unchanged destination rewrites nothing (${mode})`, async () => {
      const src = await tempDir();
      await makeTree(src, { ...SAVED, 'deep/er/file.bin': randomBytes(5000) });
      const flags = mode === 'md5' ? ['-r'] : ['-r', '--no-md5'];
      expect((await cli([...flags, `${src}/`, `${BUCKET}:again-${mode}/`])).code).toBe(0);
      const dst = await tempDir();
      const first = await cli([...flags, `${BUCKET}:again-${mode}/`, `${dst}/`]);
      expect(first.code).toBe(0);
      const before = await inodes(dst);

      const second = await cli([...flags, '--delete', `${BUCKET}:again-${mode}/`, `${dst}/`]);
      expect(second.stderr).toBe('');
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(
        /done: files 0 created, 0 updated, 0 deleted, 8 unchanged(; directories \d+ unchanged)?; 0 B/,
      );
      // No temp file (the directories' mtimes), no rename (inode), no chmod or utimes (ctime).
      expect(await inodes(dst)).toEqual(before);

      // And the upload direction likewise sends nothing.
      const reup = await cli([...flags, `${src}/`, `${BUCKET}:again-${mode}/`]);
      expect(reup.stdout).toMatch(
        /done: files 0 created, 0 updated, 0 deleted, 8 unchanged(; directories \d+ unchanged)?; 0 B/,
      );
    });
  }

  it('objects written by other tools download with default permissions and LastModified as mtime', async () => {
    await putObject(s3.server.endpoint, BUCKET, 'foreign/plain.txt', 'from elsewhere');
    await putObject(s3.server.endpoint, BUCKET, 'foreign/odd-meta.txt', 'odd', {
      permissions: 'rwxr-xr-x',
      mtime: 'yesterday',
      owner: 'root',
      symlink: 'yes',
    });
    const listed = await s3Client(s3.server.endpoint).send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'foreign/' }),
    );
    const lastModified = (key: string) => {
      const t = listed.Contents?.find((o) => o.Key === key)?.LastModified?.getTime() ?? Number.NaN;
      return Math.floor(t / 1000) * 1000; // GET's Last-Modified header has whole seconds
    };

    const dst = await tempDir();
    const down = await cli(['-r', `${BUCKET}:foreign/`, `${dst}/`]);
    expect(down.stderr).toBe('');
    expect(down.code).toBe(0);
    const defaultMode = 0o666 & ~process.umask();
    expect(await readTree(dst, { mode: true, mtime: true })).toEqual({
      'odd-meta.txt': {
        kind: 'file',
        content: 'odd',
        mode: defaultMode,
        mtimeMs: lastModified('foreign/odd-meta.txt'),
      },
      'plain.txt': {
        kind: 'file',
        content: 'from elsewhere',
        mode: defaultMode,
        mtimeMs: lastModified('foreign/plain.txt'),
      },
    });
  });
});

describe('multipart objects', () => {
  const big = randomBytes(17 * MIB + 123);
  const ours = multipartEtag(big, 8 * MIB);
  const foreign = multipartEtag(big, 5 * MIB);
  let src: string;
  let proxy: FaultProxy;

  beforeAll(async () => {
    src = await tempDir();
    await makeTree(src, { 'big.bin': big, 'small.txt': 'small' });
    const up = await cli(['-r', `${src}/`, `${BUCKET}:mp/`]);
    expect(up.code).toBe(0);
    proxy = await startFaultProxy(s3.server.endpoint);
  });
  afterAll(() => proxy.stop());

  const operations = () => proxy.requests.map((r) => `${s3Operation(r)} ${r.url.split('?')[0]}`);
  // The forged ETag is not the one the upload recorded, so the compare cannot take the MD5 cache's word
  // that file and object agree; it falls back to "object written after the file's last change", which
  // whole-second LastModified decides by the clock unless the listing says a later second.
  const later = { 'mp/big.bin': new Date(Date.now() + 3_600_000) };
  const viaProxy = (etag: string, args: string[], modified?: Record<string, Date>) => {
    proxy.setRules([{ kind: 'setEtag', etags: { 'mp/big.bin': etag }, modified }]);
    proxy.requests.length = 0;
    return cli(args, proxy.endpoint);
  };

  it('were uploaded in parts with the whole-file MD5 in md5chksum', async () => {
    const head = await s3Client(s3.server.endpoint).send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: 'mp/big.bin' }),
    );
    expect(head.Metadata?.md5chksum).toBe(createHash('md5').update(big).digest('base64'));
    expect((await getObject(s3.server.endpoint, BUCKET, 'mp/big.bin')).body.equals(big)).toBe(true);
  });

  it('are unchanged on the next upload, by their own multipart ETag, without a HEAD', async () => {
    const run = await viaProxy(ours, ['-r', `${src}/`, `${BUCKET}:mp/`], later);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/0 created, 0 updated, 0 deleted, 2 unchanged/);
    expect(operations()).toEqual(['ListObjectsV2 /restore/']);
  });

  it('are unchanged on the next upload when another tool chose the part size, by md5chksum (one HEAD)', async () => {
    const run = await viaProxy(foreign, ['-r', `${src}/`, `${BUCKET}:mp/`], later);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/0 created, 0 updated, 0 deleted, 2 unchanged/);
    expect(operations()).toEqual(['ListObjectsV2 /restore/', 'HeadObject /restore/mp/big.bin']);
  });

  it('download verified by md5chksum, then are unchanged on the next download', async () => {
    const dst = await tempDir();
    const first = await viaProxy(ours, ['-r', `${BUCKET}:mp/`, `${dst}/`]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect((await readFile(join(dst, 'big.bin'))).equals(big)).toBe(true);
    // The metadata (md5chksum, mode, mtime) comes with the GET: no HEAD per object.
    expect(
      operations()
        .filter((o) => !o.startsWith('ListObjectsV2'))
        .sort(),
    ).toEqual(['GetObject /restore/mp/big.bin', 'GetObject /restore/mp/small.txt']);

    for (const etag of [ours, foreign]) {
      const again = await viaProxy(etag, ['-r', `${BUCKET}:mp/`, `${dst}/`]);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/0 created, 0 updated, 0 deleted, 2 unchanged/);
      expect(operations()).toEqual(
        etag === ours
          ? ['ListObjectsV2 /restore/']
          : ['ListObjectsV2 /restore/', 'HeadObject /restore/mp/big.bin'],
      );
    }
  });

  it('a multipart ETag that matches neither our parts nor an md5chksum is not trusted: the download fails, the old file stays', async () => {
    const dst = await tempDir();
    await writeFile(join(dst, 'big.bin'), big);
    await putObject(s3.server.endpoint, BUCKET, 'mp2/big.bin', big); // no md5chksum
    proxy.setRules([{ kind: 'setEtag', etags: { 'mp2/big.bin': foreign } }]);
    const run = await cli(['-r', `${BUCKET}:mp2/`, `${dst}/`], proxy.endpoint);
    // Nothing proves the bytes (no md5chksum, no checksum, no part layout behind the forged ETag): the
    // entry fails rather than keeping unverified bytes, and the local file is left as it was.
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/failed to download big\.bin: .*part layout/);
    expect((await readFile(join(dst, 'big.bin'))).equals(big)).toBe(true);
  });
});
