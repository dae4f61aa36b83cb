// Where an entry lives on its side: the path on disk of a local entry, the key of an S3 entry.
// Entries store only their relative name (types.ts), so these are derived here, once, for every stage.
import nodePath from 'node:path';
import { localFsPath, type NameCodec } from './names.js';
import { keyOf } from './tree/s3.js';
import { type Entry, type LocalLocation, nameOf, type S3Location } from './types.js';

export { keyOf };

/** The path on disk of a local entry (bytes when a native charset other than UTF-8 is set). */
export function fsPathOf(loc: LocalLocation, e: Entry, codec: NameCodec | undefined): string | Buffer {
  return localFsPath(loc.root, nameOf(e), codec, nodePath.sep);
}

/** The local path of a relative path, as text (for targets and messages). */
export function localTextPath(loc: LocalLocation, rel: string): string {
  return rel === '' ? loc.root : nodePath.join(loc.root, ...rel.split('/'));
}

/** The key of an S3 entry under its location. */
export function s3KeyOf(loc: S3Location, e: Entry): string {
  return keyOf(loc.prefix, e);
}
