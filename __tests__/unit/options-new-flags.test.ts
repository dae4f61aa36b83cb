// options.ts, the plumbing of issue 13's flags: ordered filters with their pattern files read in place,
// size-only, upload storage class and encryption, and the refusal of --include until the engine applies it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envLayer, Settings } from '../../src/config/layers.js';
import { filterRules, resolveConfig, type SyncRequest, uploadChoices } from '../../src/config/options.js';
import { UsageError } from '../../src/core/errors.js';
import { tempDirSync } from '../helpers/tree.js';

const base: SyncRequest = {
  source: '/src/',
  destination: 'bucket:p',
  recursive: true,
  dryrun: false,
  delete: false,
  deleteExcluded: false,
  publicRead: false,
  ssl: false,
  md5: true,
  makeDirs: false,
  exclude: [],
  excludeFrom: [],
  cacheControl: [],
};
const settings = new Settings([envLayer({})]);

describe('filterRules', () => {
  it('is undefined without rules', () => {
    expect(filterRules(undefined)).toBeUndefined();
    expect(filterRules([])).toBeUndefined();
  });

  it('reads pattern files where they stand in the order, one glob a line, without comments', () => {
    const dir = tempDirSync('paras3-filters-');
    const inc = join(dir, 'inc.txt');
    const exc = join(dir, 'exc.txt');
    writeFileSync(inc, '# pages\n*.html\n\n  docs/  \n');
    writeFileSync(exc, 'draft*\n');
    expect(
      filterRules([
        { include: false, glob: 'tmp/' },
        { include: true, glob: inc, fromFile: true },
        { include: false, glob: exc, fromFile: true },
        { include: true, glob: '*.css' },
      ]),
    ).toEqual([
      { include: false, glob: 'tmp/' },
      { include: true, glob: '*.html' },
      { include: true, glob: 'docs/' },
      { include: false, glob: 'draft*' },
      { include: true, glob: '*.css' },
    ]);
  });

  it('names the flag of a pattern file it cannot read', () => {
    expect(() => filterRules([{ include: true, glob: '/nonexistent/inc', fromFile: true }])).toThrow(
      '--include-from /nonexistent/inc: cannot read (ENOENT)',
    );
    expect(() => filterRules([{ include: false, glob: '/nonexistent/exc', fromFile: true }])).toThrow(
      '--exclude-from /nonexistent/exc: cannot read (ENOENT)',
    );
  });
});

describe('uploadChoices', () => {
  it('passes storage class and encryption on for uploads', () => {
    expect(
      uploadChoices({ ...base, storageClass: 'GLACIER', sse: 'aws:kms', sseKmsKeyId: 'alias/x' }, 's3'),
    ).toEqual({ storageClass: 'GLACIER', sse: 'aws:kms', sseKmsKeyId: 'alias/x' });
  });

  it.each([
    [{ storageClass: 'GLACIER' }, '--storage-class applies to uploads, and DESTINATION is a local path'],
    [{ sse: 'AES256' }, '--sse applies to uploads, and DESTINATION is a local path'],
  ])('refuses %j on a download', (extra, message) => {
    expect(() => uploadChoices({ ...base, ...extra }, 'local')).toThrow(UsageError);
    expect(() => uploadChoices({ ...base, ...extra }, 'local')).toThrow(message);
  });
});

describe('resolveConfig with the new flags', () => {
  it('carries excludes given as filters, which the engine applies through `exclude` too', () => {
    const { options } = resolveConfig(
      { ...base, exclude: ['*.log'], filters: [{ include: false, glob: '*.log' }] },
      settings,
    );
    expect(options.filters).toEqual([{ include: false, glob: '*.log' }]);
    expect(options.exclude).toEqual(['*.log']);
  });

  it('sets none of the new options for a request without their flags', () => {
    const { options } = resolveConfig(base, settings);
    for (const k of ['filters', 'sizeOnly', 'storageClass', 'sse', 'sseKmsKeyId'] as const)
      expect(options[k]).toBeUndefined();
  });

  it('passes size-only, storage class and encryption on to the engine', () => {
    const { options } = resolveConfig(
      { ...base, sizeOnly: true, storageClass: 'GLACIER', sse: 'aws:kms', sseKmsKeyId: 'alias/k' },
      settings,
    );
    expect(options).toMatchObject({
      sizeOnly: true,
      storageClass: 'GLACIER',
      sse: 'aws:kms',
      sseKmsKeyId: 'alias/k',
    });
  });

  it('keeps --include and --exclude rules in the order given', () => {
    const filters = [
      { include: false, glob: 'drafts/' },
      { include: true, glob: '*.html' },
    ];
    expect(resolveConfig({ ...base, filters }, settings).options.filters).toEqual(filters);
  });
});
