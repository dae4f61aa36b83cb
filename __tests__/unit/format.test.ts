// format.ts: sizes, durations and the lines a person reads (dry-run plan, actions taken, summary).
import { describe, expect, it } from 'vitest';
import {
  displayPath,
  doneLine,
  formatBytes,
  formatDuration,
  planLine,
  planVerb,
  reasonText,
  summaryLine,
} from '../../src/core/format.js';
import type { Entry, PlanAction, SyncReport, SyncTotals } from '../../src/core/types.js';

const file = (path: string, size = 1234): Entry => ({ path, kind: 'file', size, mtime: 0 });
const dir = (path: string): Entry => ({ path, kind: 'dir', size: 0, mtime: 0 });

const create: PlanAction = {
  op: 'upload',
  path: 'etc/hosts',
  size: 1234,
  reason: 'missing',
  source: file('etc/hosts'),
};
const update: PlanAction = { ...create, reason: 'md5', dest: file('etc/hosts', 1234) };
const download: PlanAction = {
  op: 'download',
  path: 'a b+%.txt',
  size: 5,
  reason: 'size',
  source: file('a'),
  dest: file('a', 4),
};
const mkdir: PlanAction = { op: 'mkdir', path: 'etc/sub' };
const mkroot: PlanAction = { op: 'mkdir', path: '' };
const delFile: PlanAction = {
  op: 'delete',
  path: 'old.txt',
  size: 2_500_000,
  dest: file('old.txt', 2_500_000),
};
const delDir: PlanAction = { op: 'delete', path: 'old', size: 0, dest: dir('old') };

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
    [12_345, '12 s'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('action lines', () => {
  it.each<[PlanAction, string, string, string | undefined, string, string]>([
    // action, verb, path, reason, dry-run line, done line
    [create, 'create', 'etc/hosts', 'new', 'create etc/hosts (1.2 kB, new)', 'upload etc/hosts (1.2 kB)'],
    [
      update,
      'update',
      'etc/hosts',
      'content differs',
      'update etc/hosts (1.2 kB, content differs)',
      'upload etc/hosts (1.2 kB)',
    ],
    [
      download,
      'update',
      'a b+%.txt',
      'size differs',
      'update a b+%.txt (5 B, size differs)',
      'download a b+%.txt (1.2 kB)',
    ],
    [mkdir, 'create', 'etc/sub/', undefined, 'create etc/sub/', 'mkdir etc/sub/'],
    [mkroot, 'create', './', undefined, 'create ./', 'mkdir ./'],
    [delFile, 'delete', 'old.txt', undefined, 'delete old.txt (2.5 MB)', 'delete old.txt'],
    [delDir, 'delete', 'old/', undefined, 'delete old/', 'delete old/'],
  ])('%o', (action, verb, path, reason, plan, done) => {
    expect(planVerb(action)).toBe(verb);
    expect(displayPath(action)).toBe(path);
    expect(reasonText(action)).toBe(reason);
    expect(planLine(action)).toBe(plan);
    expect(doneLine(action, 1234)).toBe(done);
  });

  it.each([
    ['size', 'size differs'],
    ['time', 'newer'],
    ['etag-unknown', 'multipart object without a known MD5'],
    ['kind', 'type differs'],
  ] as const)('explains reason %s as %j', (reason, text) => {
    expect(reasonText({ ...create, reason })).toBe(text);
  });
});

describe('summaryLine', () => {
  const totals = (t: Partial<SyncTotals> = {}): SyncTotals => ({
    created: 0,
    updated: 0,
    deleted: 0,
    unchanged: 0,
    failed: 0,
    skipped: 0,
    bytes: 0,
    ...t,
  });
  const report = (r: Partial<SyncReport>): SyncReport => ({
    source: '/src/',
    destination: 's3://b/p/',
    direction: 'upload',
    dryrun: false,
    plan: { actions: [], unchanged: 0, skipped: [] },
    results: [],
    problems: [],
    totals: totals(),
    durationMs: 2000,
    ok: true,
    ...r,
  });

  it('ends a dry run with what would happen and how many bytes would move', () => {
    const line = summaryLine(
      report({
        dryrun: true,
        totals: totals({ created: 3, updated: 1, deleted: 2, bytes: 4000, unchanged: 7 }),
      }),
    );
    expect(line).toBe('dry run: would create 3, update 1, delete 2 (4.0 kB to transfer); 7 unchanged');
    const skipped = summaryLine(report({ dryrun: true, totals: totals({ skipped: 2 }) }));
    expect(skipped).toBe(
      'dry run: would create 0, update 0, delete 0 (0 B to transfer); 0 unchanged, 2 skipped',
    );
  });

  it('sums up a run with counts, bytes, time and rate, naming failures and skips only when there are any', () => {
    expect(summaryLine(report({ totals: totals({ created: 2, unchanged: 5, bytes: 4000 }) }))).toBe(
      'done: 2 created, 0 updated, 0 deleted, 5 unchanged; 4.0 kB in 2.00 s, 2.0 kB/s',
    );
    expect(summaryLine(report({ totals: totals({ failed: 1, skipped: 2 }), ok: false }))).toBe(
      'done: 0 created, 0 updated, 0 deleted, 0 unchanged, 1 failed, 2 skipped; 0 B in 2.00 s, 0 B/s',
    );
    expect(summaryLine(report({ interrupted: true, durationMs: 0 }))).toBe(
      'interrupted: 0 created, 0 updated, 0 deleted, 0 unchanged; 0 B in 0.00 s',
    );
  });
});

describe('doneLine with reasons (--verbose)', () => {
  it('adds why a transfer happened, and nothing to mkdir or delete lines', () => {
    expect(doneLine(update, 1234, { reason: true })).toBe('upload etc/hosts (1.2 kB, content differs)');
    expect(doneLine(create, 1234, { reason: true })).toBe('upload etc/hosts (1.2 kB, new)');
    expect(doneLine(mkdir, 0, { reason: true })).toBe('mkdir etc/sub/');
    expect(doneLine(delFile, 0, { reason: true })).toBe('delete old.txt');
  });
});
