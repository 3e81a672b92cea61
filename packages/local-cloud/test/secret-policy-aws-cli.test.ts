/**
 * The AWS CLI against the local cloud's secret policies, as an operator
 * would use it in an account that is not 000000000000: put-resource-policy
 * from a file, get-resource-policy, update-secret and tag-resource then
 * describe-secret; get-secret-value signed by the secret's user succeeds and
 * by another user fails with AccessDeniedException.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN_CREDENTIALS } from '../src/index.ts';
import { type Credentials, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';
import { aws, type CliRun, ensureAwsCli } from './support/aws-cli.ts';
import { rotatorSecretPolicy } from './support/rotator-secret-policy.ts';

const ACCOUNT = '123456789012';
const SECRET = 'access-key-rotator/aws/carol';

let t: TestCloud;
let home: string;
let carol: Credentials;
let dave: Credentials;
let carolArn: string;
let daveArn: string;

function cli(credentials: Credentials, ...args: string[]): Promise<CliRun> {
  return aws(home, t.cloud.endpoint, credentials, args);
}

async function json(running: Promise<CliRun>): Promise<Record<string, unknown>> {
  const run = await running;
  expect(run.stderr, run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout.trim() === '' ? {} : (JSON.parse(run.stdout) as Record<string, unknown>);
}

async function userWithKey(userName: string): Promise<[string, Credentials]> {
  const user = await t.iam.send(new CreateUserCommand({ UserName: userName }));
  const key = await t.iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  return [
    String(user.User?.Arn),
    {
      accessKeyId: String(key.AccessKey?.AccessKeyId),
      secretAccessKey: String(key.AccessKey?.SecretAccessKey),
    },
  ];
}

beforeAll(async () => {
  ensureAwsCli();
  home = mkdtempSync(join(tmpdir(), 'akr-secret-policy-cli-'));
  t = await startTestCloud({ accountId: ACCOUNT });
  [carolArn, carol] = await userWithKey('carol');
  [daveArn, dave] = await userWithKey('dave');
  await t.secrets.send(
    new CreateSecretCommand({ Name: SECRET, SecretString: '{"AccessKeyId":"AKIAEXAMPLE"}' }),
  );
}, 900_000);

afterAll(async () => {
  await t?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('the AWS CLI and a secret’s resource policy', () => {
  it('puts the rotator’s policy from a file and reads it back', async () => {
    const document = rotatorSecretPolicy(ACCOUNT, carolArn);
    const file = join(home, 'policy.json');
    writeFileSync(file, document);

    const put = await json(
      cli(
        LOCAL_ADMIN_CREDENTIALS,
        'secretsmanager',
        'put-resource-policy',
        '--secret-id',
        SECRET,
        '--resource-policy',
        `file://${file}`,
        '--block-public-policy',
      ),
    );
    const got = await json(
      cli(LOCAL_ADMIN_CREDENTIALS, 'secretsmanager', 'get-resource-policy', '--secret-id', SECRET),
    );

    expect(put.Name).toBe(SECRET);
    expect(put.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:`));
    expect(got.ResourcePolicy).toBe(document);
  });

  it('lets the secret’s user read it and refuses another user with AccessDeniedException', async () => {
    const own = await json(cli(carol, 'secretsmanager', 'get-secret-value', '--secret-id', SECRET));
    const other = await cli(dave, 'secretsmanager', 'get-secret-value', '--secret-id', SECRET);

    expect(own.SecretString).toBe('{"AccessKeyId":"AKIAEXAMPLE"}');
    expect(other.status).not.toBe(0);
    expect(other.stdout).toBe('');
    expect(other.stderr).toContain(
      `(AccessDeniedException) when calling the GetSecretValue operation: User: ${daveArn} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${SECRET} with an explicit deny in a resource-based policy`,
    );
    expect(other.stderr).not.toContain('AKIAEXAMPLE');
  });

  it('shows the description and tags update-secret and tag-resource set, in describe-secret', async () => {
    await json(
      cli(
        LOCAL_ADMIN_CREDENTIALS,
        'secretsmanager',
        'update-secret',
        '--secret-id',
        SECRET,
        '--description',
        'Managed by access-key-rotator',
      ),
    );
    await json(
      cli(
        LOCAL_ADMIN_CREDENTIALS,
        'secretsmanager',
        'tag-resource',
        '--secret-id',
        SECRET,
        '--tags',
        'Key=access-key-rotator:managed-by,Value=akr',
      ),
    );
    const described = await json(cli(dave, 'secretsmanager', 'describe-secret', '--secret-id', SECRET));

    expect(described).toMatchObject({
      Name: SECRET,
      Description: 'Managed by access-key-rotator',
      Tags: [{ Key: 'access-key-rotator:managed-by', Value: 'akr' }],
    });
    expect(Object.keys(described.VersionIdsToStages as object)).toHaveLength(1);
  });

  it('refuses a malformed policy with MalformedPolicyDocumentException and keeps the one in force', async () => {
    const refused = await cli(
      LOCAL_ADMIN_CREDENTIALS,
      'secretsmanager',
      'put-resource-policy',
      '--secret-id',
      SECRET,
      '--resource-policy',
      '{"Statement": [',
    );
    const still = await cli(dave, 'secretsmanager', 'get-secret-value', '--secret-id', SECRET);

    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('(MalformedPolicyDocumentException)');
    expect(still.stderr).toContain('(AccessDeniedException)');
  });
});
