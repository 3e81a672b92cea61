/**
 * ListSecretVersionIds and DeleteSecret through the real Secrets Manager
 * client: versions with their staging labels, paged; deletion scheduled for a
 * recovery window (7–30 days, 30 by default) during which the value can be
 * neither read nor written, forced deletion, and RestoreSecret.
 */
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  paginateListSecretVersionIds,
  RestoreSecretCommand,
  RotateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejectionOf, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

const NAME = 'access-key-rotator/aws/alice';
const DAY_MS = 86_400_000;
const token = (n: number) => `rotation-${String(n).padStart(30, '0')}`;

describe('local Secrets Manager version listing and deletion', () => {
  let t: TestCloud;
  beforeEach(async () => {
    t = await startTestCloud();
    await t.secrets.send(
      new CreateSecretCommand({ Name: NAME, SecretString: 'v1', ClientRequestToken: token(1) }),
    );
  });
  afterEach(() => t.close());

  it('lists each version with its staging labels, deprecated ones only when asked, a page at a time', async () => {
    // Prepare: v1 AWSCURRENT → v2 AWSCURRENT (v1 AWSPREVIOUS) → v3 AWSCURRENT (v1 unlabeled)
    await t.secrets.send(
      new PutSecretValueCommand({ SecretId: NAME, SecretString: 'v2', ClientRequestToken: token(2) }),
    );
    await t.secrets.send(
      new PutSecretValueCommand({ SecretId: NAME, SecretString: 'v3', ClientRequestToken: token(3) }),
    );
    await t.secrets.send(
      new PutSecretValueCommand({
        SecretId: NAME,
        SecretString: 'v4',
        ClientRequestToken: token(4),
        VersionStages: ['AWSPENDING'],
      }),
    );
    // Act
    const listed = await t.secrets.send(new ListSecretVersionIdsCommand({ SecretId: NAME }));
    const withDeprecated = await t.secrets.send(
      new ListSecretVersionIdsCommand({ SecretId: NAME, IncludeDeprecated: true }),
    );
    const pages: string[][] = [];
    for await (const page of paginateListSecretVersionIds(
      { client: t.secrets, pageSize: 2 },
      { SecretId: NAME },
    ))
      pages.push((page.Versions ?? []).map((version) => version.VersionId ?? ''));
    // Assess
    const stages = Object.fromEntries(
      (listed.Versions ?? []).map((version) => [version.VersionId, version.VersionStages]),
    );
    expect(listed.Name).toBe(NAME);
    expect(listed.ARN).toMatch(
      /^arn:aws:secretsmanager:us-east-1:000000000000:secret:access-key-rotator\/aws\/alice-/,
    );
    expect(stages).toEqual({
      [token(2)]: ['AWSPREVIOUS'],
      [token(3)]: ['AWSCURRENT'],
      [token(4)]: ['AWSPENDING'],
    });
    expect(listed.Versions?.[0]?.CreatedDate).toBeInstanceOf(Date);
    expect(withDeprecated.Versions?.map((version) => version.VersionId)).toContain(token(1));
    expect(pages).toEqual([[token(2), token(3)], [token(4)]]);
  });

  it('schedules deletion 30 days out by default and refuses the value meanwhile', async () => {
    const before = Date.now();

    const deleted = await t.secrets.send(new DeleteSecretCommand({ SecretId: NAME }));
    const described = await t.secrets.send(new DescribeSecretCommand({ SecretId: NAME }));
    const read = await rejectionOf(t.secrets.send(new GetSecretValueCommand({ SecretId: NAME })));
    const written = await rejectionOf(
      t.secrets.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'v2' })),
    );
    const recreated = await rejectionOf(
      t.secrets.send(new CreateSecretCommand({ Name: NAME, SecretString: 'x' })),
    );
    const listed = await t.secrets.send(new ListSecretsCommand({}));
    const listedPlanned = await t.secrets.send(new ListSecretsCommand({ IncludePlannedDeletion: true }));

    expect(deleted.Name).toBe(NAME);
    const window = (deleted.DeletionDate?.getTime() ?? 0) - before;
    expect(window).toBeGreaterThanOrEqual(30 * DAY_MS - 5_000);
    expect(window).toBeLessThanOrEqual(30 * DAY_MS + 5_000);
    expect(described.DeletedDate).toBeInstanceOf(Date);
    for (const refused of [read, written])
      expect(refused).toMatchObject({
        name: 'InvalidRequestException',
        status: 400,
        message: "You can't perform this operation on the secret because it was marked for deletion.",
      });
    expect(recreated).toMatchObject({ name: 'InvalidRequestException' });
    expect(listed.SecretList?.map((secret) => secret.Name)).not.toContain(NAME);
    expect(listedPlanned.SecretList?.map((secret) => secret.Name)).toContain(NAME);
  });

  it('takes a recovery window of 7 to 30 days, never together with ForceDeleteWithoutRecovery', async () => {
    const both = await rejectionOf(
      t.secrets.send(
        new DeleteSecretCommand({
          SecretId: NAME,
          RecoveryWindowInDays: 7,
          ForceDeleteWithoutRecovery: true,
        }),
      ),
    );
    const tooShort = await rejectionOf(
      t.secrets.send(new DeleteSecretCommand({ SecretId: NAME, RecoveryWindowInDays: 6 })),
    );
    const tooLong = await rejectionOf(
      t.secrets.send(new DeleteSecretCommand({ SecretId: NAME, RecoveryWindowInDays: 31 })),
    );
    const stillThere = await t.secrets.send(new GetSecretValueCommand({ SecretId: NAME }));
    const week = await t.secrets.send(new DeleteSecretCommand({ SecretId: NAME, RecoveryWindowInDays: 7 }));

    for (const refused of [both, tooShort, tooLong])
      expect(refused).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(both.message).toContain('ForceDeleteWithoutRecovery');
    expect(stillThere.SecretString).toBe('v1');
    const window = (week.DeletionDate?.getTime() ?? 0) - Date.now();
    expect(Math.round(window / DAY_MS)).toBe(7);
  });

  it('restores a secret scheduled for deletion, and forgets one deleted without recovery', async () => {
    await t.secrets.send(new DeleteSecretCommand({ SecretId: NAME, RecoveryWindowInDays: 7 }));

    await t.secrets.send(new RestoreSecretCommand({ SecretId: NAME }));
    const restored = await t.secrets.send(new GetSecretValueCommand({ SecretId: NAME }));
    const forced = await t.secrets.send(
      new DeleteSecretCommand({ SecretId: NAME, ForceDeleteWithoutRecovery: true }),
    );
    const gone = await rejectionOf(t.secrets.send(new DescribeSecretCommand({ SecretId: NAME })));
    const again = await t.secrets.send(
      new DeleteSecretCommand({ SecretId: NAME, ForceDeleteWithoutRecovery: true }),
    );
    const unforced = await rejectionOf(t.secrets.send(new DeleteSecretCommand({ SecretId: NAME })));

    expect(restored.SecretString).toBe('v1');
    expect(t.cloud.requests.find((request) => request.action === 'RestoreSecret')).toMatchObject({
      mutating: true,
    });
    expect(forced.Name).toBe(NAME);
    expect(gone).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(again.Name).toBe(NAME);
    expect(unforced).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('treats a secret past its recovery window as gone', async () => {
    const past = new Date(Date.now() - 31 * DAY_MS);
    t.cloud.secrets.scheduleSecretDeletion(NAME, { force: false, days: 30 }, past);

    const described = await rejectionOf(t.secrets.send(new DescribeSecretCommand({ SecretId: NAME })));
    const recreated = await t.secrets.send(new CreateSecretCommand({ Name: NAME, SecretString: 'fresh' }));

    expect(described).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(recreated.Name).toBe(NAME);
  });

  it('answers an operation it does not emulate with UnknownOperationException naming it', async () => {
    const refused = await rejectionOf(t.secrets.send(new RotateSecretCommand({ SecretId: NAME })));

    expect(refused).toMatchObject({
      name: 'UnknownOperationException',
      status: 400,
      message: 'Secrets Manager RotateSecret is not emulated by the local cloud',
    });
  });
});
