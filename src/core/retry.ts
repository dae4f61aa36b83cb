// Retries, in one place. HTTP-level retries (throttling, 5xx, resets, timeouts, clock skew) are the
// SDK's retry strategy, configured in store/factory.ts and used by both stores; the signed store
// classifies errors with the SDK's own rules (store/retry-strategy.ts). Our own layer retries only what the SDK
// cannot see: a body that arrived complete by HTTP's account but fails MD5 (or was cut short), and a
// local file that changed while it was being read.

import { setTimeout as sleep } from 'node:timers/promises';
import { errorCode } from './errors.js';

/** Attempts per request unless S3SYNC_RETRIES says otherwise (the first one included). */
export const DEFAULT_ATTEMPTS = 5;

/** Whole-object attempts when the bytes fail verification. */
export const VERIFY_ATTEMPTS = 3;

/** Pause between whole-object attempts; short because the SDK already backed off inside each one. */
const VERIFY_RETRY_DELAY_MS = 200;

/** Thrown when bytes fail verification; worth another whole-object attempt. */
export class VerifyError extends Error {
  override name = 'VerifyError';
}

export async function withVerifyRetries<T>(
  attempts: number,
  fn: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isVerifyRetryable(err) || attempt >= attempts || signal?.aborted) throw err;
      // An interrupt during the pause ends it, and no new attempt starts after one.
      await sleep(VERIFY_RETRY_DELAY_MS * attempt, undefined, { signal }).catch(() => {});
      if (signal?.aborted) throw err;
    }
  }
}

/** Verification failures, and stream errors surfaced after the SDK's own retries (premature close). */
function isVerifyRetryable(err: unknown): boolean {
  if (err instanceof VerifyError) return true;
  const code = errorCode(err);
  // Not timeouts: the SDK's retries already spent them (a body that stalls mid-way is cut short instead).
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE';
}
