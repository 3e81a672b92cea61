import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  TagResourceCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejectionOf, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

const NAME = 'access-key-rotator/aws/alice';
// ClientRequestTokens (version ids) must be 32–64 characters.
const V1 = 'rotation-0001-aaaaaaaaaaaaaaaaaaaaaaaa';
const V2 = 'rotation-0002-bbbbbbbbbbbbbbbbbbbbbbbb';

describe('local Secrets Manager staging labels', () => {
  let t: TestCloud;
  beforeEach(async () => {
    t = await startTestCloud();
  });
  afterEach(() => t.close());

  async function stages(): Promise<Record<string, string[]> | undefined> {
    return (await t.secrets.send(new DescribeSecretCommand({ SecretId: NAME }))).VersionIdsToStages;
  }

  async function createWithCurrent(): Promise<void> {
    await t.secrets.send(new CreateSecretCommand({ Name: NAME, SecretString: 'v1', ClientRequestToken: V1 }));
  }

  it('walks a version from AWSPENDING to AWSCURRENT, leaving the old one AWSPREVIOUS', async () => {
    await createWithCurrent();
    await t.secrets.send(
      new PutSecretValueCommand({
        SecretId: NAME,
        SecretString: 'v2',
        ClientRequestToken: V2,
        VersionStages: ['AWSPENDING'],
      }),
    );
    expect(await stages()).toEqual({ [V1]: ['AWSCURRENT'], [V2]: ['AWSPENDING'] });

    await t.secrets.send(
      new UpdateSecretVersionStageCommand({
        SecretId: NAME,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: V2,
        RemoveFromVersionId: V1,
      }),
    );

    expect(await stages()).toEqual({ [V1]: ['AWSPREVIOUS'], [V2]: ['AWSPENDING', 'AWSCURRENT'] });
    const current = await t.secrets.send(new GetSecretValueCommand({ SecretId: NAME }));
    expect(current).toMatchObject({ SecretString: 'v2', VersionId: V2 });
    const previous = await t.secrets.send(
      new GetSecretValueCommand({ SecretId: NAME, VersionStage: 'AWSPREVIOUS' }),
    );
    expect(previous.SecretString).toBe('v1');
  });

  it('refuses to move AWSCURRENT unless RemoveFromVersionId names its holder', async () => {
    await createWithCurrent();
    await t.secrets.send(
      new PutSecretValueCommand({
        SecretId: NAME,
        SecretString: 'v2',
        ClientRequestToken: V2,
        VersionStages: ['AWSPENDING'],
      }),
    );

    const failure = await rejectionOf(
      t.secrets.send(
        new UpdateSecretVersionStageCommand({
          SecretId: NAME,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: V2,
        }),
      ),
    );

    expect(failure.name).toBe('InvalidParameterException');
    expect(await stages()).toEqual({ [V1]: ['AWSCURRENT'], [V2]: ['AWSPENDING'] });
  });

  it('treats a retried PutSecretValue with the same token and value as done, and a different value as a conflict', async () => {
    await createWithCurrent();
    const put = () =>
      t.secrets.send(
        new PutSecretValueCommand({
          SecretId: NAME,
          SecretString: 'v2',
          ClientRequestToken: V2,
          VersionStages: ['AWSPENDING'],
        }),
      );
    await put();

    const retried = await put();
    const conflict = await rejectionOf(
      t.secrets.send(
        new PutSecretValueCommand({
          SecretId: NAME,
          SecretString: 'other',
          ClientRequestToken: V2,
          VersionStages: ['AWSPENDING'],
        }),
      ),
    );

    expect(retried).toMatchObject({ VersionId: V2, VersionStages: ['AWSPENDING'] });
    expect(conflict).toMatchObject({ name: 'ResourceExistsException', status: 400 });
    const pending = await t.secrets.send(
      new GetSecretValueCommand({ SecretId: NAME, VersionStage: 'AWSPENDING' }),
    );
    expect(pending.SecretString).toBe('v2');
  });

  it('labels the first version of an empty secret AWSCURRENT even when only AWSPENDING was asked for', async () => {
    await t.secrets.send(new CreateSecretCommand({ Name: NAME, KmsKeyId: 'alias/akr' }));

    const put = await t.secrets.send(
      new PutSecretValueCommand({
        SecretId: NAME,
        SecretString: 'v1',
        ClientRequestToken: V1,
        VersionStages: ['AWSPENDING'],
      }),
    );

    expect(put.VersionStages?.sort()).toEqual(['AWSCURRENT', 'AWSPENDING']);
    expect((await t.secrets.send(new DescribeSecretCommand({ SecretId: NAME }))).KmsKeyId).toBe('alias/akr');
  });

  it('drops a label with RemoveFromVersionId and hides unlabeled versions from DescribeSecret', async () => {
    await createWithCurrent();
    await t.secrets.send(
      new PutSecretValueCommand({
        SecretId: NAME,
        SecretString: 'v2',
        ClientRequestToken: V2,
        VersionStages: ['AWSPENDING'],
      }),
    );

    await t.secrets.send(
      new UpdateSecretVersionStageCommand({
        SecretId: NAME,
        VersionStage: 'AWSPENDING',
        RemoveFromVersionId: V2,
      }),
    );

    expect(await stages()).toEqual({ [V1]: ['AWSCURRENT'] });
    const pending = await rejectionOf(
      t.secrets.send(new GetSecretValueCommand({ SecretId: NAME, VersionStage: 'AWSPENDING' })),
    );
    expect(pending.name).toBe('ResourceNotFoundException');
    const byId = await t.secrets.send(new GetSecretValueCommand({ SecretId: NAME, VersionId: V2 }));
    expect(byId.SecretString).toBe('v2');
  });

  it('refuses removing AWSCURRENT without moving it', async () => {
    await createWithCurrent();

    const failure = await rejectionOf(
      t.secrets.send(
        new UpdateSecretVersionStageCommand({
          SecretId: NAME,
          VersionStage: 'AWSCURRENT',
          RemoveFromVersionId: V1,
        }),
      ),
    );

    expect(failure.name).toBe('InvalidParameterException');
    expect(await stages()).toEqual({ [V1]: ['AWSCURRENT'] });
  });

  it('answers ResourceNotFoundException for an unknown secret and ValidationException for a short token', async () => {
    const missing = await rejectionOf(t.secrets.send(new GetSecretValueCommand({ SecretId: 'nope' })));
    await createWithCurrent();
    const shortToken = await rejectionOf(
      t.secrets.send(
        new PutSecretValueCommand({ SecretId: NAME, SecretString: 'x', ClientRequestToken: 'short' }),
      ),
    );

    expect(missing).toMatchObject({ name: 'ResourceNotFoundException', status: 400 });
    expect(shortToken.name).toBe('ValidationException');
  });

  it('lists secrets by name prefix with their tags', async () => {
    await t.secrets.send(
      new CreateSecretCommand({ Name: NAME, Tags: [{ Key: 'provider', Value: 'aws' }], SecretString: 'x' }),
    );
    await t.secrets.send(new CreateSecretCommand({ Name: 'other/secret', SecretString: 'y' }));
    await t.secrets.send(
      new TagResourceCommand({ SecretId: NAME, Tags: [{ Key: 'principal', Value: 'alice' }] }),
    );

    const listed = await t.secrets.send(
      new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['access-key-rotator/'] }] }),
    );

    expect(listed.SecretList?.map((secret) => secret.Name)).toEqual([NAME]);
    expect(listed.SecretList?.[0]?.Tags).toEqual([
      { Key: 'provider', Value: 'aws' },
      { Key: 'principal', Value: 'alice' },
    ]);
  });
});
