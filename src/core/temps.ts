// Temp files of downloads: `.NAME.paras3-PID-RANDOM` beside their target (same file system, so the
// final rename is atomic). A run that is killed cannot remove its own, so every later run recognises
// them: uploads never include them, and a download into their directory removes those whose process
// is gone. Recognised only in that exact form: a user's file that merely resembles it (`notes.paras3-
// cafebabe`) is synced like any other, never skipped (and its copy deleted) nor removed as stale.

import { randomBytes } from 'node:crypto';
import { errorCode } from './errors.js';

const MARK = '.paras3-';
// Our own names, every part of tempNameFor's: the leading dot, the target's name and a dot (left out for
// a long name), the mark, the pid and 8 lower-case hex digits. Not the pid-less form of early builds: it
// gives no process to ask, so nothing tells such a name from a user's.
const TEMP_NAME = /^\.(?:[^/]+\.)?paras3-([1-9]\d{0,9})-[0-9a-f]{8}$/;

/** A temp name for `base` (a name near NAME_MAX, 255 bytes, goes without its own name inside). */
// Counted up from one random start rather than 4 random bytes per file: for 5,000 small files the
// random source cost more CPU than the renames. The pid keeps processes apart, the start hosts.
let tempCounter = randomBytes(4).readUInt32BE(0);

export function tempNameFor(base: string): string {
  const prefix = Buffer.byteLength(base) > 200 ? '' : `.${base}`;
  tempCounter = (tempCounter + 1) >>> 0;
  return `${prefix}${MARK}${process.pid}-${tempCounter.toString(16).padStart(8, '0')}`;
}

export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/**
 * Whether a temp file can be removed: its process is gone, or it is a day old (a pid reused since, or a
 * run on another host sharing the directory that died long ago).
 */
export function isStaleTemp(name: string, mtimeMs: number, now = Date.now()): boolean {
  const m = TEMP_NAME.exec(name);
  if (!m) return false;
  if (now - mtimeMs > 24 * 3600 * 1000) return true;
  const pid = Number(m[1]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return errorCode(err) === 'ESRCH';
  }
}
