/**
 * The admin key (LOCAL_ADMIN_CREDENTIALS) is one caller everywhere: STS says
 * it is a session of the role `akr-local-admin`, IAM describes that same role
 * (same account, same ARN, same unique id), and IAM refuses to guess a user
 * from it, as AWS refuses any role session.
 */
import { GetRoleCommand, GetUserCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

describe('the admin caller, as STS and IAM see it', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud();
  });
  afterAll(() => t.close());

  it('is a session of one role that IAM describes with the same account, ARN and id', async () => {
    // Act
    const identity = await t.sts.send(new GetCallerIdentityCommand({}));
    const [, roleName, sessionName] =
      /^arn:aws:sts::\d{12}:assumed-role\/([^/]+)\/(.+)$/.exec(identity.Arn ?? '') ?? [];
    const role = await t.iam.send(new GetRoleCommand({ RoleName: roleName }));
    // Assess
    expect(identity.Account).toBe(t.cloud.accountId);
    expect(roleName).toBe('akr-local-admin');
    // The rotator's roles carry the path /access-key-rotator/, which member trust policies check.
    expect(role.Role?.Path).toBe('/access-key-rotator/');
    expect(role.Role?.Arn).toBe(`arn:aws:iam::${identity.Account}:role/access-key-rotator/${roleName}`);
    expect(identity.UserId).toBe(`${role.Role?.RoleId}:${sessionName}`);
    expect(role.Role?.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
  });

  it('is not a user: GetUser without a name refuses it as AWS refuses a role session', async () => {
    const refused = await rejectionOf(t.iam.send(new GetUserCommand({})));
    const otherRole = await rejectionOf(t.iam.send(new GetRoleCommand({ RoleName: 'someone-else' })));

    expect(refused).toMatchObject({
      name: 'ValidationError',
      message: 'Must specify userName when calling with non-User credentials',
    });
    expect(otherRole).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
  });
});
