/**
 * A secret's resource policy over the wire, in an account that is not
 * 000000000000, with real SDK clients signed by users' keys and by role
 * sessions: the rotator's policy lets the user and its reader roles read,
 * refuses another user with Secrets Manager's AccessDeniedException, lets
 * only roles under `/access-key-rotator/` write; and the policy, tags and
 * description round-trip and persist for a second process on the same state.
 */

import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import {
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN_CREDENTIALS, localAdminRoleArn } from '../src/index.ts';
import {
  type Credentials,
  clientConfig,
  rejectionOf,
  startTestCloud,
  type TestCloud,
} from './local-cloud-fixture.ts';
import { startCloudProcess } from './support/cloud-process.ts';
import { rotatorSecretPolicy } from './support/rotator-secret-policy.ts';

const ACCOUNT = '123456789012';
const SECRET = 'access-key-rotator/aws/alice';
const TRUST_ACCOUNT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }],
});

let t: TestCloud;
let alice: Credentials;
let bob: Credentials;
let aliceArn: string;
let bobArn: string;
const readerArn = `arn:aws:iam::${ACCOUNT}:role/apps/billing-reader`;
const clients: SecretsManagerClient[] = [];

function signedBy(credentials: Credentials, endpoint?: string): SecretsManagerClient {
  const config = clientConfig(t.cloud, credentials);
  const client = new SecretsManagerClient(endpoint === undefined ? config : { ...config, endpoint });
  clients.push(client);
  return client;
}

async function userWithKey(userName: string, path = '/'): Promise<{ arn: string; key: Credentials }> {
  const user = await t.iam.send(new CreateUserCommand({ UserName: userName, Path: path }));
  const created = await t.iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  return {
    arn: String(user.User?.Arn),
    key: {
      accessKeyId: String(created.AccessKey?.AccessKeyId),
      secretAccessKey: String(created.AccessKey?.SecretAccessKey),
    },
  };
}

async function createRole(roleName: string, path: string): Promise<void> {
  await t.iam.send(
    new CreateRoleCommand({ RoleName: roleName, Path: path, AssumeRolePolicyDocument: TRUST_ACCOUNT }),
  );
}

/** A session of a role at `path` (made now unless `existing`), assumed by the admin key. */
async function roleSession(roleName: string, path: string, existing = false): Promise<Credentials> {
  if (!existing) await createRole(roleName, path);
  const assumed = await t.sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${ACCOUNT}:role${path}${roleName}`,
      RoleSessionName: 'test',
    }),
  );
  return {
    accessKeyId: String(assumed.Credentials?.AccessKeyId),
    secretAccessKey: String(assumed.Credentials?.SecretAccessKey),
    sessionToken: String(assumed.Credentials?.SessionToken),
  };
}

function deniedMessage(callerArn: string, action: string, secretId = SECRET): string {
  return `User: ${callerArn} is not authorized to perform: secretsmanager:${action} on resource: ${secretId} with an explicit deny in a resource-based policy`;
}

beforeAll(async () => {
  t = await startTestCloud({ accountId: ACCOUNT });
  ({ arn: aliceArn, key: alice } = await userWithKey('alice', '/team/'));
  ({ arn: bobArn, key: bob } = await userWithKey('bob'));
  // A policy may name only principals that exist.
  await createRole('billing-reader', '/apps/');
  await t.secrets.send(new CreateSecretCommand({ Name: SECRET, SecretString: 'v1' }));
  await t.secrets.send(
    new PutResourcePolicyCommand({
      SecretId: SECRET,
      ResourcePolicy: rotatorSecretPolicy(ACCOUNT, aliceArn, [readerArn]),
      BlockPublicPolicy: true,
    }),
  );
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await t?.close();
});

describe('the rotator’s policy on a secret, enforced', () => {
  it('lets the user read its own secret and refuses another user, as Secrets Manager does', async () => {
    const own = await signedBy(alice).send(new GetSecretValueCommand({ SecretId: SECRET }));
    const other = await rejectionOf(signedBy(bob).send(new GetSecretValueCommand({ SecretId: SECRET })));

    expect(aliceArn).toBe(`arn:aws:iam::${ACCOUNT}:user/team/alice`);
    expect(own.SecretString).toBe('v1');
    expect(other).toEqual({
      name: 'AccessDeniedException',
      message: deniedMessage(bobArn, 'GetSecretValue'),
      status: 400,
    });
    const recorded = t.cloud.requests.filter((call) => call.action === 'GetSecretValue').slice(-2);
    expect(recorded).toMatchObject([
      { service: 'secretsmanager', accessKeyId: alice.accessKeyId, account: ACCOUNT, status: 200 },
      { service: 'secretsmanager', accessKeyId: bob.accessKeyId, account: ACCOUNT, status: 400 },
    ]);
  });

  it('refuses UpdateSecret to a caller a Deny on it names, leaving the description as it was', async () => {
    const name = 'description-guarded';
    await t.secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'x', Description: 'before' }));
    await t.secrets.send(
      new PutResourcePolicyCommand({
        SecretId: name,
        ResourcePolicy: JSON.stringify({
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecret'],
              Resource: '*',
              Condition: {
                ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/access-key-rotator/*` },
              },
            },
          ],
        }),
      }),
    );
    const refused = await rejectionOf(
      signedBy(alice).send(new UpdateSecretCommand({ SecretId: name, Description: 'after' })),
    );
    const afterRefusal = await t.secrets.send(new DescribeSecretCommand({ SecretId: name }));
    const byAdmin = await t.secrets.send(
      new UpdateSecretCommand({ SecretId: name, Description: 'by the rotator' }),
    );
    const described = await t.secrets.send(new DescribeSecretCommand({ SecretId: name }));

    expect(refused).toMatchObject({
      name: 'AccessDeniedException',
      message: deniedMessage(aliceArn, 'UpdateSecret', name),
    });
    expect(afterRefusal.Description).toBe('before');
    expect(byAdmin.Name).toBe(name);
    expect(described.Description).toBe('by the rotator');
  });

  it('refuses by ARN as well as by name, naming the SecretId as given', async () => {
    const arn = String((await t.secrets.send(new DescribeSecretCommand({ SecretId: SECRET }))).ARN);
    const other = await rejectionOf(signedBy(bob).send(new GetSecretValueCommand({ SecretId: arn })));
    expect(other).toMatchObject({
      name: 'AccessDeniedException',
      message: deniedMessage(bobArn, 'GetSecretValue', arn),
    });
  });

  it('refuses the user and another user writing a version or moving a label, and writes nothing', async () => {
    const before = await t.secrets.send(new ListSecretVersionIdsCommand({ SecretId: SECRET }));
    for (const [arn, key] of [
      [aliceArn, alice],
      [bobArn, bob],
    ] as const) {
      const put = await rejectionOf(
        signedBy(key).send(new PutSecretValueCommand({ SecretId: SECRET, SecretString: 'stolen' })),
      );
      const move = await rejectionOf(
        signedBy(key).send(
          new UpdateSecretVersionStageCommand({
            SecretId: SECRET,
            VersionStage: 'AWSPENDING',
            MoveToVersionId: String(before.Versions?.[0]?.VersionId),
          }),
        ),
      );
      expect(put).toMatchObject({
        name: 'AccessDeniedException',
        message: deniedMessage(arn, 'PutSecretValue'),
      });
      expect(move).toMatchObject({
        name: 'AccessDeniedException',
        message: deniedMessage(arn, 'UpdateSecretVersionStage'),
      });
    }
    const after = await t.secrets.send(new ListSecretVersionIdsCommand({ SecretId: SECRET }));
    expect(after.Versions).toEqual(before.Versions);
  });

  it('lets a named reader role read but not write, and refuses a role it does not name', async () => {
    const reader = signedBy(await roleSession('billing-reader', '/apps/', true));
    const stranger = signedBy(await roleSession('billing-writer', '/apps/'));

    const read = await reader.send(new GetSecretValueCommand({ SecretId: SECRET }));
    const write = await rejectionOf(
      reader.send(new PutSecretValueCommand({ SecretId: SECRET, SecretString: 'x' })),
    );
    const refused = await rejectionOf(stranger.send(new GetSecretValueCommand({ SecretId: SECRET })));

    expect(read.SecretString).toBe('v1');
    const session = (role: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/test`;
    expect(write).toMatchObject({
      name: 'AccessDeniedException',
      message: deniedMessage(session('billing-reader'), 'PutSecretValue'),
    });
    expect(refused).toMatchObject({
      name: 'AccessDeniedException',
      message: deniedMessage(session('billing-writer'), 'GetSecretValue'),
    });
  });

  it('lets a role under /access-key-rotator/ read, write and move labels, and the admin key too', async () => {
    const step = signedBy(await roleSession('akr-create-key', '/access-key-rotator/'));
    const offPath = signedBy(await roleSession('akr-publish', '/'));

    const put = await step.send(
      new PutSecretValueCommand({ SecretId: SECRET, SecretString: 'v2', VersionStages: ['AWSPENDING'] }),
    );
    await step.send(
      new UpdateSecretVersionStageCommand({
        SecretId: SECRET,
        VersionStage: 'AWSPENDING',
        RemoveFromVersionId: put.VersionId,
      }),
    );
    const read = await step.send(new GetSecretValueCommand({ SecretId: SECRET }));
    const admin = await t.secrets.send(new GetSecretValueCommand({ SecretId: SECRET }));
    const refused = await rejectionOf(
      offPath.send(new PutSecretValueCommand({ SecretId: SECRET, SecretString: 'x' })),
    );

    expect(read.SecretString).toBe('v1');
    expect(admin.SecretString).toBe('v1');
    expect(refused.name).toBe('AccessDeniedException');
  });

  it('lets another user describe the secret: the rotator’s policy denies only reading and writing', async () => {
    const described = await signedBy(bob).send(new DescribeSecretCommand({ SecretId: SECRET }));
    expect(described.Name).toBe(SECRET);
  });

  it('refuses DescribeSecret under a policy that denies it', async () => {
    const name = 'described-by-none';
    await t.secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    await t.secrets.send(
      new PutResourcePolicyCommand({
        SecretId: name,
        ResourcePolicy: JSON.stringify({
          Statement: [
            { Effect: 'Deny', Principal: { AWS: bobArn }, Action: 'secretsmanager:Describe*', Resource: '*' },
          ],
        }),
      }),
    );
    const refused = await rejectionOf(signedBy(bob).send(new DescribeSecretCommand({ SecretId: name })));
    const aliceSees = await signedBy(alice).send(new DescribeSecretCommand({ SecretId: name }));
    expect(refused).toMatchObject({
      name: 'AccessDeniedException',
      message: deniedMessage(bobArn, 'DescribeSecret', name),
    });
    expect(aliceSees.Name).toBe(name);
  });

  it('enforces the policy in a second process that shares the state dir', async () => {
    const second = await startCloudProcess(t.stateDir, ACCOUNT);
    try {
      const own = await signedBy(alice, second.endpoint).send(
        new GetSecretValueCommand({ SecretId: SECRET }),
      );
      const other = await rejectionOf(
        signedBy(bob, second.endpoint).send(new GetSecretValueCommand({ SecretId: SECRET })),
      );
      const policy = await signedBy(alice, second.endpoint).send(
        new GetResourcePolicyCommand({ SecretId: SECRET }),
      );
      expect(own.SecretString).toBe('v1');
      expect(other).toMatchObject({ name: 'AccessDeniedException', status: 400 });
      expect(policy.ResourcePolicy).toBe(rotatorSecretPolicy(ACCOUNT, aliceArn, [readerArn]));
    } finally {
      await second.stop();
    }
  });

  it('follows a policy another process puts and deletes, on the next call', async () => {
    const name = 'changed-elsewhere';
    await t.secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const second = await startCloudProcess(t.stateDir, ACCOUNT);
    const elsewhere = signedBy(LOCAL_ADMIN_CREDENTIALS, second.endpoint);
    try {
      const before = await signedBy(bob).send(new GetSecretValueCommand({ SecretId: name }));
      await elsewhere.send(
        new PutResourcePolicyCommand({
          SecretId: name,
          ResourcePolicy: rotatorSecretPolicy(ACCOUNT, aliceArn),
        }),
      );
      const denied = await rejectionOf(signedBy(bob).send(new GetSecretValueCommand({ SecretId: name })));
      await elsewhere.send(new DeleteResourcePolicyCommand({ SecretId: name }));
      const after = await signedBy(bob).send(new GetSecretValueCommand({ SecretId: name }));

      expect(before.SecretString).toBe('x');
      expect(denied).toMatchObject({
        name: 'AccessDeniedException',
        message: deniedMessage(bobArn, 'GetSecretValue', name),
      });
      expect(after.SecretString).toBe('x');
    } finally {
      await second.stop();
    }
  });
});

describe('resource policy, tags and description round-trip', () => {
  it('returns the policy as put, and after DeleteResourcePolicy none, and every caller reads again', async () => {
    const name = 'round-trip';
    const created = await t.secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const document = rotatorSecretPolicy(ACCOUNT, aliceArn);
    const put = await t.secrets.send(
      new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: document }),
    );
    const got = await t.secrets.send(new GetResourcePolicyCommand({ SecretId: name }));
    const deniedBefore = await rejectionOf(signedBy(bob).send(new GetSecretValueCommand({ SecretId: name })));
    const deleted = await t.secrets.send(new DeleteResourcePolicyCommand({ SecretId: name }));
    const none = await t.secrets.send(new GetResourcePolicyCommand({ SecretId: name }));
    const readAfter = await signedBy(bob).send(new GetSecretValueCommand({ SecretId: name }));
    const deletedAgain = await t.secrets.send(new DeleteResourcePolicyCommand({ SecretId: name }));

    expect(put).toMatchObject({ ARN: created.ARN, Name: name });
    expect(got).toMatchObject({ ARN: created.ARN, Name: name, ResourcePolicy: document });
    expect(deniedBefore.name).toBe('AccessDeniedException');
    expect(deleted).toMatchObject({ ARN: created.ARN, Name: name });
    expect(none.ResourcePolicy).toBeUndefined();
    expect(readAfter.SecretString).toBe('x');
    expect(deletedAgain.Name).toBe(name);
  });

  it('refuses a malformed document, a user or role that does not exist, a missing secret and a public policy with BlockPublicPolicy, changing nothing', async () => {
    const name = 'refusals';
    await t.secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const put = (ResourcePolicy: string, SecretId = name, BlockPublicPolicy?: boolean) =>
      rejectionOf(
        t.secrets.send(new PutResourcePolicyCommand({ SecretId, ResourcePolicy, BlockPublicPolicy })),
      );

    const notJson = await put('{"Statement": [');
    const noEffect = await put(JSON.stringify({ Statement: [{ Principal: '*', Action: '*' }] }));
    const noPrincipal = await put(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*' }] }));
    const missing = await put(rotatorSecretPolicy(ACCOUNT, aliceArn), 'no-such-secret');
    const noSuchReader = await put(
      rotatorSecretPolicy(ACCOUNT, aliceArn, [`arn:aws:iam::${ACCOUNT}:role/apps/no-such-reader`]),
    );
    const offPathUser = await put(rotatorSecretPolicy(ACCOUNT, `arn:aws:iam::${ACCOUNT}:user/alice`));
    const openToAll = JSON.stringify({
      Statement: [
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' },
      ],
    });
    const publicRefused = await put(openToAll, name, true);
    const policyAfter = await t.secrets.send(new GetResourcePolicyCommand({ SecretId: name }));
    const publicAccepted = await t.secrets.send(
      new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: openToAll, BlockPublicPolicy: false }),
    );

    for (const refusal of [notJson, noEffect, noPrincipal])
      expect(refusal).toEqual({
        name: 'MalformedPolicyDocumentException',
        message: 'This resource policy contains a syntax error.',
        status: 400,
      });
    expect(missing.name).toBe('ResourceNotFoundException');
    for (const refusal of [noSuchReader, offPathUser])
      expect(refusal).toEqual({
        name: 'MalformedPolicyDocumentException',
        message: 'This resource policy contains an unsupported principal.',
        status: 400,
      });
    expect(publicRefused.name).toBe('PublicPolicyException');
    expect(policyAfter.ResourcePolicy).toBeUndefined();
    expect(publicAccepted.Name).toBe(name);
  });

  it('accepts principals it cannot tell are missing (another account’s) and the admin key’s role', async () => {
    const name = 'foreign-readers';
    await t.secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const readers = ['arn:aws:iam::210987654321:role/apps/reader', localAdminRoleArn(ACCOUNT)];
    const put = await t.secrets.send(
      new PutResourcePolicyCommand({
        SecretId: name,
        ResourcePolicy: rotatorSecretPolicy(ACCOUNT, aliceArn, readers),
      }),
    );
    expect(put.Name).toBe(name);
  });

  it('applies the same checks to a policy set through the store, and shows it there', async () => {
    const name = 'set-directly';
    await t.secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const document = rotatorSecretPolicy(ACCOUNT, aliceArn);

    expect(() => t.cloud.secrets.putResourcePolicy(name, 'not json')).toThrow(
      expect.objectContaining({ code: 'MalformedPolicyDocumentException' }),
    );
    t.cloud.secrets.putResourcePolicy(name, document, { blockPublicPolicy: true });
    const refused = await rejectionOf(signedBy(bob).send(new GetSecretValueCommand({ SecretId: name })));

    expect(t.cloud.secrets.findResourcePolicy(name)).toMatchObject({ name, policy: document });
    expect(t.cloud.secrets.findResourcePolicy('no-such-secret')).toBeUndefined();
    expect(refused.name).toBe('AccessDeniedException');
  });

  it('updates the Description without a new version and shows it with the tags in DescribeSecret', async () => {
    const name = 'described';
    await t.secrets.send(
      new CreateSecretCommand({ Name: name, SecretString: 'x', Tags: [{ Key: 'team', Value: 'a' }] }),
    );
    const before = await t.secrets.send(new ListSecretVersionIdsCommand({ SecretId: name }));
    const updated = await t.secrets.send(
      new UpdateSecretCommand({ SecretId: name, Description: 'Rotated by access-key-rotator (stack akr).' }),
    );
    await t.secrets.send(
      new TagResourceCommand({
        SecretId: name,
        Tags: [
          { Key: 'access-key-rotator:managed-by', Value: 'akr' },
          { Key: 'access-key-rotator:next-due', Value: '2027-03-02T00:00:00.000Z' },
        ],
      }),
    );
    await t.secrets.send(new UntagResourceCommand({ SecretId: name, TagKeys: ['team'] }));
    const described = await t.secrets.send(new DescribeSecretCommand({ SecretId: name }));
    const after = await t.secrets.send(new ListSecretVersionIdsCommand({ SecretId: name }));

    expect(updated.VersionId).toBeUndefined();
    expect(after.Versions).toEqual(before.Versions);
    expect(described.Description).toBe('Rotated by access-key-rotator (stack akr).');
    expect(described.Tags).toEqual([
      { Key: 'access-key-rotator:managed-by', Value: 'akr' },
      { Key: 'access-key-rotator:next-due', Value: '2027-03-02T00:00:00.000Z' },
    ]);
  });

  it('makes a new AWSCURRENT version when UpdateSecret is given a value', async () => {
    const name = 'updated-value';
    await t.secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const updated = await t.secrets.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'y' }));
    const value = await t.secrets.send(new GetSecretValueCommand({ SecretId: name }));
    expect(value).toMatchObject({
      SecretString: 'y',
      VersionId: updated.VersionId,
      VersionStages: ['AWSCURRENT'],
    });
  });
});
