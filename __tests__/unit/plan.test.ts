// plan.ts: two listings in, an ordered Plan out. Each rule has a case that fails if the rule changes.
import { describe, expect, it } from 'vitest';
import { deleteGuard, isPage, type PlanOptions, planSync } from '../../src/core/plan.js';
import type { Entry, Listing, Plan } from '../../src/core/types.js';

// Entries in shorthand: a file's content stands in for its MD5 (planning only compares them).
const f = (path: string, content = 'x', extra: Partial<Entry> = {}): Entry => ({
  path,
  kind: 'file',
  size: content.length,
  mtime: 1000,
  md5: content,
  ...extra,
});
const d = (path: string): Entry => ({ path, kind: 'dir', size: 0, mtime: 1000 });
const listing = (entries: Entry[], extra: Partial<Listing> = {}): Listing => ({
  exists: true,
  entries,
  problems: [],
  incomplete: false,
  ...extra,
});

const upload: PlanOptions = {
  direction: 'upload',
  md5: true,
  delete: false,
  makeDirs: false,
  destRootPresent: true,
  destRootNeedsNode: true,
};
const download: PlanOptions = { ...upload, direction: 'download' };

/** The plan as `op path` lines, the shape a person reads in a dry run. */
const ops = (plan: Plan): string[] => plan.actions.map((a) => `${a.op} ${a.path}`);
const skippedPaths = (plan: Plan): string[] => plan.skipped.map((p) => p.path);

describe('planSync: creating, updating, leaving alone', () => {
  it('creates what the destination lacks: directories first (parents before children), then files', () => {
    const plan = planSync(
      listing([f('b.txt'), d('sub'), f('sub/deep/c.txt'), d('sub/deep'), d('empty'), f('a.txt')]),
      listing([]),
      upload,
    );
    expect(ops(plan)).toEqual([
      'mkdir empty',
      'mkdir sub',
      'mkdir sub/deep',
      'upload a.txt',
      'upload b.txt',
      'upload sub/deep/c.txt',
    ]);
    expect(plan.actions.every((a) => a.op !== 'upload' || (a.reason === 'missing' && !a.dest))).toBe(true);
    expect(plan.unchanged).toBe(0);
    expect(plan.skipped).toEqual([]);
  });

  it('creates the destination root first when it is missing and needs a node', () => {
    const plan = planSync(listing([f('a')]), listing([], { exists: false }), {
      ...upload,
      destRootPresent: false,
    });
    expect(ops(plan)).toEqual(['mkdir ', 'upload a']);
  });

  it('does not create a root node at the bucket root, nor when the root is present', () => {
    const noNode = planSync(listing([f('a')]), listing([]), {
      ...upload,
      destRootPresent: false,
      destRootNeedsNode: false,
    });
    expect(ops(noNode)).toEqual(['upload a']);
    expect(ops(planSync(listing([f('a')]), listing([]), upload))).toEqual(['upload a']);
  });

  it('leaves identical files and existing directories alone and counts the files as unchanged', () => {
    const src = listing([d('sub'), f('sub/a', 'same'), f('b', 'same')]);
    const dst = listing([d('sub'), f('sub/a', 'same'), f('b', 'same')]);
    const plan = planSync(src, dst, upload);
    expect(plan.actions).toEqual([]);
    expect(plan.unchanged).toBe(2);
  });

  it('updates a changed file and keeps the replaced entry and the reason on the action', () => {
    const old = f('a', 'old');
    const plan = planSync(
      listing([f('a', 'new'), f('b', 'longer')]),
      listing([old, f('b', 'short')]),
      upload,
    );
    expect(plan.actions).toMatchObject([
      { op: 'upload', path: 'a', size: 3, reason: 'md5', dest: old },
      { op: 'upload', path: 'b', size: 6, reason: 'size' },
    ]);
  });

  it('compares by time with --no-md5', () => {
    const plan = planSync(
      listing([f('new', 'x', { mtime: 2000 }), f('old', 'x', { mtime: 500 })]),
      listing([f('new', 'y', { mtime: 1000 }), f('old', 'y', { mtime: 1000 })]),
      { ...upload, md5: false },
    );
    expect(plan.actions).toMatchObject([{ op: 'upload', path: 'new', reason: 'time' }]);
    expect(plan.unchanged).toBe(1);
  });

  it('uploads pages (.html, .htm, any case) after every other file', () => {
    const plan = planSync(
      listing([f('index.html'), f('a.css'), f('x/page.HTM'), f('z.js'), f('html.txt')]),
      listing([]),
      upload,
    );
    expect(ops(plan)).toEqual([
      'upload a.css',
      'upload html.txt',
      'upload z.js',
      'upload index.html',
      'upload x/page.HTM',
    ]);
  });

  it('matches keys exactly: xyz beside xyz2, test/ beside test-123.txt, spaces, + and %', () => {
    const names = ['xyz', 'xyz2', 'test-123.txt', 'test/f', 'a b.txt', 'a+b.txt', 'a%20b.txt', 'é.txt'];
    const src = listing([d('test'), ...names.map((n) => f(n, n))]);
    const dst = listing([d('test'), ...names.map((n) => f(n, n))]);
    const plan = planSync(src, dst, { ...upload, delete: true });
    expect(plan.actions).toEqual([]);
    expect(plan.unchanged).toBe(names.length);

    // Only the one that changed moves; its neighbours with a common prefix stay.
    const changed = listing([d('test'), ...names.map((n) => f(n, n === 'xyz' ? 'XYZ' : n))]);
    expect(ops(planSync(changed, dst, { ...upload, delete: true }))).toEqual(['upload xyz']);
    // A missing neighbour is deleted alone.
    const fewer = listing([d('test'), ...names.filter((n) => n !== 'test-123.txt').map((n) => f(n, n))]);
    expect(ops(planSync(fewer, dst, { ...upload, delete: true }))).toEqual(['delete test-123.txt']);
  });
});

describe('planSync: --delete', () => {
  const src = listing([d('keep'), f('keep/a')]);
  const dst = listing([
    d('keep'),
    f('keep/a'),
    f('keep/gone'),
    d('old'),
    d('old/deeper'),
    f('old/deeper/x'),
    f('old/y'),
    f('z'),
  ]);

  it('deletes nothing without --delete', () => {
    expect(planSync(src, dst, upload).actions).toEqual([]);
  });

  it('deletes what the source lacks: files first, then directories deepest first', () => {
    const plan = planSync(src, dst, { ...upload, delete: true });
    expect(ops(plan)).toEqual([
      'delete keep/gone',
      'delete old/deeper/x',
      'delete old/y',
      'delete z',
      'delete old/deeper',
      'delete old',
    ]);
    expect(plan.actions[0]).toMatchObject({ op: 'delete', size: 1, dest: { path: 'keep/gone' } });
    expect(plan.actions.at(-1)).toMatchObject({ size: 0, dest: { kind: 'dir' } });
  });

  it('puts deletes after creates and updates', () => {
    const plan = planSync(listing([f('new')]), listing([f('gone')]), { ...upload, delete: true });
    expect(ops(plan)).toEqual(['upload new', 'delete gone']);
  });

  it('keeps a directory that S3 only implies (a key below it) on download', () => {
    // S3 has `a/b.txt` but no `a/` node; the local directory `a` is still part of the source tree.
    const plan = planSync(listing([f('a/b.txt')]), listing([d('a'), f('a/b.txt'), d('c')]), {
      ...download,
      delete: true,
    });
    expect(ops(plan)).toEqual(['delete c']);
  });

  it('does not delete an s3sync.rb node that the upload of a same-named file replaces', () => {
    // Regression: `x` (s3sync.rb node, key `pre/x`) was deleted after the file `x` had been uploaded to
    // that very key. Console-style `x/` and `x_$folder$` nodes have keys of their own and still go.
    const node = (path: string, key: string): Entry => ({ ...d(path), key });
    const plan = planSync(
      listing([f('x'), f('y'), f('z')]),
      listing([node('x', 'pre/x'), node('y', 'pre/y/'), node('z', 'pre/z_$folder$'), f('x/old', 'o')]),
      { ...upload, delete: true },
    );
    expect(ops(plan)).toEqual(['upload x', 'upload y', 'upload z', 'delete x/old', 'delete y', 'delete z']);
    // On download the node is a local directory like any other.
    const down = planSync(listing([f('a')]), listing([node('x', 'pre/x'), f('a')]), {
      ...download,
      delete: true,
    });
    expect(ops(down)).toEqual(['delete x']);
  });

  it('refuses the whole delete phase when a listing was incomplete, and still transfers', () => {
    for (const [s, t] of [
      [listing([f('new')], { incomplete: true }), listing([f('gone')])],
      [listing([f('new')]), listing([f('gone')], { incomplete: true })],
    ] as const) {
      const plan = planSync(s, t, { ...upload, delete: true });
      expect(ops(plan)).toEqual(['upload new']);
      expect(plan.deleteRefused).toMatch(/listing was incomplete/);
    }
  });

  it('refuses above --max-delete and allows up to it', () => {
    const three = listing([f('a'), f('b'), f('c')]);
    const over = planSync(listing([f('k')]), three, { ...upload, delete: true, maxDelete: 2 });
    expect(ops(over)).toEqual(['upload k']);
    expect(over.deleteRefused).toMatch(/3 deletes planned, more than --max-delete 2/);
    const at = planSync(listing([f('k')]), three, { ...upload, delete: true, maxDelete: 3 });
    expect(ops(at)).toEqual(['upload k', 'delete a', 'delete b', 'delete c']);
    expect(at.deleteRefused).toBeUndefined();
  });

  it('refuses to empty the destination from an empty source unless --max-delete is given', () => {
    const refused = planSync(listing([]), listing([f('a'), f('b')]), { ...upload, delete: true });
    expect(refused.actions).toEqual([]);
    expect(refused.deleteRefused).toMatch(/source is empty; refusing to delete all 2 entries/);
    const allowed = planSync(listing([]), listing([f('a'), f('b')]), {
      ...upload,
      delete: true,
      maxDelete: 5,
    });
    expect(ops(allowed)).toEqual(['delete a', 'delete b']);
  });

  it('says nothing was refused when there was nothing to delete', () => {
    const plan = planSync(listing([f('a')], { incomplete: true }), listing([f('a')]), {
      ...upload,
      delete: true,
    });
    expect(plan.deleteRefused).toBeUndefined();
  });
});

describe('planSync: downloads and directories', () => {
  it('skips a key whose parent has neither a node on S3 nor a local directory, naming --make-dirs', () => {
    const plan = planSync(listing([f('top'), f('a/b/c.txt'), d('n'), f('n/x/y')]), listing([]), download);
    expect(ops(plan)).toEqual(['mkdir n', 'download top']);
    expect(plan.skipped).toEqual([
      {
        path: 'a/b/c.txt',
        message: 'parent directory "a" has no directory node on S3; use --make-dirs to create it',
      },
      {
        path: 'n/x/y',
        message: 'parent directory "n/x" has no directory node on S3; use --make-dirs to create it',
      },
    ]);
  });

  it('also skips a directory node below a directory that has none', () => {
    const plan = planSync(listing([d('a/b'), f('a/b/c')]), listing([]), download);
    expect(ops(plan)).toEqual([]);
    expect(skippedPaths(plan)).toEqual(['a/b', 'a/b/c']);
    expect(plan.skipped[0]?.message).toMatch(/--make-dirs/);
  });

  it('downloads into a parent that exists locally even without a node', () => {
    const plan = planSync(listing([f('a/b.txt')]), listing([d('a')]), download);
    expect(ops(plan)).toEqual(['download a/b.txt']);
    expect(plan.skipped).toEqual([]);
  });

  it('creates every implied directory with --make-dirs', () => {
    const plan = planSync(listing([f('top'), f('a/b/c.txt'), d('n'), f('n/x/y')]), listing([]), {
      ...download,
      makeDirs: true,
    });
    expect(ops(plan)).toEqual([
      'mkdir a',
      'mkdir a/b',
      'mkdir n',
      'mkdir n/x',
      'download a/b/c.txt',
      'download n/x/y',
      'download top',
    ]);
    expect(plan.skipped).toEqual([]);
  });

  it('creates empty directory nodes on download too', () => {
    const plan = planSync(listing([d('empty'), d('empty/inner')]), listing([]), download);
    expect(ops(plan)).toEqual(['mkdir empty', 'mkdir empty/inner']);
  });

  it('skips a key that is both a file and a directory prefix on S3, and never deletes it locally', () => {
    const plan = planSync(listing([f('x'), d('x'), f('x/y')]), listing([]), download);
    expect(ops(plan)).toEqual(['mkdir x', 'download x/y']);
    expect(plan.skipped).toEqual([
      { path: 'x', message: 'is both a file and a directory prefix on S3; the file is skipped' },
    ]);
    // A local file of that name stays (and blocks the directory), even with --delete.
    const withLocal = planSync(listing([f('x'), d('x'), f('x/y')]), listing([f('x')]), {
      ...download,
      delete: true,
    });
    expect(ops(withLocal)).toEqual([]);
    expect(skippedPaths(withLocal)).toEqual(['x', 'x', 'x/y']);
  });

  it('skips a file on S3 that is a directory locally, and keeps the directory', () => {
    const plan = planSync(listing([f('d')]), listing([d('d'), f('d/local')]), { ...download, delete: true });
    expect(skippedPaths(plan)).toEqual(['d']);
    expect(plan.skipped[0]?.message).toMatch(/directory locally but a file on S3/);
    expect(ops(plan)).toEqual(['delete d/local']);
  });

  it('skips a directory on S3 that is a file locally, with everything below it', () => {
    const plan = planSync(listing([d('d'), f('d/a'), f('ok')]), listing([f('d')]), {
      ...download,
      delete: true,
    });
    expect(ops(plan)).toEqual(['download ok']);
    expect(plan.skipped).toEqual([
      { path: 'd', message: 'is a file locally but a directory on S3; skipped with its contents' },
      { path: 'd/a', message: 'parent "d" is not a directory locally' },
    ]);
  });

  it('does not apply the download-only rules to uploads', () => {
    // On S3 a key `x` and a prefix `x/` can live side by side; an upload simply writes both.
    const plan = planSync(listing([f('a/b/c')]), listing([]), upload);
    expect(ops(plan)).toEqual(['upload a/b/c']);
  });
});

describe('deleteGuard', () => {
  it.each<[string, Listing, Listing, number, number | undefined, RegExp | undefined]>([
    ['complete listings', listing([f('a')]), listing([f('b')]), 1, undefined, undefined],
    [
      'incomplete source',
      listing([f('a')], { incomplete: true }),
      listing([f('b')]),
      1,
      undefined,
      /incomplete/,
    ],
    [
      'incomplete destination',
      listing([f('a')]),
      listing([f('b')], { incomplete: true }),
      1,
      undefined,
      /incomplete/,
    ],
    ['over --max-delete', listing([f('a')]), listing([f('b')]), 2, 1, /more than --max-delete 1/],
    ['--max-delete 0 with a delete', listing([f('a')]), listing([f('b')]), 1, 0, /more than --max-delete 0/],
    ['at --max-delete', listing([f('a')]), listing([f('b')]), 2, 2, undefined],
    ['empty source', listing([]), listing([f('b')]), 1, undefined, /source is empty/],
    ['empty source with --max-delete', listing([]), listing([f('b')]), 1, 10, undefined],
    ['empty source and destination', listing([]), listing([]), 0, undefined, undefined],
  ])('%s', (_name, src, dst, deletes, maxDelete, expected) => {
    const got = deleteGuard(src, dst, deletes, maxDelete);
    if (expected) expect(got).toMatch(expected);
    else expect(got).toBeUndefined();
  });
});

describe('isPage', () => {
  it.each([
    ['index.html', true],
    ['a/b.HTM', true],
    ['a.htm', true],
    ['a.html.gz', false],
    ['html', false],
    ['a.xhtml', false],
  ])('%s → %s', (path, expected) => {
    expect(isPage(path)).toBe(expected);
  });
});
