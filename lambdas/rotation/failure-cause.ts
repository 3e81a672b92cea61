/**
 * A failure's cause as text a reader can read. Step Functions records a
 * Lambda error's cause as the JSON the runtime wrote,
 * `{"errorType":"AccessDenied","errorMessage":"…","trace":[…]}`; kept as is,
 * the report would print that JSON in its tables, and the JSON report would
 * encode it a second time (`"cause": "{\"errorType\":…`). It is decoded once
 * here: the message, prefixed with its type only when that differs from the
 * recorded error. A cause that is not such JSON (an operator's stop cause, a
 * Step Functions runtime error's sentence) is kept as written. The trace is
 * dropped: stack frames are no evidence of a rotation.
 */

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readableCause(error: string, cause: string): string {
  let decoded: unknown;
  try {
    decoded = JSON.parse(cause);
  } catch {
    return cause;
  }
  if (typeof decoded === 'string') return decoded;
  if (!isObject(decoded) || typeof decoded.errorMessage !== 'string') return cause;
  const type = decoded.errorType;
  return typeof type === 'string' && type !== error
    ? `${type}: ${decoded.errorMessage}`
    : decoded.errorMessage;
}
