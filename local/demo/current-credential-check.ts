/**
 * What a consumer does: read AWSCURRENT and call AWS with it. The demo and the
 * end-to-end tests use it to show the published key really works (invariant 1).
 * Only the key id and the caller ARN come back; the secret stays in this function.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

export interface CurrentCredentialCheck {
  readonly accessKeyId: string;
  readonly callerArn: string;
}

export async function checkCurrentCredential(secretName: string): Promise<CurrentCredentialCheck> {
  const secrets = new SecretsManagerClient({});
  const value = await secrets.send(
    new GetSecretValueCommand({ SecretId: secretName, VersionStage: 'AWSCURRENT' }),
  );
  secrets.destroy();
  const credential = JSON.parse(value.SecretString ?? '{}') as {
    AccessKeyId: string;
    SecretAccessKey: string;
  };
  const sts = new STSClient({
    credentials: { accessKeyId: credential.AccessKeyId, secretAccessKey: credential.SecretAccessKey },
  });
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    return { accessKeyId: credential.AccessKeyId, callerArn: String(identity.Arn) };
  } finally {
    sts.destroy();
  }
}
