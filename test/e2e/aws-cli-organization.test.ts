/**
 * The AWS CLI v2, a client that is not ours, against a multi-account local
 * cloud whose hub is not 000000000000: it lists the organization's accounts
 * (suspended ones too, following Organizations' pages itself), assumes the
 * member role with the ExternalId the role demands, and with that session's
 * environment (AWS_SESSION_TOKEN) lists the member account's users, not the
 * hub's. The cloud runs in this process, so the CLI is awaited, not spawned
 * synchronously.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LOCAL_ADMIN_CREDENTIALS,
  type LocalCloud,
  seedIamUser,
  seedOrganization,
  startLocalCloud,
} from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_CLI_V2, type CliRun, cliHome, ensureAwsCliV2AndCurl } from './support/aws-cli-v2.ts';

const HUB = '210987654321';
const MEMBER = '123456789012';
const SUSPENDED = '555555555555';
const EXTERNAL_ID = 'access-key-rotator';
const ROLE_ARN = `arn:aws:iam::${MEMBER}:role/access-key-rotator-member`;
const ADMIN = {
  AWS_ACCESS_KEY_ID: LOCAL_ADMIN_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_ADMIN_CREDENTIALS.secretAccessKey,
};

let root: string;
let cloud: LocalCloud;
let env: NodeJS.ProcessEnv;

/** `aws --endpoint-url <cloud> <args> --output json`, signed with what `signing` puts in the environment. */
function aws(args: readonly string[], signing: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      AWS_CLI_V2,
      ['--endpoint-url', cloud.endpoint, ...args, '--output', 'json'],
      { env: { ...env, ...signing }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ status, stdout, stderr });
      },
    );
  });
}

function json(result: CliRun): Record<string, unknown> {
  expect(result.stderr, result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

beforeAll(async () => {
  ensureAwsCliV2AndCurl();
  root = mkdtempSync(join(tmpdir(), 'akr-aws-cli-org-'));
  cloud = await startLocalCloud({ stateDir: join(root, 'state'), accountId: HUB });
  const { organizationId } = seedOrganization(cloud, {
    ous: [{ name: 'workloads' }],
    accounts: [
      { id: MEMBER, name: 'member', ou: 'workloads' },
      { id: SUSPENDED, name: 'closed', status: 'SUSPENDED' },
    ],
  });
  cloud.account(MEMBER).iam.roles.create({
    roleName: 'access-key-rotator-member',
    assumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${HUB}:root` },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'sts:ExternalId': EXTERNAL_ID, 'aws:PrincipalOrgID': organizationId },
            ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${HUB}:role/access-key-rotator/*` },
          },
        },
      ],
    },
  });
  seedIamUser(cloud, { userName: 'hub-user', keys: [] });
  seedIamUser(cloud, { userName: 'member-user', keys: [{ ageDays: 120 }] }, { account: MEMBER });
  env = cliHome(root);
}, 900_000);

afterAll(async () => {
  await cloud?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the AWS CLI v2 against an organization in the local cloud', () => {
  it('lists every account of the organization, following the pages itself', async () => {
    const listed = json(await aws(['organizations', 'list-accounts', '--page-size', '1'], ADMIN));
    const accounts = listed.Accounts as { Id: string; Status: string }[];

    expect(accounts.map((account) => [account.Id, account.Status])).toEqual([
      [MEMBER, 'ACTIVE'],
      [HUB, 'ACTIVE'],
      [SUSPENDED, 'SUSPENDED'],
    ]);
    expect(cloud.requests.filter((request) => request.action === 'ListAccounts')).toHaveLength(3);
  });

  it('assumes the member role with the ExternalId, and acts in the member account with the session', async () => {
    const assume = ['sts', 'assume-role', '--role-arn', ROLE_ARN, '--role-session-name', 'cli'];
    const refused = await aws(assume, ADMIN);
    const assumed = json(await aws([...assume, '--external-id', EXTERNAL_ID], ADMIN));
    const credentials = assumed.Credentials as Record<string, string>;
    const session = {
      AWS_ACCESS_KEY_ID: credentials.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.SecretAccessKey,
      AWS_SESSION_TOKEN: credentials.SessionToken,
    };
    const users = json(await aws(['iam', 'list-users'], session));
    const identity = json(await aws(['sts', 'get-caller-identity'], session));
    const withoutToken = await aws(['iam', 'list-users'], { ...session, AWS_SESSION_TOKEN: undefined });

    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain(
      `(AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::${HUB}:assumed-role/akr-local-admin/local is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`,
    );
    expect((assumed.AssumedRoleUser as Record<string, string>).Arn).toBe(
      `arn:aws:sts::${MEMBER}:assumed-role/access-key-rotator-member/cli`,
    );
    expect((users.Users as { UserName: string }[]).map((user) => user.UserName)).toEqual(['member-user']);
    expect(identity).toMatchObject({ Account: MEMBER });
    expect(withoutToken.stderr).toContain('InvalidClientTokenId');
  });
});
