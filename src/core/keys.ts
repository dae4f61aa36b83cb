// The one place where S3 keys become local paths and local names become keys.
// A key that would leave the destination is refused here, so no caller can forget the check.
import nodePath from 'node:path';

/** The pairing key: NFC, because macOS writes NFD and the same name must never become two objects. */
export function toKeyPath(name: string): string {
  return name.normalize('NFC');
}

// Windows cannot hold these in a name, and gives `CON`, `NUL`… a meaning of their own.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are not allowed on Windows.
const WINDOWS_FORBIDDEN = /[<>:"|?*\\\u0000-\u001f]/;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])(\.|$)/i;

/**
 * Why a relative path (from an S3 key) cannot be written under a local root, or null when it can.
 * Refuses only what could escape or alias: a `..` or `.` segment, an empty segment (`a//b`), an absolute
 * path, NUL. A name that merely starts with dots (`..hidden`, `...`) is an ordinary name. A backslash or a
 * colon is an ordinary character on POSIX; on Windows they are separators or drive letters, so there they
 * (and Windows' other forbidden names) are refused.
 */
export function unsafeRelativePath(rel: string, p: nodePath.PlatformPath = nodePath): string | null {
  if (rel === '') return 'empty path';
  if (rel.includes('\0')) return 'contains a NUL character';
  if (rel.startsWith('/')) return 'is an absolute path';
  for (const seg of rel.split('/')) {
    if (seg === '') return 'has an empty path segment';
    if (seg === '.' || seg === '..') return `has a "${seg}" segment`;
    if (p.sep === '\\') {
      if (seg.includes('\\')) return 'contains a backslash, which Windows reads as a separator';
      if (WINDOWS_FORBIDDEN.test(seg)) return 'contains a character Windows does not allow in names';
      if (WINDOWS_RESERVED.test(seg)) return `has "${seg}", a name Windows reserves`;
      if (/[. ]$/.test(seg)) return 'has a name ending in a dot or space, which Windows drops';
    }
  }
  return null;
}

/**
 * Text as it may be shown to a person: control characters (NUL, ESC, CR, newlines, C1) as `\xNN`, so a
 * hostile name can neither forge output lines (or workflow commands) nor drive the terminal.
 */
export function printable(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must be escaped.
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** The local path for a safe relative path; throws on an unsafe one (callers filter first). */
export function localPathFor(root: string, rel: string, p: nodePath.PlatformPath = nodePath): string {
  if (rel === '') return root;
  const why = unsafeRelativePath(rel, p);
  if (why) throw new Error(`refusing key path "${printable(rel)}": ${why}`);
  const full = p.join(root, ...rel.split('/'));
  const back = p.relative(root, full);
  // `..hidden` is inside; only `..` itself or `../x` leaves.
  if (back === '..' || back.startsWith(`..${p.sep}`) || p.isAbsolute(back))
    throw new Error(`refusing key path "${printable(rel)}": leaves ${root}`);
  return full;
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

/** `a/b/c` → `a/b`; `a` → ''. */
export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

/** `a/b/c` → `c`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Byte order of UTF-8, which is S3's listing order (JS compares UTF-16 code units). */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (astral characters, 4 UTF-8 bytes) sort above every BMP character in UTF-8.
      const sx = x >= 0xd800 && x <= 0xdfff;
      const sy = y >= 0xd800 && y <= 0xdfff;
      if (sx !== sy) return sx ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}
