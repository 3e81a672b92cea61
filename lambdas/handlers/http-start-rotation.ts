/**
 * Lambda behind the Function URL (AWS_IAM auth, checked by the service before
 * this runs) that starts a rotation on demand: `POST /rotations` with
 * `{"provider","principal"}`, or `{"provider","accessKeyId","account"?}` for
 * the owner of a leaked key, and `"emergency": true` to revoke it at once.
 *
 * It only parses the HTTP event and runs `answerStartRotation`, which always
 * returns a response: a failure is an HTTP status here, not a thrown error.
 * Settings, the Step Functions client and the starter are made once per container.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { LambdaFunctionURLResult } from 'aws-lambda';
import { rotatorSettings } from '../config/container-settings.ts';
import { parseHttpRequest } from '../http/http-exchange.ts';
import { answerStartRotation, type StartRotationPorts } from '../http/start-rotation-endpoint.ts';
import { logger } from '../observability/logger.ts';
import { rotationStarter } from '../wiring/rotation-starter.ts';
import { systemClock } from '../wiring/system-clock.ts';

const ports: StartRotationPorts = {
  starter: rotationStarter,
  clock: systemClock,
  settings: rotatorSettings,
  log: logger,
};

export const handler = middy(
  async (event: unknown): Promise<LambdaFunctionURLResult> =>
    answerStartRotation(parseHttpRequest(event), ports),
).use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }) as MiddlewareObj);
