import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { secretsManagerStore } from '../../lambdas/adapters/aws/secrets-manager-store.ts';
import type { StoredCredential } from '../../lambdas/rotation/ports.ts';
import { secretVersionIdFor } from '../../lambdas/rotation/secret-version-id.ts';
import { sdkError } from './sdk-errors.ts';

const secretsMock = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'eu-west-1' });
const store = secretsManagerStore(client, { kmsKeyId: 'alias/akr-secrets' });
const name = 'access-key-rotator/aws/alice';
/** A rotation's secret version, as Plan derives it from the execution (see secret-version-id.ts). */
const versionId = secretVersionIdFor(
  'arn:aws:states:eu-west-1:123456789012:execution:akr:alice-20250201',
  '2025-02-01T00:00:00.000Z',
);
const credential: StoredCredential = {
  Version: 1,
  AccessKeyId: 'AKIANEW0000000000001',
  SecretAccessKey: 'new-secret',
};
const notFound = () =>
  new ResourceNotFoundException({ message: "Secrets Manager can't find it", $metadata: {} });

describe('Secrets Manager store', () => {
  beforeEach(() => secretsMock.reset());

  it('describes the versions and their staging labels', async () => {
    // Prepare
    secretsMock.on(DescribeSecretCommand).resolves({
      Name: name,
      VersionIdsToStages: { v1: ['AWSCURRENT'], [versionId]: ['AWSPENDING'] },
    });

    // Act
    const description = await store.describe(name);

    // Assess
    expect(description).toEqual({
      name,
      versions: [
        { versionId: 'v1', stages: ['AWSCURRENT'] },
        { versionId, stages: ['AWSPENDING'] },
      ],
    });
  });

  it('describes a missing secret as undefined', async () => {
    // Prepare
    secretsMock.on(DescribeSecretCommand).rejects(notFound());

    // Act
    const description = await store.describe(name);

    // Assess
    expect(description).toBeUndefined();
  });

  it('reads a credential by staging label or by version id', async () => {
    // Prepare
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(credential) });

    // Act
    const byStage = await store.readCredential(name, { stage: 'AWSCURRENT' });
    const byVersion = await store.readCredential(name, { versionId });

    // Assess
    expect(byStage).toEqual(credential);
    expect(byVersion).toEqual(credential);
    const inputs = secretsMock.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input);
    expect(inputs).toEqual([
      { SecretId: name, VersionStage: 'AWSCURRENT' },
      { SecretId: name, VersionId: versionId },
    ]);
  });

  it('reads a missing secret or version as undefined', async () => {
    // Prepare
    secretsMock.on(GetSecretValueCommand).rejects(notFound());

    // Act
    const missing = await store.readCredential(name, { stage: 'AWSCURRENT' });

    // Assess
    expect(missing).toBeUndefined();
  });

  it('refuses a value that is not credential JSON without repeating any of it', async () => {
    // Prepare
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: 'hunter2-not-json' });

    // Act
    const error = await store.readCredential(name, { stage: 'AWSCURRENT' }).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );

    // Assess
    expect(error).toMatchObject({ name: 'SecretMissingError' });
    expect(error?.message).not.toContain('hunter2');
    expect(JSON.stringify(error)).not.toContain('hunter2');
    expect((error as { cause?: unknown }).cause).toBeUndefined();
  });

  it('creates the secret with no value, tagged, under the configured KMS key', async () => {
    // Prepare
    secretsMock.on(CreateSecretCommand).resolves({ Name: name });

    // Act
    await store.create(name, { provider: 'aws', principal: 'alice' });

    // Assess
    const input = secretsMock.commandCalls(CreateSecretCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      Name: name,
      KmsKeyId: 'alias/akr-secrets',
      Tags: [
        { Key: 'provider', Value: 'aws' },
        { Key: 'principal', Value: 'alice' },
      ],
    });
    expect(input?.SecretString).toBeUndefined();
    expect(input?.SecretBinary).toBeUndefined();
  });

  it('treats creating a secret that a crashed attempt already created as done', async () => {
    // Prepare
    secretsMock
      .on(CreateSecretCommand)
      .rejects(new ResourceExistsException({ message: 'exists', $metadata: {} }));

    // Act
    const result = store.create(name, { provider: 'aws', principal: 'alice' });

    // Assess
    await expect(result).resolves.toBeUndefined();
  });

  it('puts the new key as AWSPENDING with the given version id as ClientRequestToken', async () => {
    // Prepare
    secretsMock.on(PutSecretValueCommand).resolves({ VersionId: versionId });

    // Act
    await store.putPending(name, versionId, credential);

    // Assess
    expect(secretsMock.commandCalls(PutSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: name,
      ClientRequestToken: versionId,
      SecretString: '{"Version":1,"AccessKeyId":"AKIANEW0000000000001","SecretAccessKey":"new-secret"}',
      VersionStages: ['AWSPENDING'],
    });
  });

  it('keeps the value out of a failed PutSecretValue error', async () => {
    // Prepare
    secretsMock.on(PutSecretValueCommand).rejects(sdkError('ThrottlingException', 'Rate exceeded'));

    // Act
    const error = await store.putPending(name, versionId, credential).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );

    // Assess
    expect(error).toMatchObject({ name: 'TransientError' });
    expect(error?.message).not.toContain('new-secret');
  });

  it('moves a staging label from one version to another', async () => {
    // Prepare
    secretsMock.on(UpdateSecretVersionStageCommand).resolves({});

    // Act
    await store.moveStage(name, 'AWSCURRENT', { toVersionId: versionId, fromVersionId: 'v1' });

    // Assess
    expect(secretsMock.commandCalls(UpdateSecretVersionStageCommand)[0]?.args[0].input).toEqual({
      SecretId: name,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: versionId,
      RemoveFromVersionId: 'v1',
    });
  });
});
