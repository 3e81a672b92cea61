/** The Step Functions client (on-demand starts, the operator's execution checks), once per container. */
import { SFNClient } from '@aws-sdk/client-sfn';

export const sfnClient = new SFNClient({});
