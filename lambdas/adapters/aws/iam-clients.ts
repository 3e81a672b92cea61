/**
 * The IAM clients, created once per container so that a warm Lambda reuses
 * their connections and credentials (STYLE: no `new XClient()` in a handler
 * body). Each SDK client has a module of its own, so a handler loads only the
 * clients its ports use: the SDK import is most of a cold start.
 *
 * Endpoints are deliberately absent: the SDK itself reads `AWS_ENDPOINT_URL`
 * and `AWS_ENDPOINT_URL_<SERVICE>`, which is how the local cloud, LocalStack
 * or moto are reached with the very same code.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { boundedRequestHandler } from './bounded-request-handler.ts';
import { globalServiceRegion } from './global-service-region.ts';

export const iamClient = new IAMClient({
  region: globalServiceRegion(),
  requestHandler: boundedRequestHandler(),
});

/**
 * IAM for CreateAccessKey alone, with one attempt. The SDK would repeat a
 * create whose answer was lost (a reset, a timeout, a 5xx): IAM then holds a
 * second new key while the first one's secret is gone with the connection.
 * Failing at once lets the CreateKey step's own retry reconcile instead: it
 * deletes the keys Plan did not see, then creates one.
 */
export const iamCreateKeyClient = new IAMClient({
  region: globalServiceRegion(),
  maxAttempts: 1,
  requestHandler: boundedRequestHandler(),
});

export interface IamClients {
  readonly iam: IAMClient;
  /** CreateAccessKey only, with one attempt (see iamCreateKeyClient). */
  readonly iamCreateKey: IAMClient;
}

type Credentials = NonNullable<ConstructorParameters<typeof IAMClient>[0]>['credentials'];

/** The same two clients for a member account, signing with its role's session. */
export function iamClientsWith(credentials: Credentials): IamClients {
  return {
    iam: new IAMClient({
      region: globalServiceRegion(),
      requestHandler: boundedRequestHandler(),
      credentials,
    }),
    iamCreateKey: new IAMClient({
      region: globalServiceRegion(),
      maxAttempts: 1,
      requestHandler: boundedRequestHandler(),
      credentials,
    }),
  };
}
