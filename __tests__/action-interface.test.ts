// action.yml, the const table in src/action/constants.ts and the README's workflow YAML must name the
// same inputs and outputs, so the docs and the action cannot drift apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Inputs, Outputs, SETTING_INPUTS } from '../src/action/constants.js';
import { REPO_ROOT } from './helpers/run.js';

const actionYml = readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8');
const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

/** The keys directly under a top-level mapping (`inputs:`), with their own lines. A tiny YAML reading. */
function section(yml: string, name: string): Map<string, string[]> {
  const lines = yml.split(/\r?\n/);
  const start = lines.indexOf(`${name}:`);
  const out = new Map<string, string[]>();
  if (start === -1) return out;
  let indent = -1;
  let current: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    const lead = line.length - line.trimStart().length;
    if (lead === 0) break;
    if (indent === -1) indent = lead;
    if (lead === indent) {
      current = [];
      out.set(/^\s*([\w-]+):\s*$/.exec(line)?.[1] ?? `unparsed: ${line}`, current);
    } else current.push(line.trim());
  }
  return out;
}

const ymlInputs = section(actionYml, 'inputs');
const ymlOutputs = section(actionYml, 'outputs');

/** Each `with:` mapping of a step whose `uses:` is paras3, from every ```yaml block of the README. */
function paras3Steps(markdown: string): Array<{ block: number; with: string[] }> {
  const blocks = [...markdown.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]!.split('\n'));
  const steps: Array<{ block: number; with: string[] }> = [];
  blocks.forEach((lines, block) => {
    lines.forEach((line, i) => {
      // paras3/cache… steps use the cache actions (checked in cache-action.test.ts).
      const m = /^(\s*)(- )?uses:\s*\S*paras3(?!\/cache)\S*/.exec(line);
      if (!m) return;
      const keyIndent = m[1]!.length + (m[2] ? 2 : 0);
      const indentOf = (l: string) => l.length - l.trimStart().length;
      // The step's lines: back to its `- `, forward to the next item or a shallower line.
      let first = i;
      while (!m[2] && first > 0 && !lines[first]!.startsWith(`${' '.repeat(keyIndent - 2)}- `)) first--;
      let last = i + 1;
      while (
        last < lines.length &&
        (lines[last]!.trim() === '' ||
          (indentOf(lines[last]!) >= keyIndent && !/^\s*- /.test(lines[last]!.slice(keyIndent - 2))))
      )
        last++;
      const step = lines.slice(first, last);
      const withAt = step.findIndex(
        (l) => l.startsWith(`${' '.repeat(keyIndent)}with:`) || l.trim() === '- with:',
      );
      const keys: string[] = [];
      if (withAt !== -1) {
        const body = step.slice(withAt + 1).filter((l) => l.trim() !== '' && indentOf(l) > keyIndent);
        const argIndent = body[0] ? indentOf(body[0]) : 0;
        for (const l of body) {
          const k = indentOf(l) === argIndent ? /^\s*([\w-]+):/.exec(l)?.[1] : undefined;
          if (k) keys.push(k);
        }
      }
      steps.push({ block, with: keys });
    });
  });
  return steps;
}

describe('action.yml', () => {
  it('declares exactly the inputs and outputs of the const table', () => {
    expect([...ymlInputs.keys()].sort()).toEqual(Object.values(Inputs).sort());
    expect([...ymlOutputs.keys()].sort()).toEqual(Object.values(Outputs).sort());
    for (const input of Object.values(SETTING_INPUTS)) expect(ymlInputs.has(input)).toBe(true);
  });

  it('gives every input a description and a default, and requires only source and destination', () => {
    const required: string[] = [];
    for (const [name, props] of ymlInputs) {
      expect(
        props.some((p) => p.startsWith('description:')),
        name,
      ).toBe(true);
      if (props.includes('required: true')) required.push(name);
      else
        expect(
          props.some((p) => /^default: ('.*'|".*")$/.test(p)),
          name,
        ).toBe(true);
    }
    expect(required.sort()).toEqual(['destination', 'source']);
    for (const [name, props] of ymlOutputs)
      expect(
        props.some((p) => p.startsWith('description:')),
        name,
      ).toBe(true);
  });

  it('is a node24 JavaScript action with branding', () => {
    expect(actionYml).toMatch(/^name: \S/m);
    expect(actionYml).toMatch(/^description: \S/m);
    expect(actionYml).toMatch(/^author: \S/m);
    expect(actionYml).toMatch(/^branding:\n {2}icon: [\w-]+\n {2}color: \w+$/m);
    expect(actionYml).toMatch(/^runs:\n {2}using: node24\n {2}main: dist\/index\.js$/m);
  });
});

describe('README', () => {
  const actionSection = readme.slice(
    readme.indexOf('<!-- section: action'),
    readme.indexOf('<!-- end section: action'),
  );
  const steps = paras3Steps(readme);

  it('has workflow YAML for publishing, a pull-request dry run and a cache, all using paras3', () => {
    expect(steps.length).toBeGreaterThanOrEqual(4);
    const all = steps.flatMap((s) => s.with);
    for (const needed of ['delete', 'dryrun', 'cache-control', 'exclude', 'max-delete'])
      expect(all).toContain(needed);
    expect(actionSection).toContain('aws-actions/configure-aws-credentials');
    expect(actionSection).toContain('cloudfront create-invalidation');
    expect(actionSection).toMatch(/on: pull_request/);
  });

  it('uses only inputs that action.yml declares, and always the required ones', () => {
    for (const step of steps) {
      for (const key of step.with) expect(ymlInputs.has(key), `README uses input "${key}"`).toBe(true);
      expect(step.with).toEqual(expect.arrayContaining(['source', 'destination']));
    }
  });

  it('reads only outputs that action.yml declares', () => {
    const used = [...actionSection.matchAll(/steps\.[\w-]+\.outputs\.([\w-]+)/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(ymlOutputs.has(name), `README reads output "${name}"`).toBe(true);
  });

  it('tables every input and every output', () => {
    const tabled = (name: string) => new RegExp(`^\\| \`${name}\` \\|`, 'm').test(actionSection);
    for (const name of ymlInputs.keys()) expect(tabled(name), name).toBe(true);
    for (const name of ymlOutputs.keys()) expect(tabled(name), name).toBe(true);
    const rows = [...actionSection.matchAll(/^\| `([\w-]+)` \|/gm)].map((m) => m[1]!);
    expect(rows.sort()).toEqual([...ymlInputs.keys(), ...ymlOutputs.keys()].sort());
  });

  it('the step reader finds with-keys the way a runner would', () => {
    const yaml = [
      '```yaml',
      'steps:',
      '  - uses: actions/checkout@v4',
      '    with:',
      '      fetch-depth: 0',
      '  - id: s',
      '    uses: me/paras3@v1',
      '    with:',
      '      source: a/',
      '      cache-control: |',
      '        x=1',
      '      destination: b:',
      '  - run: echo',
      '```',
    ].join('\n');
    expect(paras3Steps(yaml)).toEqual([{ block: 0, with: ['source', 'cache-control', 'destination'] }]);
  });
});
