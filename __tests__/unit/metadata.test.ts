// metadata.ts: what an upload stores (metadataFor), how stored metadata is read (parseMetadata), and what
// differs between a local file and its object (metadataDiff), per direction.
import { describe, expect, it } from 'vitest';
import { metadataDiff, metadataFor, parseMetadata, type RestoreInfo } from '../../src/core/metadata.js';
import type { Entry } from '../../src/core/types.js';
import { localFile, localLink } from '../helpers/entries.js';

const MD5 = '0123456789abcdef0123456789abcdef';
const MD5_B64 = 'ASNFZ4mrze8BI0VniavN7w==';
const file = localFile('bin/run.sh', 'x', {
  mtime: 1_577_934_245,
  mtimeMs: 1_577_934_245_123.457,
  mode: 0o104755,
  uid: 1234,
  gid: 5678,
});

describe('metadataFor', () => {
  it.each<[string, Entry, string | undefined, boolean, Record<string, string>]>([
    [
      'POSIX: mode (st_mode, decimal), owner, group, mtime to the microsecond, md5chksum',
      file,
      MD5,
      true,
      {
        permissions: String(0o104755),
        owner: '1234',
        group: '5678',
        mtime: '1577934245.123457',
        md5chksum: MD5_B64,
      },
    ],
    ['POSIX off: only what a restore cannot do without', file, MD5, false, { md5chksum: MD5_B64 }],
    ['no MD5 to carry', file, undefined, false, {}],
    [
      'a whole-second mtime',
      { ...file, mtimeMs: 1_577_934_245_000 },
      undefined,
      true,
      { permissions: String(0o104755), owner: '1234', group: '5678', mtime: '1577934245' },
    ],
    [
      'fields the entry lacks are left out',
      { ...file, uid: undefined, gid: undefined, mode: undefined },
      undefined,
      true,
      { mtime: '1577934245.123457' },
    ],
    [
      'a symlink says so with POSIX metadata',
      localLink('l', 'target', { mtimeMs: 1000, uid: 0, gid: 0, mode: 0o120777 }),
      undefined,
      true,
      { symlink: 'true', mtime: '1', permissions: String(0o120777), owner: '0', group: '0' },
    ],
    ['a symlink says so without', localLink('l', 'target'), undefined, false, { symlink: 'true' }],
  ])('%s', (_name, entry, md5, posix, expected) => {
    expect(metadataFor(entry, md5, { posix })).toEqual(expected);
  });
});

describe('parseMetadata', () => {
  it('reads back what metadataFor writes, mode masked to the permission bits', () => {
    expect(parseMetadata(metadataFor(file, MD5, { posix: true }))).toEqual({
      mode: 0o4755,
      mtimeMs: 1_577_934_245_123.457,
      uid: 1234,
      gid: 5678,
      symlink: false,
      md5: MD5,
    });
    expect(parseMetadata({ symlink: 'true' })).toMatchObject({ symlink: true });
  });

  it.each<[string, Record<string, string>, Partial<RestoreInfo>]>([
    ['permissions in words', { permissions: 'rwxr-xr-x' }, { mode: undefined }],
    ['permissions in octal notation', { permissions: '0o755' }, { mode: undefined }],
    ['negative permissions', { permissions: '-1' }, { mode: undefined }],
    ['empty permissions', { permissions: '' }, { mode: undefined }],
    ['an mtime in words', { mtime: 'yesterday' }, { mtimeMs: undefined }],
    ['an mtime in exponent notation', { mtime: '1e9' }, { mtimeMs: undefined }],
    ['an mtime with two dots', { mtime: '1.5.5' }, { mtimeMs: undefined }],
    ['an mtime as a date', { mtime: '2020-01-01T00:00:00Z' }, { mtimeMs: undefined }],
    ['a negative owner', { owner: '-1' }, { uid: undefined }],
    ['a fractional group', { group: '1.5' }, { gid: undefined }],
    ['an owner by name', { owner: 'root' }, { uid: undefined }],
    ['symlink other than "true"', { symlink: 'yes' }, { symlink: false }],
    ['symlink in capitals', { symlink: 'TRUE' }, { symlink: false }],
    ['md5chksum too short', { md5chksum: 'xx' }, { md5: undefined }],
    ['md5chksum in hex', { md5chksum: MD5 }, { md5: undefined }],
    ['md5chksum of another length', { md5chksum: 'ASNFZ4mrze8BI0VniavN7wAA' }, { md5: undefined }],
  ])('takes %s as absent, never as an error', (_name, meta, expected) => {
    expect(parseMetadata(meta)).toMatchObject(expected);
  });

  it('is empty for no metadata at all', () => {
    expect(parseMetadata(undefined)).toEqual({
      mode: undefined,
      mtimeMs: undefined,
      uid: undefined,
      gid: undefined,
      symlink: false,
      md5: undefined,
    });
    expect(parseMetadata({})).toEqual(parseMetadata(undefined));
  });

  it.each<[string, number]>([
    ['1577934245', 1_577_934_245_000],
    ['1577934245.5', 1_577_934_245_500],
    ['0', 0],
  ])('reads mtime %s as %d ms', (mtime, ms) => {
    expect(parseMetadata({ mtime }).mtimeMs).toBe(ms);
  });

  // metadataFor writes `-0.5` for a file from before 1970, which parseMetadata refuses: every upload
  // then finds "mtime not stored" and rewrites the metadata again, run after run, and a restore
  // leaves the time unset.
  it('reads back a time before 1970', () => {
    const old = { ...file, mtime: -1, mtimeMs: -500 };
    expect(parseMetadata(metadataFor(old, undefined, { posix: true })).mtimeMs).toBe(-500);
  });
});

describe('metadataDiff', () => {
  const local = localFile('f', 'x', { mtimeMs: 1_577_934_245_123.457, mode: 0o100644, uid: 1000, gid: 1000 });
  const stored: RestoreInfo = {
    symlink: false,
    mode: 0o644,
    uid: 1000,
    gid: 1000,
    mtimeMs: 1_577_934_245_123.457,
  };
  const up = { direction: 'upload', owner: true } as const;
  const down = { direction: 'download', owner: false } as const;
  const downOwner = { direction: 'download', owner: true } as const;

  it.each<[string, Entry, RestoreInfo, Parameters<typeof metadataDiff>[2], string | null]>([
    [
      'upload: what was written reads back equal',
      local,
      parseMetadata(metadataFor(local, undefined, { posix: true })),
      up,
      null,
    ],
    ['download: equal', local, stored, down, null],
    ['upload: mode, stored → local', local, { ...stored, mode: 0o600 }, up, 'mode 600 → 644'],
    ['download: mode, local → stored', local, { ...stored, mode: 0o600 }, down, 'mode 644 → 600'],
    ['file type bits are not compared', { ...local, mode: 0o100600 }, { ...stored, mode: 0o600 }, up, null],
    // A field the object lacks: an upload would store it, a restore writes nothing for it.
    [
      'upload: fields the object lacks',
      local,
      { symlink: false },
      up,
      'mode not stored, owner not stored, group not stored, mtime not stored',
    ],
    ['download: fields the object lacks', local, { symlink: false }, down, null],
    [
      'fields the local entry lacks are not compared',
      { ...local, mode: undefined, uid: undefined },
      { ...stored, mode: 0o600, uid: 1 },
      up,
      null,
    ],
    // Owner and group only when asked (uploads always; downloads as root with --owner).
    ['download: owner differs, not restored', local, { ...stored, uid: 0, gid: 0 }, down, null],
    [
      'download: owner differs, restored',
      local,
      { ...stored, uid: 0, gid: 0 },
      downOwner,
      'owner 1000 → 0, group 1000 → 0',
    ],
    ['upload: owner differs', local, { ...stored, uid: 0 }, up, 'owner 0 → 1000'],
    [
      'upload: owner differs, not asked',
      local,
      { ...stored, uid: 0 },
      { direction: 'upload', owner: false },
      null,
    ],
    // Times in microseconds.
    ['1 µs apart (float noise) is equal', local, { ...stored, mtimeMs: 1_577_934_245_123.458 }, up, null],
    [
      '2 µs apart is a change',
      local,
      { ...stored, mtimeMs: 1_577_934_245_123.459 },
      up,
      'mtime 2020-01-02T03:04:05.123Z → 2020-01-02T03:04:05.123Z',
    ],
    [
      'seconds apart',
      local,
      { ...stored, mtimeMs: 1_577_934_240_000 },
      down,
      'mtime 2020-01-02T03:04:05.123Z → 2020-01-02T03:04:00.000Z',
    ],
    ['upload: mtime not stored', local, { ...stored, mtimeMs: undefined }, up, 'mtime not stored'],
    ['download: mtime not stored', local, { ...stored, mtimeMs: undefined }, down, null],
    // Coarse file systems (FAT, HFS+) keep whole seconds: the stored time truncated to its value matches.
    [
      'coarse: whole-second local, stored within that second',
      { ...local, mtimeMs: 1_577_934_245_000 },
      stored,
      down,
      null,
    ],
    [
      'coarse: whole-second local, stored within that second (upload)',
      { ...local, mtimeMs: 1_577_934_245_000 },
      stored,
      up,
      null,
    ],
    [
      'coarse: whole-second local, stored in the next second',
      { ...local, mtimeMs: 1_577_934_245_000 },
      { ...stored, mtimeMs: 1_577_934_246_500 },
      down,
      'mtime 2020-01-02T03:04:05.000Z → 2020-01-02T03:04:06.500Z',
    ],
    [
      'not coarse: a fractional local time against a whole stored one',
      local,
      { ...stored, mtimeMs: 1_577_934_245_000 },
      down,
      'mtime 2020-01-02T03:04:05.123Z → 2020-01-02T03:04:05.000Z',
    ],
    [
      'a symlink has no mtime to compare',
      localLink('l', 't', { mtimeMs: 5000, mode: 0o120777 }),
      { symlink: true, mtimeMs: 9000, mode: 0o777, uid: 1000, gid: 1000 },
      up,
      null,
    ],
  ])('%s', (_name, l, r, opts, expected) => {
    expect(metadataDiff(l, r, opts)).toBe(expected);
  });
});
