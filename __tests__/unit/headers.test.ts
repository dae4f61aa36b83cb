// headers.ts: Content-Type from the extension and Cache-Control rules by glob.
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { headerLookup, loadContentTypes, parseHeaderRules } from '../../src/core/headers.js';

beforeAll(loadContentTypes);

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
    // Spaces around '=' are the rule's, not the value's.
    [['index.html = no-store '], [{ glob: 'index.html', value: 'no-store' }]],
    // A plain path segment is a rule: a file or directory named CNAME, not a header "CNAME=…".
    [['CNAME=no-cache'], [{ glob: 'CNAME', value: 'no-cache' }]],
    [['robots.txt=public, max-age=300'], [{ glob: 'robots.txt', value: 'public, max-age=300' }]],
    [['Max-Age=5'], [{ value: 'Max-Age=5' }]],
    [['s-maxage=600'], [{ value: 's-maxage=600' }]],
    [['no-cache, max-age=0'], [{ value: 'no-cache, max-age=0' }]],
    [['', '  '], []],
    // Globbed rules come before the plain fallback, whatever order they were given in.
    [
      ['max-age=1', '*.css=max-age=2'],
      [{ glob: '*.css', value: 'max-age=2' }, { value: 'max-age=1' }],
    ],
  ])('%j', (values, rules) => {
    expect(parseHeaderRules(values)).toEqual(rules);
  });

  // What reads both ways, or as neither, is refused with the rule quoted rather than sent as a header.
  it.each([
    ['CNAME=foo', /'foo' is not a Cache-Control directive/],
    ['max-age=no-cache', /'max-age' is a Cache-Control directive that takes a number of seconds/],
    ['no-cache=1', /'no-cache' is a Cache-Control directive without a value/],
    ['*.html=', /no value for '\*\.html'/],
    ['=no-cache', /neither a glob nor a Cache-Control directive/],
    ['my file=no-cache', /'my file' is neither a glob nor a Cache-Control directive/],
    ['*.js=max-age=soon', /'max-age=soon' is not a Cache-Control directive/],
    ['*.js=public, nocache', /'nocache' is not a Cache-Control directive/],
  ])('refuses %j', (value, message) => {
    expect(() => parseHeaderRules([value])).toThrow(UsageError);
    expect(() => parseHeaderRules([value])).toThrow(message);
    expect(() => parseHeaderRules([value])).toThrow(/^--cache-control '.*': .*; write GLOB=VALUE/);
  });
});
