// The job summary: totals and a capped table of actions, added to core.summary and written once.
// Table cells are HTML, so every path is escaped; the tables stop well under the runner's 1 MiB limit.
import type * as core from '@actions/core';
import { printable } from '../core/keys.js';
import type { PlanAction, SyncReport } from '../core/types.js';
import { formatBytes, formatDuration, reasonText, verb } from '../render/format.js';
import { changedActions } from './outputs.js';
import type { PathView } from './paths.js';

type Summary = typeof core.summary;
type Row = string[];

/** Rows and bytes of one table: with headers and totals the summary stays far below 1 MiB. */
export const TABLE_LIMITS = { rows: 1000, bytes: 300_000 };

/**
 * Text for an HTML cell. Control characters are shown as `\xNN`, as in the log lines: a blank line
 * (a file name may hold one) would end the HTML block, and the rest of the name would be read as
 * Markdown (headings, links, images) in the job summary.
 */
export function escapeHtml(text: string): string {
  return printable(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The first rows that fit the limits, then one "… and N more" row. Cells must be escaped already. */
export function capRows(rows: Row[], limits = TABLE_LIMITS): Row[] {
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    // Each cell is wrapped in <td>…</td>, each row in <tr>…</tr>.
    bytes += (rows[i] as Row).reduce((n, cell) => n + cell.length + 9, 9);
    if (i >= limits.rows || bytes > limits.bytes) {
      const width = rows[0]?.length ?? 1;
      return [...rows.slice(0, i), [`… and ${rows.length - i} more`, ...Array<string>(width - 1).fill('')]];
    }
  }
  return rows;
}

const header = (...names: string[]) => names.map((data) => ({ data, header: true }));

function actionRows(actions: PlanAction[], withReason: boolean, view: PathView): Row[] {
  return actions
    .map((a) => ({ a, target: view(a.target) }))
    .sort((x, y) => (x.target < y.target ? -1 : x.target > y.target ? 1 : 0))
    .map(({ a, target }) => {
      const size = a.op === 'mkdir' ? '' : formatBytes(a.size);
      const reason =
        reasonText(a) ?? (a.op === 'mkdir' ? 'directory' : a.op === 'delete' ? 'not in source' : '');
      const row = [verb(a), `<code>${escapeHtml(target)}</code>`, size];
      return withReason ? [...row, reason] : row;
    });
}

function totalsTable(summary: Summary, report: SyncReport): void {
  const t = report.totals;
  const cells: Array<[string, string]> = [
    [report.dryrun ? 'files to create' : 'files created', String(t.created)],
    [report.dryrun ? 'files to update' : 'files updated', String(t.updated)],
    [report.dryrun ? 'files to delete' : 'files deleted', String(t.deleted)],
    ['files unchanged', String(t.unchanged)],
  ];
  if (t.metadata) cells.push([report.dryrun ? 'metadata to update' : 'metadata updated', String(t.metadata)]);
  if (t.dirsCreated)
    cells.push([report.dryrun ? 'directories to create' : 'directories created', String(t.dirsCreated)]);
  if (t.dirsDeleted)
    cells.push([report.dryrun ? 'directories to delete' : 'directories deleted', String(t.dirsDeleted)]);
  if (t.failed) cells.push(['failed', String(t.failed)]);
  if (t.skipped) cells.push(['skipped', String(t.skipped)]);
  cells.push([report.dryrun ? 'to transfer' : 'transferred', formatBytes(t.bytes)]);
  if (!report.dryrun) {
    cells.push(['duration', formatDuration(report.durationMs)]);
    const rate = report.durationMs > 0 ? Math.round((t.bytes * 1000) / report.durationMs) : 0;
    cells.push(['throughput', `${formatBytes(rate)}/s`]);
  }
  summary.addTable([header(...cells.map(([k]) => k)), cells.map(([, v]) => v)]);
}

/**
 * Adds the run's summary to `summary` (the caller writes it once). `view` shows local paths as the
 * workflow sees them (relative to the workspace).
 */
export function addReportSummary(summary: Summary, report: SyncReport, view: PathView = (p) => p): void {
  const { source, destination } = report.locations;
  const shown = (text: string, kind: string) => escapeHtml(kind === 'local' ? view(text) : text);
  const where = `<p><code>${shown(report.source, source.kind)}</code> → <code>${shown(report.destination, destination.kind)}</code></p>`;
  const target = destination.kind === 's3' ? 'key' : 'path';
  const targetView: PathView = destination.kind === 'local' ? view : (p) => p;
  if (report.dryrun) {
    summary.addHeading('paras3 dry run: planned changes', 2).addRaw(where, true);
    totalsTable(summary, report);
    const rows = actionRows(report.plan.actions, true, targetView);
    if (rows.length === 0) summary.addRaw('<p>Nothing to do: the destination is up to date.</p>', true);
    else summary.addTable([header('action', target, 'size', 'reason'), ...capRows(rows)]);
  } else {
    const state = report.interrupted ? 'interrupted' : report.ok ? 'done' : 'finished with failures';
    summary.addHeading(`paras3 sync ${state}`, 2).addRaw(where, true);
    totalsTable(summary, report);
    const failures: Row[] = [
      ...report.results
        .filter((r) => r.status !== 'done')
        .map((r) => [
          `${r.status} ${r.action.op}`,
          `<code>${escapeHtml(targetView(r.action.target))}</code>`,
          escapeHtml(r.error ?? ''),
        ]),
      ...report.problems.map((p) => ['skipped', `<code>${escapeHtml(p.path)}</code>`, escapeHtml(p.message)]),
    ];
    if (failures.length > 0) {
      summary.addHeading('Failures', 3).addTable([header('what', target, 'error'), ...capRows(failures)]);
    }
    const changed = actionRows(changedActions(report), false, targetView);
    if (changed.length > 0) {
      summary.addDetails(`${changed.length} changed`, htmlTable(['action', target, 'size'], changed));
    }
  }
  if (report.plan.deleteRefused) {
    summary.addRaw(`<p><strong>Deletes refused:</strong> ${escapeHtml(report.plan.deleteRefused)}</p>`, true);
  }
}

/** A plain table for inside addDetails (addTable appends to the summary itself). */
function htmlTable(head: string[], rows: Row[]): string {
  const th = `<tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>`;
  const body = capRows(rows)
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('');
  return `<table>${th}${body}</table>`;
}

export function addFailureSummary(summary: Summary, message: string): void {
  summary.addHeading('paras3 failed', 2).addRaw(`<p>${escapeHtml(message)}</p>`, true);
}
