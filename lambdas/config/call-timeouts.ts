/**
 * How long one attempt of any call to a cloud API may take, for the AWS SDK
 * clients and the Yandex client alike. Without a bound, an endpoint that
 * accepts the connection and never answers holds the call until the Lambda
 * itself times out, which Step Functions does not retry and which, after
 * Publish, used to send a published rotation into a rollback that must refuse.
 *
 * The defaults keep every step well under its 30 s function timeout: the AWS
 * SDK makes 3 attempts (3 × 5 s plus backoff), the Yandex client 4 (4 × 5 s
 * plus at most 1.4 s), and a timed-out call then surfaces as a TransientError
 * that the state machine's Retry repeats. Tests and slow networks set
 * shorter or longer bounds through the environment.
 */

export interface CallTimeouts {
  /** Until the TCP (or TLS) connection is established. */
  readonly connectMs: number;
  /** Until the whole answer has arrived, per attempt. */
  readonly requestMs: number;
}

export const DEFAULT_CALL_TIMEOUTS: CallTimeouts = { connectMs: 2_000, requestMs: 5_000 };

export const CALL_TIMEOUT_VARIABLES: Readonly<Record<keyof CallTimeouts, string>> = {
  connectMs: 'AKR_CONNECT_TIMEOUT_MS',
  requestMs: 'AKR_REQUEST_TIMEOUT_MS',
};

/** No bound may reach the function timeout: a call must fail while the step can still report it. */
const MAX_TIMEOUT_MS = 25_000;

function millisecondsFrom(env: NodeJS.ProcessEnv, field: keyof CallTimeouts): number {
  const variable = CALL_TIMEOUT_VARIABLES[field];
  const text = env[variable];
  if (text === undefined || text === '') return DEFAULT_CALL_TIMEOUTS[field];
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > MAX_TIMEOUT_MS)
    throw new Error(`${variable} must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`);
  return value;
}

/** @throws Error naming the variable when one is set to something that is not a bound. */
export function callTimeouts(env: NodeJS.ProcessEnv = process.env): CallTimeouts {
  return { connectMs: millisecondsFrom(env, 'connectMs'), requestMs: millisecondsFrom(env, 'requestMs') };
}

/** `5 s`, `0.3 s`: how a bound reads in an error message. */
export function secondsText(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
