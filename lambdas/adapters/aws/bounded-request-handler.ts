/**
 * The request handler settings every AWS SDK client here is built with: a
 * connect timeout and a request timeout (see call-timeouts.ts). The SDK
 * accepts these options in place of a handler and builds its own Node
 * handler from them, so no handler package is imported. Without
 * `throwOnRequestTimeout` the Node handler only logs a warning when the
 * request timeout passes, and the call keeps waiting.
 */
import { type CallTimeouts, callTimeouts } from '../../config/call-timeouts.ts';

export interface BoundedRequestHandler {
  readonly connectionTimeout: number;
  readonly requestTimeout: number;
  readonly throwOnRequestTimeout: true;
}

export function boundedRequestHandler(timeouts: CallTimeouts = callTimeouts()): BoundedRequestHandler {
  return {
    connectionTimeout: timeouts.connectMs,
    requestTimeout: timeouts.requestMs,
    throwOnRequestTimeout: true,
  };
}
