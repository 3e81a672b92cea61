import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  buildYandexRotationPorts,
  skippedKeyVerifier,
} from '../../../lambdas/adapters/yandex/yandex-rotation-ports.ts';
import { ROTATION_EVENT_TYPES } from '../../../lambdas/rotation/rotation-events.ts';
import { seedKey } from './fake-access-key-routes.ts';
import { FakeYandexApi } from './fake-yandex-api.ts';
import { authorizedKeyFixture, PRINCIPAL } from './yandex-test-stack.ts';

const secretsMock = mockClient(SecretsManagerClient);
const snsMock = mockClient(SNSClient);
const eventBridgeMock = mockClient(EventBridgeClient);
const AUTHORIZED_KEY_SECRET = 'akr/yandex-authorized-key';

describe('Yandex rotation ports', () => {
  let api: FakeYandexApi;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    secretsMock.reset();
    api = await FakeYandexApi.start();
    api.publicKey = authorizedKeyFixture().publicKey;
    env = {
      AWS_REGION: 'eu-west-1',
      AKR_PROVIDER: 'yandex',
      AKR_LOCK_TABLE_NAME: 'akr-locks',
      AKR_YC_AUTHORIZED_KEY_SECRET: AUTHORIZED_KEY_SECRET,
      YC_ENDPOINT_URL: api.url,
    };
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await api.close();
  });

  it('builds without any network call', () => {
    // Act
    const ports = buildYandexRotationPorts(env);

    // Assess
    expect(ports.keys.provider).toBe('yandex');
    expect(ports.settings.provider).toBe('yandex');
    expect(api.calls).toEqual([]);
    expect(secretsMock.calls()).toEqual([]);
  });

  it('reads the authorized key and exchanges a token once, on first use', async () => {
    // Prepare
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: authorizedKeyFixture().json });
    const key = seedKey(api, PRINCIPAL);
    const ports = buildYandexRotationPorts(env);

    // Act
    await ports.keys.listKeys(PRINCIPAL);
    const listed = await ports.keys.listKeys(PRINCIPAL);

    // Assess
    expect(listed.map((summary) => summary.keyId)).toEqual([key.keyId]);
    expect(ports.iamTokens.exchanges).toBe(1);
    expect(secretsMock.commandCalls(GetSecretValueCommand)[0]?.args[0].input.SecretId).toBe(
      AUTHORIZED_KEY_SECRET,
    );
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('notifies on the AWS side: the configured bus, and the topic when there is one', async () => {
    // Prepare
    snsMock.reset().on(PublishCommand).resolves({ MessageId: 'm-1' });
    eventBridgeMock.reset().on(PutEventsCommand).resolves({ FailedEntryCount: 0 });
    const ports = buildYandexRotationPorts({
      ...env,
      AKR_EVENT_BUS_NAME: 'akr-bus',
      AKR_NOTIFICATION_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:akr',
    });

    // Act
    await ports.notifier.notify({
      type: ROTATION_EVENT_TYPES.rotated,
      rotationId: 'r-1',
      executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:akr:r-1',
      provider: 'yandex',
      principal: PRINCIPAL,
      oldKeyId: null,
      newKeyId: 'YCNEW',
      at: '2025-02-01T00:00:00.000Z',
    });

    // Assess
    expect(eventBridgeMock.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]?.EventBusName).toBe(
      'akr-bus',
    );
    expect(snsMock.commandCalls(PublishCommand)[0]?.args[0].input.TopicArn).toBe(
      'arn:aws:sns:eu-west-1:123456789012:akr',
    );
    expect(api.calls).toEqual([]);
  });

  it('skips the signed check only when AKR_VERIFY_NEW_KEY is false', () => {
    // Act
    const verifying = buildYandexRotationPorts(env);
    const skipping = buildYandexRotationPorts({ ...env, AKR_VERIFY_NEW_KEY: 'false' });

    // Assess
    expect(verifying.verifier).not.toBe(skippedKeyVerifier);
    expect(skipping.verifier).toBe(skippedKeyVerifier);
  });

  it('is what the handlers get when AKR_PROVIDER=yandex', async () => {
    // Prepare
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value ?? '');
    vi.resetModules();

    // Act
    const { rotationPorts } = await import('../../../lambdas/adapters/rotation-ports.ts');

    // Assess
    expect(rotationPorts.keys.provider).toBe('yandex');
    expect(api.calls).toEqual([]);
  });

  it('still gives the handlers the AWS adapters when AKR_PROVIDER=aws', async () => {
    // Prepare
    for (const [name, value] of Object.entries({ ...env, AKR_PROVIDER: 'aws' }))
      vi.stubEnv(name, value ?? '');
    vi.resetModules();

    // Act
    const { rotationPorts } = await import('../../../lambdas/adapters/rotation-ports.ts');

    // Assess
    expect(rotationPorts.keys.provider).toBe('aws');
  });
});
