// Issue 5: the object metadata that makes a restore faithful, and how hostile keys are shown. Pure.
import { describe, expect, it } from 'vitest';
import { printableKey } from '../src/core/keys.js';
import { metadataFor, parseMetadata } from '../src/core/metadata.js';
import type { Entry } from '../src/core/types.js';

const file: Entry = {
  path: 'bin/run.sh',
  kind: 'file',
  size: 10,
  mtime: 1_577_934_245,
  mtimeMs: 1_577_934_245_123.457,
  mode: 0o104755,
  uid: 1234,
  gid: 5678,
};

describe('restore metadata', () => {
  it('writes mode, owner, group and mtime (to the microsecond), and md5chksum when given', () => {
    expect(metadataFor(file, '0123456789abcdef0123456789abcdef')).toEqual({
      permissions: String(0o104755),
      owner: '1234',
      group: '5678',
      mtime: '1577934245.123457',
      md5chksum: 'ASNFZ4mrze8BI0VniavN7w==',
    });
    expect(metadataFor({ ...file, kind: 'symlink', mode: 0o120777 })).toMatchObject({ symlink: 'true' });
  });

  it('reads back what it wrote', () => {
    expect(parseMetadata(metadataFor(file, '0123456789abcdef0123456789abcdef'))).toEqual({
      mode: 0o4755,
      mtimeMs: 1_577_934_245_123.457,
      uid: 1234,
      gid: 5678,
      symlink: false,
      md5: '0123456789abcdef0123456789abcdef',
    });
  });

  it('treats what another tool wrote badly as absent, never as an error', () => {
    expect(
      parseMetadata({
        permissions: 'rwxr-xr-x',
        mtime: 'yesterday',
        owner: '-1',
        symlink: 'yes',
        md5chksum: 'xx',
      }),
    ).toEqual({ symlink: false });
    expect(parseMetadata(undefined)).toEqual({ symlink: false });
  });
});

describe('printableKey', () => {
  it('escapes control characters, so a key cannot forge output lines or drive the terminal', () => {
    expect(printableKey('pre/nul\u0000x')).toBe('pre/nul\\x00x');
    expect(printableKey('a\nb\u001b[2J\u009bc')).toBe('a\\x0ab\\x1b[2J\\x9bc');
    expect(printableKey('plain/ünï/日本')).toBe('plain/ünï/日本');
  });
});
