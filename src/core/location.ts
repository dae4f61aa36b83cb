// Parses SOURCE and DESTINATION and applies the rsync trailing-slash rule once, so that nothing
// downstream thinks about slashes: `dir/` means "its contents", `dir` means "the directory itself".
import nodePath from 'node:path';
import { UsageError } from './errors.js';
import type { Direction, Location } from './types.js';

export type ParsedArg = { kind: 'local'; path: string } | { kind: 's3'; bucket: string; prefix: string };

// `name:rest` with no slash or backslash before the colon is an S3 location, as rsync reads `host:path`
// (a local name with a colon is written `./name:rest`). A single letter before ':' is a Windows drive
// (`C:\x`), never a bucket.
const BUCKET_ARG = /^([^/\\:]{2,}):(.*)$/s;
const S3_URL = /^s3:\/\/([^/]*)\/?(.*)$/s;
// Bucket names are 3–63 chars; legacy US buckets allowed capitals and underscores.
const BUCKET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]$/;

export function parseLocationArg(arg: string): ParsedArg {
  if (arg === '') throw new UsageError('empty location argument');
  const m = S3_URL.exec(arg) ?? BUCKET_ARG.exec(arg);
  if (!m) return { kind: 'local', path: arg };
  const bucket = m[1] ?? '';
  const prefix = m[2] ?? '';
  if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) {
    throw new UsageError(
      `location "${arg}": "${bucket}" is not a valid bucket name (3-63 letters, digits, dots, hyphens; for a local path with a colon write ./${arg})`,
    );
  }
  if (prefix.startsWith('/')) throw new UsageError(`location "${arg}": a key prefix cannot start with "/"`);
  if (prefix.includes('//')) throw new UsageError(`location "${arg}": a key prefix cannot contain "//"`);
  if (prefix.includes('\0')) throw new UsageError(`location "${arg}": a key prefix cannot contain NUL`);
  if (prefix.split('/').some((seg) => seg === '..' || seg === '.'))
    throw new UsageError(`location "${arg}": a key prefix cannot contain "." or ".." segments`);
  return { kind: 's3', bucket, prefix };
}

export interface ResolvedPair {
  source: Location;
  destination: Location;
  direction: Direction;
  sourceDisplay: string;
  destinationDisplay: string;
}

/**
 * Resolves both arguments into roots whose contents are synced onto each other.
 * `path` is injectable so Windows paths can be tested with `path.win32` on any platform.
 */
export function resolvePair(
  sourceArg: string,
  destArg: string,
  opts: { cwd?: string; path?: nodePath.PlatformPath } = {},
): ResolvedPair {
  const p = opts.path ?? nodePath;
  const cwd = opts.cwd ?? process.cwd();
  const src = parseLocationArg(sourceArg);
  const dst = parseLocationArg(destArg);
  if (src.kind === 'local' && dst.kind === 'local') {
    throw new UsageError('both SOURCE and DESTINATION are local paths; one must be bucket:prefix');
  }

  // "The directory itself": the destination gets the source's last path segment appended.
  let name = '';
  let source: Location;
  if (src.kind === 'local') {
    const contents = endsWithSeparator(src.path, p) || isDotPath(src.path, p);
    const root = p.resolve(cwd, src.path);
    if (!contents) name = p.basename(root);
    source = { kind: 'local', root };
  } else {
    const contents = src.prefix === '' || src.prefix.endsWith('/');
    if (!contents) name = src.prefix.slice(src.prefix.lastIndexOf('/') + 1);
    source = { kind: 's3', bucket: src.bucket, prefix: dirPrefix(src.prefix) };
  }

  let destination: Location;
  if (dst.kind === 'local') {
    const base = p.resolve(cwd, dst.path);
    destination = { kind: 'local', root: name ? p.join(base, name) : base };
  } else {
    destination = {
      kind: 's3',
      bucket: dst.bucket,
      prefix: dirPrefix(dst.prefix) + (name ? `${name}/` : ''),
    };
  }

  if (source.kind === 's3' && destination.kind === 's3' && source.bucket === destination.bucket) {
    const [a, b] = [source.prefix, destination.prefix];
    if (a.startsWith(b) || b.startsWith(a)) {
      throw new UsageError(
        `s3://${source.bucket}/${a} and s3://${destination.bucket}/${b} overlap: a copy into itself would feed on its own output (and --delete would delete the source)`,
      );
    }
  }
  return {
    source,
    destination,
    direction: source.kind === 'local' ? 'upload' : destination.kind === 'local' ? 'download' : 'copy',
    sourceDisplay: displayLocation(source, p),
    destinationDisplay: displayLocation(destination, p),
  };
}

/** `pre` and `pre/` both mean the directory `pre/`; '' is the bucket root. */
export function dirPrefix(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

export function displayLocation(loc: Location, p: nodePath.PlatformPath = nodePath): string {
  if (loc.kind === 's3') return `s3://${loc.bucket}/${loc.prefix}`;
  return loc.root.endsWith(p.sep) ? loc.root : loc.root + p.sep;
}

function endsWithSeparator(path: string, p: nodePath.PlatformPath): boolean {
  return path.endsWith('/') || path.endsWith(p.sep);
}

// `.` and `..` have no meaningful basename to append, so rsync treats them as "contents".
function isDotPath(path: string, p: nodePath.PlatformPath): boolean {
  const last = path.split(/[\\/]/).pop();
  return last === '.' || last === '..' || (p.sep === '\\' && /^[A-Za-z]:$/.test(path));
}
