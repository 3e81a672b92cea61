import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEST_ENV } from './handler-harness.ts';

const secretsMock = mockClient(SecretsManagerClient);

async function importPorts() {
  vi.resetModules();
  return import('../../lambdas/adapters/rotation-ports.ts');
}

describe('handler ports', () => {
  beforeEach(() => {
    secretsMock.reset();
    for (const [name, value] of Object.entries(TEST_ENV)) vi.stubEnv(name, value);
  });
  afterEach(() => vi.unstubAllEnvs());

  it('wires the AWS adapters with the settings of the environment', async () => {
    // Prepare
    secretsMock.on(CreateSecretCommand).resolves({});
    const { rotationPorts } = await importPorts();

    // Act
    await rotationPorts.secrets.create('access-key-rotator/aws/alice', {
      provider: 'aws',
      principal: 'alice',
    });

    // Assess
    expect(rotationPorts.keys.provider).toBe('aws');
    expect(rotationPorts.settings.lockTableName).toBe('akr-locks');
    expect(secretsMock.commandCalls(CreateSecretCommand)[0]?.args[0].input.KmsKeyId).toBe(
      'alias/akr-secrets',
    );
  });

  it('wires the Yandex adapters, without a network call, when AKR_PROVIDER is yandex', async () => {
    // Prepare
    vi.stubEnv('AKR_PROVIDER', 'yandex');
    const fetchSpy = vi.spyOn(globalThis, 'fetch');

    // Act
    const { rotationPorts } = await importPorts();

    // Assess
    expect(rotationPorts.keys.provider).toBe('yandex');
    expect(rotationPorts.settings.provider).toBe('yandex');
    expect(fetchSpy).not.toHaveBeenCalled();
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
