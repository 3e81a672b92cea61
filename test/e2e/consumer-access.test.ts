/**
 * Who may read a rotated secret, as the embedded cloud enforces the resource
 * policy CreateKey puts on it: after a local rotation the user reads her own
 * secret with a key of her own (through the SDK, and through the AWS CLI v2
 * against `akr local-cloud --account 123456789012`), a role of her readers
 * tag reads it too, and another user is refused, as is every reader that
 * tries to write. A Yandex secret is read by the `akr:secretReaders` role alone.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LOCAL_ADMIN_CREDENTIALS,
  type LocalCloud,
  seedYandexRotatorIdentity,
  seedYandexServiceAccount,
} from '@access-key-rotator/local-cloud';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../lambdas/config/environment.ts';
import { READERS_TAG } from '../../lambdas/rotation/secret-readers.ts';
import { openLocalRotator } from '../../local/local-rotation.ts';
import { WORLD_SETTINGS_FILE } from '../../local/workflow/world-settings.ts';
import { SPAWNING_TEST_TIMEOUT_MS } from './support/akr-process.ts';
import { aws, type CliCredentials, cliHome, ensureAwsCliV2AndCurl } from './support/aws-cli-v2.ts';
import { type E2eHarness, openE2eHarness, secretOf } from './support/e2e-harness.ts';
import { runAkrAgainst, type ServedCloud, serveLocalCloud } from './support/served-cloud.ts';

const FAST = { gracePeriodSeconds: 0, deletionDelaySeconds: 0 };
const TRUST_THE_ACCOUNT = (account: string) => ({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' },
  ],
});

interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

function secretsClient(cloud: LocalCloud, credentials: Credentials): SecretsManagerClient {
  return new SecretsManagerClient({
    endpoint: cloud.endpoint,
    region: cloud.region,
    credentials,
    maxAttempts: 1,
  });
}

/** A key the test makes for `userName` through the cloud's admin side: not the one her secret holds. */
function ownKey(cloud: LocalCloud, userName: string): Credentials {
  const key = cloud.iam.createAccessKey(userName);
  return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
}

/** A session of role `roleName`, made in the cloud with a trust policy naming its own account. */
async function roleSession(cloud: LocalCloud, roleName: string): Promise<Credentials> {
  const sts = new STSClient({
    endpoint: cloud.endpoint,
    region: cloud.region,
    credentials: LOCAL_ADMIN_CREDENTIALS,
  });
  const { Credentials: session } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${cloud.accountId}:role/${roleName}`,
      RoleSessionName: 'consumer',
    }),
  );
  return {
    accessKeyId: String(session?.AccessKeyId),
    secretAccessKey: String(session?.SecretAccessKey),
    sessionToken: String(session?.SessionToken),
  };
}

/** The AccessKeyId the secret's AWSCURRENT holds, read as `credentials`; or the error's name. */
async function readAs(cloud: LocalCloud, credentials: Credentials, secretId: string): Promise<string> {
  try {
    const { SecretString } = await secretsClient(cloud, credentials).send(
      new GetSecretValueCommand({ SecretId: secretId }),
    );
    return (JSON.parse(String(SecretString)) as { AccessKeyId: string }).AccessKeyId;
  } catch (error) {
    return `refused: ${(error as Error).name}`;
  }
}

async function writeAs(cloud: LocalCloud, credentials: Credentials, secretId: string): Promise<string> {
  try {
    await secretsClient(cloud, credentials).send(
      new PutSecretValueCommand({
        SecretId: secretId,
        SecretString: '{"Version":1,"AccessKeyId":"AKIAREADERWROTETHIS1","SecretAccessKey":"x"}',
        VersionStages: ['AWSCURRENT'],
      }),
    );
    return 'written';
  } catch (error) {
    return `refused: ${(error as Error).name}`;
  }
}

describe('consumer access to an AWS secret, in process (account 000000000000)', () => {
  let harness: E2eHarness;
  beforeAll(async () => {
    harness = await openE2eHarness();
  });
  afterAll(() => harness?.close());

  it('lets alice and the role of her readers tag read her secret, refuses bob, and lets no reader write', async () => {
    // Prepare
    const { cloud } = harness;
    const readerArn = `arn:aws:iam::${cloud.accountId}:role/billing-reader`;
    cloud.iam.roles.create({
      roleName: 'billing-reader',
      assumeRolePolicyDocument: TRUST_THE_ACCOUNT(cloud.accountId),
    });
    harness.seed({
      userName: 'alice',
      path: '/team/',
      tags: { [READERS_TAG]: readerArn },
      keys: [{ ageDays: 100 }],
      managedKeyIndex: 0,
    });
    harness.seed({ userName: 'bob', keys: [{ ageDays: 10 }] });
    const bob = ownKey(cloud, 'bob');

    // Act
    const { execution, evidence } = await harness.run({ principal: 'alice', ...FAST });
    const alice = ownKey(cloud, 'alice');
    const reader = await roleSession(cloud, 'billing-reader');
    const secretId = secretOf('alice');

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const newKeyId = String(evidence?.newKeyId);
    expect(await readAs(cloud, alice, secretId)).toBe(newKeyId);
    expect(await readAs(cloud, reader, secretId)).toBe(newKeyId);
    expect(await readAs(cloud, bob, secretId)).toBe('refused: AccessDeniedException');
    expect(await writeAs(cloud, alice, secretId)).toBe('refused: AccessDeniedException');
    expect(await writeAs(cloud, reader, secretId)).toBe('refused: AccessDeniedException');
    expect(await writeAs(cloud, bob, secretId)).toBe('refused: AccessDeniedException');
    // Nothing a reader tried changed what consumers read.
    expect(await readAs(cloud, LOCAL_ADMIN_CREDENTIALS, secretId)).toBe(newKeyId);
  });

  it('records on the secret the rotation, its next due date and the deployment, in tags and in words', async () => {
    // Prepare
    harness.seed({ userName: 'carol', keys: [{ ageDays: 100 }], managedKeyIndex: 0 });

    // Act
    const { execution } = await harness.run({ principal: 'carol', ...FAST }, 'carol-consumer-access');
    const secret = await secretsClient(harness.cloud, LOCAL_ADMIN_CREDENTIALS).send(
      new DescribeSecretCommand({ SecretId: secretOf('carol') }),
    );

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const tags = Object.fromEntries((secret.Tags ?? []).map((tag) => [tag.Key, tag.Value]));
    expect(tags['access-key-rotator:last-rotation-id']).toBe('carol-consumer-access');
    expect(tags['access-key-rotator:managed-by']).toBe('AccessKeyRotator');
    const nextDue = Date.parse(String(tags['access-key-rotator:next-due']));
    expect(Math.round((nextDue - Date.now()) / 86_400_000)).toBe(90);
    expect(secret.Description).toBe(
      'Managed by access-key-rotator deployment AccessKeyRotator: do not edit its value by hand. ' +
        `Last rotation carol-consumer-access; next rotation due ${tags['access-key-rotator:next-due']}.`,
    );
  });
});

describe('consumer access through the AWS CLI v2, against akr local-cloud --account 123456789012', () => {
  const ACCOUNT = '123456789012';
  let root: string;
  let served: ServedCloud;
  beforeAll(async () => {
    ensureAwsCliV2AndCurl();
    root = mkdtempSync(join(tmpdir(), 'akr-consumer-cli-'));
    served = await serveLocalCloud(join(root, 'served'), root, ['--account', ACCOUNT]);
  }, 900_000);
  afterAll(async () => {
    await served?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  function cli(env: NodeJS.ProcessEnv, args: readonly string[], credentials: CliCredentials) {
    return aws(env, ['--endpoint-url', served.endpoint, ...args], credentials);
  }

  function createUserAndKey(env: NodeJS.ProcessEnv, userName: string): CliCredentials {
    const admin = LOCAL_ADMIN_CREDENTIALS;
    const tags = ['--tags', 'Key=access-key-rotator:rotate,Value=true'];
    expect(cli(env, ['iam', 'create-user', '--user-name', userName, ...tags], admin).status).toBe(0);
    const created = cli(env, ['iam', 'create-access-key', '--user-name', userName], admin);
    const { AccessKey } = JSON.parse(created.stdout) as {
      AccessKey: { AccessKeyId: string; SecretAccessKey: string };
    };
    return { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
  }

  it(
    "lets alice's own key get her secret's value and refuses bob's with AccessDeniedException",
    () => {
      // Prepare
      const env = cliHome(mkdtempSync(join(root, 'home-')));
      createUserAndKey(env, 'alice');
      const bob = createUserAndKey(env, 'bob');

      // Act
      const rotation = runAkrAgainst(served.endpoint, join(root, 'rotator'), root, [
        'rotate',
        '--local',
        '--principal',
        'alice',
        '--grace',
        '0s',
        '--deletion-delay',
        '0s',
        '--json',
      ]);
      const created = cli(env, ['iam', 'create-access-key', '--user-name', 'alice'], LOCAL_ADMIN_CREDENTIALS);
      const { AccessKey } = JSON.parse(created.stdout) as {
        AccessKey: { AccessKeyId: string; SecretAccessKey: string };
      };
      const alice = { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
      const get = ['secretsmanager', 'get-secret-value', '--secret-id', 'access-key-rotator/aws/alice'];
      const asAlice = cli(env, get, alice);
      const asBob = cli(env, get, bob);

      // Assess
      expect(rotation.status, `${rotation.stdout}${rotation.stderr}`).toBe(0);
      const { evidence } = JSON.parse(rotation.stdout) as {
        evidence: { newKeyId: string; executionArn: string };
      };
      expect(evidence.executionArn).toContain(`:${ACCOUNT}:`);
      expect(asAlice.status, asAlice.stderr).toBe(0);
      const value = JSON.parse((JSON.parse(asAlice.stdout) as { SecretString: string }).SecretString) as {
        AccessKeyId: string;
      };
      expect(value.AccessKeyId).toBe(evidence.newKeyId);
      expect(asBob.status).not.toBe(0);
      expect(asBob.stderr).toMatch(/AccessDeniedException/);
      expect(asBob.stdout).not.toContain(evidence.newKeyId);
    },
    SPAWNING_TEST_TIMEOUT_MS,
  );
});

describe('consumer access to a Yandex secret: the akr:secretReaders role alone', () => {
  let stateDir: string;
  let rotator: Awaited<ReturnType<typeof openLocalRotator>>;
  beforeAll(async () => {
    delete process.env.AWS_ENDPOINT_URL;
    stateDir = mkdtempSync(join(tmpdir(), 'akr-consumer-yandex-'));
    writeFileSync(
      join(stateDir, WORLD_SETTINGS_FILE),
      JSON.stringify({ 'akr:secretReaders': 'arn:aws:iam::000000000000:role/backup-reader' }),
    );
    rotator = await openLocalRotator(stateDir, { provider: 'yandex' });
  });
  afterAll(async () => {
    await rotator?.close();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('lets the configured role read the service account secret and refuses an IAM user', async () => {
    // Prepare
    const cloud = rotator.aws.cloud;
    if (!cloud) throw new Error('the test needs the embedded local cloud');
    seedYandexRotatorIdentity(cloud, { secretName: DEFAULT_SETTINGS.yandexAuthorizedKeySecret });
    const serviceAccountId = 'ajeserviceaccount0c1';
    seedYandexServiceAccount(cloud, {
      serviceAccountId,
      keys: [{ ageDays: 120 }],
      managedSecret: { name: secretOf(serviceAccountId, 'yandex'), keyIndex: 0 },
    });
    cloud.iam.roles.create({
      roleName: 'backup-reader',
      assumeRolePolicyDocument: TRUST_THE_ACCOUNT(cloud.accountId),
    });
    cloud.iam.createUser({ userName: 'dave' });
    const dave = ownKey(cloud, 'dave');

    // Act
    const { execution, evidence } = await rotator.rotate({
      input: { principal: serviceAccountId, ...FAST },
      name: 'yandex-consumer-access',
    });
    const reader = await roleSession(cloud, 'backup-reader');
    const secretId = secretOf(serviceAccountId, 'yandex');

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(await readAs(cloud, reader, secretId)).toBe(String(evidence?.newKeyId));
    expect(await readAs(cloud, dave, secretId)).toBe('refused: AccessDeniedException');
    expect(await writeAs(cloud, reader, secretId)).toBe('refused: AccessDeniedException');
  });
});
