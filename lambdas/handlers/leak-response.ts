/**
 * Lambda behind the EventBridge rule on AWS Health `AWS_RISK_CREDENTIALS_EXPOSED`
 * events (lib/leak): starts an emergency rotation of each exposed key.
 *
 * It only runs `respondToExposure`, which ignores a malformed event and
 * throws when a start failed, so Lambda retries the asynchronous invocation.
 * The event is never logged whole. The hub's id, the Step Functions client
 * and the starter are made once per container.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import { ACCOUNT_ENV, readHubAccountId } from '../config/account-scope.ts';
import { type LeakResponsePorts, respondToExposure } from '../leak/respond-to-exposure.ts';
import { logger } from '../observability/logger.ts';
import { rotationStarter } from '../wiring/rotation-starter.ts';

function requiredHubAccountId(): string {
  const id = readHubAccountId();
  // Without it an event of the hub would name the hub as a member account, which Plan refuses.
  if (id === undefined) throw new Error(`${ACCOUNT_ENV.hubAccountId} is required by the leak response`);
  return id;
}

const ports: LeakResponsePorts = {
  starter: rotationStarter,
  hubAccountId: requiredHubAccountId(),
  log: logger,
};

export const handler = middy(async (event: unknown) => respondToExposure(event, ports)).use(
  injectLambdaContext(logger, { logEvent: false, resetKeys: true }) as MiddlewareObj,
);
