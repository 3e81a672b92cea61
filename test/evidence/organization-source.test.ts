/**
 * The organization-wide report's account source over real SDK clients:
 * Organizations paged to the end with only ACTIVE accounts kept (its answers
 * mocked with aws-sdk-client-mock), and the wire behaviour that matters when
 * an endpoint hangs: STS AssumeRole of the member role, or Organizations
 * itself, accepts the connection and never answers. The read must end within
 * the call timeouts (a few bounded attempts) as an AccountReadError that says
 * which call did not answer, so the account is reported UNREADABLE instead of
 * the report hanging.
 */

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AccountState,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { organizationSource } from '../../cli/evidence/organization-source.ts';
import { AccountReadError } from '../../evidence/model/account-reads.ts';
import { collectMemberInventory } from '../../evidence/model/collect-organization.ts';
import { readAccountScope } from '../../lambdas/config/account-scope.ts';
import { type HungEndpoint, startHungEndpoint } from '../support/hung-endpoint.ts';

const HUB = '111111111111';
const MEMBER = '222222222222';
const OU = 'ou-ab12-cd34ef56';
const SAVED = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_STS',
  'AWS_ENDPOINT_URL_ORGANIZATIONS',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_REGION',
  'AKR_REQUEST_TIMEOUT_MS',
  'AKR_CONNECT_TIMEOUT_MS',
] as const;
const saved: Partial<Record<string, string>> = {};
let hung: HungEndpoint;

beforeAll(async () => {
  hung = await startHungEndpoint();
  for (const name of SAVED) saved[name] = process.env[name];
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'AKIAHUBCALLER0000001',
    AWS_SECRET_ACCESS_KEY: 'hub-caller-secret-never-shown',
    AWS_REGION: 'us-east-1',
    AKR_REQUEST_TIMEOUT_MS: '300',
    AKR_CONNECT_TIMEOUT_MS: '300',
  });
  delete process.env.AWS_ENDPOINT_URL;
});
afterEach(() => {
  delete process.env.AWS_ENDPOINT_URL_STS;
  delete process.env.AWS_ENDPOINT_URL_ORGANIZATIONS;
});
afterAll(async () => {
  for (const name of SAVED) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await hung?.close();
});

const account = (Id: string, State: AccountState = 'ACTIVE') => ({
  Id,
  State,
  Arn: `arn:aws:organizations::${HUB}:account/o-x/${Id}`,
});

describe('listing the accounts in scope', () => {
  it('pages ListAccounts to the end and keeps only ACTIVE accounts', async () => {
    // Prepare
    const organizations = mockClient(OrganizationsClient);
    organizations
      .on(ListAccountsCommand, { NextToken: undefined })
      .resolves({ Accounts: [account(HUB), account('333333333333', 'SUSPENDED')], NextToken: 'page-2' })
      .on(ListAccountsCommand, { NextToken: 'page-2' })
      .resolves({ Accounts: [account(MEMBER), account('444444444444', 'PENDING_CLOSURE')] });
    const scope = readAccountScope({ AKR_ACCOUNTS: 'organization' });

    // Act
    const listed = await organizationSource({ scope, hubAccountId: HUB }).listAccounts();

    // Assess
    expect(listed).toEqual({ accounts: [HUB, MEMBER], failures: [] });
    expect(organizations.commandCalls(ListAccountsCommand)).toHaveLength(2);
    organizations.restore();
  });

  it('with OUs, lists the accounts of each OU (ListAccountsForParent), not the whole organization', async () => {
    const organizations = mockClient(OrganizationsClient);
    organizations
      .on(ListAccountsForParentCommand, { ParentId: OU })
      .resolves({ Accounts: [account(MEMBER)] });
    const scope = readAccountScope({ AKR_ACCOUNTS: 'organization', AKR_ORGANIZATIONAL_UNITS: OU });

    const listed = await organizationSource({ scope, hubAccountId: HUB }).listAccounts();

    expect(listed).toEqual({ accounts: [MEMBER], failures: [] });
    expect(organizations.commandCalls(ListAccountsCommand)).toHaveLength(0);
    organizations.restore();
  });

  it('one OU denied: that OU fails on its own, the next OU is still listed', async () => {
    const organizations = mockClient(OrganizationsClient);
    const other = 'ou-ab12-99999999';
    const denied = Object.assign(new Error('denied'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
    });
    organizations
      .on(ListAccountsForParentCommand, { ParentId: OU })
      .rejects(denied)
      .on(ListAccountsForParentCommand, { ParentId: other })
      .resolves({ Accounts: [account(MEMBER)] });
    const scope = readAccountScope({
      AKR_ACCOUNTS: 'organization',
      AKR_ORGANIZATIONAL_UNITS: `${OU},${other}`,
    });

    const listed = await organizationSource({ scope, hubAccountId: HUB }).listAccounts();

    expect(listed.accounts).toEqual([MEMBER]);
    expect(listed.failures).toEqual([
      {
        listing: OU,
        error: expect.objectContaining({
          message: `Organizations ListAccountsForParent of ${OU} failed with AccessDeniedException (HTTP 400)`,
        }),
      },
    ]);
    organizations.restore();
  });

  it('Organizations denied: an AccountReadError of the organization stage, naming the call and the error', async () => {
    const organizations = mockClient(OrganizationsClient);
    const denied = Object.assign(new Error('You don’t have permissions to access this resource.'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
    });
    organizations.on(ListAccountsCommand).rejects(denied);
    const scope = readAccountScope({ AKR_ACCOUNTS: 'organization' });

    const listed = await organizationSource({ scope, hubAccountId: HUB }).listAccounts();

    expect(listed.accounts).toEqual([]);
    expect(listed.failures.map((f) => f.listing)).toEqual(['organization']);
    expect(listed.failures[0]?.error).toBeInstanceOf(AccountReadError);
    expect(listed.failures[0]?.error).toMatchObject({
      stage: 'organization',
      errorName: 'AccessDeniedException',
      message: 'Organizations ListAccounts failed with AccessDeniedException (HTTP 400)',
    });
    organizations.restore();
  });

  it('an explicit list needs no Organizations call', async () => {
    const organizations = mockClient(OrganizationsClient);
    const scope = readAccountScope({ AKR_ACCOUNTS: `${MEMBER},333333333333` });

    const listed = await organizationSource({ scope, hubAccountId: HUB }).listAccounts();

    expect(listed).toEqual({ accounts: [MEMBER, '333333333333'], failures: [] });
    expect(organizations.calls()).toHaveLength(0);
    organizations.restore();
  });
});

/** STS as AWS answers an AssumeRole of a role that is missing or does not trust the caller. */
async function denyingSts(): Promise<{ url: string; server: Server; calls: string[] }> {
  const calls: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => calls.push(new URLSearchParams(body).get('Action') ?? '?'));
    response
      .writeHead(403, { 'content-type': 'text/xml' })
      .end(
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>' +
          '<Code>AccessDenied</Code><Message>User: arn:aws:iam::111111111111:user/hub is not authorized to perform: ' +
          `sts:AssumeRole on resource: arn:aws:iam::${MEMBER}:role/access-key-rotator-member</Message></Error>` +
          '<RequestId>denied-1</RequestId></ErrorResponse>',
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, calls };
}

describe('a member role that cannot be assumed', () => {
  it('is UNREADABLE with the STS error and what to do, after one call, not after retries', async () => {
    const sts = await denyingSts();
    process.env.AWS_ENDPOINT_URL_STS = sts.url;
    const scope = readAccountScope({ AKR_ACCOUNTS: MEMBER });

    const members = await collectMemberInventory(organizationSource({ scope, hubAccountId: HUB }));

    sts.server.close();
    expect(sts.calls).toEqual(['AssumeRole']);
    expect(members.accounts).toEqual([
      {
        account: MEMBER,
        hub: false,
        status: 'UNREADABLE',
        error: 'MemberAccountUnreachableError',
        cause: `member account ${MEMBER} is unreachable: STS AssumeRole of arn:aws:iam::${MEMBER}:role/access-key-rotator-member failed with AccessDenied (HTTP 403)`,
        action: expect.stringMatching(new RegExp(`^deploy the member stack in account ${MEMBER}`)),
      },
    ]);
    // The SDK's message (which quotes the caller's ARN) is not what the report says.
    expect(JSON.stringify(members)).not.toContain('is not authorized to perform');
  });
});

describe('a hung endpoint ends within the call timeouts, as an unreadable account', () => {
  it('STS AssumeRole that never answers: the member account is UNREADABLE (did not answer), in seconds', async () => {
    // Prepare: STS accepts the connection and never answers.
    process.env.AWS_ENDPOINT_URL_STS = hung.url;
    const before = hung.requests.length;
    const scope = readAccountScope({ AKR_ACCOUNTS: MEMBER });
    const started = Date.now();

    // Act
    const members = await collectMemberInventory(organizationSource({ scope, hubAccountId: HUB }));

    // Assess: 3 attempts of 0.3 s and the SDK's backoff, far from a hang.
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(8_000);
    expect(members.inventory).toEqual([]);
    expect(members.accounts).toEqual([
      {
        account: MEMBER,
        hub: false,
        status: 'UNREADABLE',
        error: 'TimeoutError',
        cause: `STS AssumeRole of arn:aws:iam::${MEMBER}:role/access-key-rotator-member did not answer within 0.3 s`,
        action: expect.stringContaining('check the network path'),
      },
    ]);
    // It really was STS that was called, with the member role's ExternalId, and nothing else after it.
    const calls = hung.requests.slice(before);
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls.length).toBeLessThanOrEqual(3);
    expect(JSON.stringify(members)).not.toContain('hub-caller-secret-never-shown');
  }, 20_000);

  it('Organizations that never answers: the account list is UNREADABLE, in seconds, and nothing else is read', async () => {
    process.env.AWS_ENDPOINT_URL_ORGANIZATIONS = hung.url;
    const before = hung.requests.length;
    const scope = readAccountScope({ AKR_ACCOUNTS: 'organization' });
    const started = Date.now();

    const members = await collectMemberInventory(organizationSource({ scope, hubAccountId: HUB }));

    expect(Date.now() - started).toBeLessThan(8_000);
    expect(members.accounts).toEqual([
      {
        account: 'organization',
        hub: false,
        status: 'UNREADABLE',
        error: 'TimeoutError',
        cause: 'Organizations ListAccounts did not answer within 0.3 s',
        action: expect.stringContaining('check the network path'),
      },
    ]);
    expect(
      hung.requests.slice(before).every((r) => r.includes('AWSOrganizationsV20161128.ListAccounts')),
    ).toBe(true);
  }, 20_000);
});
