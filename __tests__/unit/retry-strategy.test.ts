// The lazy retry strategy against the SDK's own strategy it stands for: the same attempts allowed,
// the same errors refused, whether the SDK's module was loaded before the first attempt or after.
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { RetryErrorType, RetryStrategyV2 } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { LazyRetryStrategy, retryErrorType } from '../../src/core/store/retry-strategy.js';

/** Retry counts granted for one request failing with `type` until the strategy refuses. */
async function granted(strategy: RetryStrategyV2, type: RetryErrorType): Promise<number[]> {
  let token = await strategy.acquireInitialRetryToken('scope');
  const counts = [token.getRetryCount()];
  for (;;) {
    try {
      token = await strategy.refreshRetryTokenForRetry(token, { errorType: type });
    } catch {
      return counts;
    }
    counts.push(token.getRetryCount());
  }
}

const lazy = (attempts: number) =>
  new LazyRetryStrategy((m) => new m.ConfiguredRetryStrategy(attempts, () => 0));

describe('LazyRetryStrategy', () => {
  for (const type of ['SERVER_ERROR', 'TRANSIENT', 'THROTTLING', 'CLIENT_ERROR'] as const) {
    it(`grants what the SDK's strategy grants for ${type}`, async () => {
      const expected = await granted(new ConfiguredRetryStrategy(4, () => 0), type);
      if (type === 'TRANSIENT' || type === 'THROTTLING') expect(expected).toEqual([0, 1, 2, 3]);
      if (type === 'CLIENT_ERROR') expect(expected).toEqual([0]);
      expect(await granted(lazy(4), type)).toEqual(expected);
      // Loaded before the first attempt: the SDK's own tokens throughout.
      const loaded = lazy(4);
      await loaded.load();
      expect(await granted(loaded, type)).toEqual(expected);
    });
  }

  it('keeps one retry quota for the run once loaded', async () => {
    const real = new ConfiguredRetryStrategy(3, () => 0);
    const ours = lazy(3);
    // The SDK's quota (500, 5 a transient retry) runs out after 100 retries: both stop at the same one.
    const spend = async (s: RetryStrategyV2) => {
      let n = 0;
      for (let i = 0; i < 60; i++) n += (await granted(s, 'TRANSIENT')).length - 1;
      return n;
    };
    expect(await spend(ours)).toBe(await spend(real));
  });

  it("classifies errors by the SDK's rules", async () => {
    expect(await retryErrorType({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } } as never)).toBe(
      'THROTTLING',
    );
    expect(await retryErrorType({ name: 'InternalError', $metadata: { httpStatusCode: 500 } } as never)).toBe(
      'TRANSIENT',
    );
    expect(
      await retryErrorType({ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } } as never),
    ).toBe('SERVER_ERROR');
    expect(await retryErrorType({ name: 'Error', code: 'ECONNRESET', $metadata: {} } as never)).toBe(
      'TRANSIENT',
    );
    expect(await retryErrorType({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } } as never)).toBe(
      'CLIENT_ERROR',
    );
  });
});
