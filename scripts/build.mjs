// Builds the two ncc bundles: dist/index.js (the action, run by `node24`) and dist/cli/index.js (the npm bin).
// Each entry is one self-contained ESM file, so neither the runner nor `npx paras3` installs dependencies.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';

const ncc = [
  'node_modules/@vercel/ncc/dist/ncc/cli.js',
  'build',
  '--quiet',
  '--target',
  'es2022',
  '--transpile-only',
];
rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, [...ncc, 'src/action/index.ts', '-o', 'dist'], { stdio: 'inherit' });
execFileSync(process.execPath, [...ncc, 'src/cli/index.ts', '-o', 'dist/cli'], { stdio: 'inherit' });
chmodSync('dist/cli/index.js', 0o755);
