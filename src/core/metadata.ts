// Object metadata that makes a restore faithful. Names follow s3sync.rb where it had one
// (`permissions` = st_mode, `owner`, `group`, `symlink`), `mtime` is seconds since the epoch as rclone
// writes it, and `md5chksum` (base64) carries the whole-file MD5 where the ETag cannot (multipart
// uploads, SSE-KMS).
import type { Entry } from './types.js';

export interface RestoreInfo {
  /** Permission bits (st_mode & 0o7777). */
  mode?: number;
  /** Milliseconds since the epoch. */
  mtimeMs?: number;
  uid?: number;
  gid?: number;
  symlink: boolean;
  /** Hex MD5 of the whole content, from `md5chksum`. */
  md5?: string;
}

export interface MetadataOptions {
  /** false: no owner/group/mode/mtime (public sites do not need the uploader's uid). */
  posix: boolean;
}

/** The metadata an upload of `entry` stores. */
export function metadataFor(
  entry: Entry,
  md5Hex: string | undefined,
  opts: MetadataOptions,
): Record<string, string> {
  const meta: Record<string, string> = {};
  if (opts.posix) {
    // Microseconds: finer than any S3 time, and what a double of seconds carries back through utimes.
    if (entry.mtimeMs !== undefined) meta.mtime = String(micros(entry.mtimeMs) / 1e6);
    if (entry.mode !== undefined) meta.permissions = String(entry.mode);
    if (entry.uid !== undefined) meta.owner = String(entry.uid);
    if (entry.gid !== undefined) meta.group = String(entry.gid);
  }
  // Not POSIX: a restore needs it to make the link, whatever the settings.
  if (entry.kind === 'symlink') meta.symlink = 'true';
  if (md5Hex) meta.md5chksum = Buffer.from(md5Hex, 'hex').toString('base64');
  return meta;
}

/** Reads what another tool may or may not have written; anything malformed is simply absent. */
export function parseMetadata(meta: Record<string, string> | undefined): RestoreInfo {
  const m = meta ?? {};
  const int = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
  const mtime = m.mtime !== undefined && /^-?\d+(\.\d+)?$/.test(m.mtime) ? Number(m.mtime) * 1000 : undefined;
  const perms = int(m.permissions);
  const md5b64 = m.md5chksum;
  const md5 =
    md5b64 && /^[A-Za-z0-9+/]{22}==$/.test(md5b64)
      ? Buffer.from(md5b64, 'base64').toString('hex')
      : undefined;
  return {
    mode: perms === undefined ? undefined : perms & 0o7777,
    mtimeMs: mtime,
    uid: int(m.owner),
    gid: int(m.group),
    symlink: m.symlink === 'true',
    md5,
  };
}

function micros(ms: number): number {
  return Math.round(ms * 1000);
}

/**
 * What differs between a local entry's POSIX metadata and what its object stores, in words
 * (`mode 644 → 600`), or null when nothing that this direction writes differs.
 * - upload: every field the upload would store, and a field the object lacks counts as different (the
 *   backup would restore it wrong).
 * - download: only fields the object has (a restore writes nothing for the others); owner and group only
 *   when they are restored (`owner`, as root).
 * Times compare in microseconds (what is stored); a local file system that keeps whole seconds only
 * (FAT, HFS+) matches when the stored time truncates to its value.
 */
export function metadataDiff(
  local: Entry,
  remote: RestoreInfo,
  opts: { direction: 'upload' | 'download'; owner: boolean },
): string | null {
  const up = opts.direction === 'upload';
  const diffs: string[] = [];
  const field = (name: string, l: number | undefined, r: number | undefined, show: (n: number) => string) => {
    if (l === undefined) return;
    if (r === undefined) {
      if (up) diffs.push(`${name} not stored`);
      return;
    }
    if (l !== r) diffs.push(up ? `${name} ${show(r)} → ${show(l)}` : `${name} ${show(l)} → ${show(r)}`);
  };
  const octal = (n: number) => n.toString(8);
  field('mode', local.mode === undefined ? undefined : local.mode & 0o7777, remote.mode, octal);
  if (opts.owner) {
    field('owner', local.uid, remote.uid, String);
    field('group', local.gid, remote.gid, String);
  }
  if (local.mtimeMs !== undefined && local.kind !== 'symlink') {
    const l = micros(local.mtimeMs);
    const r = remote.mtimeMs === undefined ? undefined : micros(remote.mtimeMs);
    const coarse = l % 1_000_000 === 0 && r !== undefined && Math.floor(r / 1_000_000) * 1_000_000 === l;
    if (r === undefined) {
      if (up) diffs.push('mtime not stored');
    } else if (Math.abs(l - r) > 1 && !coarse) {
      const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString();
      diffs.push(up ? `mtime ${iso(r)} → ${iso(l)}` : `mtime ${iso(l)} → ${iso(r)}`);
    }
  }
  return diffs.length > 0 ? diffs.join(', ') : null;
}
