// The job summary and outputs built from a SyncReport, without a server: capping, escaping, and which
// key or path each action names. core.summary is the real one; only its buffer is read, never written.
import * as core from '@actions/core';
import { afterEach, describe, expect, it } from 'vitest';
import { changedTarget, outputValues } from '../src/action/outputs.js';
import { addReportSummary, capRows, escapeHtml, TABLE_LIMITS } from '../src/action/summary.js';
import type { Entry, Location, PlanAction, SyncReport } from '../src/core/types.js';

afterEach(() => {
  core.summary.emptyBuffer();
});

const file = (path: string, size = 10): Entry => ({ path, kind: 'file', size, mtime: 0 });
const upload = (path: string, size = 10, dest?: Entry): PlanAction => ({
  op: 'upload',
  path,
  size,
  reason: dest ? 'md5' : 'missing',
  source: file(path, size),
  dest,
});

function dryReport(actions: PlanAction[]): SyncReport {
  return {
    source: '/ws/site/',
    destination: 's3://b/www/',
    direction: 'upload',
    dryrun: true,
    plan: { actions, unchanged: 3, skipped: [] },
    results: [],
    problems: [],
    totals: {
      created: actions.length,
      updated: 0,
      deleted: 0,
      unchanged: 3,
      failed: 0,
      skipped: 0,
      bytes: 0,
    },
    durationMs: 5,
    ok: true,
  };
}

const S3: Location = { kind: 's3', bucket: 'b', prefix: 'www/' };

describe('job summary', () => {
  it('caps a huge plan well under 1 MiB with an "… and N more" row', () => {
    const long = 'x'.repeat(200);
    const actions = Array.from({ length: 50_000 }, (_, i) =>
      upload(`${long}/${String(i).padStart(5, '0')}.txt`),
    );

    addReportSummary(core.summary, dryReport(actions), S3);
    const html = core.summary.stringify();

    expect(Buffer.byteLength(html)).toBeLessThan(512 * 1024);
    const shown = (html.match(/<td>create<\/td>/g) ?? []).length;
    expect(shown).toBeGreaterThan(100);
    expect(shown).toBeLessThanOrEqual(TABLE_LIMITS.rows);
    expect(html).toContain(`<td>… and ${50_000 - shown} more</td>`);
    // Sorted by key: the first rows are the lowest keys.
    expect(html.indexOf('00000.txt')).toBeLessThan(html.indexOf('00001.txt'));
  });

  it('stops at 1,000 rows even when they are short', () => {
    const rows = Array.from({ length: 1500 }, (_, i) => ['create', `k${i}`, '1 B']);
    const capped = capRows(rows);
    expect(capped).toHaveLength(1001);
    expect(capped.at(-1)).toEqual(['… and 500 more', '', '']);
    expect(capRows(rows.slice(0, 10))).toHaveLength(10);
  });

  it('escapes keys, so a file name cannot inject markup', () => {
    addReportSummary(core.summary, dryReport([upload('<img src=x onerror=alert(1)>&.html')]), S3);
    const html = core.summary.stringify();
    expect(html).not.toContain('<img');
    expect(html).toContain(escapeHtml('www/<img src=x onerror=alert(1)>&.html'));
  });

  it('says so when there is nothing to do', () => {
    addReportSummary(core.summary, dryReport([]), S3);
    expect(core.summary.stringify()).toContain('Nothing to do');
  });
});

describe('changed keys', () => {
  it('names S3 keys for an upload: files, directory nodes and deletes with their listed key', () => {
    const dir: Entry = { path: 'old', kind: 'dir', size: 0, mtime: 0, key: 'www/old/' };
    const actions: PlanAction[] = [
      { op: 'mkdir', path: '' },
      { op: 'mkdir', path: 'assets' },
      upload('assets/a.js'),
      upload('index.html', 5, file('index.html')),
      { op: 'delete', path: 'old/x.txt', size: 1, dest: { ...file('old/x.txt'), key: 'www/old/x.txt' } },
      { op: 'delete', path: 'old', size: 0, dest: dir },
    ];
    expect(actions.map((a) => changedTarget(a, S3))).toEqual([
      'www/',
      'www/assets/',
      'www/assets/a.js',
      'www/index.html',
      'www/old/x.txt',
      'www/old/',
    ]);
    expect(outputValues(dryReport(actions), S3)).toMatchObject({ uploaded: 2, deleted: 2, downloaded: 0 });
  });

  it('counts only what succeeded in a real run', () => {
    const a = upload('a.txt');
    const b = upload('b.txt');
    const report: SyncReport = {
      ...dryReport([a, b]),
      dryrun: false,
      results: [
        { action: a, status: 'done', bytes: 10 },
        { action: b, status: 'failed', bytes: 0, error: 'boom' },
      ],
    };
    expect(outputValues(report, S3).changedKeys).toEqual(['www/a.txt']);
  });
});
