// The job summary: totals and a capped table of actions, added to core.summary and written once.
// Table cells are HTML, so every path is escaped; the tables stop well under the runner's 1 MiB limit.
import type * as core from '@actions/core';
import { formatBytes, formatDuration, planVerb, reasonText } from '../core/format.js';
import type { Location, PlanAction, SyncReport } from '../core/types.js';
import { changedActions, changedTarget } from './outputs.js';

type Summary = typeof core.summary;
type Row = string[];

/** Rows and bytes of one table: with headers and totals the summary stays far below 1 MiB. */
export const TABLE_LIMITS = { rows: 1000, bytes: 300_000 };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
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

function actionRows(actions: PlanAction[], destination: Location, withReason: boolean): Row[] {
  return actions
    .map((a) => ({ a, target: changedTarget(a, destination) }))
    .sort((x, y) => (x.target < y.target ? -1 : x.target > y.target ? 1 : 0))
    .map(({ a, target }) => {
      const size = a.op === 'mkdir' ? '' : formatBytes(a.size);
      const reason =
        reasonText(a) ?? (a.op === 'mkdir' ? 'directory' : a.op === 'delete' ? 'not in source' : '');
      const row = [planVerb(a), `<code>${escapeHtml(target)}</code>`, size];
      return withReason ? [...row, reason] : row;
    });
}

function totalsTable(summary: Summary, report: SyncReport): void {
  const t = report.totals;
  const cells: Array<[string, string]> = [
    [report.dryrun ? 'would create' : 'created', String(t.created)],
    [report.dryrun ? 'would update' : 'updated', String(t.updated)],
    [report.dryrun ? 'would delete' : 'deleted', String(t.deleted)],
    ['unchanged', String(t.unchanged)],
  ];
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

/** Adds the run's summary to `summary` (the caller writes it once). */
export function addReportSummary(summary: Summary, report: SyncReport, destination: Location): void {
  const where = `<p><code>${escapeHtml(report.source)}</code> → <code>${escapeHtml(report.destination)}</code></p>`;
  const target = destination.kind === 's3' ? 'key' : 'path';
  if (report.dryrun) {
    summary.addHeading('paras3 dry run: planned changes', 2).addRaw(where, true);
    totalsTable(summary, report);
    const rows = actionRows(report.plan.actions, destination, true);
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
          `<code>${escapeHtml(changedTarget(r.action, destination))}</code>`,
          escapeHtml(r.error ?? ''),
        ]),
      ...report.problems.map((p) => ['skipped', `<code>${escapeHtml(p.path)}</code>`, escapeHtml(p.message)]),
    ];
    if (failures.length > 0) {
      summary.addHeading('Failures', 3).addTable([header('what', target, 'error'), ...capRows(failures)]);
    }
    const changed = actionRows(changedActions(report), destination, false);
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
