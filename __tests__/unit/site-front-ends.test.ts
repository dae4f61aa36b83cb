// The front-end parts of site publishing: the CLI's --no-dir-nodes / --no-posix-metadata, engine
// messages in the action's terms, workspace-relative paths, and the invalidation's caller reference.
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAG_INPUTS } from '../../src/action/constants.js';
import { workspaceView } from '../../src/action/paths.js';
import { inActionTerms } from '../../src/action/terms.js';
import { parseCli, USAGE } from '../../src/cli/args.js';
import { Settings } from '../../src/config/layers.js';
import { resolveConfig } from '../../src/config/options.js';
import { callerReference } from '../../src/run/invalidate.js';

function request(argv: string[]) {
  const cmd = parseCli(argv);
  if (cmd.kind !== 'sync') throw new Error(`expected a sync command, got ${cmd.kind}`);
  return cmd.args.request;
}

describe('--no-dir-nodes and --no-posix-metadata', () => {
  it('turn off directory nodes and POSIX metadata; both stay on by default', () => {
    const settings = new Settings([]);
    const on = resolveConfig(request(['-r', '/src/', 'bucket:p']), settings).options;
    expect(on).toMatchObject({ dirNodes: true, posixMetadata: true });
    const off = resolveConfig(
      request(['-r', '--no-dir-nodes', '--no-posix-metadata', '/src/', 'bucket:p']),
      settings,
    ).options;
    expect(off).toMatchObject({ dirNodes: false, posixMetadata: false });
  });

  it('are in the help, which says a download of such a tree needs --make-dirs', () => {
    expect(USAGE).toContain('--no-dir-nodes');
    expect(USAGE).toContain('--no-posix-metadata');
    expect(USAGE).toMatch(/--no-dir-nodes[\s\S]*--make-dirs/);
  });

  it('take no value', () => {
    expect(() => parseCli(['--no-dir-nodes=yes', 's', 'b:'])).toThrow(/--no-dir-nodes takes no value/);
  });
});

describe('inActionTerms', () => {
  it('names the action input where an engine message names a CLI flag', () => {
    expect(inActionTerms('3 deletes planned, more than --max-delete 2; nothing is deleted')).toBe(
      '3 deletes planned, more than max-delete 2; nothing is deleted',
    );
    expect(
      inActionTerms('parent directory "a" has no directory node on S3; use --make-dirs to create it'),
    ).toBe('parent directory "a" has no directory node on S3; use make-dirs to create it');
    expect(inActionTerms('(give --max-delete to allow)')).toBe('(give max-delete to allow)');
    expect(inActionTerms('so --public-read cannot be applied')).toBe('so public-read cannot be applied');
    expect(inActionTerms("--cache-control 'x': bad")).toBe("cache-control 'x': bad");
  });

  it('leaves longer flags, unknown flags and paths that merely contain a flag alone', () => {
    expect(inActionTerms('implied by --delete-excluded')).toBe('implied by delete-excluded');
    expect(inActionTerms('see --debug')).toBe('see --debug');
    expect(inActionTerms('file a--delete.txt')).toBe('file a--delete.txt');
    expect(inActionTerms('--deleted')).toBe('--deleted');
  });

  it('maps every flag to an input or a setting name, never to another flag', () => {
    for (const name of Object.values(FLAG_INPUTS)) expect(name).not.toMatch(/^--/);
  });
});

describe('workspaceView', () => {
  it('shows paths inside the workspace relative to it, others as they are', () => {
    const view = workspaceView('/ws', nodePath.posix);
    expect(view('/ws/restored/a.txt')).toBe('restored/a.txt');
    expect(view('/ws/restored/')).toBe('restored/');
    expect(view('/ws')).toBe('.');
    expect(view('/elsewhere/x')).toBe('/elsewhere/x');
    expect(view('/ws-other/x')).toBe('/ws-other/x');
    expect(view('relative/already')).toBe('relative/already');
    expect(workspaceView(undefined, nodePath.posix)('/ws/a')).toBe('/ws/a');
  });

  it('works with Windows paths', () => {
    const view = workspaceView('D:\\a\\repo\\repo', nodePath.win32);
    expect(view('D:\\a\\repo\\repo\\cache\\x.bin')).toBe('cache\\x.bin');
    expect(view('C:\\other\\x.bin')).toBe('C:\\other\\x.bin');
  });
});

describe('callerReference', () => {
  it('names the run and attempt, and differs between two calls of one attempt', () => {
    const env = { GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '3' };
    const a = callerReference(env, 1000);
    const b = callerReference(env, 1000);
    expect(a).toMatch(/^paras3-42-3-1000-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    expect(callerReference({}, 5)).toMatch(/^paras3-5-[0-9a-f]{8}$/);
  });
});
