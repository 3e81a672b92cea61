/**
 * IAM roles over the wire, in each account: created with a URL-encoded trust
 * policy, read back as IAM answers it (the document URL-encoded), listed,
 * given inline policies, and deleted only without them. Role names and
 * policies are checked as IAM checks them.
 */
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig, rejectionOf } from './local-cloud-fixture.ts';
import {
  assumeMemberRole,
  MEMBER,
  MEMBER_ROLE,
  type OrganizationCloud,
  sessionCredentials,
  startOrganizationCloud,
} from './organization-fixture.ts';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }],
});
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }],
});

describe('IAM roles', () => {
  let t: OrganizationCloud;
  let memberIam: IAMClient;
  beforeAll(async () => {
    t = await startOrganizationCloud();
    memberIam = new IAMClient(clientConfig(t.cloud, sessionCredentials(await assumeMemberRole(t))));
  });
  afterAll(async () => {
    memberIam.destroy();
    await t.close();
  });

  it('are created, read, updated and deleted in the caller’s account', async () => {
    const created = await memberIam.send(
      new CreateRoleCommand({
        RoleName: 'reader',
        Path: '/team/',
        AssumeRolePolicyDocument: TRUST,
        MaxSessionDuration: 7200,
        Description: 'reads',
      }),
    );
    await memberIam.send(
      new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'list', PolicyDocument: POLICY }),
    );
    const got = await memberIam.send(new GetRoleCommand({ RoleName: 'reader' }));
    const policy = await memberIam.send(new GetRolePolicyCommand({ RoleName: 'reader', PolicyName: 'list' }));
    const policies = await memberIam.send(new ListRolePoliciesCommand({ RoleName: 'reader' }));
    const newTrust = TRUST.replace('111122223333', '999999999999');
    await memberIam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'reader', PolicyDocument: newTrust }));
    const updated = await memberIam.send(new GetRoleCommand({ RoleName: 'reader' }));
    const inHub = await rejectionOf(t.iam.send(new GetRoleCommand({ RoleName: 'reader' })));
    const conflict = await rejectionOf(memberIam.send(new DeleteRoleCommand({ RoleName: 'reader' })));
    await memberIam.send(new DeleteRolePolicyCommand({ RoleName: 'reader', PolicyName: 'list' }));
    await memberIam.send(new DeleteRoleCommand({ RoleName: 'reader' }));
    const gone = await rejectionOf(memberIam.send(new GetRoleCommand({ RoleName: 'reader' })));

    expect(created.Role).toMatchObject({
      RoleName: 'reader',
      Path: '/team/',
      Arn: `arn:aws:iam::${MEMBER}:role/team/reader`,
      MaxSessionDuration: 7200,
      Description: 'reads',
    });
    expect(created.Role?.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? '')).toBe(TRUST);
    expect(decodeURIComponent(policy.PolicyDocument ?? '')).toBe(POLICY);
    expect(policies.PolicyNames).toEqual(['list']);
    expect(decodeURIComponent(updated.Role?.AssumeRolePolicyDocument ?? '')).toBe(newTrust);
    expect(inHub).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    expect(conflict).toMatchObject({ name: 'DeleteConflictException', status: 409 });
    expect(gone.name).toBe('NoSuchEntityException');
  });

  it('are listed by path, the hub’s with the admin key’s role under /access-key-rotator/', async () => {
    const member = await memberIam.send(new ListRolesCommand({}));
    const hub = await t.iam.send(new ListRolesCommand({ PathPrefix: '/access-key-rotator/' }));
    const paged = await memberIam.send(new ListRolesCommand({ MaxItems: 1 }));

    expect(member.Roles?.map((role) => role.RoleName)).toEqual([MEMBER_ROLE]);
    expect(hub.Roles?.map((role) => role.Arn)).toEqual([
      `arn:aws:iam::${t.cloud.accountId}:role/access-key-rotator/akr-local-admin`,
    ]);
    expect(paged.IsTruncated).toBe(false);
  });

  it('refuse a bad name, a policy that is not JSON, a name taken, a missing policy', async () => {
    const badName = await rejectionOf(
      memberIam.send(new CreateRoleCommand({ RoleName: 'no spaces', AssumeRolePolicyDocument: TRUST })),
    );
    const longName = await rejectionOf(
      memberIam.send(new CreateRoleCommand({ RoleName: 'r'.repeat(65), AssumeRolePolicyDocument: TRUST })),
    );
    const notJson = await rejectionOf(
      memberIam.send(
        new CreateRoleCommand({ RoleName: 'broken', AssumeRolePolicyDocument: '{"Statement": [' }),
      ),
    );
    const noStatement = await rejectionOf(
      memberIam.send(new CreateRoleCommand({ RoleName: 'empty', AssumeRolePolicyDocument: '{}' })),
    );
    const taken = await rejectionOf(
      memberIam.send(
        new CreateRoleCommand({ RoleName: MEMBER_ROLE.toUpperCase(), AssumeRolePolicyDocument: TRUST }),
      ),
    );
    const adminTaken = await rejectionOf(
      t.iam.send(new CreateRoleCommand({ RoleName: 'akr-local-admin', AssumeRolePolicyDocument: TRUST })),
    );
    const badDuration = await rejectionOf(
      memberIam.send(
        new CreateRoleCommand({ RoleName: 'short', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 60 }),
      ),
    );
    const missingPolicy = await rejectionOf(
      memberIam.send(new GetRolePolicyCommand({ RoleName: MEMBER_ROLE, PolicyName: 'none' })),
    );

    expect(badName).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(badName.message).toContain("at 'roleName' failed to satisfy constraint");
    expect(longName.message).toContain('Member must have length less than or equal to 64');
    expect(notJson).toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: 'This policy contains invalid Json',
    });
    expect(noStatement.name).toBe('MalformedPolicyDocumentException');
    expect(taken).toMatchObject({ name: 'EntityAlreadyExistsException', status: 409 });
    expect(adminTaken.name).toBe('EntityAlreadyExistsException');
    expect(badDuration.name).toBe('ValidationError');
    expect(missingPolicy.name).toBe('NoSuchEntityException');
    expect(
      t.cloud
        .account(MEMBER)
        .iam.roles.list()
        .map((role) => role.roleName),
    ).toEqual([MEMBER_ROLE]);
  });
});
