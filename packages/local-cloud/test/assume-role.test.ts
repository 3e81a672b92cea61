/**
 * STS AssumeRole reads the role's trust policy as IAM does, and the session
 * it issues acts in the role's account: IAM and Secrets Manager calls signed
 * with it see the member account's users and secrets, not the hub's. Each
 * condition of the rotator's member role (ExternalId, the hub's
 * `/access-key-rotator/` path, the organization) refuses a caller that
 * misses it, with AWS's AccessDenied message.
 */
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN_CREDENTIALS, seedIamUser } from '../src/index.ts';
import { clientConfig, rejectionOf } from './local-cloud-fixture.ts';
import {
  assumeMemberRole,
  designedConditions,
  EXTERNAL_ID,
  HUB,
  MEMBER,
  MEMBER_ROLE,
  memberRoleArn,
  memberTrustPolicy,
  type OrganizationCloud,
  sessionCredentials,
  startOrganizationCloud,
} from './organization-fixture.ts';

describe('STS AssumeRole into a member account', () => {
  let t: OrganizationCloud;
  beforeAll(async () => {
    t = await startOrganizationCloud();
    seedIamUser(t.cloud, { userName: 'hub-alice', keys: [] });
    seedIamUser(t.cloud, { userName: 'member-bob', keys: [{ ageDays: 100 }] }, { account: MEMBER });
  });
  afterAll(() => t.close());

  /** STS and IAM clients signed by `credentials`. */
  function clientsOf(credentials: Parameters<typeof clientConfig>[1]) {
    return {
      sts: new STSClient(clientConfig(t.cloud, credentials)),
      iam: new IAMClient(clientConfig(t.cloud, credentials)),
      secrets: new SecretsManagerClient(clientConfig(t.cloud, credentials)),
    };
  }

  it('issues a session of the member role to the hub admin with the right ExternalId', async () => {
    const assumed = await t.sts.send(
      new AssumeRoleCommand({
        RoleArn: memberRoleArn(),
        RoleSessionName: 'rotator',
        ExternalId: EXTERNAL_ID,
      }),
    );

    expect(assumed.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${MEMBER}:assumed-role/${MEMBER_ROLE}/rotator`);
    expect(assumed.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:rotator$/);
    expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(assumed.Credentials?.SessionToken?.length).toBeGreaterThan(100);
    const lifetime = (assumed.Credentials?.Expiration?.getTime() ?? 0) - Date.now();
    expect(lifetime).toBeGreaterThan(3500_000);
    expect(lifetime).toBeLessThanOrEqual(3600_000);
  });

  it('acts in the member account: GetCallerIdentity, IAM and Secrets Manager are the member’s', async () => {
    const session = sessionCredentials(await assumeMemberRole(t));
    const member = clientsOf(session);

    const identity = await member.sts.send(new GetCallerIdentityCommand({}));
    const users = await member.iam.send(new ListUsersCommand({}));
    await member.iam.send(new CreateUserCommand({ UserName: 'made-by-session' }));
    const secret = await member.secrets.send(
      new CreateSecretCommand({ Name: 'member-only', SecretString: 'x' }),
    );
    const hubUsers = await t.iam.send(new ListUsersCommand({}));

    expect(identity).toMatchObject({
      Account: MEMBER,
      Arn: `arn:aws:sts::${MEMBER}:assumed-role/${MEMBER_ROLE}/access-key-rotator`,
    });
    expect(users.Users?.map((user) => user.UserName)).toEqual(['member-bob']);
    expect(users.Users?.[0]?.Arn).toBe(`arn:aws:iam::${MEMBER}:user/member-bob`);
    expect(t.cloud.account(MEMBER).iam.findUser('made-by-session')).toBeDefined();
    expect(t.cloud.iam.findUser('made-by-session')).toBeUndefined();
    expect(hubUsers.Users?.map((user) => user.UserName)).toEqual(['hub-alice']);
    expect(secret.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-1:${MEMBER}:secret:member-only-`));
    expect(t.cloud.account(MEMBER).secrets.findSecret('member-only')).toBeDefined();
    expect(t.cloud.secrets.findSecret('member-only')).toBeUndefined();
    for (const client of Object.values(member)) client.destroy();
  });

  it('works through the SDK’s fromTemporaryCredentials, as the rotator assumes member roles', async () => {
    const iam = new IAMClient({
      endpoint: t.cloud.endpoint,
      region: t.cloud.region,
      maxAttempts: 1,
      credentials: fromTemporaryCredentials({
        masterCredentials: LOCAL_ADMIN_CREDENTIALS,
        params: { RoleArn: memberRoleArn(), RoleSessionName: 'access-key-rotator', ExternalId: EXTERNAL_ID },
        clientConfig: { endpoint: t.cloud.endpoint, region: t.cloud.region },
      }),
    });

    const created = await iam.send(new CreateAccessKeyCommand({ UserName: 'member-bob' }));
    iam.destroy();

    expect(created.AccessKey?.UserName).toBe('member-bob');
    expect(t.cloud.account(MEMBER).iam.listAccessKeys('member-bob')).toHaveLength(2);
  });

  it('lets a member account’s own IAM user act in its account with its key', async () => {
    const key = t.cloud.account(MEMBER).iam.listAccessKeys('member-bob')[0];
    const bob = clientsOf({
      accessKeyId: key?.accessKeyId ?? '',
      secretAccessKey: key?.secretAccessKey ?? '',
    });

    const identity = await bob.sts.send(new GetCallerIdentityCommand({}));
    const users = await bob.iam.send(new ListUsersCommand({}));
    for (const client of Object.values(bob)) client.destroy();

    expect(identity).toMatchObject({ Account: MEMBER, Arn: `arn:aws:iam::${MEMBER}:user/member-bob` });
    expect(users.Users?.map((user) => user.UserName)).toContain('member-bob');
    expect(users.Users?.map((user) => user.UserName)).not.toContain('hub-alice');
  });

  describe('refuses, with AWS’s AccessDenied message,', () => {
    const adminSession = `arn:aws:sts::${HUB}:assumed-role/akr-local-admin/local`;
    const denied = (caller: string, role: string) => ({
      name: 'AccessDenied',
      status: 403,
      message: `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${role}`,
    });

    it('a wrong or missing ExternalId', async () => {
      const wrong = await rejectionOf(assumeMemberRole(t, 'someone-else'));
      const missing = await rejectionOf(
        t.sts.send(new AssumeRoleCommand({ RoleArn: memberRoleArn(), RoleSessionName: 'rotator' })),
      );

      expect(wrong).toMatchObject(denied(adminSession, memberRoleArn()));
      expect(missing).toMatchObject(denied(adminSession, memberRoleArn()));
    });

    it('a hub principal outside the /access-key-rotator/ path (a hub IAM user)', async () => {
      const key = t.cloud.iam.createAccessKey('hub-alice');
      const alice = clientsOf(key);

      const refused = await rejectionOf(
        alice.sts.send(
          new AssumeRoleCommand({
            RoleArn: memberRoleArn(),
            RoleSessionName: 'alice',
            ExternalId: EXTERNAL_ID,
          }),
        ),
      );
      for (const client of Object.values(alice)) client.destroy();

      expect(refused).toMatchObject(denied(`arn:aws:iam::${HUB}:user/hub-alice`, memberRoleArn()));
    });

    it('a caller from another organization than the one the role names', async () => {
      t.cloud.account(MEMBER).iam.roles.create({
        roleName: 'other-org',
        assumeRolePolicyDocument: memberTrustPolicy(HUB, designedConditions(HUB, 'o-0000000000')),
      });

      const refused = await rejectionOf(
        t.sts.send(
          new AssumeRoleCommand({
            RoleArn: memberRoleArn(MEMBER, 'other-org'),
            RoleSessionName: 'rotator',
            ExternalId: EXTERNAL_ID,
          }),
        ),
      );

      expect(refused).toMatchObject(denied(adminSession, memberRoleArn(MEMBER, 'other-org')));
    });

    it('a role that does not exist, in a known or an unknown account, or under another path', async () => {
      const arns = [
        memberRoleArn(MEMBER, 'no-such-role'),
        memberRoleArn('123123123123'),
        `arn:aws:iam::${MEMBER}:role/some/path/${MEMBER_ROLE}`,
        `arn:aws:iam::${MEMBER}:user/${MEMBER_ROLE}`,
      ];
      for (const RoleArn of arns) {
        const refused = await rejectionOf(
          t.sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'rotator', ExternalId: EXTERNAL_ID })),
        );
        expect(refused, RoleArn).toMatchObject(denied(adminSession, RoleArn));
      }
    });

    it('a trust policy naming a condition it cannot read, rather than allowing it', async () => {
      const policies = {
        // Read as IAM reads it, this one would allow: it is refused only for not being understood.
        'unknown-operator': { StringEqualsIgnoreCase: { 'sts:ExternalId': EXTERNAL_ID } },
        'unknown-key': { StringEquals: { 'aws:SourceIp': '10.0.0.1', 'sts:ExternalId': EXTERNAL_ID } },
        'if-exists': { StringEqualsIfExists: { 'sts:ExternalId': EXTERNAL_ID } },
      };
      for (const [roleName, conditions] of Object.entries(policies)) {
        t.cloud.account(MEMBER).iam.roles.create({
          roleName,
          assumeRolePolicyDocument: memberTrustPolicy(HUB, conditions),
        });
        const refused = await rejectionOf(
          t.sts.send(
            new AssumeRoleCommand({
              RoleArn: memberRoleArn(MEMBER, roleName),
              RoleSessionName: 'rotator',
              ExternalId: EXTERNAL_ID,
            }),
          ),
        );
        expect(refused.name, roleName).toBe('AccessDenied');
      }
    });

    it('a caller an explicit Deny names, whatever an Allow says', async () => {
      const policy = memberTrustPolicy(HUB, { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } });
      t.cloud.account(MEMBER).iam.roles.create({
        roleName: 'denies-hub',
        assumeRolePolicyDocument: {
          ...policy,
          Statement: [...policy.Statement, { Effect: 'Deny', Principal: { AWS: HUB }, Action: 'sts:*' }],
        },
      });

      const refused = await rejectionOf(
        t.sts.send(
          new AssumeRoleCommand({
            RoleArn: memberRoleArn(MEMBER, 'denies-hub'),
            RoleSessionName: 'rotator',
            ExternalId: EXTERNAL_ID,
          }),
        ),
      );

      expect(refused.name).toBe('AccessDenied');
    });
  });

  it('allows what the policy allows: an account-id principal, an exact ARN, StringLike, aws:PrincipalAccount', async () => {
    t.cloud.account(MEMBER).iam.roles.create({
      roleName: 'plain-trust',
      maxSessionDuration: 7200,
      assumeRolePolicyDocument: {
        Statement: {
          Effect: 'Allow',
          Principal: { AWS: [HUB, `arn:aws:iam::${HUB}:role/access-key-rotator/akr-local-admin`] },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {
            StringLike: { 'sts:ExternalId': 'access-*' },
            StringEquals: { 'aws:PrincipalAccount': HUB },
            ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${HUB}:role/access-key-rotator/akr-local-admin` },
          },
        },
      },
    });

    const assumed = await t.sts.send(
      new AssumeRoleCommand({
        RoleArn: memberRoleArn(MEMBER, 'plain-trust'),
        RoleSessionName: 'long',
        ExternalId: EXTERNAL_ID,
        DurationSeconds: 7200,
      }),
    );

    const lifetime = (assumed.Credentials?.Expiration?.getTime() ?? 0) - Date.now();
    expect(lifetime).toBeGreaterThan(7100_000);
  });

  it('refuses a DurationSeconds under 900 or over the role’s MaxSessionDuration', async () => {
    const ask = (DurationSeconds: number) =>
      rejectionOf(
        t.sts.send(
          new AssumeRoleCommand({
            RoleArn: memberRoleArn(),
            RoleSessionName: 'rotator',
            ExternalId: EXTERNAL_ID,
            DurationSeconds,
          }),
        ),
      );

    expect(await ask(899)).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(await ask(3601)).toMatchObject({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
  });

  it('signs S3 calls too, which stay the home account’s', async () => {
    const session = sessionCredentials(await assumeMemberRole(t));
    const s3 = new S3Client({ ...clientConfig(t.cloud, session), forcePathStyle: true });
    const forged = new S3Client({
      ...clientConfig(t.cloud, { ...session, sessionToken: 'forged' }),
      forcePathStyle: true,
    });

    await s3.send(new CreateBucketCommand({ Bucket: 'made-by-session' }));
    const refused = await rejectionOf(forged.send(new ListBucketsCommand({})));
    s3.destroy();
    forged.destroy();

    expect(t.cloud.s3.bucketNames()).toContain('made-by-session');
    expect(t.cloud.requests.findLast((request) => request.action === 'CreateBucket')?.account).toBe(MEMBER);
    expect(refused).toMatchObject({ name: 'InvalidAccessKeyId', status: 403 });
  });

  it('accepts a session key only with its own session token', async () => {
    const session = sessionCredentials(await assumeMemberRole(t));
    const forged = { ...session, sessionToken: `${session.sessionToken.slice(0, -4)}AAAA` };
    const tokenless = { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey };
    const forgedClients = clientsOf(forged);
    const tokenlessClients = clientsOf(tokenless);

    const forgedQuery = await rejectionOf(forgedClients.sts.send(new GetCallerIdentityCommand({})));
    const forgedJson = await rejectionOf(
      forgedClients.secrets.send(new CreateSecretCommand({ Name: 'forged', SecretString: 'x' })),
    );
    const missing = await rejectionOf(tokenlessClients.iam.send(new ListUsersCommand({})));
    for (const client of [...Object.values(forgedClients), ...Object.values(tokenlessClients)])
      client.destroy();

    expect(forgedQuery).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
    expect(forgedJson).toMatchObject({ name: 'UnrecognizedClientException', status: 400 });
    expect(missing).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
    expect(t.cloud.account(MEMBER).secrets.findSecret('forged')).toBeUndefined();
  });
});
