/** The Step Functions client that starts on-demand rotations (the HTTP endpoint), once per container. */
import { SFNClient } from '@aws-sdk/client-sfn';

export const sfnClient = new SFNClient({});
