// The run's retry strategy: the SDK's own (@smithy/core/retry), loaded at the first failed request.
// Importing that module loads ~400 KB of the SDK's core with it (its retry middleware needs the
// protocol, serde and event-stream modules): ~40 ms of start-up, a sixth of a short run, that a run whose
// requests all succeed never needs. Until then every request is a first attempt, which the SDK's
// strategies answer the same way whatever their state (a fresh token, retry count 0; and a first
// attempt's success cannot add to a quota that nothing has spent yet).
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, SdkError } from '@smithy/types';

type SmithyRetry = typeof import('@smithy/core/retry');

let loaded: Promise<SmithyRetry> | undefined;

/** The SDK's retry module, imported once, when first needed. */
export function smithyRetry(): Promise<SmithyRetry> {
  loaded ??= import('@smithy/core/retry');
  return loaded;
}

/** A first attempt's token, given before the SDK's strategy is loaded. */
class FirstAttempt implements RetryToken {
  constructor(readonly scope: string) {}
  getRetryCount(): number {
    return 0;
  }
  getRetryDelay(): number {
    return 0;
  }
  getRetryCost(): number | undefined {
    return undefined;
  }
}

export class LazyRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'standard';
  private real?: RetryStrategyV2;
  private loading?: Promise<RetryStrategyV2>;

  /** `make` builds the SDK's strategy from its module. */
  constructor(private readonly make: (m: SmithyRetry) => RetryStrategyV2) {}

  /** The SDK's strategy, loading it if need be. */
  load(): Promise<RetryStrategyV2> {
    this.loading ??= smithyRetry().then((m) => {
      this.real = this.make(m);
      return this.real;
    });
    return this.loading;
  }

  async acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.real ? this.real.acquireInitialRetryToken(scope) : new FirstAttempt(scope);
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const real = await this.load();
    // The strategy's own first-attempt token in place of ours: the same state, in its own shape.
    const own = token instanceof FirstAttempt ? await real.acquireInitialRetryToken(token.scope) : token;
    return real.refreshRetryTokenForRetry(own, info);
  }

  recordSuccess(token: RetryToken): void {
    this.real?.recordSuccess(token);
  }
}

/** The SDK's own classification (smithy's retry middleware), so both stores retry exactly the same errors. */
export async function retryErrorType(
  e: SdkError,
): Promise<'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR' | 'CLIENT_ERROR'> {
  const { isServerError, isThrottlingError, isTransientError } = await smithyRetry();
  if (isThrottlingError(e)) return 'THROTTLING';
  if (isTransientError(e)) return 'TRANSIENT';
  if (isServerError(e)) return 'SERVER_ERROR';
  return 'CLIENT_ERROR';
}
