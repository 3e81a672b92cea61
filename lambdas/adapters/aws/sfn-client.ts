/** The Step Functions client that starts on-demand rotations (the HTTP endpoint), once per container. */
import { SFNClient } from '@aws-sdk/client-sfn';
import { boundedRequestHandler } from './bounded-request-handler.ts';

export const sfnClient = new SFNClient({ requestHandler: boundedRequestHandler() });
