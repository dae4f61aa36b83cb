// Object metadata that makes a restore faithful. Names follow s3sync.rb where it had one
// (`permissions` = st_mode, `owner`, `group`, `symlink`), `mtime` is seconds since the epoch as rclone
// writes it, and `md5chksum` (base64) carries the whole-file MD5 of multipart uploads.
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

export function metadataFor(entry: Entry, md5Hex?: string): Record<string, string> {
  const meta: Record<string, string> = {};
  // Microseconds: finer than any S3 time, and what a double of seconds carries back through utimes.
  if (entry.mtimeMs !== undefined) meta.mtime = String(Math.round(entry.mtimeMs * 1000) / 1e6);
  if (entry.mode !== undefined) meta.permissions = String(entry.mode);
  if (entry.uid !== undefined) meta.owner = String(entry.uid);
  if (entry.gid !== undefined) meta.group = String(entry.gid);
  if (entry.kind === 'symlink') meta.symlink = 'true';
  if (md5Hex) meta.md5chksum = Buffer.from(md5Hex, 'hex').toString('base64');
  return meta;
}

/** Reads what another tool may or may not have written; anything malformed is simply absent. */
export function parseMetadata(meta: Record<string, string> | undefined): RestoreInfo {
  const m = meta ?? {};
  const int = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
  const mtime = m.mtime !== undefined && /^\d+(\.\d+)?$/.test(m.mtime) ? Number(m.mtime) * 1000 : undefined;
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
