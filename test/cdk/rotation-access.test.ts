/**
 * RotationAccess on its own, with a bare role: how the opt-in tag and the user
 * path shape the AWS statements, and which authorized-key secrets Yandex
 * accepts. Cheap: no functions, no bundling.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type OptInTag,
  RotationAccess,
  type RotationAccessProps,
} from '../../lib/rotation/rotation-access.ts';
import { RotationLockTable } from '../../lib/rotation/rotation-lock-table.ts';
import { ROTATION_STEPS } from '../../lib/rotation/rotation-steps.ts';

const outdir = mkdtempSync(join(tmpdir(), 'akr-cdk-access-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function grantRetire(optInTag: OptInTag | undefined, userPath = '/'): Template {
  const stack = new Stack(new App({ outdir }), 'Access');
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  const access = new RotationAccess(stack, {
    provider: 'aws',
    userPath,
    optInTag,
    secretNamePrefix: 'access-key-rotator',
    secretsKey: new kms.Key(stack, 'Key'),
    lockTable: new RotationLockTable(stack, 'Locks'),
  });
  access.grant(role, ROTATION_STEPS.retireOldKey.access);
  return Template.fromStack(stack);
}

function statementFor(template: Template, action: string): Record<string, unknown> | undefined {
  const [policy] = Object.values(template.findResources('AWS::IAM::Policy'));
  const statements = policy?.Properties.PolicyDocument.Statement as Record<string, unknown>[];
  return statements.find((statement) => [statement.Action].flat().includes(action));
}

describe('RotationAccess', () => {
  it('requires only the presence of a key-only opt-in tag, and only for key changes', () => {
    const template = grantRetire({ key: 'rotate' });
    expect(statementFor(template, 'iam:UpdateAccessKey')?.Condition).toEqual({
      StringLike: { 'iam:ResourceTag/rotate': '*' },
    });
    expect(statementFor(template, 'iam:ListAccessKeys')?.Condition).toBeUndefined();
  });

  it('requires the exact value of a key=value opt-in tag', () => {
    const template = grantRetire({ key: 'rotate', value: 'yes' });
    expect(statementFor(template, 'iam:UpdateAccessKey')?.Condition).toEqual({
      StringEquals: { 'iam:ResourceTag/rotate': 'yes' },
    });
  });

  it('adds no condition when no opt-in tag is configured', () => {
    const template = grantRetire(undefined);
    expect(statementFor(template, 'iam:UpdateAccessKey')?.Condition).toBeUndefined();
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'iam:UpdateAccessKey',
            Resource: {
              'Fn::Join': [
                '',
                ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':user/*'],
              ],
            },
          }),
        ]),
      },
    });
  });

  it.each(['', 'team', '/team', 'team/', '/a b/'])('refuses the user path "%s"', (userPath) => {
    expect(() => grantRetire(undefined, userPath)).toThrow(/userPath/);
  });
});

function yandexAccess(authorizedKeySecret: string | undefined, extra: Partial<RotationAccessProps> = {}) {
  const stack = new Stack(new App({ outdir }), 'YandexAccess');
  return new RotationAccess(stack, {
    provider: 'yandex',
    secretNamePrefix: 'team-keys',
    secretsKey: new kms.Key(stack, 'Key'),
    lockTable: new RotationLockTable(stack, 'Locks'),
    authorizedKeySecret,
    ...extra,
  });
}

describe('RotationAccess for Yandex', () => {
  it('scopes secrets to <prefix>/yandex/ and has no IAM user scope', () => {
    const access = yandexAccess('ops/yc-key');
    expect(access.userArnPattern).toBeUndefined();
    expect(access.secretArnPattern).toMatch(/:secret:team-keys\/yandex\/\*$/);
  });

  it('reads an authorized key given by name with any Secrets Manager suffix', () => {
    expect(yandexAccess('ops/yc-key').authorizedKeySecretArn).toMatch(/:secret:ops\/yc-key-\?{6}$/);
  });

  it('reads an authorized key given by ARN as exactly that ARN', () => {
    const arn = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:ops/yc-key-AbCdEf';
    expect(yandexAccess(arn).authorizedKeySecretArn).toBe(arn);
  });

  it.each([
    ['team-keys/yandex/rotator', /must not be under team-keys\/yandex\//],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:team-keys/aws/x-AbCdEf', /team-keys\/aws\//],
    ['arn:aws:s3:::bucket', /secret name or a Secrets Manager secret ARN/],
    ['has space', /secret name or a Secrets Manager secret ARN/],
  ])('refuses the authorized key secret %s', (secret, message) => {
    expect(() => yandexAccess(secret)).toThrow(message);
  });

  it('refuses to start without an authorized key, or with AWS-only scoping', () => {
    expect(() => yandexAccess(undefined)).toThrow(/authorizedKeySecret/);
    expect(() => yandexAccess('ops/yc-key', { optInTag: { key: 'rotate' } })).toThrow(/AWS/);
    expect(() => yandexAccess('ops/yc-key', { userPath: '/rotated/' })).toThrow(/AWS/);
  });
});
