/**
 * The multi-account `akr:*` keys → stack props: the hub's member accounts,
 * the member stacks' hub, and every malformed value refused by its key
 * before anything is synthesized.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { ACCOUNT_CONTEXT_KEYS } from '../../lib/member/account-context.ts';
import { createRotatorApp } from '../../lib/rotator-app.ts';
import {
  CONTEXT_KEYS,
  memberStackPropsFromContext,
  organizationListingStackPropsFromContext,
  stackPropsFromContext,
} from '../../lib/settings/rotator-context.ts';

const outdir = mkdtempSync(join(tmpdir(), 'akr-cdk-accounts-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const node = (context: Record<string, unknown>) => new App({ context, outdir }).node;
const accountsFrom = (context: Record<string, unknown>) => stackPropsFromContext(node(context)).accounts;

describe('hub account settings from context', () => {
  it('is single-account without akr:accounts, even with the member-role keys set', () => {
    expect(accountsFrom({})).toBeUndefined();
    expect(
      accountsFrom({ 'akr:memberRoleName': 'key-rotation', 'akr:secretLocation': 'member' }),
    ).toBeUndefined();
  });

  it('reads a list, from -c strings or a cdk.json list', () => {
    expect(accountsFrom({ 'akr:accounts': ' 222222222222, 333333333333 ' })).toMatchObject({
      source: ['222222222222', '333333333333'],
    });
    expect(
      accountsFrom({ 'akr:accounts': ['222222222222'], 'akr:excludeAccounts': '444444444444' }),
    ).toMatchObject({ source: ['222222222222'], excludedAccounts: ['444444444444'] });
  });

  it('reads every organization key', () => {
    expect(
      accountsFrom({
        'akr:accounts': 'organization',
        'akr:organizationalUnits': 'ou-ab12-cd34ef56',
        'akr:excludeAccounts': '444444444444',
        'akr:organizationRoleArn': 'arn:aws:iam::999999999999:role/listing',
        'akr:memberRoleName': 'key-rotation',
        'akr:memberExternalId': 'team-42',
        'akr:secretLocation': 'member',
        'akr:organizationId': 'o-a1b2c3d4e5',
      }),
    ).toEqual({
      source: 'organization',
      organizationalUnits: ['ou-ab12-cd34ef56'],
      excludedAccounts: ['444444444444'],
      organizationRoleArn: 'arn:aws:iam::999999999999:role/listing',
      memberRoleName: 'key-rotation',
      memberExternalId: 'team-42',
      secretLocation: 'member',
      organizationId: 'o-a1b2c3d4e5',
    });
  });

  it.each([
    [{ 'akr:accounts': '2222' }, /^akr:accounts must list 12-digit AWS account ids, got "2222"/],
    [{ 'akr:accounts': ',' }, /^akr:accounts must be organization or a comma list/],
    [
      { 'akr:accounts': 'organization', 'akr:excludeAccounts': '44444444444x' },
      /^akr:excludeAccounts must list 12-digit/,
    ],
    [
      { 'akr:accounts': '222222222222', 'akr:excludeAccounts': '222222222222' },
      /^akr:excludeAccounts: account 222222222222 is both included and excluded/,
    ],
    [
      { 'akr:accounts': 'organization', 'akr:organizationalUnits': 'r-ab12' },
      /^akr:organizationalUnits must list organizational unit ids/,
    ],
    [
      { 'akr:accounts': '222222222222', 'akr:organizationalUnits': 'ou-ab12-cd34ef56' },
      /^akr:organizationalUnits needs akr:accounts=organization/,
    ],
    [{ 'akr:excludeAccounts': '444444444444' }, /^akr:excludeAccounts needs akr:accounts/],
    [
      { 'akr:accounts': 'organization', 'akr:organizationRoleArn': 'arn:aws:iam::99:role/x' },
      /^akr:organizationRoleArn must be an IAM role ARN/,
    ],
    [{ 'akr:memberRoleName': 'key rotation' }, /^akr:memberRoleName must be an IAM role name/],
    [{ 'akr:memberRoleName': 'r'.repeat(65) }, /^akr:memberRoleName must be an IAM role name/],
    [{ 'akr:memberExternalId': 'x' }, /^akr:memberExternalId must be 2-1224/],
    [{ 'akr:secretLocation': 'both' }, /^akr:secretLocation must be hub or member, got "both"/],
    [{ 'akr:organizationId': 'org-1' }, /^akr:organizationId must be an organization id/],
    [
      { 'akr:accounts': '222222222222', 'akr:providers': 'yandex' },
      /^akr:accounts needs the aws provider in akr:providers/,
    ],
    [{ 'akr:hubAccountId': '12345' }, /^akr:hubAccountId must be the hub's 12-digit AWS account id/],
  ])('refuses %j, naming the key, before anything is synthesized', (context, message) => {
    expect(() =>
      createRotatorApp({ context: { 'aws:cdk:bundling-stacks': [], ...context }, outdir }),
    ).toThrow(message);
  });
});

describe('member stack settings from context', () => {
  it('takes the hub and the keys it shares with the hub stack', () => {
    const context = {
      'akr:hubAccountId': 123456789012,
      'akr:memberRoleName': 'key-rotation',
      'akr:memberExternalId': 'team-42',
      'akr:secretLocation': 'member',
      'akr:organizationId': 'o-a1b2c3d4e5',
      'akr:userPath': '/rotated/',
      'akr:optInTag': 'off',
      'akr:secretNamePrefix': 'team-keys',
    };
    expect(memberStackPropsFromContext(node(context))).toEqual({
      hubAccountId: '123456789012',
      memberRoleName: 'key-rotation',
      memberExternalId: 'team-42',
      secretLocation: 'member',
      organizationId: 'o-a1b2c3d4e5',
      userPath: '/rotated/',
      optInTag: 'off',
      secretNamePrefix: 'team-keys',
    });
    expect(organizationListingStackPropsFromContext(node(context))).toEqual({
      hubAccountId: '123456789012',
      memberExternalId: 'team-42',
      organizationId: 'o-a1b2c3d4e5',
    });
  });

  it('requires akr:hubAccountId', () => {
    expect(() => memberStackPropsFromContext(node({}))).toThrow(/^akr:hubAccountId is required/);
  });

  it('is in the app only when akr:hubAccountId is given, so a single-account app keeps its one stack', () => {
    const single = createRotatorApp({ context: { 'aws:cdk:bundling-stacks': [] }, outdir });
    expect(single.member).toBeUndefined();
    expect(single.organizationListing).toBeUndefined();
    const withHub = createRotatorApp({
      context: { 'aws:cdk:bundling-stacks': [], 'akr:hubAccountId': '123456789012' },
      outdir,
    });
    expect(withHub.member?.stackName).toBe('AccessKeyRotatorMember');
    expect(withHub.organizationListing?.stackName).toBe('AccessKeyRotatorOrganizationListing');
  });
});

describe('the README settings table of organization-wide rotation', () => {
  it('has a row for every multi-account key, and only keys the app reads', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Organization-wide rotation'));
    const table = section.slice(
      section.indexOf('### Settings'),
      section.indexOf('### What changes in the hub'),
    );
    const rows = [...table.matchAll(/^\| `(akr:\w+)` \|/gm)].map((match) => match[1]);
    expect(rows).toEqual(expect.arrayContaining(Object.values(ACCOUNT_CONTEXT_KEYS)));
    expect(Object.values(CONTEXT_KEYS)).toEqual(expect.arrayContaining(rows));
  });
});
