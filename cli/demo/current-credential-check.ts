/**
 * What a consumer does: read AWSCURRENT and call the cloud with it. The demo
 * and the end-to-end tests use it to show the published key really works
 * (invariant 1). Only the key id and what the call proved come back; the
 * secret stays inside these functions.
 */
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { boundedRequestHandler } from '../../lambdas/adapters/aws/bounded-request-handler.ts';

export interface CurrentCredentialCheck {
  readonly accessKeyId: string;
  /** AWS: the caller ARN; Yandex: that Object Storage accepted the signature. */
  readonly proof: string;
}

async function readCurrent(secretName: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const secrets = new SecretsManagerClient({ requestHandler: boundedRequestHandler() });
  try {
    const value = await secrets.send(
      new GetSecretValueCommand({ SecretId: secretName, VersionStage: 'AWSCURRENT' }),
    );
    const credential = JSON.parse(value.SecretString ?? '{}') as {
      AccessKeyId: string;
      SecretAccessKey: string;
    };
    return { accessKeyId: credential.AccessKeyId, secretAccessKey: credential.SecretAccessKey };
  } finally {
    secrets.destroy();
  }
}

export async function checkCurrentCredential(secretName: string): Promise<CurrentCredentialCheck> {
  const credentials = await readCurrent(secretName);
  const sts = new STSClient({ credentials, requestHandler: boundedRequestHandler() });
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    return { accessKeyId: credentials.accessKeyId, proof: `signs in as ${identity.Arn}` };
  } finally {
    sts.destroy();
  }
}

export async function checkCurrentYandexCredential(secretName: string): Promise<CurrentCredentialCheck> {
  const credentials = await readCurrent(secretName);
  const storage = new S3Client({
    endpoint:
      process.env.YC_ENDPOINT_URL_STORAGE ?? process.env.YC_ENDPOINT_URL ?? 'https://storage.yandexcloud.net',
    region: 'ru-central1',
    forcePathStyle: true,
    credentials,
    requestHandler: boundedRequestHandler(),
  });
  try {
    await storage.send(new ListBucketsCommand({}));
    return {
      accessKeyId: credentials.accessKeyId,
      proof: 'Object Storage accepts its signature (ListBuckets)',
    };
  } finally {
    storage.destroy();
  }
}
