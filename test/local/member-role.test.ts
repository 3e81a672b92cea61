/**
 * The member role a local world deploys is the member stack's own: its trust
 * admits the hub's step role (the local admin, under /access-key-rotator/)
 * with the deployment's ExternalId and nobody else, and its permissions are
 * the stack's inline policy, resolved for the member account.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LOCAL_ADMIN_CREDENTIALS,
  type LocalCloud,
  seedOrganization,
  startLocalCloud,
} from '@access-key-rotator/local-cloud';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_SCOPE } from '../../lambdas/config/account-scope.ts';
import { deployMemberRole, type MemberRoleSpec } from '../../local/member-role.ts';
import { writeWorldSettings } from '../../local/workflow/world-settings.ts';

const HUB = '123456789012';
const MEMBER = '444455556666';
let stateDir: string;
let cloud: LocalCloud;
let spec: MemberRoleSpec;

const sts = (credentials: { accessKeyId: string; secretAccessKey: string } = LOCAL_ADMIN_CREDENTIALS) =>
  new STSClient({ endpoint: cloud.endpoint, region: 'us-east-1', credentials });
const assume = (externalId?: string) =>
  sts().send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${MEMBER}:role/${DEFAULT_ACCOUNT_SCOPE.memberRoleName}`,
      RoleSessionName: 'test',
      ...(externalId !== undefined && { ExternalId: externalId }),
    }),
  );

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'akr-member-role-'));
  writeWorldSettings(stateDir, { 'akr:accounts': MEMBER, 'akr:optInTag': 'team=payments' });
  cloud = await startLocalCloud({ stateDir, accountId: HUB });
  seedOrganization(cloud, { accounts: [{ id: MEMBER }] });
  spec = await deployMemberRole(cloud, stateDir, MEMBER);
}, 120_000);
afterAll(async () => {
  await cloud.close();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('the member role of a local world', () => {
  it('is trusted by the hub step roles with the ExternalId, as the member stack writes it', () => {
    expect(spec.roleName).toBe(DEFAULT_ACCOUNT_SCOPE.memberRoleName);
    expect(JSON.stringify(spec.assumeRolePolicyDocument)).toContain(`arn:aws:iam::${HUB}:root`);
    expect(JSON.stringify(spec.assumeRolePolicyDocument)).toContain(
      `arn:aws:iam::${HUB}:role/access-key-rotator/*`,
    );
  });

  it('holds the stack permissions for the member account, with the world settings', () => {
    const text = JSON.stringify(spec.policies);
    expect(text).toContain(`arn:aws:iam::${MEMBER}:user/*`);
    expect(text).toContain('iam:CreateAccessKey');
    expect(text).toContain('iam:ResourceTag/team');
    expect(text).not.toContain(HUB);
  });

  it('lets the hub admin assume it with the ExternalId, in the member account', async () => {
    const assumed = await assume(DEFAULT_ACCOUNT_SCOPE.memberExternalId);
    expect(assumed.AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${MEMBER}:assumed-role/${DEFAULT_ACCOUNT_SCOPE.memberRoleName}/test`,
    );
  });

  it.each([
    ['without the ExternalId', undefined],
    ['with another ExternalId', 'someone-else'],
  ])('refuses the hub admin %s', async (_how, externalId) => {
    await expect(assume(externalId)).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('refuses an IAM user of the hub, which is no step role', async () => {
    const user = cloud.iam.createUser({ userName: 'mallory' });
    const key = cloud.iam.createAccessKey(user.userName);
    const client = sts({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey });
    await expect(
      client.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${MEMBER}:role/${DEFAULT_ACCOUNT_SCOPE.memberRoleName}`,
          RoleSessionName: 'test',
          ExternalId: DEFAULT_ACCOUNT_SCOPE.memberExternalId,
        }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
