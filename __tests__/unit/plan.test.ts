// plan.ts: pairs in, an ordered Plan out. Listings are paired by pairListings, as sync() does, then
// planned; every rule of planSync and deleteGuard has a case that fails if the rule changes.
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RestoreInfo } from '../../src/core/metadata.js';
import { type Pairing, pairListings } from '../../src/core/pair.js';
import { deleteGuard, isPage, type PlanOptions, planSync } from '../../src/core/plan.js';
import type {
  DeleteAction,
  Direction,
  Entry,
  Listing,
  LocalLocation,
  Location,
  Plan,
  S3Location,
} from '../../src/core/types.js';
import {
  DIRECTIONS,
  folder,
  hadoopFolder,
  listing,
  localDir,
  localFile,
  NFC_E,
  NFD_E,
  object,
  s3syncNode,
  sidesOf,
  T,
  tree,
} from '../helpers/entries.js';

const LOCAL: LocalLocation = { kind: 'local', root: '/r' };
const SRC_S3: S3Location = { kind: 's3', bucket: 'src', prefix: 'from/' };
const DST_S3: S3Location = { kind: 's3', bucket: 'dst', prefix: 'to/' };
const LOCATIONS: Record<Direction, [Location, Location]> = {
  upload: [LOCAL, DST_S3],
  download: [SRC_S3, LOCAL],
  copy: [SRC_S3, DST_S3],
};

type Side = Entry[] | Listing;
const asListing = (s: Side): Listing => (Array.isArray(s) ? listing(s) : s);
const files = (l: Listing) => l.entries.filter((e) => e.kind !== 'dir').length;

/** Pairs and plans two listings as sync() does (the listing facts for the guard come from the listings). */
function run(direction: Direction, src: Side, dst: Side, opts: Partial<PlanOptions> = {}): Plan {
  const [s, d] = [asListing(src), asListing(dst)];
  const path = opts.path ?? nodePath.posix;
  const pairing = pairListings(s, d, { direction, path });
  const [source, destination] = LOCATIONS[direction];
  return planSync(pairing, {
    direction,
    by: 'md5',
    source,
    destination,
    delete: false,
    makeDirs: false,
    posixMetadata: false,
    restoreOwner: false,
    dirNodes: true,
    destRootPresent: true,
    listings: {
      sourceIncomplete: s.incomplete,
      destIncomplete: d.incomplete,
      sourceFiles: files(s),
      destFiles: files(d),
    },
    path,
    ...opts,
  });
}

/** Shorthand trees for a direction's two sides. */
function trees(direction: Direction, src: string[], dst: string[] = []): [Entry[], Entry[]] {
  const [s, d] = sidesOf(direction);
  return [tree(s, src), tree(d, dst)];
}

/** The plan as `op path` lines, `.` for the root: what a person reads in a dry run. */
const ops = (plan: Plan): string[] => plan.actions.map((a) => `${a.op} ${a.path || '.'}`);
const targets = (plan: Plan): string[] => plan.actions.map((a) => `${a.op} ${a.target}`);
const skippedPaths = (plan: Plan): string[] => plan.skipped.map((p) => p.path);

describe('planSync: order', () => {
  it.each(DIRECTIONS)(
    '%s: creates the missing root alone first, then directories parents before children, then files',
    (direction) => {
      const [src, dst] = trees(
        direction,
        ['b.txt', 'a/', 'a b/', 'a-b/', 'a/b/', 'a/b/c.txt', 'a/x.txt', 'a/b/d/'],
        [],
      );
      const plan = run(direction, src, listing(dst, { exists: false }), { destRootPresent: false });
      const op = direction;
      // Byte order puts a parent before its children (`a` < `a b` < `a-b` < `a/b`).
      expect(ops(plan)).toEqual([
        'mkdir .',
        'mkdir a',
        'mkdir a b',
        'mkdir a-b',
        'mkdir a/b',
        'mkdir a/b/d',
        `${op} a/b/c.txt`,
        `${op} a/x.txt`,
        `${op} b.txt`,
      ]);
      const made = new Set<string>();
      for (const a of plan.actions) {
        if (a.op !== 'mkdir') continue;
        if (a.path !== '') expect(made.has(nodePath.posix.dirname(a.path).replace(/^\.$/, ''))).toBe(true);
        made.add(a.path);
      }
    },
  );

  it.each<[string, Direction, Partial<PlanOptions>, Location | undefined, string[]]>([
    ['upload: the root is present', 'upload', { destRootPresent: true }, undefined, ['upload f']],
    [
      'upload: the bucket root needs no node',
      'upload',
      { destRootPresent: false },
      { kind: 's3', bucket: 'dst', prefix: '' },
      ['upload f'],
    ],
    [
      'copy: the bucket root needs no node',
      'copy',
      { destRootPresent: false },
      { kind: 's3', bucket: 'dst', prefix: '' },
      ['copy f'],
    ],
    ['download: the root is present', 'download', { destRootPresent: true }, undefined, ['download f']],
    [
      'download: the root is missing',
      'download',
      { destRootPresent: false },
      undefined,
      ['mkdir .', 'download f'],
    ],
    [
      'upload: no directory nodes',
      'upload',
      { destRootPresent: false, dirNodes: false },
      undefined,
      ['upload f'],
    ],
  ])('root node: %s', (_name, direction, opts, destination, expected) => {
    const [src] = trees(direction, ['f'], []);
    const plan = run(direction, src, [], { ...opts, ...(destination ? { destination } : {}) });
    expect(ops(plan)).toEqual(expected);
  });

  it.each<[Direction, string[]]>([
    ['upload', ['a.css', 'html.txt', 'x/z.js', 'index.html', 'x/page.HTM']],
    ['copy', ['a.css', 'html.txt', 'x/z.js', 'index.html', 'x/page.HTM']],
    // A download has no visitors to protect: plain path order.
    ['download', ['a.css', 'html.txt', 'index.html', 'x/page.HTM', 'x/z.js']],
  ])('%s: transfers pages (.html, .htm, any case) after every other file or not', (direction, expected) => {
    const [src, dst] = trees(
      direction,
      ['index.html', 'a.css', 'x/', 'x/page.HTM', 'x/z.js', 'html.txt'],
      ['x/'],
    );
    const plan = run(direction, src, dst);
    expect(ops(plan)).toEqual(expected.map((p) => `${direction} ${p}`));
  });

  it.each(DIRECTIONS)(
    '%s: deletes after transfers: files in path order, then directories deepest first',
    (direction) => {
      const [src, dst] = trees(
        direction,
        ['keep/', 'keep/a', 'new'],
        [
          'keep/',
          'keep/a',
          'keep/gone',
          'old/',
          'old/deeper/',
          'old/deeper/x',
          'old/y',
          'z=zz',
          'zz/',
          'zz/q/',
        ],
      );
      const plan = run(direction, src, dst, { delete: true });
      expect(ops(plan)).toEqual([
        `${direction} new`,
        'delete keep/gone',
        'delete old/deeper/x',
        'delete old/y',
        'delete z',
        'delete old/deeper',
        'delete zz/q',
        'delete old',
        'delete zz',
      ]);
      const del = plan.actions.filter((a): a is DeleteAction => a.op === 'delete');
      expect(del.find((a) => a.path === 'z')?.size).toBe(2);
      expect(del.filter((a) => a.dest.kind === 'dir').every((a) => a.size === 0)).toBe(true);
      expect(plan.deleteRefused).toBeUndefined();
    },
  );

  it.each(DIRECTIONS)('%s: deletes nothing without --delete', (direction) => {
    const [src, dst] = trees(direction, ['a'], ['a', 'gone', 'old/']);
    const plan = run(direction, src, dst);
    expect(plan.actions).toEqual([]);
    expect(plan.deleteRefused).toBeUndefined();
  });

  it('keeps metadata-only updates with the other files, before the pages', () => {
    const meta: RestoreInfo = { symlink: false, mode: 0o600 };
    const plan = run(
      'upload',
      [localFile('a.html', 'same'), localFile('b.css', 'new')],
      [object('a.html', 'same', { meta })],
      { posixMetadata: true },
    );
    expect(ops(plan)).toEqual(['metadata a.html', 'upload b.css']);
  });
});

describe('planSync: what is transferred, and what is counted unchanged', () => {
  it.each(DIRECTIONS)(
    '%s: updates changed files with the reason and the entry replaced, and counts equal ones',
    (direction) => {
      const [src, dst] = trees(
        direction,
        ['same', 'grown=longer', 'edited=new'],
        ['same', 'grown=short', 'edited=old'],
      );
      const plan = run(direction, src, dst);
      expect(plan.actions).toMatchObject([
        { op: direction, path: 'edited', reason: 'md5', size: 3, dest: { path: 'edited' } },
        { op: direction, path: 'grown', reason: 'size', size: 6, dest: { path: 'grown', size: 5 } },
      ]);
      expect(plan.unchanged).toBe(1);
      const created = run(direction, src, []);
      expect(created.actions.every((a) => a.op === direction && a.reason === 'missing' && !a.dest)).toBe(
        true,
      );
    },
  );

  it.each<[Direction, 'time' | 'size', string[]]>([
    ['upload', 'time', ['upload newer']],
    ['upload', 'size', []],
    ['download', 'time', ['download newer']],
    ['copy', 'time', ['copy newer']],
  ])('%s: compares by %s when told', (direction, by, expected) => {
    const [s, d] = sidesOf(direction);
    const make = (side: typeof s, path: string, content: string, seconds: number): Entry =>
      side === 'local'
        ? localFile(path, content, { mtime: seconds, mtimeMs: seconds * 1000, ctimeMs: seconds * 1000 })
        : object(path, content, { mtime: seconds });
    const plan = run(
      direction,
      [make(s, 'newer', 'aaa', T + 100), make(s, 'older', 'bbb', T - 100)],
      [make(d, 'newer', 'ccc', T), make(d, 'older', 'ddd', T)],
      { by },
    );
    expect(ops(plan)).toEqual(expected);
    expect(plan.unchanged).toBe(2 - expected.length);
  });

  it.each(DIRECTIONS)('%s: counts files and directories present at both ends apart', (direction) => {
    const [src, dst] = trees(direction, ['d/', 'd/a', 'e/', 'b', 'c=new'], ['d/', 'd/a', 'b', 'c=old', 'f/']);
    const plan = run(direction, src, dst);
    expect(ops(plan)).toEqual(['mkdir e', `${direction} c`]);
    expect(plan.unchanged).toBe(2);
    expect(plan.unchangedDirs).toBe(1);
  });

  it('download: a directory S3 only implies is not counted as an unchanged directory', () => {
    const plan = run('download', [object('i/x', 'i/x')], [localDir('i'), localFile('i/x', 'i/x')]);
    expect(plan.actions).toEqual([]);
    expect(plan.unchanged).toBe(1);
    expect(plan.unchangedDirs).toBe(0);
  });

  it.each<[string, 'md5' | 'time' | 'size', number, number, string | null]>([
    ['same bytes, source rewritten since', 'md5', T + 10, T, 'metadata'],
    ['same bytes, source older', 'md5', T - 10, T, null],
    ['same bytes, same second', 'md5', T, T, null],
    ['--size-only never looks at times', 'size', T + 10, T, null],
    ['--no-md5: newer is a content reason', 'time', T + 10, T, 'time'],
  ])('copy: %s (by %s)', (_name, by, srcTime, dstTime, reason) => {
    const plan = run(
      'copy',
      [object('f', 'same', { mtime: srcTime })],
      [object('f', 'same', { mtime: dstTime })],
      {
        by,
      },
    );
    if (reason === null) {
      expect(plan.actions).toEqual([]);
      expect(plan.unchanged).toBe(1);
    } else {
      expect(plan.actions).toMatchObject([{ op: 'copy', path: 'f', reason, target: 'to/f' }]);
      expect(plan.unchanged).toBe(0);
    }
  });

  it.each<[Direction, Partial<PlanOptions>]>([
    ['upload', {}],
    ['copy', {}],
  ])('%s: dirNodes false plans no directory nodes, not even the root', (direction, opts) => {
    const [src] = trees(direction, ['a/', 'a/b/', 'a/b/f', 'top']);
    const plan = run(direction, src, listing([], { exists: false }), {
      ...opts,
      dirNodes: false,
      destRootPresent: false,
    });
    expect(ops(plan)).toEqual([`${direction} a/b/f`, `${direction} top`]);
    expect(plan.unchangedDirs).toBe(0);
  });

  it('download: dirNodes false still makes local directories (a local directory is no node)', () => {
    const plan = run('download', [folder('a'), object('a/f')], [], { dirNodes: false });
    expect(ops(plan)).toEqual(['mkdir a', 'download a/f']);
  });

  it('copy: directories that the source only implies get no node (only nodes are copied)', () => {
    const plan = run('copy', [object('a/b/f'), folder('n'), object('n/g')], []);
    expect(ops(plan)).toEqual(['mkdir n', 'copy a/b/f', 'copy n/g']);
  });

  it('upload: a file beside a directory of the same name on S3 is uploaded; the directory goes with --delete', () => {
    // S3 holds `x` and `x/` side by side; only a local file system cannot.
    const plan = run('upload', [localFile('x', 'x')], [folder('x'), object('x/old')], { delete: true });
    expect(ops(plan)).toEqual(['upload x', 'delete x/old', 'delete x']);
    expect(plan.skipped).toEqual([]);
  });
});

describe('planSync: metadata-only updates', () => {
  const mode = (m: number): RestoreInfo => ({
    symlink: false,
    mode: m,
    mtimeMs: T * 1000,
    uid: 1000,
    gid: 1000,
  });

  it.each<[string, RestoreInfo | undefined, boolean, string | null]>([
    ['mode differs', mode(0o600), true, 'mode 600 → 644'],
    ['all equal', mode(0o644), true, null],
    ['metadata not read (nothing suggested it differs)', undefined, true, null],
    ['POSIX metadata off', mode(0o600), false, null],
    ['owner differs (uploads store it)', { ...mode(0o644), uid: 0 }, true, 'owner 0 → 1000'],
  ])('upload: %s', (_name, meta, posixMetadata, detail) => {
    const plan = run('upload', [localFile('f', 'same')], [object('f', 'same', { meta })], { posixMetadata });
    if (detail === null) {
      expect(plan.actions).toEqual([]);
      expect(plan.unchanged).toBe(1);
    } else {
      expect(plan.actions).toMatchObject([{ op: 'metadata', path: 'f', target: 'to/f', size: 4, detail }]);
      expect(plan.unchanged).toBe(0);
    }
  });

  it.each<[string, RestoreInfo | undefined, boolean, string | null]>([
    ['mode differs', mode(0o600), false, 'mode 644 → 600'],
    ['mtime differs', { symlink: false, mtimeMs: (T + 5) * 1000 }, false, /^mtime /.source],
    ['a field the object lacks is not restored, so not compared', { symlink: false }, false, null],
    ['owner differs, not restored', { ...mode(0o644), uid: 0 }, false, null],
    ['owner differs, restored (--owner as root)', { ...mode(0o644), uid: 0 }, true, 'owner 1000 → 0'],
    ['metadata not read', undefined, false, null],
  ])('download: %s', (_name, meta, restoreOwner, detail) => {
    const plan = run('download', [object('f', 'same', { meta })], [localFile('f', 'same')], {
      posixMetadata: true,
      restoreOwner,
    });
    if (detail === null) {
      expect(plan.actions).toEqual([]);
      expect(plan.unchanged).toBe(1);
    } else {
      expect(plan.actions).toMatchObject([{ op: 'metadata', path: 'f', target: '/r/f' }]);
      expect((plan.actions[0] as { detail: string }).detail).toMatch(new RegExp(detail));
    }
  });

  it('copy: never a metadata-only update (a copy carries the metadata)', () => {
    const plan = run(
      'copy',
      [object('f', 's', { meta: mode(0o600) })],
      [object('f', 's', { meta: mode(0o644) })],
      {
        posixMetadata: true,
      },
    );
    expect(plan.actions).toEqual([]);
    expect(plan.unchanged).toBe(1);
  });

  it('a content change wins over a metadata change', () => {
    const plan = run('upload', [localFile('f', 'new')], [object('f', 'old', { meta: mode(0o600) })], {
      posixMetadata: true,
    });
    expect(plan.actions).toMatchObject([{ op: 'upload', reason: 'md5' }]);
  });
});

describe('planSync: downloads and --make-dirs', () => {
  const s3 = [
    object('top'),
    object('a/b/c.txt'),
    folder('n'),
    object('n/x/y'),
    folder('m/k'),
    object('m/k/z'),
  ];

  it('without --make-dirs skips what lies under a directory with no node on S3 and none locally', () => {
    const plan = run('download', s3, []);
    expect(ops(plan)).toEqual(['mkdir n', 'download top']);
    expect(plan.skipped).toEqual([
      // Directories are planned first, so their skips come first.
      {
        path: 'm/k',
        message: 'parent directory "m" has no directory node on S3; use --make-dirs to create it',
      },
      {
        path: 'a/b/c.txt',
        message: 'parent directory "a" has no directory node on S3; use --make-dirs to create it',
      },
      {
        path: 'm/k/z',
        message: 'parent directory "m" has no directory node on S3; use --make-dirs to create it',
      },
      {
        path: 'n/x/y',
        message: 'parent directory "n/x" has no directory node on S3; use --make-dirs to create it',
      },
    ]);
  });

  it('without --make-dirs writes into a directory that exists locally, node or not', () => {
    const plan = run('download', s3, [
      localDir('a'),
      localDir('a/b'),
      localDir('m'),
      localDir('n'),
      localDir('n/x'),
    ]);
    expect(ops(plan)).toEqual([
      'mkdir m/k',
      'download a/b/c.txt',
      'download m/k/z',
      'download n/x/y',
      'download top',
    ]);
    expect(plan.skipped).toEqual([]);
  });

  it('with --make-dirs creates every directory S3 implies, parents first', () => {
    const plan = run('download', s3, [], { makeDirs: true });
    expect(ops(plan)).toEqual([
      'mkdir a',
      'mkdir a/b',
      'mkdir m',
      'mkdir m/k',
      'mkdir n',
      'mkdir n/x',
      'download a/b/c.txt',
      'download m/k/z',
      'download n/x/y',
      'download top',
    ]);
    expect(plan.actions.find((a) => a.path === 'a')).not.toHaveProperty('source');
    expect(plan.actions.find((a) => a.path === 'n')).toHaveProperty('source.kind', 'dir');
    expect(plan.skipped).toEqual([]);
  });

  it.each<Direction>(['upload', 'copy'])('%s: no parent is ever blocked', (direction) => {
    const [src] = trees(direction, ['a/b/c.txt']);
    const plan = run(direction, src, []);
    expect(ops(plan)).toEqual([`${direction} a/b/c.txt`]);
    expect(plan.skipped).toEqual([]);
  });
});

describe('planSync: conflicts and --delete', () => {
  it('download: never writes a path a conflict holds, and deletes nothing while one is skipped', () => {
    const plan = run(
      'download',
      [
        object('d', 'file on S3'), // local `d` is a directory
        folder('f'), // local `f` is a file
        object('f/inside'),
        object('x', 'file'), // and a directory prefix on S3
        object('x/y', 'x/y'),
        object('ok', 'ok'),
      ],
      [
        localDir('d'),
        localFile('d/local', 'mine'),
        localFile('f', 'a file'),
        localDir('x'),
        localFile('x/y', 'x/y'),
        localFile('gone', 'gone'),
      ],
      { delete: true },
    );
    // `d/local` is only "missing" from the source because S3's `d` is a file that was skipped: deleting
    // it would empty a directory the run reported it left alone.
    expect(ops(plan)).toEqual(['download ok']);
    // (What lies under `f` is reported too or not: pair.test.ts holds that rule.)
    expect(skippedPaths(plan)).toEqual(expect.arrayContaining(['d', 'f', 'x']));
    expect(skippedPaths(plan)).not.toContain('ok');
    expect(plan.deleteRefused).toMatch(/^\d+ source entries were skipped, so nothing is deleted$/);
  });

  it('download without --make-dirs: files skipped for want of a directory node refuse the deletes', () => {
    // A tree written with --no-dir-nodes: every file is skipped, and the local files must not go.
    const plan = run(
      'download',
      [object('new/x.txt', 'x'), object('new/y.txt', 'y')],
      [localDir('old'), localFile('old/a.txt', 'a'), localFile('old/b.txt', 'b')],
      { delete: true },
    );
    expect(ops(plan)).toEqual([]);
    expect(skippedPaths(plan)).toEqual(['new/x.txt', 'new/y.txt']);
    expect(plan.deleteRefused).toBe('2 source entries were skipped, so nothing is deleted');
  });

  it.each(DIRECTIONS)('%s: keeps a destination directory that holds excluded entries', (direction) => {
    const [s, d] = sidesOf(direction);
    const src = s === 'local' ? [localFile('a.txt', 'a')] : [object('a.txt', 'a')];
    const plan = run(direction, src, tree(d, ['a.txt=a', 'old/', 'old/x.txt=x', 'gone/']), {
      delete: true,
      listings: {
        sourceIncomplete: false,
        destIncomplete: false,
        sourceFiles: 1,
        destFiles: 2,
        destHoldsExcluded: new Set(['old']),
      },
    });
    expect(ops(plan)).toEqual(['delete old/x.txt', 'delete gone']);
  });

  it.each(DIRECTIONS)('%s: keeps a destination directory the source has, node or not', (direction) => {
    const [s, d] = sidesOf(direction);
    const src = s === 'local' ? [localDir('a'), localFile('a/b.txt')] : [object('a/b.txt')];
    const plan = run(direction, src, tree(d, ['a/', 'a/b.txt=x', 'c/']), { delete: true });
    expect(ops(plan)).toEqual(['delete c']);
  });

  it.each<Direction>(['upload', 'copy'])(
    '%s: does not delete an s3sync.rb node that the write of a same-named file replaces',
    (direction) => {
      // The node `x` has the very key the file `x` is written to: deleting it afterwards would delete
      // the new file. Console `y/` and Hadoop `z_$folder$` nodes have keys of their own and go.
      const [s] = sidesOf(direction);
      const plan = run(
        direction,
        tree(s, ['x', 'y', 'z']),
        [s3syncNode('x'), folder('y'), hadoopFolder('z'), object('x/old')],
        {
          delete: true,
        },
      );
      expect(targets(plan)).toEqual([
        `${direction} to/x`,
        `${direction} to/y`,
        `${direction} to/z`,
        'delete to/x/old',
        'delete to/y/',
        'delete to/z_$folder$',
      ]);
    },
  );

  it.each<Direction>(['upload', 'copy'])(
    '%s: a directory stored as both `x/` and `x_$folder$` (and as an s3sync.rb node) loses every node in one run',
    (direction) => {
      const [s] = sidesOf(direction);
      const plan = run(
        direction,
        tree(s, ['keep']),
        [folder('x'), hadoopFolder('x'), object('x/old'), s3syncNode('y'), folder('y'), object('keep')],
        { delete: true },
      );
      expect(targets(plan).filter((t) => t.startsWith('delete '))).toEqual([
        'delete to/x/old',
        'delete to/x/',
        'delete to/x_$folder$',
        'delete to/y/',
        'delete to/y',
      ]);
    },
  );

  it.each<Direction>(['upload', 'copy'])(
    '%s: of a directory stored in two styles, a node whose key a same-named file is written to stays',
    (direction) => {
      const [s] = sidesOf(direction);
      const plan = run(direction, tree(s, ['x']), [folder('x'), s3syncNode('x')], { delete: true });
      expect(targets(plan)).toEqual([`${direction} to/x`, 'delete to/x/']);
    },
  );

  // A local file named `_$folder$` is uploaded to `pre/_$folder$`, which the next listing reads as a
  // Hadoop marker for the root (tree/s3.ts entryFromObject): the upload is followed by a delete of the
  // very key it wrote, on every run.
  it('upload: a file named `_$folder$` is uploaded and its key is not deleted after', () => {
    const plan = run('upload', [localFile('_$folder$', 'data')], [object('_$folder$', 'data')], {
      delete: true,
    });
    expect(plan.actions).toEqual([]);
    expect(plan.unchanged).toBe(1);
  });

  it('upload: an empty file named `x_$folder$` is skipped (it would read back as a marker), and deletes wait', () => {
    const plan = run(
      'upload',
      [localFile('x_$folder$', ''), localFile('a/y_$folder$', ''), localFile('keep', 'k')],
      [object('gone', 'g')],
      { delete: true },
    );
    expect(ops(plan)).toEqual(['upload keep']);
    expect(skippedPaths(plan)).toEqual(['a/y_$folder$', 'x_$folder$']);
    expect(plan.deleteRefused).toBe('2 source entries were skipped, so nothing is deleted');
  });

  describe('without -r, a directory not descended into', () => {
    const listings = (sourceNotDescended: string[], destNotDescended: string[]) => ({
      sourceIncomplete: false,
      destIncomplete: false,
      sourceFiles: 1,
      destFiles: 1,
      sourceNotDescended: new Set(sourceNotDescended),
      destNotDescended: new Set(destNotDescended),
    });

    it('upload: keeps the destination node of a source directory, and deletes the rest', () => {
      const plan = run('upload', [localFile('top', 't')], [hadoopFolder('d'), object('gone', 'g')], {
        delete: true,
        listings: listings(['d'], []),
      });
      expect(ops(plan)).toEqual(['upload top', 'delete gone']);
    });

    it('download: a local file where the source has a directory is not deleted (and deletes wait)', () => {
      const plan = run(
        'download',
        [object('top', 't')],
        [localFile('d', 'precious'), localFile('gone', 'g')],
        {
          delete: true,
          listings: listings(['d'], []),
        },
      );
      expect(ops(plan)).toEqual(['download top']);
      expect(skippedPaths(plan)).toEqual(['d']);
      expect(plan.deleteRefused).toBe('1 source entry was skipped, so nothing is deleted');
    });

    it('download: a file is not written over a local directory', () => {
      const plan = run('download', [object('d', 'FILE'), object('top', 't')], [], {
        listings: listings([], ['d']),
      });
      expect(ops(plan)).toEqual(['download top']);
      expect(skippedPaths(plan)).toEqual(['d']);
    });
  });

  it('upload: a Hadoop marker that a file of its own name is written over is not deleted after', () => {
    // S3 holds an empty `x_$folder$` (a marker); the source has a file `x_$folder$` with bytes.
    const plan = run('upload', [localFile('x_$folder$', 'data')], [hadoopFolder('x')], { delete: true });
    expect(targets(plan)).toEqual(['upload to/x_$folder$']);
  });

  it('download: an s3sync.rb node on S3 is a directory like any other', () => {
    const plan = run(
      'download',
      [s3syncNode('n'), object('a', 'a')],
      [localFile('a', 'a'), localDir('old')],
      {
        delete: true,
      },
    );
    expect(ops(plan)).toEqual(['mkdir n', 'delete old']);
  });
});

describe('deleteGuard, through planSync', () => {
  it.each(DIRECTIONS)(
    '%s: refuses every delete when a listing was incomplete, and still transfers',
    (direction) => {
      for (const [srcExtra, dstExtra] of [
        [{ incomplete: true }, {}],
        [{}, { incomplete: true }],
      ]) {
        const [src, dst] = trees(direction, ['new'], ['gone']);
        const plan = run(direction, listing(src, srcExtra), listing(dst, dstExtra), { delete: true });
        expect(ops(plan)).toEqual([`${direction} new`]);
        expect(plan.deleteRefused).toBe('a listing was incomplete, so nothing is deleted');
      }
    },
  );

  it.each(DIRECTIONS)('%s: refuses every delete when twins make the pairing ambiguous', (direction) => {
    const [s, d] = sidesOf(direction);
    const twin = (name: string) => (s === 'local' ? localFile(name, name) : object(name, name));
    const plan = run(direction, [twin(NFC_E), twin(NFD_E), ...tree(s, ['new'])], tree(d, ['gone']), {
      delete: true,
    });
    expect(ops(plan)).toEqual([`${direction} new`]);
    expect(plan.deleteRefused).toMatch(/equal after Unicode normalisation/);
  });

  it.each<[number, string | undefined]>([
    [0, '3 deletes planned, more than --max-delete 0; nothing is deleted'],
    [2, '3 deletes planned, more than --max-delete 2; nothing is deleted'],
    [3, undefined],
  ])('--max-delete %d with 3 deletes (directories count)', (maxDelete, refused) => {
    for (const direction of DIRECTIONS) {
      const [src, dst] = trees(direction, ['k'], ['a', 'b', 'old/']);
      const plan = run(direction, src, dst, { delete: true, maxDelete });
      expect(plan.deleteRefused).toBe(refused);
      expect(ops(plan).filter((o) => o.startsWith('delete'))).toEqual(
        refused ? [] : ['delete a', 'delete b', 'delete old'],
      );
    }
  });

  it.each<[Direction, Entry[]]>([
    ['upload', [localDir('build'), localDir('build/empty')]],
    ['download', [folder('build'), folder('build/empty')]],
    ['download', [s3syncNode('build')]],
    ['copy', [hadoopFolder('build'), hadoopFolder('build/empty')]],
    ['copy', []],
  ])('%s: a source with no files (directories or markers alone) deletes no file', (direction, src) => {
    const [, d] = sidesOf(direction);
    const dst = tree(d, ['a', 'b', 'old/']);
    const refused = run(direction, src, dst, { delete: true });
    expect(ops(refused).filter((o) => o.startsWith('delete'))).toEqual([]);
    expect(refused.deleteRefused).toBe(
      'the source has no files; refusing to delete 2 files at the destination (give --max-delete to allow)',
    );
    // One file: the message counts it right.
    expect(run(direction, src, tree(d, ['a']), { delete: true }).deleteRefused).toMatch(
      /refusing to delete 1 file at/,
    );
    // --max-delete says the user means it.
    const allowed = run(direction, src, dst, { delete: true, maxDelete: 10 });
    expect(allowed.deleteRefused).toBeUndefined();
    expect(ops(allowed)).toContain('delete a');
  });

  it.each(DIRECTIONS)('%s: a source with no files may still delete directories', (direction) => {
    const [s, d] = sidesOf(direction);
    const plan = run(direction, tree(s, ['keep/']), tree(d, ['keep/', 'old/', 'old/sub/']), { delete: true });
    expect(ops(plan)).toEqual(['delete old/sub', 'delete old']);
    expect(plan.deleteRefused).toBeUndefined();
  });

  it.each(DIRECTIONS)('%s: an empty source with an empty destination is fine', (direction) => {
    const plan = run(direction, [], [], { delete: true });
    expect(plan.actions).toEqual([]);
    expect(plan.deleteRefused).toBeUndefined();
  });

  it('says nothing was refused when there was nothing to delete', () => {
    const plan = run('upload', listing([localFile('a', 'a')], { incomplete: true }), [object('a', 'a')], {
      delete: true,
    });
    expect(plan.deleteRefused).toBeUndefined();
  });
});

describe('deleteGuard: the first reason wins', () => {
  const pairing = (ambiguous: boolean): Pairing => ({ pairs: [], conflicts: [], held: new Set(), ambiguous });
  const del = (path: string, kind: 'file' | 'dir' = 'file'): DeleteAction => ({
    op: 'delete',
    path,
    target: path,
    size: 0,
    dest: kind === 'file' ? localFile(path) : localDir(path),
  });
  const opts = (o: Partial<PlanOptions['listings']>, maxDelete?: number): PlanOptions => ({
    direction: 'upload',
    by: 'md5',
    source: LOCAL,
    destination: DST_S3,
    delete: true,
    maxDelete,
    makeDirs: false,
    posixMetadata: false,
    restoreOwner: false,
    dirNodes: true,
    destRootPresent: true,
    listings: { sourceIncomplete: false, destIncomplete: false, sourceFiles: 1, destFiles: 1, ...o },
  });

  it.each<
    [
      string,
      boolean,
      Partial<PlanOptions['listings']>,
      number | undefined,
      DeleteAction[],
      RegExp | undefined,
    ]
  >([
    ['incomplete before ambiguous', true, { destIncomplete: true }, undefined, [del('a')], /incomplete/],
    ['ambiguous before --max-delete', true, {}, 0, [del('a')], /Unicode/],
    ['--max-delete before the empty source', false, { sourceFiles: 0 }, 0, [del('a')], /--max-delete 0/],
    ['--max-delete given: an empty source may delete', false, { sourceFiles: 0 }, 1, [del('a')], undefined],
    [
      'directory deletes alone pass the empty source',
      false,
      { sourceFiles: 0 },
      undefined,
      [del('d', 'dir')],
      undefined,
    ],
    ['a source with files passes', false, {}, undefined, [del('a'), del('b')], undefined],
  ])('%s', (_name, ambiguous, listings, maxDelete, deletes, expected) => {
    const got = deleteGuard(pairing(ambiguous), opts(listings, maxDelete), deletes);
    if (expected) expect(got).toMatch(expected);
    else expect(got).toBeUndefined();
  });
});

describe('planSync: targets', () => {
  it('upload: new keys go under the prefix; existing keys, NFD or other node styles, are reused', () => {
    const plan = run(
      'upload',
      [
        localDir('a'),
        localFile('a/new'),
        localFile(`caf${NFC_E}`, 'changed'),
        localDir('h'),
        localFile('h/f'),
        localDir('s'),
        localFile('s/f'),
      ],
      [object(`caf${NFD_E}`, 'old'), hadoopFolder('h'), s3syncNode('s'), object('gone'), folder('old')],
      { delete: true, destRootPresent: false },
    );
    expect(targets(plan)).toEqual([
      'mkdir to/',
      'mkdir to/a/',
      'upload to/a/new',
      `upload to/caf${NFD_E}`,
      // Under a node of another style, new keys go where that tool's directory is.
      'upload to/h/f',
      'upload to/s/f',
      'delete to/gone',
      'delete to/old/',
    ]);
  });

  it.each<Direction>(['upload', 'copy'])(
    '%s: new keys under an existing NFD directory node keep that node name, however deep',
    (direction) => {
      const [s] = sidesOf(direction);
      const dir = `caf${NFC_E}`;
      const plan = run(direction, tree(s, [`${dir}/`, `${dir}/new`, `${dir}/sub/`, `${dir}/sub/f`]), [
        object(`caf${NFD_E}/`, ''),
      ]);
      expect(plan.unchangedDirs).toBe(1);
      expect(targets(plan)).toEqual([
        `mkdir to/caf${NFD_E}/sub/`,
        `${direction} to/caf${NFD_E}/new`,
        `${direction} to/caf${NFD_E}/sub/f`,
      ]);
    },
  );

  // The same rule for a directory the destination has only through its keys (no node: what `aws s3
  // sync` and most tools leave). Without it a directory becomes two prefixes that normalise alike.
  it('upload: new keys under an NFD directory that S3 only implies keep that name', () => {
    const plan = run(
      'upload',
      [localDir(`caf${NFC_E}`), localFile(`caf${NFC_E}/old`, 'o'), localFile(`caf${NFC_E}/new`)],
      [object(`caf${NFD_E}/old`, 'o')],
    );
    expect(targets(plan)).toContain(`upload to/caf${NFD_E}/new`);
  });

  // A directory whose own name ends in `_$folder$` is not a Hadoop marker: its name is kept whole.
  it('upload: a console node named `x_$folder$/` keeps its whole name as the parent of new keys', () => {
    const plan = run('upload', [localDir('x_$folder$'), localFile('x_$folder$/new')], [folder('x_$folder$')]);
    expect(targets(plan)).toEqual(['upload to/x_$folder$/new']);
  });

  it('download: a local directory named `x_$folder$` keeps its whole name as the parent of new files', () => {
    const plan = run('download', [object('x_$folder$/new')], [localDir('x_$folder$')]);
    expect(targets(plan)).toEqual(['download /r/x_$folder$/new']);
  });

  it('download: local targets under the root; existing NFD names, of files and directories, are reused', () => {
    const plan = run(
      'download',
      [folder('a'), object('a/b.txt'), object(`caf${NFC_E}`, 'new'), object(`d${NFC_E}/new`)],
      [localFile(`caf${NFD_E}`, 'old'), localDir(`d${NFD_E}`), localFile('gone'), localDir('old')],
      { delete: true, destRootPresent: false },
    );
    expect(targets(plan)).toEqual([
      'mkdir /r',
      'mkdir /r/a',
      'download /r/a/b.txt',
      `download /r/caf${NFD_E}`,
      `download /r/d${NFD_E}/new`,
      'delete /r/gone',
      'delete /r/old',
    ]);
  });

  it('download on Windows: targets are win32 paths under the root', () => {
    const destination: LocalLocation = { kind: 'local', root: 'C:\\r' };
    const plan = run(
      'download',
      [folder('a'), object('a/b.txt'), object('top', 'new')],
      [localFile('top', 'old'), localFile('gone'), localDir('old')],
      { delete: true, destRootPresent: false, destination, path: nodePath.win32 },
    );
    expect(targets(plan)).toEqual([
      'mkdir C:\\r',
      'mkdir C:\\r\\a',
      'download C:\\r\\a\\b.txt',
      'download C:\\r\\top',
      'delete C:\\r\\gone',
      'delete C:\\r\\old',
    ]);
  });

  it('copy: targets are keys under the destination prefix, whatever the source prefix', () => {
    const plan = run(
      'copy',
      [folder('d'), object('d/f'), object('g', 'new')],
      [object('g', 'old'), object('gone')],
      {
        delete: true,
        destRootPresent: false,
      },
    );
    expect(targets(plan)).toEqual(['mkdir to/', 'mkdir to/d/', 'copy to/d/f', 'copy to/g', 'delete to/gone']);
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
