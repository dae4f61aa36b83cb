// The job summary and outputs built from a SyncReport, without a server: capping, escaping, and which
// key or path each action names. core.summary is the real one; only its buffer is read, never written.
import * as core from '@actions/core';
import { afterEach, describe, expect, it } from 'vitest';
import { outputValues } from '../src/action/outputs.js';
import { addReportSummary, capRows, escapeHtml, TABLE_LIMITS } from '../src/action/summary.js';
import type { Entry, Location, PlanAction, SyncReport } from '../src/core/types.js';

const S3: Location = { kind: 's3', bucket: 'b', prefix: 'www/' };

afterEach(() => {
  core.summary.emptyBuffer();
});

const file = (path: string, size = 10): Entry => ({ path, kind: 'file', size, mtime: 0 });
const upload = (path: string, size = 10, dest?: Entry): PlanAction => ({
  op: 'upload',
  path,
  target: `www/${path}`,
  size,
  reason: dest ? 'md5' : 'missing',
  source: file(path, size),
  dest,
});

function dryReport(actions: PlanAction[]): SyncReport {
  return {
    source: '/ws/site/',
    destination: 's3://b/www/',
    locations: { source: { kind: 'local', root: '/ws/site' }, destination: S3 },
    direction: 'upload',
    dryrun: true,
    plan: { actions, unchanged: 3, unchangedDirs: 0, skipped: [] },
    results: [],
    problems: [],
    totals: {
      created: actions.length,
      updated: 0,
      deleted: 0,
      unchanged: 3,
      metadata: 0,
      dirsCreated: 0,
      dirsDeleted: 0,
      dirsUnchanged: 0,
      failed: 0,
      skipped: 0,
      interrupted: 0,
      bytes: 0,
    },
    durationMs: 5,
    ok: true,
  };
}

describe('job summary', () => {
  it('caps a huge plan well under 1 MiB with an "… and N more" row', () => {
    const long = 'x'.repeat(200);
    const actions = Array.from({ length: 50_000 }, (_, i) =>
      upload(`${long}/${String(i).padStart(5, '0')}.txt`),
    );

    addReportSummary(core.summary, dryReport(actions));
    const html = core.summary.stringify();

    expect(Buffer.byteLength(html)).toBeLessThan(512 * 1024);
    const shown = (html.match(/<td>upload<\/td>/g) ?? []).length;
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
    addReportSummary(core.summary, dryReport([upload('<img src=x onerror=alert(1)>&.html')]));
    const html = core.summary.stringify();
    expect(html).not.toContain('<img');
    expect(html).toContain(escapeHtml('www/<img src=x onerror=alert(1)>&.html'));
  });

  it('shows control characters as the log does, so a blank line in a name cannot end the table', () => {
    const name = 'x\n\n# INJECTED\n\n[click](http://evil.example)\r\n';
    addReportSummary(core.summary, dryReport([upload(name)]));
    const html = core.summary.stringify();
    expect(html).not.toMatch(/[\n\r]#|\n\n/);
    expect(html).toContain(
      '<code>www/x\\x0a\\x0a# INJECTED\\x0a\\x0a[click](http://evil.example)\\x0d\\x0a</code>',
    );
  });

  it('says so when there is nothing to do', () => {
    addReportSummary(core.summary, dryReport([]));
    expect(core.summary.stringify()).toContain('Nothing to do');
  });
});

describe('changed keys', () => {
  it('names each action by its own target: keys of files, directory nodes and deletes as planned', () => {
    const dir: Entry = { path: 'old', kind: 'dir', size: 0, mtime: 0 };
    const actions: PlanAction[] = [
      { op: 'mkdir', path: '', target: 'www/' },
      { op: 'mkdir', path: 'assets', target: 'www/assets/' },
      upload('assets/a.js'),
      upload('index.html', 5, file('index.html')),
      { op: 'delete', path: 'old/x.txt', target: 'www/old/x.txt', size: 1, dest: file('old/x.txt') },
      { op: 'delete', path: 'old', target: 'www/old/', size: 0, dest: dir },
    ];
    expect(outputValues(dryReport(actions))).toMatchObject({
      changedKeys: ['www/', 'www/assets/', 'www/assets/a.js', 'www/index.html', 'www/old/', 'www/old/x.txt'],
      uploaded: 2,
      deleted: 2,
      downloaded: 0,
    });
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
    expect(outputValues(report).changedKeys).toEqual(['www/a.txt']);
  });
});
