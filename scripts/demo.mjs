// `npm run demo`: paras3 against a local S3 server, so a newcomer sees exactly what it prints.
// Starts s3rver on 127.0.0.1 (an ephemeral port), makes a sample tree in a temp dir, and runs the real
// CLI (dist/cli/index.js): an upload, a change previewed with --dryrun --delete, the real run, and a
// download. The server is stopped and the temp dirs are removed afterwards, also on error or Ctrl-C.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../', import.meta.url));
const cli = join(repo, 'dist', 'cli', 'index.js');
const s3rverChild = join(repo, '__tests__', 'helpers', 's3rver-child.mjs');
const BUCKET = 'demo-bucket';

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (s) => (color ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s) => (color ? `\x1b[2m${s}\x1b[0m` : s);

const cleanups = [];
/** The paras3 run in progress, stopped first on Ctrl-C so it does not outlive the server. */
let current;
async function cleanup() {
  if (current && current.exitCode === null && current.signalCode === null) {
    const exited = new Promise((resolve) => current.once('exit', resolve));
    current.kill('SIGINT');
    await exited;
  }
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => {});
}
let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  console.error('demo interrupted; stopping the server and removing its files');
  cleanup().finally(() => process.exit(130));
});

/** Runs a command, its output going straight to the terminal; resolves with the exit code. */
function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...opts });
    current = child;
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Starts s3rver in a child process (see s3rver-child.mjs for the flags) and waits for its port. */
async function startServer(dataDir) {
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', '--no-deprecation', s3rverChild, dataDir],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  });
  const port = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`s3rver exited early (code ${code})`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line).port));
  });
  return port;
}

async function createBucket(port) {
  // The SDK warns about Node 20 on import; that is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  } finally {
    client.destroy();
  }
}

/** The environment a user would set: credentials and AWS_S3_HOST, nothing inherited from AWS_* or ini files. */
function demoEnv(port, home) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(AWS_|S3SYNC_|PARAS3_)|^(HTTPS?|ALL|NO)_PROXY$/i.test(k)) env[k] = v;
  }
  return {
    ...env,
    HOME: home,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_S3_HOST: `127.0.0.1:${port}`,
  };
}

async function main() {
  if (!existsSync(cli)) {
    console.log(dim('dist/cli/index.js is missing; building it first (npm run build)…'));
    if ((await run(process.execPath, [join(repo, 'scripts', 'build.mjs')], { cwd: repo })) !== 0)
      throw new Error('build failed');
  }
  const work = await mkdtemp(join(tmpdir(), 'paras3-demo-'));
  cleanups.push(() => rm(work, { recursive: true, force: true }));
  const dataDir = join(work, 's3rver-data');
  const home = join(work, 'home');
  await mkdir(dataDir);
  await mkdir(home);

  const port = await startServer(dataDir);
  await createBucket(port);
  const env = demoEnv(port, home);

  // A small website to back up: nested directories, an empty one, and a file that will go away.
  const files = {
    'site/index.html':
      '<!doctype html><title>paras3 demo</title><link rel="stylesheet" href="css/site.css">\n',
    'site/css/site.css': 'body { font-family: sans-serif; }\n',
    'site/css/old.css': '/* about to be deleted */\n',
    'site/img/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n',
    'site/docs/read me.txt': 'Names with spaces are fine.\n',
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(work, path, '..'), { recursive: true });
    await writeFile(join(work, path), content);
  }
  await mkdir(join(work, 'site', 'drafts'));

  console.log(bold('paras3 demo'));
  console.log(
    `A local S3 server (s3rver) listens on 127.0.0.1:${port} with the bucket "${BUCKET}".\n` +
      `The commands below run in ${work}\n` +
      `with AWS_S3_HOST=127.0.0.1:${port} and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY set.`,
  );

  const step = async (comment, args, expectedCode = 0) => {
    console.log(`\n${dim(`# ${comment}`)}`);
    console.log(bold(`$ paras3 ${args.map(quote).join(' ')}`));
    const code = await run(process.execPath, [cli, ...args], { cwd: work, env });
    if (code !== expectedCode) throw new Error(`paras3 exited with ${code} (expected ${expectedCode})`);
  };

  await step('1. Upload the directory itself (no trailing slash): keys backup/site/…', [
    '-r',
    'site',
    `${BUCKET}:backup`,
  ]);

  await writeFile(join(work, 'site/index.html'), '<!doctype html><title>paras3 demo, v2</title>\n');
  await writeFile(join(work, 'site/docs/new.txt'), 'A new page.\n');
  await rm(join(work, 'site/css/old.css'));
  console.log(`\n${dim('# (edited site/index.html, added site/docs/new.txt, removed site/css/old.css)')}`);

  await step('2. Preview the next sync, deletes included: nothing changes', [
    '-r',
    '--dryrun',
    '--delete',
    'site',
    `${BUCKET}:backup`,
  ]);
  await step('3. The real run', ['-r', '--delete', 'site', `${BUCKET}:backup`]);
  await step('4. Download the contents (trailing slash) into a new local directory', [
    '-r',
    `${BUCKET}:backup/site/`,
    'restore',
  ]);
  await step('5. Run it again: everything is already there', ['-r', `${BUCKET}:backup/site/`, 'restore']);

  console.log(`\n${dim('# More: node dist/cli/index.js --help')}`);
}

function quote(arg) {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

try {
  await main();
} catch (err) {
  if (!interrupted) console.error(`demo failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
