/**
 * How the Yandex client retries a call within one Lambda invocation:
 * exponential backoff with full jitter (AWS Architecture Blog, "Exponential
 * Backoff And Jitter"), few attempts and a short total, because Step
 * Functions retrying the whole idempotent step is the next line of defence
 * and the Lambda has 30 s in all.
 */
import { callTimeouts } from '../../config/call-timeouts.ts';

export interface RetryPolicy {
  /** Tries of one call, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  /** No single wait is longer than this. */
  readonly maxDelayMs: number;
  /** Each HTTP attempt is abandoned after this long, and counts as a dropped connection. */
  readonly attemptTimeoutMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** In [0, 1); injectable so tests can pin the jitter. */
  readonly random: () => number;
}

/**
 * With these values the waits add up to at most 0.2 + 0.4 + 0.8 = 1.4 s, and
 * four attempts that all time out (5 s each by default, AKR_REQUEST_TIMEOUT_MS)
 * stay well under the Lambda's 30 s.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 2_000,
  attemptTimeoutMs: callTimeouts().requestMs,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return { ...DEFAULT_RETRY_POLICY, ...overrides };
}

/**
 * Full jitter: a uniform wait between 0 and the exponential ceiling, so many
 * containers throttled together do not come back in step.
 * @param retry 1 for the wait after the first failed attempt.
 */
export function fullJitterDelay(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(policy.random() * ceiling);
}

/**
 * The statuses the API documents as worth retrying (429, 500, 503), plus the
 * two a load balancer in front of it answers when an upstream is briefly gone.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}
