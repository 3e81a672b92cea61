/**
 * The Secrets Manager store's consumer-access calls, as sent on the wire:
 * PutResourcePolicy with the document and BlockPublicPolicy, TagResource with
 * the three management tags, and UpdateSecret with the Description alone.
 */
import {
  PutResourcePolicyCommand,
  SecretsManagerClient,
  TagResourceCommand,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { secretsManagerStore } from '../../lambdas/adapters/aws/secrets-manager-store.ts';
import { secretAccessPolicy } from '../../lambdas/rotation/secret-access-policy.ts';
import { sdkError } from './sdk-errors.ts';

const secretsMock = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'eu-west-1', maxAttempts: 1 });
const store = secretsManagerStore(client, { kmsKeyId: 'alias/akr-secrets' });
const name = 'access-key-rotator/aws/alice';
const policy = secretAccessPolicy(
  {
    provider: 'aws',
    principal: 'alice',
    executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:akr:alice-1',
    principalPath: '/',
    readerArns: [],
  },
  {},
);
const management = {
  lastRotationId: 'alice-20300101',
  nextDueAt: '2030-04-01T00:00:00.000Z',
  managedBy: 'AccessKeyRotatorStack',
};

describe('Secrets Manager store: who may read, and what the secret says', () => {
  beforeEach(() => secretsMock.reset());

  it('puts the policy as its JSON document, refusing public policies', async () => {
    // Prepare
    secretsMock.on(PutResourcePolicyCommand).resolves({ Name: name });

    // Act
    await store.putAccessPolicy(name, policy);

    // Assess
    const calls = secretsMock.commandCalls(PutResourcePolicyCommand);
    expect(calls.map((call) => call.args[0].input)).toEqual([
      { SecretId: name, ResourcePolicy: JSON.stringify(policy), BlockPublicPolicy: true },
    ]);
    expect(JSON.parse(calls[0]?.args[0].input.ResourcePolicy ?? '')).toEqual(policy);
  });

  it('lets a refused policy fail the call, naming the operation', async () => {
    secretsMock
      .on(PutResourcePolicyCommand)
      .rejects(
        sdkError(
          'MalformedPolicyDocumentException',
          'This resource policy contains an unsupported principal.',
        ),
      );
    await expect(store.putAccessPolicy(name, policy)).rejects.toThrow(/unsupported principal/);
  });

  it('tags the secret with the rotation, the next due date and the deployment, and describes it in words', async () => {
    // Prepare
    secretsMock.on(TagResourceCommand).resolves({});
    secretsMock.on(UpdateSecretCommand).resolves({ Name: name });

    // Act
    await store.recordManagement(name, management);

    // Assess
    expect(secretsMock.commandCalls(TagResourceCommand).map((call) => call.args[0].input)).toEqual([
      {
        SecretId: name,
        Tags: [
          { Key: 'access-key-rotator:last-rotation-id', Value: 'alice-20300101' },
          { Key: 'access-key-rotator:next-due', Value: '2030-04-01T00:00:00.000Z' },
          { Key: 'access-key-rotator:managed-by', Value: 'AccessKeyRotatorStack' },
        ],
      },
    ]);
    // Description only: a value or a KmsKeyId here would make a version or re-encrypt the secret.
    expect(secretsMock.commandCalls(UpdateSecretCommand).map((call) => call.args[0].input)).toEqual([
      {
        SecretId: name,
        Description:
          'Managed by access-key-rotator deployment AccessKeyRotatorStack: do not edit its value by hand. ' +
          'Last rotation alice-20300101; next rotation due 2030-04-01T00:00:00.000Z.',
      },
    ]);
  });

  it('does not describe a secret it could not tag', async () => {
    secretsMock.on(TagResourceCommand).rejects(sdkError('AccessDeniedException', 'not authorized'));
    await expect(store.recordManagement(name, management)).rejects.toThrow(/not authorized/);
    expect(secretsMock.commandCalls(UpdateSecretCommand)).toEqual([]);
  });
});
