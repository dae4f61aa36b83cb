// How a person reads a run, for both front ends: sizes, durations, one line per action and the summary.
// One vocabulary for the dry run and the real run: the same verb and path for an action whether it is
// planned or done. Every path passes through `printable`, so a hostile name cannot forge a line, a
// workflow command or a terminal escape.
import { printable } from '../core/keys.js';
import { formatShard } from '../core/shard.js';
import type { PlanAction, SyncOptions, SyncReport, TransferReason } from '../core/types.js';

export { printable };

/** `shard 2/4: ` before the first line of a shard's run, nothing otherwise. */
export function shardLabel(o: SyncOptions): string {
  return o.shard ? `shard ${formatShard(o.shard)}: ` : '';
}

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
  // Rounded first, so 9,999 ms reads "10.0 s", not "10.00 s".
  const s = Math.round(ms / 10) / 100;
  return s < 10 ? `${s.toFixed(2)} s` : `${Math.round(ms / 1000)} s`;
}

/** Machine codes for why a transfer happens (`--json`), and the words people read. */
export const REASON_CODES: Record<TransferReason, string> = {
  missing: 'new',
  size: 'size-differs',
  md5: 'content-differs',
  time: 'newer',
  'etag-unknown': 'md5-unknown',
  kind: 'type-differs',
  metadata: 'metadata-differs',
};

const REASONS: Record<TransferReason, string> = {
  missing: 'new',
  size: 'size differs',
  md5: 'content differs',
  time: 'newer',
  'etag-unknown': 'multipart object without a known MD5',
  kind: 'file type differs',
  metadata: 'metadata differs',
};

/** Whether the action creates, updates or deletes something at the destination. */
export function changeKind(a: PlanAction): 'create' | 'update' | 'delete' {
  if (a.op === 'delete') return 'delete';
  if (a.op === 'mkdir') return 'create';
  return a.op === 'metadata' || a.dest ? 'update' : 'create';
}

/** The verb of an action, the same planned or done: upload, download, copy, mkdir, delete, metadata. */
export function verb(a: PlanAction): string {
  return a.op;
}

/** `docs/a.txt`, with a trailing slash for directories and `./` for the root. */
export function displayPath(a: PlanAction): string {
  if (a.path === '') return './';
  const dir = a.op === 'mkdir' || (a.op === 'delete' && a.dest.kind === 'dir');
  return printable(dir ? `${a.path}/` : a.path);
}

export function reasonText(a: PlanAction): string | undefined {
  if (a.op === 'metadata') return printable(a.detail);
  return a.op === 'upload' || a.op === 'download' || a.op === 'copy' ? REASONS[a.reason] : undefined;
}

export function reasonCode(a: PlanAction): string | undefined {
  if (a.op === 'metadata') return 'metadata-differs';
  return a.op === 'upload' || a.op === 'download' || a.op === 'copy' ? REASON_CODES[a.reason] : undefined;
}

/**
 * One line for an action: `upload docs/a.txt (1.2 kB, new)`. A dry run always says why; a real run
 * says why with `reason` (-v). Directories and deletes of directories have no size.
 */
export function actionLine(a: PlanAction, opts: { reason?: boolean; bytes?: number } = {}): string {
  const sized =
    a.op === 'upload' ||
    a.op === 'download' ||
    a.op === 'copy' ||
    (a.op === 'delete' && a.dest.kind !== 'dir');
  const size = sized ? formatBytes(a.op === 'delete' ? a.size : (opts.bytes ?? a.size)) : undefined;
  const why = opts.reason || a.op === 'metadata' ? reasonText(a) : undefined;
  const details = [size, why].filter(Boolean).join(', ');
  return `${verb(a)} ${displayPath(a)}${details ? ` (${details})` : ''}`;
}

/**
 * The last line. Files (and symlinks) and directories are counted apart, in the same words planned or
 * done: `done: files 1 created, 1 updated, 0 deleted, 3 unchanged; directories 1 created; 58 B in …`.
 */
export function summaryLine(r: SyncReport): string {
  const t = r.totals;
  const dry = r.dryrun;
  const n = (count: number, what: string) =>
    dry && what !== 'unchanged' ? `${count} to ${what.replace(/d$/, '')}` : `${count} ${what}`;
  const files = [n(t.created, 'created'), n(t.updated, 'updated')];
  if (t.metadata) files.push(dry ? `${t.metadata} metadata to update` : `${t.metadata} metadata updated`);
  files.push(n(t.deleted, 'deleted'), `${t.unchanged} unchanged`);
  const parts = [`files ${files.join(', ')}`];
  const dirs: string[] = [];
  if (t.dirsCreated) dirs.push(n(t.dirsCreated, 'created'));
  if (t.dirsDeleted) dirs.push(n(t.dirsDeleted, 'deleted'));
  if (t.dirsUnchanged) dirs.push(`${t.dirsUnchanged} unchanged`);
  if (dirs.length > 0) parts.push(`directories ${dirs.join(', ')}`);
  const trouble: string[] = [];
  if (t.failed) trouble.push(`${t.failed} failed`);
  if (t.skipped) trouble.push(`${t.skipped} skipped`);
  if (t.interrupted) trouble.push(`${t.interrupted} not run`);
  if (trouble.length > 0) parts.push(trouble.join(', '));
  if (dry) return `dry run: ${parts.join('; ')}; ${formatBytes(t.bytes)} to transfer`;
  const rate = r.durationMs > 0 ? `, ${formatBytes(Math.round((t.bytes * 1000) / r.durationMs))}/s` : '';
  const state = r.interrupted ? 'interrupted' : r.ok ? 'done' : 'finished with problems';
  return `${state}: ${parts.join('; ')}; ${formatBytes(t.bytes)} in ${formatDuration(r.durationMs)}${rate}`;
}
