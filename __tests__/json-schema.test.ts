// --json documents validated against schema/report.schema.json (JSON Schema 2020-12, checked by Ajv):
// every direction, a dry run, failures and the error form, so the documented schema is the output.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { useS3Server } from './helpers/fixtures.js';
import { runMain } from './helpers/inprocess.js';
import { REPO_ROOT } from './helpers/run.js';
import { cliEnv, putObject } from './helpers/s3server.js';
import { makeTree, tempDir } from './helpers/tree.js';

const s3 = useS3Server();
const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schema', 'report.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

async function json(args: string[]): Promise<{ code: number | null; doc: Record<string, unknown> }> {
  const r = await runMain(['--json', ...args], {
    ...cliEnv(s3.server.endpoint),
    HOME: s3.env.HOME as string,
  });
  const doc = JSON.parse(r.stdout);
  expect(validate(doc), JSON.stringify(validate.errors, null, 2)).toBe(true);
  return { code: r.code, doc };
}

describe('--json follows its schema', () => {
  it('for uploads, no-ops, downloads, copies, dry runs, failures and errors', async () => {
    const b = await s3.bucket('json');
    const src = await tempDir();
    await makeTree(src, { 'a.txt': 'a', 'sub/b.txt': 'bb', 'sub/link': { symlink: 'b.txt' } });

    expect((await json(['-r', '-n', `${src}/`, `${b}:j`])).doc).toMatchObject({
      dryrun: true,
      direction: 'upload',
    });
    expect((await json(['-r', `${src}/`, `${b}:j`])).code).toBe(0);
    expect((await json(['-r', `${src}/`, `${b}:j`])).doc).toMatchObject({
      totals: { files: { unchanged: 3 } },
    });
    const dst = await tempDir();
    expect((await json(['-r', `${b}:j/`, `${dst}/`])).doc).toMatchObject({ direction: 'download', ok: true });
    expect((await json(['-r', `${b}:j/`, `${b}:k`])).doc).toMatchObject({ direction: 'copy', ok: true });
    // Problems and a refused delete phase.
    await putObject(s3.server.endpoint, b, 'raw/x/y.txt', 'y');
    const skipped = await json(['-r', '-d', '--max-delete', '0', `${b}:raw/`, `${dst}/`]);
    expect(skipped.code).toBe(1);
    // `x/y.txt` has no directory node and is skipped: that alone refuses the deletes.
    expect(skipped.doc.deleteRefused).toBe('1 source entry was skipped, so nothing is deleted');
    // The error form, with the exit status.
    expect((await json(['-r', '/no/such/dir', `${b}:j`])).doc).toMatchObject({
      ok: false,
      error: { exitCode: 2 },
    });
  });
});
