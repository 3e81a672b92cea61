/** The Step Functions client (on-demand starts, the operator's execution checks), once per container. */
import { SFNClient } from '@aws-sdk/client-sfn';
import { boundedRequestHandler } from './bounded-request-handler.ts';

export const sfnClient = new SFNClient({ requestHandler: boundedRequestHandler() });
