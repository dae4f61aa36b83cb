// Human-readable sizes, durations and action lines shared by both front ends.
import type { PlanAction, SyncReport, TransferReason } from './types.js';

export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  let v = n / 1000;
  let i = 0;
  // Step up by the value as printed, so 999,999 B reads "1.0 MB", not "1000 kB".
  while (Math.round(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v < 9.95 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

export function formatDuration(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms / 1000)} s`;
}

const REASONS: Record<TransferReason, string> = {
  missing: 'new',
  size: 'size differs',
  md5: 'content differs',
  time: 'newer',
  'etag-unknown': 'multipart object without a known MD5',
  kind: 'type differs',
};

/** The planned-action verb a person reads: create, update or delete. */
export function planVerb(a: PlanAction): 'create' | 'update' | 'delete' {
  if (a.op === 'delete') return 'delete';
  return a.op !== 'mkdir' && a.dest ? 'update' : 'create';
}

/** `docs/a.txt`, with a trailing slash for directories and `.` for the root. */
export function displayPath(a: PlanAction): string {
  const dir = a.op === 'mkdir' || (a.op === 'delete' && a.dest.kind === 'dir');
  if (a.path === '') return './';
  return dir ? `${a.path}/` : a.path;
}

export function reasonText(a: PlanAction): string | undefined {
  return a.op === 'upload' || a.op === 'download' ? REASONS[a.reason] : undefined;
}

/** One line for a planned (dry run) action: `create docs/a.txt (1.2 kB, new)`. */
export function planLine(a: PlanAction): string {
  const size =
    a.op === 'mkdir' || (a.op === 'delete' && a.dest.kind === 'dir') ? undefined : formatBytes(a.size);
  const details = [size, reasonText(a)].filter(Boolean).join(', ');
  return `${planVerb(a)} ${displayPath(a)}${details ? ` (${details})` : ''}`;
}

/** One line for an action taken: `upload docs/a.txt (1.2 kB)`; with `reason`, also why (`…, new)`). */
export function doneLine(a: PlanAction, bytes: number, opts: { reason?: boolean } = {}): string {
  if (a.op === 'mkdir') return `mkdir ${displayPath(a)}`;
  if (a.op === 'delete') return `delete ${displayPath(a)}`;
  const why = opts.reason ? `, ${reasonText(a)}` : '';
  return `${a.op} ${displayPath(a)} (${formatBytes(bytes)}${why})`;
}

export function summaryLine(r: SyncReport): string {
  const t = r.totals;
  if (r.dryrun) {
    return `dry run: would create ${t.created}, update ${t.updated}, delete ${t.deleted} (${formatBytes(t.bytes)} to transfer); ${t.unchanged} unchanged${t.skipped ? `, ${t.skipped} skipped` : ''}`;
  }
  const parts = [
    `${t.created} created`,
    `${t.updated} updated`,
    `${t.deleted} deleted`,
    `${t.unchanged} unchanged`,
  ];
  if (t.failed) parts.push(`${t.failed} failed`);
  if (t.skipped) parts.push(`${t.skipped} skipped`);
  const rate = r.durationMs > 0 ? `, ${formatBytes(Math.round((t.bytes * 1000) / r.durationMs))}/s` : '';
  return `${r.interrupted ? 'interrupted' : 'done'}: ${parts.join(', ')}; ${formatBytes(t.bytes)} in ${formatDuration(r.durationMs)}${rate}`;
}
