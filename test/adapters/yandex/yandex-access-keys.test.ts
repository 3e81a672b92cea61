import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { yandexAccessKeys } from '../../../lambdas/adapters/yandex/yandex-access-keys.ts';
import { seedKey } from './fake-access-key-routes.ts';
import { FakeYandexApi, TOKEN_PATH } from './fake-yandex-api.ts';
import { authorizedKeyFixture, PRINCIPAL } from './yandex-test-stack.ts';

const secretsMock = mockClient(SecretsManagerClient);
const AUTHORIZED_KEY_SECRET = 'akr/yandex-authorized-key';
const settings = { yandexAuthorizedKeySecret: AUTHORIZED_KEY_SECRET };

describe('Yandex access keys', () => {
  let api: FakeYandexApi;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    secretsMock.reset();
    api = await FakeYandexApi.start();
    api.publicKey = authorizedKeyFixture().publicKey;
    env = { AWS_REGION: 'eu-west-1', YC_ENDPOINT_URL: api.url };
  });
  afterEach(async () => {
    await api.close();
  });

  it('builds without any network call', () => {
    // Act
    const keys = yandexAccessKeys(settings, new SecretsManagerClient({}), env);

    // Assess
    expect(keys.provider).toBe('yandex');
    expect(api.calls).toEqual([]);
    expect(secretsMock.calls()).toEqual([]);
  });

  it('reads the authorized key and exchanges a token once, on first use', async () => {
    // Prepare
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: authorizedKeyFixture().json });
    const key = seedKey(api, PRINCIPAL);
    const keys = yandexAccessKeys(settings, new SecretsManagerClient({}), env);

    // Act
    await keys.listKeys(PRINCIPAL);
    const listed = await keys.listKeys(PRINCIPAL);

    // Assess
    expect(listed.map((summary) => summary.keyId)).toEqual([key.keyId]);
    expect(api.callsTo('POST', TOKEN_PATH)).toHaveLength(1);
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secretsMock.commandCalls(GetSecretValueCommand)[0]?.args[0].input.SecretId).toBe(
      AUTHORIZED_KEY_SECRET,
    );
  });
});
