/**
 * Lambda behind the EventBridge rule on AWS Health `AWS_RISK_CREDENTIALS_EXPOSED`
 * events (lib/leak): starts an emergency rotation of each exposed key.
 *
 * It only runs `respondToExposure`, which ignores a malformed event and
 * throws when a start failed, so Lambda retries the asynchronous invocation.
 * The event is never logged whole. The Step Functions client and the starter
 * are made once per container.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { ACCOUNT_ENV, readHubAccountId } from '../config/account-scope.ts';
import { type LeakResponsePorts, respondToExposure } from '../leak/respond-to-exposure.ts';
import { logger } from '../observability/logger.ts';
import { ACCOUNT_ID_PATTERN } from '../shared/account-principal.ts';
import { rotationStarter } from '../wiring/rotation-starter.ts';

const configuredHub = readHubAccountId();

/**
 * The hub, which CDK names; else the account the function runs in, which is
 * the hub's. Without it an event of the hub would name the hub as a member
 * account, which Plan refuses.
 */
function hubAccountIdOf(context: Context): string {
  const id = configuredHub ?? context.invokedFunctionArn?.split(':')[4];
  if (id === undefined || !ACCOUNT_ID_PATTERN.test(id))
    throw new Error(`${ACCOUNT_ENV.hubAccountId} is required by the leak response`);
  return id;
}

const ports: Omit<LeakResponsePorts, 'hubAccountId'> = { starter: rotationStarter, log: logger };

export const handler = middy(async (event: unknown, context: Context) =>
  respondToExposure(event, { ...ports, hubAccountId: hubAccountIdOf(context) }),
).use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }) as MiddlewareObj);
