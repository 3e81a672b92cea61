/**
 * The resource-policy reader on its own: the rotator's secret policy read
 * for each kind of caller, each supported operator both ways, and the rule
 * that what the reader does not understand never grants and, in a Deny,
 * denies.
 */
import { describe, expect, it } from 'vitest';
import { evaluateResourcePolicy, type PolicyRequest } from '../src/iam/resource-policy.ts';
import { rotatorSecretPolicy } from './support/rotator-secret-policy.ts';

const ACCOUNT = '123456789012';
const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:access-key-rotator/aws/alice-AbCdEf`;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/team/alice`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
const READER = `arn:aws:iam::${ACCOUNT}:role/apps/billing-reader`;
const STEP_ROLE = `arn:aws:iam::${ACCOUNT}:role/access-key-rotator/akr-create-key`;
const SAME_NAME_OTHER_PATH = `arn:aws:iam::${ACCOUNT}:role/akr-create-key`;

function request(action: string, principalArn: string, accountId = ACCOUNT): PolicyRequest {
  return {
    action: `secretsmanager:${action}`,
    resource: SECRET,
    caller: { accountId, principalArns: [principalArn] },
    context: { 'aws:principalarn': principalArn, 'aws:principalaccount': accountId },
  };
}

function policy(statement: Record<string, unknown>): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
}

const ROTATOR_POLICY = rotatorSecretPolicy(ACCOUNT, ALICE, [READER]);

describe('the rotator’s secret policy, read for each caller', () => {
  it.each([
    ['the user reads its own secret', 'GetSecretValue', ALICE, 'allow'],
    ['a reader role reads it', 'GetSecretValue', READER, 'allow'],
    ['the user describes it', 'DescribeSecret', ALICE, 'allow'],
    ['another user may not read it', 'GetSecretValue', BOB, 'deny'],
    ['a step role reads it (not named, matched by path)', 'GetSecretValue', STEP_ROLE, 'implicit'],
    ['a role of the step role’s name off the path may not', 'GetSecretValue', SAME_NAME_OTHER_PATH, 'deny'],
    ['a step role writes a version', 'PutSecretValue', STEP_ROLE, 'implicit'],
    ['a step role moves a label', 'UpdateSecretVersionStage', STEP_ROLE, 'implicit'],
    ['the user may not write a version', 'PutSecretValue', ALICE, 'deny'],
    ['a reader may not move a label', 'UpdateSecretVersionStage', READER, 'deny'],
    ['another user describing it is not denied', 'DescribeSecret', BOB, 'implicit'],
  ])('%s', (_what, action, principal, expected) => {
    expect(evaluateResourcePolicy(ROTATOR_POLICY, request(action, principal))).toBe(expected);
  });

  it('denies a role of another account under the same path (the pattern names the account)', () => {
    const foreign = `arn:aws:iam::210987654321:role/access-key-rotator/akr-create-key`;
    expect(evaluateResourcePolicy(ROTATOR_POLICY, request('GetSecretValue', foreign, '210987654321'))).toBe(
      'deny',
    );
  });
});

describe('principals, actions and resources', () => {
  it('matches Principal by account id, root ARN, exact ARN, list and *', () => {
    for (const AWS of [ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`, BOB, [ALICE, BOB], '*']) {
      const text = policy({ Effect: 'Deny', Principal: { AWS }, Action: 'secretsmanager:*', Resource: '*' });
      expect(evaluateResourcePolicy(text, request('GetSecretValue', BOB)), JSON.stringify(AWS)).toBe('deny');
    }
    const other = policy({ Effect: 'Deny', Principal: { AWS: ALICE }, Action: '*', Resource: '*' });
    expect(evaluateResourcePolicy(other, request('GetSecretValue', BOB))).toBe('implicit');
    const service = policy({ Effect: 'Deny', Principal: { Service: 'lambda.amazonaws.com' }, Action: '*' });
    expect(evaluateResourcePolicy(service, request('GetSecretValue', BOB))).toBe('implicit');
  });

  it('matches Action lists and wildcards case-insensitively, and only the named actions', () => {
    const text = policy({
      Effect: 'Deny',
      Principal: '*',
      Action: ['secretsmanager:Put*', 'SECRETSMANAGER:getsecretvalue'],
      Resource: '*',
    });
    expect(evaluateResourcePolicy(text, request('PutSecretValue', BOB))).toBe('deny');
    expect(evaluateResourcePolicy(text, request('GetSecretValue', BOB))).toBe('deny');
    expect(evaluateResourcePolicy(text, request('DescribeSecret', BOB))).toBe('implicit');
  });

  it('matches Resource patterns of the secret’s ARN and no other secret’s', () => {
    const deny = (Resource: string) =>
      evaluateResourcePolicy(
        policy({ Effect: 'Deny', Principal: '*', Action: '*', Resource }),
        request('GetSecretValue', BOB),
      );
    expect(deny(`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:access-key-rotator/*`)).toBe('deny');
    expect(deny(`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:other-*`)).toBe('implicit');
  });

  it('lets an explicit Deny win over an Allow that names the caller', () => {
    const text = JSON.stringify({
      Statement: [
        { Effect: 'Allow', Principal: { AWS: BOB }, Action: '*', Resource: '*' },
        { Effect: 'Deny', Principal: { AWS: BOB }, Action: 'secretsmanager:GetSecretValue', Resource: '*' },
      ],
    });
    expect(evaluateResourcePolicy(text, request('GetSecretValue', BOB))).toBe('deny');
    expect(evaluateResourcePolicy(text, request('DescribeSecret', BOB))).toBe('allow');
  });
});

describe('condition operators on aws:PrincipalArn and aws:PrincipalAccount', () => {
  const denyWhen = (condition: Record<string, unknown>, principal: string, accountId = ACCOUNT) =>
    evaluateResourcePolicy(
      policy({ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: condition }),
      request('GetSecretValue', principal, accountId),
    );

  it.each([
    ['ArnEquals', { ArnEquals: { 'aws:PrincipalArn': BOB } }, BOB, 'deny'],
    ['ArnEquals, another ARN', { ArnEquals: { 'aws:PrincipalArn': BOB } }, ALICE, 'implicit'],
    ['ArnNotEquals', { ArnNotEquals: { 'aws:PrincipalArn': BOB } }, ALICE, 'deny'],
    ['ArnNotEquals, the ARN', { ArnNotEquals: { 'aws:PrincipalArn': BOB } }, BOB, 'implicit'],
    ['ArnLike by part', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/*' } }, BOB, 'deny'],
    ['ArnLike, a role', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/*' } }, READER, 'implicit'],
    ['ArnNotLike, none of the list', { ArnNotLike: { 'aws:PrincipalArn': [ALICE, READER] } }, BOB, 'deny'],
    [
      'ArnNotLike, one of the list',
      { ArnNotLike: { 'aws:PrincipalArn': [ALICE, READER] } },
      READER,
      'implicit',
    ],
    ['StringEquals', { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } }, BOB, 'deny'],
    ['StringNotEquals', { StringNotEquals: { 'aws:PrincipalAccount': ACCOUNT } }, BOB, 'implicit'],
    ['StringLike', { StringLike: { 'aws:PrincipalArn': '*:user/b?b' } }, BOB, 'deny'],
    ['StringNotLike', { StringNotLike: { 'aws:PrincipalArn': '*:user/b?b' } }, BOB, 'implicit'],
    ['StringNotLike, another', { StringNotLike: { 'aws:PrincipalArn': '*:user/b?b' } }, ALICE, 'deny'],
    [
      'keys ANDed',
      { StringEquals: { 'aws:PrincipalAccount': ACCOUNT, 'aws:PrincipalArn': ALICE } },
      BOB,
      'implicit',
    ],
    [
      'operators ANDed',
      { StringEquals: { 'aws:PrincipalAccount': ACCOUNT }, ArnLike: { 'aws:PrincipalArn': BOB } },
      BOB,
      'deny',
    ],
  ])('%s', (_what, condition, principal, expected) => {
    expect(denyWhen(condition, principal)).toBe(expected);
  });

  it('reads StringNotEquals on the account for a caller of another account', () => {
    const condition = { StringNotEquals: { 'aws:PrincipalAccount': ACCOUNT } };
    expect(denyWhen(condition, 'arn:aws:iam::210987654321:user/eve', '210987654321')).toBe('deny');
  });
});

describe('what the reader does not understand', () => {
  const unreadable: Record<string, Record<string, unknown>> = {
    NotAction: { NotAction: 'secretsmanager:DescribeSecret' },
    NotPrincipal: { NotPrincipal: { AWS: ALICE }, Action: '*' },
    NotResource: { NotResource: 'arn:aws:s3:::x', Action: '*' },
    'an unknown operator': {
      Action: '*',
      Condition: { StringEqualsIgnoreCase: { 'aws:PrincipalArn': BOB } },
    },
    'an IfExists operator': { Action: '*', Condition: { ArnLikeIfExists: { 'aws:PrincipalArn': BOB } } },
    'an unknown key': { Action: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } },
    'a non-string value': { Action: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': 12 } } },
  };

  it.each(Object.entries(unreadable))('in a Deny, %s denies', (_what, parts) => {
    const text = policy({ Effect: 'Deny', Principal: '*', Resource: '*', ...parts });
    expect(evaluateResourcePolicy(text, request('GetSecretValue', BOB))).toBe('deny');
  });

  it.each(Object.entries(unreadable))('in an Allow, %s does not allow', (_what, parts) => {
    const text = policy({ Effect: 'Allow', Principal: '*', Resource: '*', ...parts });
    expect(evaluateResourcePolicy(text, request('GetSecretValue', BOB))).toBe('implicit');
  });

  it('a document that does not parse neither allows nor denies (the service refused it when it was set)', () => {
    expect(evaluateResourcePolicy('{"Statement": [', request('GetSecretValue', BOB))).toBe('implicit');
  });
});
