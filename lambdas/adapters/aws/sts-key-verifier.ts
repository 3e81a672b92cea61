/**
 * KeyVerifier for AWS: proves a new access key works by signing STS
 * `GetCallerIdentity` with it. The call needs no permission, so a failure
 * means the key itself is not accepted (yet).
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { KeyVerifier, StoredCredential } from '../../rotation/ports.ts';
import { KeyNotYetValidError, UnsafeKeyOperationError } from '../../rotation/rotation-errors.ts';
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

export function stsKeyVerifier(region: string = globalServiceRegion()): KeyVerifier {
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
        if (!identity.Arn?.endsWith(`/${principal}`))
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
