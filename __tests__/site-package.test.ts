// The package's public face: a LICENSE that is the licence package.json names, and the metadata a
// registry and the Marketplace show (repository, homepage, issues, keywords).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/run.js';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  license: string;
  repository: { type: string; url: string };
  homepage: string;
  bugs: { url: string };
  keywords: string[];
};

describe('package', () => {
  it('ships the full GPL version 3 text, which GPL-3.0-or-later names', () => {
    expect(pkg.license).toBe('GPL-3.0-or-later');
    const text = readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8');
    expect(text).toContain('GNU GENERAL PUBLIC LICENSE');
    expect(text).toContain('Version 3, 29 June 2007');
    // "or any later version" is what the -or-later identifier grants; the full text ends with how to apply it.
    expect(text).toMatch(/or\s+\(at your option\) any later version/);
    expect(text).toContain('END OF TERMS AND CONDITIONS');
    expect(text.length).toBeGreaterThan(30_000);
  });

  it('names one repository for its source, home page and issues, and has keywords', () => {
    const repo = /^git\+(https:\/\/github\.com\/[\w.-]+\/[\w.-]+)\.git$/.exec(pkg.repository.url)?.[1];
    expect(pkg.repository.type).toBe('git');
    expect(repo).toBeDefined();
    expect(pkg.homepage).toBe(`${repo}#readme`);
    expect(pkg.bugs.url).toBe(`${repo}/issues`);
    expect(pkg.keywords).toEqual(expect.arrayContaining(['s3', 'sync', 'github-action', 'cloudfront']));
  });
});
