import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejectionOf, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

describe('local IAM access keys over the Query protocol', () => {
  let t: TestCloud;
  beforeEach(async () => {
    t = await startTestCloud();
    await t.iam.send(new CreateUserCommand({ UserName: 'alice' }));
  });
  afterEach(() => t.close());

  it('creates, lists, deactivates and deletes keys like IAM', async () => {
    // Prepare / Act
    const created = await t.iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    const keyId = created.AccessKey?.AccessKeyId ?? '';
    await t.iam.send(
      new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: keyId, Status: 'Inactive' }),
    );
    const listed = await t.iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));

    // Assess
    expect(keyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(created.AccessKey?.SecretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(created.AccessKey?.CreateDate).toBeInstanceOf(Date);
    expect(listed.AccessKeyMetadata).toEqual([
      {
        UserName: 'alice',
        AccessKeyId: keyId,
        Status: 'Inactive',
        CreateDate: created.AccessKey?.CreateDate,
      },
    ]);
    expect(listed.IsTruncated).toBe(false);

    await t.iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: keyId }));
    const after = await t.iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    expect(after.AccessKeyMetadata).toEqual([]);
  });

  it('refuses a third key with LimitExceeded (409) and keeps the two it has', async () => {
    await t.iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    await t.iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));

    const failure = await rejectionOf(t.iam.send(new CreateAccessKeyCommand({ UserName: 'alice' })));

    expect(failure).toMatchObject({
      name: 'LimitExceededException',
      status: 409,
      message: 'Cannot exceed quota for AccessKeysPerUser: 2',
    });
    expect(t.cloud.iam.listAccessKeys('alice')).toHaveLength(2);
  });

  it('answers NoSuchEntity (404) for an unknown user or a key of another user', async () => {
    await t.iam.send(new CreateUserCommand({ UserName: 'bob' }));
    const bobs = await t.iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }));

    const noUser = await rejectionOf(t.iam.send(new ListAccessKeysCommand({ UserName: 'nobody' })));
    const notHers = await rejectionOf(
      t.iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: bobs.AccessKey?.AccessKeyId })),
    );

    expect(noUser).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    expect(noUser.message).toContain('nobody');
    expect(notHers).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    expect(t.cloud.iam.listAccessKeys('bob')).toHaveLength(1);
  });

  it('refuses parameters that break the IAM rules with ValidationError naming the field', async () => {
    const badName = await rejectionOf(t.iam.send(new ListAccessKeysCommand({ UserName: 'alice smith!' })));
    const shortId = await rejectionOf(
      t.iam.send(
        new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: 'AKIA123', Status: 'Inactive' }),
      ),
    );
    const badStatus = await rejectionOf(
      t.iam.send(
        // Expired exists in newer SDK enums but can never be set.
        new UpdateAccessKeyCommand({
          UserName: 'alice',
          AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA',
          Status: 'Expired',
        }),
      ),
    );

    expect(badName).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(badName.message).toContain("at 'userName'");
    expect(shortId.message).toContain("at 'accessKeyId'");
    expect(badStatus).toMatchObject({ name: 'ValidationError' });
    expect(badStatus.message).toContain("at 'status'");
  });

  it('requires UserName when the caller is the role (admin) key, as IAM does for temporary credentials', async () => {
    const failure = await rejectionOf(t.iam.send(new CreateAccessKeyCommand({})));

    expect(failure).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(t.cloud.iam.listAccessKeys('alice')).toHaveLength(0);
  });

  it('reports a never-used key as N/A in GetAccessKeyLastUsed', async () => {
    const created = await t.iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));

    const lastUsed = await t.iam.send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: created.AccessKey?.AccessKeyId }),
    );

    expect(lastUsed.UserName).toBe('alice');
    expect(lastUsed.AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });
  });
});
