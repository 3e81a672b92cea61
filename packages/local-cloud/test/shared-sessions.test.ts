/**
 * A session lives in the shared state, not in the cloud that issued it: a
 * second cloud on the same state dir (as the runner's Lambdas, the CLI and a
 * demo share one), in this process or another, accepts it, and refuses it once it has expired, with the
 * expired-token error of each protocol. Sessions long expired are pruned
 * when a new one is issued.
 */
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN_CREDENTIALS, readPersistedCloudState, seedIamUser } from '../src/index.ts';
import { clientConfig, rejectionOf, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';
import {
  assumeMemberRole,
  EXTERNAL_ID,
  HUB,
  MEMBER,
  memberRoleArn,
  type OrganizationCloud,
  sessionCredentials,
  startOrganizationCloud,
} from './organization-fixture.ts';
import { startCloudProcess } from './support/cloud-process.ts';

const HOUR_MS = 3600 * 1000;

describe('STS sessions shared through the state dir', () => {
  let first: OrganizationCloud;
  beforeAll(async () => {
    first = await startOrganizationCloud();
    seedIamUser(first.cloud, { userName: 'member-carol', keys: [] }, { account: MEMBER });
  });
  afterAll(() => first.close());

  async function secondCloud(now?: () => Date): Promise<TestCloud> {
    return startTestCloud({ stateDir: first.stateDir, accountId: HUB, ...(now && { now }) });
  }

  it('are accepted by another cloud on the same state dir, acting in the member account', async () => {
    const session = sessionCredentials(await assumeMemberRole(first));
    const second = await secondCloud();
    const iam = new IAMClient(clientConfig(second.cloud, session));
    const sts = new STSClient(clientConfig(second.cloud, session));

    const users = await iam.send(new ListUsersCommand({}));
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    iam.destroy();
    sts.destroy();
    await second.close();

    expect(users.Users?.map((user) => user.UserName)).toEqual(['member-carol']);
    expect(identity.Account).toBe(MEMBER);
  });

  it('cross between processes: each accepts the session the other issued', async () => {
    const other = await startCloudProcess(first.stateDir, HUB);
    const at = (endpoint: string, credentials: Parameters<typeof clientConfig>[1]) => ({
      ...clientConfig(first.cloud, credentials),
      endpoint,
    });
    try {
      const issuedHere = sessionCredentials(await assumeMemberRole(first));
      const otherSts = new STSClient(at(other.endpoint, LOCAL_ADMIN_CREDENTIALS));
      const assumed = await otherSts.send(
        new AssumeRoleCommand({
          RoleArn: memberRoleArn(),
          RoleSessionName: 'other',
          ExternalId: EXTERNAL_ID,
        }),
      );
      const issuedThere = sessionCredentials(assumed.Credentials ?? {});
      const there = new IAMClient(at(other.endpoint, issuedHere));
      const here = new STSClient(clientConfig(first.cloud, issuedThere));

      const users = await there.send(new ListUsersCommand({}));
      const identity = await here.send(new GetCallerIdentityCommand({}));
      for (const client of [otherSts, there, here]) client.destroy();

      expect(users.Users?.map((user) => user.UserName)).toEqual(['member-carol']);
      expect(identity.Arn).toBe(`arn:aws:sts::${MEMBER}:assumed-role/access-key-rotator-member/other`);
    } finally {
      await other.stop();
    }
  });

  it('are refused once expired, as ExpiredToken (Query) and ExpiredTokenException (JSON)', async () => {
    const session = sessionCredentials(await assumeMemberRole(first));
    const later = await secondCloud(() => new Date(Date.now() + HOUR_MS + 1000));
    const iam = new IAMClient(clientConfig(later.cloud, session));
    const secrets = new SecretsManagerClient(clientConfig(later.cloud, session));

    const query = await rejectionOf(iam.send(new ListUsersCommand({})));
    const json = await rejectionOf(secrets.send(new ListSecretsCommand({})));
    iam.destroy();
    secrets.destroy();
    await later.close();

    expect(query).toMatchObject({
      name: 'ExpiredToken',
      status: 403,
      message: 'The security token included in the request is expired',
    });
    expect(json).toMatchObject({ name: 'ExpiredTokenException', status: 400 });
  });

  it('are pruned from the state when long expired, once a new session is issued', async () => {
    const old = sessionCredentials(await assumeMemberRole(first));
    const muchLater = await secondCloud(() => new Date(Date.now() + 3 * HOUR_MS));

    const fresh = sessionCredentials(await assumeMemberRole(muchLater));
    await muchLater.close();
    const sessions = readPersistedCloudState(first.stateDir).sessions ?? {};

    expect(Object.keys(sessions)).toContain(fresh.accessKeyId);
    expect(Object.keys(sessions)).not.toContain(old.accessKeyId);
    const iam = new IAMClient(clientConfig(first.cloud, old));
    expect(await rejectionOf(iam.send(new ListUsersCommand({})))).toMatchObject({
      name: 'InvalidClientTokenId',
    });
    iam.destroy();
  });
});
