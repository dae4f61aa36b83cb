// After the sync: the CloudFront invalidation of what changed, when a distribution is given. Only a
// fully successful real run invalidates; a dry run says what it would invalidate, a failed run leaves
// it to the workflow (the paths are in the invalidation-paths output either way).
import * as core from '@actions/core';
import { oneLine } from '../core/errors.js';
import { INVALIDATE_ALL } from '../core/invalidation.js';
import { callerReference, createInvalidation } from '../run/invalidate.js';
import type { RunOutcome } from '../run/run-sync.js';
import { Inputs, Outputs } from './constants.js';
import type { CloudFrontInputs } from './inputs.js';
import { invalidationPathsOf } from './outputs.js';
import { writeSummary } from './reporter.js';
import type { Secrets } from './secrets.js';
import { escapeHtml } from './summary.js';

export async function invalidateAfterSync(
  outcome: RunOutcome,
  cf: CloudFrontInputs,
  ctx: { env: NodeJS.ProcessEnv; secrets: Secrets },
): Promise<void> {
  const { report, client } = outcome;
  if (!report || !client) return; // the run failed before it had a plan: nothing to say
  const paths = invalidationPathsOf(report);
  const on = `CloudFront distribution ${cf.distributionId}`;
  const onHtml = `CloudFront distribution ${code(cf.distributionId)}`;
  const what = paths[0] === INVALIDATE_ALL ? `everything (${INVALIDATE_ALL})` : plural(paths.length, 'path');
  if (report.dryrun) {
    core.info(`dry run: would invalidate ${paths.length ? what : 'nothing'} on ${on}`);
    if (paths.length) await note(ctx.secrets, `Would invalidate ${what} on ${onHtml}.`);
    return;
  }
  if (outcome.exitCode !== 0) {
    core.info(`no invalidation on ${on}: the sync did not succeed (invalidation-paths lists what changed)`);
    return;
  }
  if (paths.length === 0) {
    core.info(`nothing changed: no invalidation on ${on}`);
    return;
  }
  try {
    const id = await createInvalidation({
      distributionId: cf.distributionId,
      paths,
      callerReference: callerReference(ctx.env),
      endpoint: cf.endpoint,
      client,
    });
    core.setOutput(Outputs.InvalidationId, id);
    core.info(`invalidation ${id} of ${what} created on ${on}`);
    await note(ctx.secrets, `Invalidation ${code(id)} of ${what} created on ${onHtml}.`);
  } catch (err) {
    const message = ctx.secrets.redact(
      `the sync succeeded, but the invalidation on ${on} failed: ${oneLine(err)} (check ${Inputs.CloudFrontDistributionId} and the cloudfront:CreateInvalidation permission; invalidation-paths lists the paths)`,
    );
    core.setFailed(message);
    await note(ctx.secrets, escapeHtml(message)).catch(() => {});
  }
}

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** One paragraph appended to the job summary the reporter wrote. */
function note(secrets: Secrets, html: string): Promise<void> {
  return writeSummary(secrets, (s) => s.addRaw(`<p>${html}</p>`, true));
}
