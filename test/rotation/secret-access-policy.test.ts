/**
 * The resource policy of one secret, asserted as the whole document: who may
 * read (the user, its readers tag, the configured readers), that everybody
 * else is denied the value, and that only the rotator's roles may write.
 */
import { LOCAL_ADMIN_ROLE_PATH } from '@access-key-rotator/local-cloud';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_SCOPE } from '../../lambdas/config/account-scope.ts';
import type { RotatorAccounts } from '../../lambdas/config/environment.ts';
import {
  type AccessPolicyPlan,
  ROTATOR_ROLE_PATH,
  secretAccessPolicy,
} from '../../lambdas/rotation/secret-access-policy.ts';
import { HUB_ROLE_PATH } from '../../lib/member/account-settings.ts';

const HUB = '123456789012';
const MEMBER = '111122223333';
const EXECUTION_ARN = `arn:aws:states:eu-west-1:${HUB}:execution:akr-rotate:alice-20300101`;
const READER = `arn:aws:iam::${HUB}:role/app/billing-reader`;
const CONFIGURED = 'arn:aws:iam::444455556666:role/audit';
const STEP_ROLES = `arn:aws:iam::${HUB}:role/access-key-rotator/*`;

const alice: AccessPolicyPlan = {
  provider: 'aws',
  principal: 'alice',
  executionArn: EXECUTION_ARN,
  principalPath: '/',
  readerArns: [],
};

const READ = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];
const WRITE = [
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecret',
  'secretsmanager:UpdateSecretVersionStage',
];

function memberAccounts(secretLocation: 'hub' | 'member'): RotatorAccounts {
  return {
    hubAccountId: HUB,
    scope: {
      source: { kind: 'list', accounts: [MEMBER] },
      excludedAccounts: [],
      memberRoleName: DEFAULT_ACCOUNT_SCOPE.memberRoleName,
      memberExternalId: DEFAULT_ACCOUNT_SCOPE.memberExternalId,
      organizationRoleArn: undefined,
      secretLocation,
    },
  };
}

describe('secretAccessPolicy', () => {
  it('lets the hub user alone read her secret, denies everybody else the value, and writes to the step roles only', () => {
    // Act
    const policy = secretAccessPolicy(alice, {});

    // Assess
    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadersMayRead',
          Effect: 'Allow',
          Principal: { AWS: [`arn:aws:iam::${HUB}:user/alice`] },
          Action: READ,
          Resource: '*',
        },
        {
          Sid: 'NobodyElseReads',
          Effect: 'Deny',
          Principal: '*',
          Action: ['secretsmanager:GetSecretValue'],
          Resource: '*',
          Condition: { ArnNotLike: { 'aws:PrincipalArn': [`arn:aws:iam::${HUB}:user/alice`, STEP_ROLES] } },
        },
        {
          Sid: 'OnlyTheRotatorWrites',
          Effect: 'Deny',
          Principal: '*',
          Action: WRITE,
          Resource: '*',
          Condition: { ArnNotLike: { 'aws:PrincipalArn': [STEP_ROLES] } },
        },
      ],
    });
  });

  it('adds the readers tag and the configured readers, each once, after the user with her path', () => {
    // Prepare
    const plan = { ...alice, principalPath: '/service/', readerArns: [READER, CONFIGURED] };

    // Act
    const policy = secretAccessPolicy(plan, { secretReaders: [CONFIGURED] });

    // Assess
    const readers = [`arn:aws:iam::${HUB}:user/service/alice`, READER, CONFIGURED];
    expect(policy.Statement[0]).toEqual({
      Sid: 'ReadersMayRead',
      Effect: 'Allow',
      Principal: { AWS: readers },
      Action: READ,
      Resource: '*',
    });
    expect(policy.Statement[1]?.Condition).toEqual({
      ArnNotLike: { 'aws:PrincipalArn': [...readers, STEP_ROLES] },
    });
    // A reader is never let write: the write Deny exempts the step roles alone.
    expect(policy.Statement[2]?.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': [STEP_ROLES] } });
  });

  it("names a member user in her own account, and exempts the hub's step roles when the secret is in the hub", () => {
    // Act
    const policy = secretAccessPolicy(
      { ...alice, principal: `${MEMBER}/alice` },
      { accounts: memberAccounts('hub') },
    );

    // Assess
    expect(
      policy.Statement.map((statement) => [statement.Sid, statement.Principal, statement.Condition]),
    ).toEqual([
      ['ReadersMayRead', { AWS: [`arn:aws:iam::${MEMBER}:user/alice`] }, undefined],
      [
        'NobodyElseReads',
        '*',
        { ArnNotLike: { 'aws:PrincipalArn': [`arn:aws:iam::${MEMBER}:user/alice`, STEP_ROLES] } },
      ],
      ['OnlyTheRotatorWrites', '*', { ArnNotLike: { 'aws:PrincipalArn': [STEP_ROLES] } }],
    ]);
  });

  it('exempts the member role and the step roles of the member account for a secret kept there', () => {
    // Act
    const policy = secretAccessPolicy(
      { ...alice, principal: `${MEMBER}/alice` },
      { accounts: memberAccounts('member') },
    );

    // Assess
    const rotator = [
      `arn:aws:iam::${MEMBER}:role/access-key-rotator/*`,
      `arn:aws:iam::${MEMBER}:role/access-key-rotator-member`,
    ];
    expect(policy.Statement[1]?.Condition).toEqual({
      ArnNotLike: { 'aws:PrincipalArn': [`arn:aws:iam::${MEMBER}:user/alice`, ...rotator] },
    });
    expect(policy.Statement[2]?.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': rotator } });
  });

  it("keeps a hub user's secret in the hub's hands even with the member location", () => {
    const policy = secretAccessPolicy(alice, { accounts: memberAccounts('member') });
    expect(policy.Statement[2]?.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': [STEP_ROLES] } });
  });

  it('gives a Yandex secret no user: only the configured readers read it, and with none nobody but the rotator', () => {
    // Prepare
    const yandex: AccessPolicyPlan = {
      provider: 'yandex',
      principal: 'aje0serviceaccount01',
      executionArn: EXECUTION_ARN,
      principalPath: null,
      readerArns: [],
    };

    // Act
    const withReaders = secretAccessPolicy(yandex, { secretReaders: [CONFIGURED] });
    const withNone = secretAccessPolicy(yandex, {});

    // Assess
    expect(withReaders.Statement.map((statement) => statement.Sid)).toEqual([
      'ReadersMayRead',
      'NobodyElseReads',
      'OnlyTheRotatorWrites',
    ]);
    expect(withReaders.Statement[0]?.Principal).toEqual({ AWS: [CONFIGURED] });
    expect(withReaders.Statement[1]?.Condition).toEqual({
      ArnNotLike: { 'aws:PrincipalArn': [CONFIGURED, STEP_ROLES] },
    });
    // An Allow naming nobody is not a valid policy: with no reader there is none.
    expect(withNone.Statement.map((statement) => statement.Sid)).toEqual([
      'NobodyElseReads',
      'OnlyTheRotatorWrites',
    ]);
    expect(withNone.Statement[0]?.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': [STEP_ROLES] } });
  });

  it("takes the partition and the hub's account from the execution, in any partition", () => {
    // Act
    const policy = secretAccessPolicy(
      { ...alice, executionArn: 'arn:aws-cn:states:cn-north-1:210987654321:execution:m:alice-1' },
      {},
    );

    // Assess
    expect(policy.Statement[0]?.Principal).toEqual({ AWS: ['arn:aws-cn:iam::210987654321:user/alice'] });
    expect(policy.Statement[2]?.Condition).toEqual({
      ArnNotLike: { 'aws:PrincipalArn': ['arn:aws-cn:iam::210987654321:role/access-key-rotator/*'] },
    });
  });

  it('exempts the path the step roles, which the member role trusts, and the local admin role are placed under', () => {
    expect([ROTATOR_ROLE_PATH, HUB_ROLE_PATH, LOCAL_ADMIN_ROLE_PATH]).toEqual(
      Array(3).fill('/access-key-rotator/'),
    );
  });

  it('refuses an execution ARN without an account rather than write a policy naming nobody', () => {
    expect(() => secretAccessPolicy({ ...alice, executionArn: 'alice-1' }, {})).toThrow(
      'execution ARN alice-1 names no partition and account',
    );
  });
});
