/**
 * KeyVerifier for Yandex: proves a new static key works by signing an Object
 * Storage ListBuckets with it (SigV4, region ru-central1). Storage checks the
 * signature before it checks permissions, so AccessDenied still proves the
 * key is known: the service account simply has no storage role, which a
 * rotation must not require.
 */
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import type { KeyVerifier, StoredCredential } from '../../rotation/ports.ts';
import { KeyNotYetValidError } from '../../rotation/rotation-errors.ts';
import { boundedRequestHandler } from '../aws/bounded-request-handler.ts';
import { callAws, errorNameOf, hasErrorName } from '../aws/transient-errors.ts';

export const YANDEX_STORAGE_REGION = 'ru-central1';

/** What Storage answers for a key it does not know yet (or a secret that does not match it). */
const NOT_YET_VALID_NAMES = ['InvalidAccessKeyId', 'SignatureDoesNotMatch'];

/** Signed, but refused for lack of permission: the key itself is accepted. */
const KEY_ACCEPTED = 'AccessDenied';

/** @param storageEndpoint base URL of Object Storage (`yandexEndpoints().storage`). */
export function s3KeyVerifier(storageEndpoint: string): KeyVerifier {
  return {
    async verify(_principal: string, credential: StoredCredential): Promise<void> {
      // The one justified exception to "one client per module": a client's
      // credentials are fixed when it is built, and this call must be signed
      // with the key under test, not with the Lambda's role. Path style,
      // because an emulator on localhost has no bucket subdomains.
      const s3 = new S3Client({
        endpoint: storageEndpoint,
        region: YANDEX_STORAGE_REGION,
        forcePathStyle: true,
        requestHandler: boundedRequestHandler(),
        credentials: { accessKeyId: credential.AccessKeyId, secretAccessKey: credential.SecretAccessKey },
      });
      try {
        // ListBuckets names no owner we could match to the service account, so
        // unlike STS this proves only that the key signs, not whose it is; the
        // key was just listed under that account, which settles the rest.
        await callAws('Yandex Storage ListBuckets', () => s3.send(new ListBucketsCommand({})));
      } catch (error) {
        if (hasErrorName(error, KEY_ACCEPTED)) return;
        if (hasErrorName(error, ...NOT_YET_VALID_NAMES))
          throw new KeyNotYetValidError(
            `access key ${credential.AccessKeyId} is not accepted by Object Storage yet (${errorNameOf(error)})`,
          );
        throw error;
      } finally {
        s3.destroy();
      }
    },
  };
}
