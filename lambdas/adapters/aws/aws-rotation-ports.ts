/**
 * The RotationPorts a Lambda on AWS works with, assembled once per container:
 * settings are read (and a misconfigured deployment fails) at cold start, and
 * every invocation reuses the same clients.
 */
import { readSettings } from '../../config/environment.ts';
import { readFleetSettings } from '../../config/fleet-environment.ts';
import type { RotationPorts } from '../../rotation/ports.ts';
import { rotationNotifier } from '../notifications/rotation-notifier.ts';
import { systemClock } from '../system-clock.ts';
import { dynamoDbClient, iamClient, iamCreateKeyClient, secretsManagerClient } from './aws-clients.ts';
import { dynamoDbRotationLock } from './dynamodb-rotation-lock.ts';
import { iamAccessKeyProvider } from './iam-access-key-provider.ts';
import { evidenceArchiveFor } from './s3-evidence-archive.ts';
import { secretsManagerStore } from './secrets-manager-store.ts';
import { stsKeyVerifier } from './sts-key-verifier.ts';

export { systemClock } from '../system-clock.ts';

export function buildAwsRotationPorts(env: NodeJS.ProcessEnv = process.env): RotationPorts {
  const settings = readSettings(env);
  return {
    keys: iamAccessKeyProvider(iamClient, { createKeyClient: iamCreateKeyClient }),
    secrets: secretsManagerStore(secretsManagerClient, { kmsKeyId: settings.secretsKmsKeyId }),
    verifier: stsKeyVerifier(),
    lock: dynamoDbRotationLock(dynamoDbClient, settings.lockTableName, systemClock),
    clock: systemClock,
    settings,
    notifier: rotationNotifier(readFleetSettings(env)),
    archive: evidenceArchiveFor(settings),
  };
}

export const awsRotationPorts: RotationPorts = buildAwsRotationPorts();
