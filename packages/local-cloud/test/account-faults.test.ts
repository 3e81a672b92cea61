/**
 * A fault armed for one account hits only calls acting in that account (the
 * signer's): IAM throttling in one member account leaves the hub and the
 * other members served, as a throttled account does in AWS.
 */
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrganization } from '../src/index.ts';
import { clientConfig, rejectionOf } from './local-cloud-fixture.ts';
import {
  assumeMemberRole,
  MEMBER,
  type OrganizationCloud,
  sessionCredentials,
  startOrganizationCloud,
} from './organization-fixture.ts';

const THROTTLING = { code: 'Throttling', message: 'Rate exceeded', status: 400 };
const OTHER_MEMBER = '121212121212';

describe('faults armed for one account', () => {
  let t: OrganizationCloud;
  let memberIam: IAMClient;
  beforeAll(async () => {
    t = await startOrganizationCloud();
    seedOrganization(t.cloud, { accounts: [{ id: OTHER_MEMBER }] });
    memberIam = new IAMClient(clientConfig(t.cloud, sessionCredentials(await assumeMemberRole(t))));
  });
  afterAll(async () => {
    memberIam.destroy();
    await t.close();
  });

  it('throttle IAM in that member account only, for as many calls as armed', async () => {
    t.cloud.injectFault({
      service: 'iam',
      action: 'ListUsers',
      account: MEMBER,
      times: 2,
      error: THROTTLING,
    });
    const before = t.cloud.requests.length;

    const hub = await t.iam.send(new ListUsersCommand({}));
    const first = await rejectionOf(memberIam.send(new ListUsersCommand({})));
    const second = await rejectionOf(memberIam.send(new ListUsersCommand({})));
    const third = await memberIam.send(new ListUsersCommand({}));

    expect(hub.Users).toEqual([]);
    expect(first).toMatchObject({ name: 'Throttling', status: 400, message: 'Rate exceeded' });
    expect(second.name).toBe('Throttling');
    expect(third.Users).toEqual([]);
    expect(
      t.cloud.requests.slice(before).map((request) => [request.account, request.status, request.fault]),
    ).toEqual([
      [t.cloud.accountId, 200, undefined],
      [MEMBER, 400, 'error'],
      [MEMBER, 400, 'error'],
      [MEMBER, 200, undefined],
    ]);
  });

  it('leave calls in another account for the rule to wait for', async () => {
    t.cloud.injectFault({ service: 'iam', action: 'ListUsers', account: OTHER_MEMBER, error: THROTTLING });

    await memberIam.send(new ListUsersCommand({}));
    await t.iam.send(new ListUsersCommand({}));

    // Still armed: nothing acting in OTHER_MEMBER came.
    expect(t.cloud.requests.slice(-2).map((request) => request.fault)).toEqual([undefined, undefined]);
    t.cloud.clearFaults();
  });

  it('refuse an account that is not 12 digits', () => {
    expect(() =>
      t.cloud.injectFault({ service: 'iam', action: 'ListUsers', account: '42', error: THROTTLING }),
    ).toThrow('FaultRule.account must be an AWS account id of 12 digits');
  });
});
