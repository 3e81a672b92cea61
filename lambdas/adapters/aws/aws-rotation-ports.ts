/**
 * The RotationPorts a Lambda on AWS works with, assembled once per container:
 * settings are read (and a misconfigured deployment fails) at cold start, and
 * every invocation reuses the same clients.
 */
import { readSettings } from '../../config/environment.ts';
import type { Clock, RotationPorts } from '../../rotation/ports.ts';
import { dynamoDbClient, iamClient, secretsManagerClient } from './aws-clients.ts';
import { dynamoDbRotationLock } from './dynamodb-rotation-lock.ts';
import { iamAccessKeyProvider } from './iam-access-key-provider.ts';
import { secretsManagerStore } from './secrets-manager-store.ts';
import { stsKeyVerifier } from './sts-key-verifier.ts';

export const systemClock: Clock = { now: () => new Date() };

export function buildAwsRotationPorts(env: NodeJS.ProcessEnv = process.env): RotationPorts {
  const settings = readSettings(env);
  return {
    keys: iamAccessKeyProvider(iamClient),
    secrets: secretsManagerStore(secretsManagerClient, { kmsKeyId: settings.secretsKmsKeyId }),
    verifier: stsKeyVerifier(),
    lock: dynamoDbRotationLock(dynamoDbClient, settings.lockTableName, systemClock),
    clock: systemClock,
    settings,
  };
}

export const awsRotationPorts: RotationPorts = buildAwsRotationPorts();
