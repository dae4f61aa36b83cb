// The one place where S3 keys become local paths and local names become keys.
// A key that would leave the destination is refused here, so no caller can forget the check.
import nodePath from 'node:path';

/** The pairing key: NFC, because macOS writes NFD and the same name must never become two objects. */
export function toKeyPath(name: string): string {
  return name.normalize('NFC');
}

/**
 * Why a relative path (from an S3 key) cannot be written under a local root, or null when it can.
 * Refuses what could escape or alias: `..`/`.` segments, absolute paths, empty segments, backslashes, NUL.
 */
export function unsafeRelativePath(rel: string): string | null {
  if (rel === '') return 'empty path';
  if (rel.includes('\0')) return 'contains a NUL character';
  if (rel.startsWith('/')) return 'is an absolute path';
  if (rel.includes('\\')) return 'contains a backslash';
  if (/^[A-Za-z]:/.test(rel)) return 'starts with a drive letter';
  for (const seg of rel.split('/')) {
    if (seg === '') return 'has an empty path segment';
    if (seg === '.' || seg === '..') return `has a "${seg}" segment`;
  }
  return null;
}

/**
 * A key as it may be shown to a person: control characters (NUL, ESC, newlines, C1) as `\xNN`, so a
 * hostile key can neither forge output lines nor drive the terminal.
 */
export function printableKey(key: string): string {
  return key.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must be escaped.
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** The local path for a safe relative path; throws on an unsafe one (callers filter first). */
export function localPathFor(root: string, rel: string, p: nodePath.PlatformPath = nodePath): string {
  if (rel === '') return root;
  const why = unsafeRelativePath(rel);
  if (why) throw new Error(`refusing key path "${rel}": ${why}`);
  const full = p.join(root, ...rel.split('/'));
  const back = p.relative(root, full);
  if (back.startsWith('..') || p.isAbsolute(back))
    throw new Error(`refusing key path "${rel}": leaves ${root}`);
  return full;
}

/** The relative key path for a local path under root, always '/'-separated (Windows runners too). */
export function relativeKeyPath(root: string, full: string, p: nodePath.PlatformPath = nodePath): string {
  return toKeyPath(p.relative(root, full).split(p.sep).join('/'));
}

/** Ancestors of a relative path, nearest last: `a/b/c` → [`a`, `a/b`]. */
export function ancestors(path: string): string[] {
  const out: string[] = [];
  let i = path.indexOf('/');
  while (i !== -1) {
    out.push(path.slice(0, i));
    i = path.indexOf('/', i + 1);
  }
  return out;
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}
