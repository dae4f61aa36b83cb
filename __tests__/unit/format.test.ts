// render/format.ts: the one vocabulary a person reads, planned or done: sizes, durations, one line per
// action, reason codes, and the summary line.
import { describe, expect, it } from 'vitest';
import type { PlanAction, SyncReport, SyncTotals, TransferReason } from '../../src/core/types.js';
import {
  actionLine,
  changeKind,
  displayPath,
  formatBytes,
  formatDuration,
  REASON_CODES,
  reasonCode,
  reasonText,
  summaryLine,
  verb,
} from '../../src/render/format.js';
import { localDir, localFile, object } from '../helpers/entries.js';

const create: PlanAction = {
  op: 'upload',
  path: 'etc/hosts',
  target: 'pre/etc/hosts',
  size: 1234,
  reason: 'missing',
  source: localFile('etc/hosts'),
};
const update: PlanAction = { ...create, reason: 'md5', dest: object('etc/hosts') };
const download: PlanAction = {
  op: 'download',
  path: 'a b+%.txt',
  target: '/r/a b+%.txt',
  size: 5,
  reason: 'size',
  source: object('a b+%.txt'),
  dest: localFile('a b+%.txt'),
};
const copy: PlanAction = {
  ...create,
  op: 'copy',
  source: object('etc/hosts'),
  dest: object('etc/hosts'),
  reason: 'metadata',
};
const metadata: PlanAction = {
  op: 'metadata',
  path: 'bin/run',
  target: 'pre/bin/run',
  size: 10,
  source: localFile('bin/run'),
  dest: object('bin/run'),
  detail: 'mode 644 → 755',
};
const mkdir: PlanAction = { op: 'mkdir', path: 'etc/sub', target: 'pre/etc/sub/' };
const mkroot: PlanAction = { op: 'mkdir', path: '', target: 'pre/' };
const delFile: PlanAction = {
  op: 'delete',
  path: 'old.txt',
  target: 'pre/old.txt',
  size: 2_500_000,
  dest: object('old.txt'),
};
const delDir: PlanAction = { op: 'delete', path: 'old', target: '/r/old', size: 0, dest: localDir('old') };
const hostile: PlanAction = { ...create, path: 'a\nupload b\u001b[2J' };

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [1234, '1.2 kB'],
    [9_949, '9.9 kB'],
    [9_999, '10 kB'],
    [12_345, '12 kB'],
    [999_499, '999 kB'],
    [999_999, '1.0 MB'],
    [20 * 1024 * 1024, '21 MB'],
    [1.5e9, '1.5 GB'],
    [1e15, '1.0 PB'],
    [2e18, '2000 PB'],
  ])('%d → %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0.00 s'],
    [1234, '1.23 s'],
    // Rounded before the unit is chosen: never "10.00 s".
    [9_999, '10 s'],
    [9_994, '9.99 s'],
    [10_000, '10 s'],
    [12_345, '12 s'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('one line per action, the same planned or done', () => {
  it.each<[string, PlanAction, string, string, 'create' | 'update' | 'delete', string, string]>([
    // name, action, verb, path, change, line, line with the reason (dry run, -v)
    [
      'new upload',
      create,
      'upload',
      'etc/hosts',
      'create',
      'upload etc/hosts (1.2 kB)',
      'upload etc/hosts (1.2 kB, new)',
    ],
    [
      'changed upload',
      update,
      'upload',
      'etc/hosts',
      'update',
      'upload etc/hosts (1.2 kB)',
      'upload etc/hosts (1.2 kB, content differs)',
    ],
    [
      'download',
      download,
      'download',
      'a b+%.txt',
      'update',
      'download a b+%.txt (5 B)',
      'download a b+%.txt (5 B, size differs)',
    ],
    [
      'copy',
      copy,
      'copy',
      'etc/hosts',
      'update',
      'copy etc/hosts (1.2 kB)',
      'copy etc/hosts (1.2 kB, metadata differs)',
    ],
    // A metadata-only update always says what changes; it moves no content.
    [
      'metadata',
      metadata,
      'metadata',
      'bin/run',
      'update',
      'metadata bin/run (mode 644 → 755)',
      'metadata bin/run (mode 644 → 755)',
    ],
    ['mkdir', mkdir, 'mkdir', 'etc/sub/', 'create', 'mkdir etc/sub/', 'mkdir etc/sub/'],
    ['the root', mkroot, 'mkdir', './', 'create', 'mkdir ./', 'mkdir ./'],
    [
      'delete a file',
      delFile,
      'delete',
      'old.txt',
      'delete',
      'delete old.txt (2.5 MB)',
      'delete old.txt (2.5 MB)',
    ],
    ['delete a directory', delDir, 'delete', 'old/', 'delete', 'delete old/', 'delete old/'],
    [
      'a hostile name',
      hostile,
      'upload',
      'a\\x0aupload b\\x1b[2J',
      'create',
      'upload a\\x0aupload b\\x1b[2J (1.2 kB)',
      'upload a\\x0aupload b\\x1b[2J (1.2 kB, new)',
    ],
  ])('%s', (_name, action, v, path, change, line, withReason) => {
    expect(verb(action)).toBe(v);
    expect(displayPath(action)).toBe(path);
    expect(changeKind(action)).toBe(change);
    expect(actionLine(action)).toBe(line);
    expect(actionLine(action, { reason: true })).toBe(withReason);
  });

  it('shows the bytes a transfer moved when given, never for a delete', () => {
    expect(actionLine(create, { bytes: 99 })).toBe('upload etc/hosts (99 B)');
    expect(actionLine(delFile, { bytes: 99 })).toBe('delete old.txt (2.5 MB)');
  });

  it('escapes a metadata detail too', () => {
    expect(actionLine({ ...metadata, detail: 'mode\n::error::x' })).toBe(
      'metadata bin/run (mode\\x0a::error::x)',
    );
  });
});

describe('reasons', () => {
  it.each<[TransferReason, string, string]>([
    ['missing', 'new', 'new'],
    ['size', 'size-differs', 'size differs'],
    ['md5', 'content-differs', 'content differs'],
    ['time', 'newer', 'newer'],
    ['etag-unknown', 'md5-unknown', 'multipart object without a known MD5'],
    ['kind', 'type-differs', 'file type differs'],
    ['metadata', 'metadata-differs', 'metadata differs'],
  ])('%s: code %s, text %j', (reason, code, text) => {
    expect(REASON_CODES[reason]).toBe(code);
    expect(reasonCode({ ...create, reason })).toBe(code);
    expect(reasonText({ ...create, reason })).toBe(text);
  });

  it('has one code per reason, all distinct', () => {
    const codes = Object.values(REASON_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    expect(Object.keys(REASON_CODES).sort()).toEqual([
      'etag-unknown',
      'kind',
      'md5',
      'metadata',
      'missing',
      'size',
      'time',
    ]);
  });

  it('gives metadata updates their own code, and mkdir and delete none', () => {
    expect(reasonCode(metadata)).toBe('metadata-differs');
    expect(reasonText(metadata)).toBe('mode 644 → 755');
    for (const a of [mkdir, mkroot, delFile, delDir]) {
      expect(reasonCode(a)).toBeUndefined();
      expect(reasonText(a)).toBeUndefined();
    }
  });
});

describe('summaryLine', () => {
  const totals = (t: Partial<SyncTotals> = {}): SyncTotals => ({
    created: 0,
    updated: 0,
    deleted: 0,
    unchanged: 0,
    metadata: 0,
    dirsCreated: 0,
    dirsDeleted: 0,
    dirsUnchanged: 0,
    failed: 0,
    skipped: 0,
    interrupted: 0,
    bytes: 0,
    ...t,
  });
  const report = (r: Partial<SyncReport>): SyncReport => ({
    source: '/src/',
    destination: 's3://b/p/',
    locations: {
      source: { kind: 'local', root: '/src' },
      destination: { kind: 's3', bucket: 'b', prefix: 'p/' },
    },
    direction: 'upload',
    dryrun: false,
    plan: { actions: [], unchanged: 0, unchangedDirs: 0, skipped: [] },
    results: [],
    problems: [],
    totals: totals(),
    durationMs: 2000,
    ok: true,
    ...r,
  });

  it.each<[string, Partial<SyncReport>, string]>([
    [
      'a dry run says what would happen, files and directories apart',
      {
        dryrun: true,
        totals: totals({ created: 3, updated: 1, deleted: 2, unchanged: 7, dirsCreated: 1, bytes: 4000 }),
      },
      'dry run: files 3 to create, 1 to update, 2 to delete, 7 unchanged; directories 1 to create; 4.0 kB to transfer',
    ],
    [
      'a dry run with metadata updates, directory deletes and skips',
      {
        dryrun: true,
        totals: totals({ metadata: 2, dirsDeleted: 1, dirsUnchanged: 4, skipped: 2 }),
      },
      'dry run: files 0 to create, 0 to update, 2 metadata to update, 0 to delete, 0 unchanged; directories 1 to delete, 4 unchanged; 2 skipped; 0 B to transfer',
    ],
    [
      'a run: counts, bytes, time and rate',
      { totals: totals({ created: 2, unchanged: 5, bytes: 4000 }) },
      'done: files 2 created, 0 updated, 0 deleted, 5 unchanged; 4.0 kB in 2.00 s, 2.0 kB/s',
    ],
    [
      'a run with metadata updates and directories',
      { totals: totals({ metadata: 1, dirsCreated: 2, dirsDeleted: 1, dirsUnchanged: 3 }) },
      'done: files 0 created, 0 updated, 1 metadata updated, 0 deleted, 0 unchanged; directories 2 created, 1 deleted, 3 unchanged; 0 B in 2.00 s, 0 B/s',
    ],
    [
      'a run with problems names them',
      { ok: false, totals: totals({ failed: 1, skipped: 2, interrupted: 3 }) },
      'finished with problems: files 0 created, 0 updated, 0 deleted, 0 unchanged; 1 failed, 2 skipped, 3 not run; 0 B in 2.00 s, 0 B/s',
    ],
    [
      'an interrupted run, with no time to divide by',
      { ok: false, interrupted: true, durationMs: 0 },
      'interrupted: files 0 created, 0 updated, 0 deleted, 0 unchanged; 0 B in 0.00 s',
    ],
  ])('%s', (_name, r, line) => {
    expect(summaryLine(report(r))).toBe(line);
  });
});
