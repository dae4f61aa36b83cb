// headers.ts: Content-Type from the extension and Cache-Control rules by glob.
import { describe, expect, it } from 'vitest';
import { headerLookup, parseHeaderRules } from '../../src/core/headers.js';

describe('headerLookup: Content-Type', () => {
  const lookup = headerLookup([]);
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a/b/style.css', 'text/css; charset=utf-8'],
    ['notes.txt', 'text/plain; charset=utf-8'],
    ['data.json', 'application/json; charset=utf-8'],
    ['img/photo.PNG', 'image/png'],
    ['backup.tar.gz', 'application/gzip'],
    ['Makefile', 'application/octet-stream'],
    ['.bashrc', 'application/octet-stream'],
    ['a.unknownext', 'application/octet-stream'],
    // The extension of the name, never of a directory.
    ['v1.2/README', 'application/octet-stream'],
  ])('%s → %s', (path, type) => {
    expect(lookup(path).contentType).toBe(type);
  });

  it('consults extra types (S3SYNC_MIME_TYPES_FILE) first, by lower-cased extension', () => {
    const custom = headerLookup([], { md: 'text/x-markdown', txt: 'text/x-custom' });
    expect(custom('README.MD').contentType).toBe('text/x-markdown');
    expect(custom('a.txt').contentType).toBe('text/x-custom');
    expect(custom('a.css').contentType).toBe('text/css; charset=utf-8');
  });
});

describe('headerLookup: Cache-Control', () => {
  it('gives no Cache-Control without rules', () => {
    expect(headerLookup([])('a.txt').cacheControl).toBeUndefined();
  });

  it('applies the first rule whose glob matches; a rule without a glob matches everything', () => {
    const lookup = headerLookup(
      parseHeaderRules(['max-age=60', '*.html=no-cache', 'assets/**=public, max-age=31536000, immutable']),
    );
    expect(lookup('index.html').cacheControl).toBe('no-cache');
    expect(lookup('sub/page.html').cacheControl).toBe('no-cache');
    expect(lookup('assets/a/b.js').cacheControl).toBe('public, max-age=31536000, immutable');
    expect(lookup('other.js').cacheControl).toBe('max-age=60');
  });
});

describe('parseHeaderRules', () => {
  it.each([
    [['max-age=60'], [{ value: 'max-age=60' }]],
    [['public, max-age=60'], [{ value: 'public, max-age=60' }]],
    [['no-cache'], [{ value: 'no-cache' }]],
    [['*.html=no-cache'], [{ glob: '*.html', value: 'no-cache' }]],
    [['assets/**=max-age=600'], [{ glob: 'assets/**', value: 'max-age=600' }]],
    // A left side with spaces or commas is not a glob: the whole text is the value.
    [['index.html = no-store '], [{ value: 'index.html = no-store' }]],
    [['a,b=1'], [{ value: 'a,b=1' }]],
    [['', '  '], []],
    // Globbed rules come before the plain fallback, whatever order they were given in.
    [
      ['max-age=1', '*.css=max-age=2'],
      [{ glob: '*.css', value: 'max-age=2' }, { value: 'max-age=1' }],
    ],
  ])('%j', (values, rules) => {
    expect(parseHeaderRules(values)).toEqual(rules);
  });
});
