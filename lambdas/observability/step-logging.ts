/**
 * The middy middlewares every step handler uses: Lambda context in each log
 * line, then exactly one line per invocation saying how the step ended.
 *
 * The failure line carries the error's name and message only: the error
 * object itself is not logged, because SDK errors hold the raw HTTP response
 * and the logger would serialize everything enumerable on them. The error is
 * not handled here: it propagates so Step Functions' Retry and Catch can
 * match on its name.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { MiddlewareObj } from '@middy/core';
import { redactError } from './log-redaction.ts';
import { logger } from './logger.ts';
import { fieldsFromEvent, fieldsFromResult } from './step-log-fields.ts';

function stepOutcome(step: string): MiddlewareObj {
  return {
    before: (request) => {
      logger.appendKeys({ step, ...fieldsFromEvent(request.event) });
    },
    after: (request) => {
      logger.info(`${step} succeeded`, { outcome: 'succeeded', ...fieldsFromResult(request.response) });
    },
    onError: (request) => {
      const error = request.error;
      // Masked where it is thrown from, so both the log line and the history's Cause are clean.
      redactError(error);
      logger.error(`${step} failed`, {
        outcome: 'failed',
        errorName: error?.name ?? 'Error',
        errorMessage: error?.message ?? String(error),
      });
      // Returning nothing leaves the error in place, so middy rethrows it.
    },
  };
}

export function stepLogging(step: string): MiddlewareObj[] {
  return [
    // logEvent stays off whatever POWERTOOLS_LOGGER_LOG_EVENT says; resetKeys
    // keeps one invocation's ids from leaking into the next one's lines.
    injectLambdaContext(logger, { logEvent: false, resetKeys: true }) as MiddlewareObj,
    stepOutcome(step),
  ];
}
