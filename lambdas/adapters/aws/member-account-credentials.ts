/**
 * Credentials for a member account: the member role assumed with the hub's
 * own credentials (the step's Lambda role), with the deployment's ExternalId.
 *
 * One provider per account per container: the SDK's provider caches the
 * session and assumes the role again shortly before it expires, so a warm
 * container makes one AssumeRole per account, not one per call. STS is
 * reached through the SDK's own endpoint resolution (`AWS_ENDPOINT_URL`), so
 * the local cloud, LocalStack or moto answer the same calls.
 */
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { type AccountScope, memberRoleArn } from '../../config/account-scope.ts';
import { boundedRequestHandler } from './bounded-request-handler.ts';
import { globalServiceRegion } from './global-service-region.ts';

/** CloudTrail in the member account shows who acted: `access-key-rotator` and the hub's function. */
const SESSION_NAME = 'access-key-rotator';
/** One hour: a step's calls end well within it, and the provider renews before expiry. */
const SESSION_SECONDS = 3600;

type AwsCredentialIdentityProvider = ReturnType<typeof fromTemporaryCredentials>;

export type MemberAccountCredentials = (account: string) => AwsCredentialIdentityProvider;

export function memberAccountCredentials(scope: AccountScope): MemberAccountCredentials {
  const byAccount = new Map<string, AwsCredentialIdentityProvider>();
  return (account) => {
    let provider = byAccount.get(account);
    if (provider === undefined) {
      provider = fromTemporaryCredentials({
        params: {
          RoleArn: memberRoleArn(account, scope),
          RoleSessionName: SESSION_NAME,
          ExternalId: scope.memberExternalId,
          DurationSeconds: SESSION_SECONDS,
        },
        clientConfig: { region: globalServiceRegion(), requestHandler: boundedRequestHandler() },
      });
      byAccount.set(account, provider);
    }
    return provider;
  };
}
