/**
 * The Secrets Manager client, created once per container (see iam-clients.ts
 * for why each client has its own module). Both providers use it: the rotated
 * credentials live here, and so does the rotator's Yandex authorized key.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { boundedRequestHandler } from './bounded-request-handler.ts';

export const secretsManagerClient = new SecretsManagerClient({ requestHandler: boundedRequestHandler() });

type Credentials = NonNullable<ConstructorParameters<typeof SecretsManagerClient>[0]>['credentials'];

/** The same client for a member account, in the hub's region, signing with its role's session. */
export function secretsManagerClientWith(credentials: Credentials): SecretsManagerClient {
  return new SecretsManagerClient({ requestHandler: boundedRequestHandler(), credentials });
}
