/**
 * KeyVerifier for AWS: proves a new access key works by signing STS
 * `GetCallerIdentity` with it. The call needs no permission, so a failure
 * means the key itself is not accepted (yet).
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { KeyVerifier, StoredCredential } from '../../rotation/ports.ts';
import {
  KeyNotYetValidError,
  UnsafeKeyOperationError,
  ValidationError,
} from '../../rotation/rotation-errors.ts';
import { parseAccountPrincipal } from '../../shared/account-principal.ts';
import { boundedRequestHandler } from './bounded-request-handler.ts';
import { globalServiceRegion } from './global-service-region.ts';
import { callAws, errorNameOf, hasErrorName } from './transient-errors.ts';

/**
 * What STS answers while a new key is still propagating through IAM's
 * eventually consistent store (a few seconds, up to about a minute).
 */
const NOT_YET_VALID_NAMES = [
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'AuthFailure',
  'UnrecognizedClientException',
];

/**
 * Whether STS's ARN is the principal's IAM user: `…:user/<path>/alice` for
 * a hub principal (as a single-account deployment always checked), and for
 * `111122223333/alice` also in account 111122223333, so a same-named user of
 * another account (the hub's own alice) never passes for it.
 */
function signsAs(arn: string | undefined, principal: string, hubAccountId: string | undefined): boolean {
  const parsed = parseAccountPrincipal(principal, hubAccountId);
  if (!parsed.ok) throw new ValidationError('principal', parsed.reason);
  const { account, user } = parsed.principal;
  if (arn === undefined || !arn.endsWith(`/${user}`)) return false;
  if (account === undefined) return true;
  const [, , , , arnAccount, resource = ''] = arn.split(':');
  return arnAccount === account && resource.startsWith('user/');
}

/** @param hubAccountId the hub, whose `<id>/<user>` is its bare user. */
export function stsKeyVerifier(
  region: string = globalServiceRegion(),
  hubAccountId: string | undefined = undefined,
): KeyVerifier {
  return {
    async verify(principal: string, credential: StoredCredential): Promise<void> {
      // The one justified exception to "one client per module": a client's
      // credentials are fixed when it is built, and this call must be signed
      // with the key under test, not with the Lambda's role.
      const sts = new STSClient({
        region,
        requestHandler: boundedRequestHandler(),
        credentials: { accessKeyId: credential.AccessKeyId, secretAccessKey: credential.SecretAccessKey },
      });
      try {
        const identity = await callAws('STS GetCallerIdentity', () =>
          sts.send(new GetCallerIdentityCommand({})),
        );
        // A key that signs as somebody else must never be published for this principal.
        if (!signsAs(identity.Arn, principal, hubAccountId))
          throw new UnsafeKeyOperationError(
            `access key ${credential.AccessKeyId} signs as ${identity.Arn ?? 'an unknown identity'}, not as ${principal}`,
          );
      } catch (error) {
        if (hasErrorName(error, ...NOT_YET_VALID_NAMES))
          throw new KeyNotYetValidError(
            `access key ${credential.AccessKeyId} is not accepted by STS yet (${errorNameOf(error)})`,
          );
        throw error;
      } finally {
        sts.destroy();
      }
    },
  };
}
