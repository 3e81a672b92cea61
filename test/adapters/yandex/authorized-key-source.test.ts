import { inspect } from 'node:util';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { authorizedKeySource } from '../../../lambdas/adapters/yandex/authorized-key-source.ts';
import { sdkError } from '../sdk-errors.ts';
import {
  AUTHORIZED_KEY_ID,
  authorizedKeyFixture,
  ROTATOR_SERVICE_ACCOUNT,
  rejectionOf,
} from './yandex-test-stack.ts';

const secretsMock = mockClient(SecretsManagerClient);
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:akr/yandex-authorized-key-AbCdEf';
const client = new SecretsManagerClient({ region: 'eu-west-1' });

/** A recognisable piece of the private key, to look for in errors. */
function pemBody(pem: string): string {
  return pem.split('\n')[5] ?? 'missing';
}

describe('authorized key source', () => {
  beforeEach(() => secretsMock.reset());

  it('reads the key from the secret, dropping the text line before the PEM', async () => {
    // Prepare
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: authorizedKeyFixture().json });
    const source = authorizedKeySource(client, SECRET_ARN);

    // Act
    const key = await source();

    // Assess
    expect(key.id).toBe(AUTHORIZED_KEY_ID);
    expect(key.serviceAccountId).toBe(ROTATOR_SERVICE_ACCOUNT);
    expect(key.privateKey.type).toBe('private');
    expect(key.privateKey.asymmetricKeyType).toBe('rsa');
    expect(secretsMock.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: SECRET_ARN,
    });
  });

  it('reads the secret once per container, even for concurrent callers', async () => {
    // Prepare
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: authorizedKeyFixture().json });
    const source = authorizedKeySource(client, SECRET_ARN);

    // Act
    await Promise.all([source(), source(), source()]);
    await source();

    // Assess
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('holds the private key as a KeyObject that never prints its PEM', async () => {
    // Prepare
    const fixture = authorizedKeyFixture();
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: fixture.json });

    // Act
    const key = await authorizedKeySource(client, SECRET_ARN)();

    // Assess
    expect(inspect(key, { depth: 5 })).not.toContain(pemBody(fixture.privatePem));
    expect(JSON.stringify(key)).not.toContain(pemBody(fixture.privatePem));
  });

  it('names a missing secret, and tries again on the next call', async () => {
    // Prepare
    secretsMock
      .on(GetSecretValueCommand)
      .rejectsOnce(sdkError('ResourceNotFoundException', 'not found'))
      .resolves({ SecretString: authorizedKeyFixture().json });
    const source = authorizedKeySource(client, SECRET_ARN);

    // Act
    const error = await rejectionOf(source());
    const key = await source();

    // Assess
    expect(error).toMatchObject({ name: 'AuthorizedKeyError' });
    expect(error.message).toContain(SECRET_ARN);
    expect(key.id).toBe(AUTHORIZED_KEY_ID);
  });

  it('turns a throttled read into TransientError', async () => {
    // Prepare
    secretsMock
      .on(GetSecretValueCommand)
      .rejects(sdkError('ThrottlingException', 'slow down', { httpStatusCode: 400, throttling: true }));

    // Act
    const error = await rejectionOf(authorizedKeySource(client, SECRET_ARN)());

    // Assess
    expect(error).toMatchObject({ name: 'TransientError' });
  });

  it.each([
    ['truncated JSON', (json: string) => json.slice(0, json.length - 10)],
    [
      'a private key that is not PEM',
      (json: string) => {
        const key = JSON.parse(json) as { private_key: string };
        return JSON.stringify({ ...key, private_key: key.private_key.replace('-----BEGIN', '-----BEGXN') });
      },
    ],
    ['no id', (json: string) => JSON.stringify({ ...JSON.parse(json), id: undefined })],
  ])('refuses %s, naming the secret but quoting none of it', async (_case, spoil) => {
    // Prepare
    const fixture = authorizedKeyFixture();
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: spoil(fixture.json) });

    // Act
    const error = await rejectionOf(authorizedKeySource(client, SECRET_ARN)());

    // Assess
    expect(error).toMatchObject({ name: 'AuthorizedKeyError' });
    expect(error.message).toContain(SECRET_ARN);
    expect(inspect(error)).not.toContain(pemBody(fixture.privatePem));
    expect(error.message).not.toContain('PRIVATE KEY');
  });
});
