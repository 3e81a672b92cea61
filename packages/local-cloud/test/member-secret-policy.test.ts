/**
 * A member account's secret under the rotator's policy, the member role the
 * hub assumes there exempted by its ARN: the hub's session of that role
 * writes and reads the secret, the member user whose key it is reads it,
 * another member user is refused, and the member account's policy does not
 * touch the hub's secret of the same name.
 */
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credentials, clientConfig, rejectionOf } from './local-cloud-fixture.ts';
import {
  assumeMemberRole,
  MEMBER,
  memberRoleArn,
  type OrganizationCloud,
  sessionCredentials,
  startOrganizationCloud,
} from './organization-fixture.ts';
import { rotatorSecretPolicy } from './support/rotator-secret-policy.ts';

const SECRET = 'access-key-rotator/aws/444455556666/erin';

let t: OrganizationCloud;
let rotator: SecretsManagerClient;
let memberIam: IAMClient;
const clients: { destroy(): void }[] = [];

function secretsSignedBy(credentials: Credentials): SecretsManagerClient {
  const client = new SecretsManagerClient(clientConfig(t.cloud, credentials));
  clients.push(client);
  return client;
}

async function memberUser(userName: string): Promise<[string, Credentials]> {
  const user = await memberIam.send(new CreateUserCommand({ UserName: userName }));
  const key = await memberIam.send(new CreateAccessKeyCommand({ UserName: userName }));
  return [
    String(user.User?.Arn),
    {
      accessKeyId: String(key.AccessKey?.AccessKeyId),
      secretAccessKey: String(key.AccessKey?.SecretAccessKey),
    },
  ];
}

beforeAll(async () => {
  t = await startOrganizationCloud();
  const session = sessionCredentials(await assumeMemberRole(t));
  rotator = secretsSignedBy(session);
  memberIam = new IAMClient(clientConfig(t.cloud, session));
  clients.push(memberIam);
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await t?.close();
});

describe('the rotator’s policy on a member account’s secret', () => {
  it('lets the member role and the user through and refuses another member user', async () => {
    const [erinArn, erin] = await memberUser('erin');
    const [frankArn, frank] = await memberUser('frank');
    await rotator.send(new CreateSecretCommand({ Name: SECRET }));
    await rotator.send(
      new PutResourcePolicyCommand({
        SecretId: SECRET,
        ResourcePolicy: rotatorSecretPolicy(MEMBER, erinArn, [], [memberRoleArn()]),
        BlockPublicPolicy: true,
      }),
    );
    await t.secrets.send(new CreateSecretCommand({ Name: SECRET, SecretString: 'the hub’s own' }));

    await rotator.send(new PutSecretValueCommand({ SecretId: SECRET, SecretString: 'v1' }));
    const byRotator = await rotator.send(new GetSecretValueCommand({ SecretId: SECRET }));
    const byErin = await secretsSignedBy(erin).send(new GetSecretValueCommand({ SecretId: SECRET }));
    const byFrank = await rejectionOf(
      secretsSignedBy(frank).send(new GetSecretValueCommand({ SecretId: SECRET })),
    );
    const erinWrites = await rejectionOf(
      secretsSignedBy(erin).send(new PutSecretValueCommand({ SecretId: SECRET, SecretString: 'mine' })),
    );
    const hubSecret = await t.secrets.send(new GetSecretValueCommand({ SecretId: SECRET }));

    expect(erinArn).toBe(`arn:aws:iam::${MEMBER}:user/erin`);
    expect(byRotator.SecretString).toBe('v1');
    expect(byErin.SecretString).toBe('v1');
    expect(byFrank).toEqual({
      name: 'AccessDeniedException',
      message: `User: ${frankArn} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${SECRET} with an explicit deny in a resource-based policy`,
      status: 400,
    });
    expect(erinWrites.name).toBe('AccessDeniedException');
    expect(hubSecret.SecretString).toBe('the hub’s own');
  });
});
