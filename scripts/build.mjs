// Builds the ncc bundles: dist/index.js (the action, run by `node24`), dist/cli/index.js (the npm bin), and
// the cache actions' dist/cache/restore/index.js (main of cache/ and cache/restore/) and
// dist/cache/save/index.js (post of cache/, main of cache/save/).
// Each entry is one self-contained ESM file, so neither the runner nor `npx paras3` installs dependencies.
// The bundles are made in build/ and swapped into dist/ at the end, so a test running the old bundle
// never sees a half-written dist/.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, renameSync, rmSync } from 'node:fs';

const ncc = [
  'node_modules/@vercel/ncc/dist/ncc/cli.js',
  'build',
  '--quiet',
  '--target',
  'es2022',
  '--transpile-only',
];
const out = 'build/dist';
rmSync(out, { recursive: true, force: true });
mkdirSync('build', { recursive: true });
execFileSync(process.execPath, [...ncc, 'src/action/index.ts', '-o', out], { stdio: 'inherit' });
execFileSync(process.execPath, [...ncc, 'src/cli/index.ts', '-o', `${out}/cli`], { stdio: 'inherit' });
chmodSync(`${out}/cli/index.js`, 0o755);
for (const step of ['restore', 'save']) {
  execFileSync(process.execPath, [...ncc, `src/action/cache-${step}.ts`, '-o', `${out}/cache/${step}`], {
    stdio: 'inherit',
  });
}
rmSync('dist', { recursive: true, force: true });
renameSync(out, 'dist');
