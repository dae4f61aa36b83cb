// Our own retry layer, for what the SDK cannot see: a body that arrived complete by HTTP's account but
// fails MD5 (or was cut short), and a local file that changed while it was being read.
// HTTP-level retries (throttling, 5xx, resets, timeouts) are the SDK's, configured in s3client.ts.
import { setTimeout as sleep } from 'node:timers/promises';

/** Thrown when bytes fail verification; worth another whole-object attempt. */
export class VerifyError extends Error {
  override name = 'VerifyError';
}

/** Pause between whole-object attempts; short because the SDK already backed off inside each one. */
const VERIFY_RETRY_DELAY_MS = 200;

export async function withVerifyRetries<T>(
  attempts: number,
  fn: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isRetryable(err) || attempt >= attempts || signal?.aborted) throw err;
      // An interrupt during the pause ends it, and no new attempt starts after one.
      await sleep(VERIFY_RETRY_DELAY_MS * attempt, undefined, { signal }).catch(() => {});
      if (signal?.aborted) throw err;
    }
  }
}

/** Verification failures, and stream errors the SDK surfaces after its own retries (premature close). */
function isRetryable(err: unknown): boolean {
  if (err instanceof VerifyError) return true;
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE';
}
