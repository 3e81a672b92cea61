import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dynamoMock, resetSdkMocks, secretsMock, TEST_ENV } from '../handlers/handler-harness.ts';

/** The ports are built when their modules load, so each test loads them afresh after stubbing the environment. */
async function importPorts() {
  vi.resetModules();
  const [{ accessKeys }, { secretStore }, { rotationLock }] = await Promise.all([
    import('../../lambdas/wiring/access-keys.ts'),
    import('../../lambdas/wiring/secret-store.ts'),
    import('../../lambdas/wiring/rotation-lock.ts'),
  ]);
  return { accessKeys, secretStore, rotationLock };
}

describe('the ports a container builds from its environment', () => {
  beforeEach(() => {
    resetSdkMocks();
    for (const [name, value] of Object.entries(TEST_ENV)) vi.stubEnv(name, value);
  });
  afterEach(() => vi.unstubAllEnvs());

  it('wires the AWS adapters with the settings of the environment', async () => {
    // Prepare
    secretsMock.on(CreateSecretCommand).resolves({});
    dynamoMock.on(GetItemCommand).resolves({});
    const { accessKeys, secretStore, rotationLock } = await importPorts();

    // Act
    await secretStore.create('access-key-rotator/aws/alice', { provider: 'aws', principal: 'alice' });
    await rotationLock.holder('aws#alice');

    // Assess
    expect(accessKeys.provider).toBe('aws');
    expect(secretsMock.commandCalls(CreateSecretCommand)[0]?.args[0].input.KmsKeyId).toBe(
      'alias/akr-secrets',
    );
    expect(dynamoMock.commandCalls(GetItemCommand)[0]?.args[0].input.TableName).toBe('akr-locks');
  });

  it('wires the Yandex adapters, without a network call, when AKR_PROVIDER is yandex', async () => {
    // Prepare
    vi.stubEnv('AKR_PROVIDER', 'yandex');
    const fetchSpy = vi.spyOn(globalThis, 'fetch');

    // Act
    const { accessKeys } = await importPorts();

    // Assess
    expect(accessKeys.provider).toBe('yandex');
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(secretsMock.calls()).toEqual([]);
    fetchSpy.mockRestore();
  });

  it('fails at cold start on a misconfigured setting, naming the variable', async () => {
    // Prepare
    vi.stubEnv('AKR_MAX_DEFERRALS', 'many');

    // Act
    const loading = importPorts();

    // Assess
    await expect(loading).rejects.toThrow(/AKR_MAX_DEFERRALS/);
  });
});
