/**
 * Consumer access in the synthesized template: `akr:secretReaders` checked at
 * synth naming the key, told to every rotator function with the deployment's
 * name, and the secrets key letting the account's principals and those
 * readers decrypt through Secrets Manager only, on each provider's secrets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import type { CfnKey } from 'aws-cdk-lib/aws-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../lambdas/config/environment.ts';
import { OPERATOR_ACTIONS } from '../../lib/rotation/operator-actions.ts';
import { ROTATION_STEPS } from '../../lib/rotation/rotation-steps.ts';
import { stackPropsFromContext } from '../../lib/settings/rotator-context.ts';
import {
  renderIntrinsics,
  resourcesOfType,
  type SynthesizedRotator,
  synthesizeRotator,
} from './synthesized-rotator.ts';

const READERS = ['arn:aws:iam::111122223333:role/billing-app', 'arn:aws:iam::444455556666:role/team/audit'];
const SECRETS = 'arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:';

const outdir = mkdtempSync(join(tmpdir(), 'akr-cdk-readers-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));
const propsFrom = (context: Record<string, unknown>) =>
  stackPropsFromContext(new App({ context, outdir }).node);

describe('akr:secretReaders', () => {
  it('reads a comma list from -c, or a list from cdk.json', () => {
    expect(propsFrom({ 'akr:secretReaders': ` ${READERS.join(' , ')} ` }).secretReaders).toEqual(READERS);
    expect(propsFrom({ 'akr:secretReaders': READERS }).secretReaders).toEqual(READERS);
    expect(propsFrom({}).secretReaders).toBeUndefined();
  });

  it.each([
    'arn:aws:iam::111122223333:user/bob',
    '*',
    'arn:aws:iam::1111:role/short-account',
    `${READERS[0]},arn:aws:iam::111122223333:root`,
  ])('refuses %j, naming the key', (value) => {
    expect(() => propsFrom({ 'akr:secretReaders': value })).toThrow(
      /^akr:secretReaders must be an IAM role ARN/,
    );
  });
});

describe('the rotator with configured readers', () => {
  let synthesized: SynthesizedRotator;
  beforeAll(() => {
    synthesized = synthesizeRotator({ 'akr:secretReaders': READERS.join(',') });
  });

  it('tells every rotator function the readers and the deployment that manages the secrets', () => {
    const entries = new Set<string>([
      ...Object.values(ROTATION_STEPS).map((step) => step.entry),
      ...Object.values(OPERATOR_ACTIONS).map((action) => action.entry),
    ]);
    const functions = resourcesOfType(synthesized.resources, 'AWS::Lambda::Function').filter(([, fn]) =>
      entries.has(String(fn.Metadata?.['akr:entry'])),
    );
    // Both providers' 9 steps and their re-activation: the functions that read or write secrets.
    expect(functions).toHaveLength(20);
    for (const [id, fn] of functions) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect([variables[ENV.secretReaders], variables[ENV.deploymentName]], id).toEqual([
        READERS.join(','),
        synthesized.stack.stackName,
      ]);
    }
  });

  it("lets the account's principals and the readers decrypt through Secrets Manager, each provider's secrets only", () => {
    // Prepare
    const keyId = Stack.of(synthesized.stack).getLogicalId(
      synthesized.stack.secretsKey.node.defaultChild as CfnKey,
    );
    const policy = renderIntrinsics(synthesized.resources[keyId]?.Properties.KeyPolicy) as {
      Statement: { Sid?: string }[];
    };

    // Act
    const readerStatements = policy.Statement.filter((statement) => statement.Sid?.includes('Decrypt'));

    // Assess
    const viaSecretsManager = { 'kms:ViaService': 'secretsmanager.<AWS::Region>.amazonaws.com' };
    expect(readerStatements).toEqual(
      ['aws', 'yandex'].flatMap((provider) => {
        const title = provider === 'aws' ? 'Aws' : 'Yandex';
        const secrets = { 'kms:EncryptionContext:SecretARN': `${SECRETS}access-key-rotator/${provider}/*` };
        return [
          {
            Sid: `${title}SecretsDecryptInTheAccountThroughSecretsManager`,
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: {
              StringEquals: { ...viaSecretsManager, 'kms:CallerAccount': '<AWS::AccountId>' },
              StringLike: secrets,
            },
          },
          {
            Sid: `${title}SecretReadersDecryptThroughSecretsManager`,
            Effect: 'Allow',
            Principal: { AWS: READERS },
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: { StringEquals: viaSecretsManager, StringLike: secrets },
          },
        ];
      }),
    );
  });
});

describe('member users reading the secrets the hub keeps for them', () => {
  const statementOf = (context: Record<string, unknown>) => {
    const synthesized = synthesizeRotator({ 'akr:providers': 'aws', ...context });
    const keyId = Stack.of(synthesized.stack).getLogicalId(
      synthesized.stack.secretsKey.node.defaultChild as CfnKey,
    );
    const policy = renderIntrinsics(synthesized.resources[keyId]?.Properties.KeyPolicy) as {
      Statement: { Sid?: string }[];
    };
    return policy.Statement.filter((statement) => statement.Sid?.startsWith('MemberUsers'));
  };
  const viaSecretsManager = { 'kms:ViaService': 'secretsmanager.<AWS::Region>.amazonaws.com' };
  const awsSecrets = { 'kms:EncryptionContext:SecretARN': `${SECRETS}access-key-rotator/aws/*` };

  it('lets the listed member accounts decrypt through Secrets Manager, for their IAM policies to grant', () => {
    expect(statementOf({ 'akr:accounts': '222222222222,333333333333' })).toEqual([
      {
        Sid: 'MemberUsersDecryptTheirSecretsThroughSecretsManager',
        Effect: 'Allow',
        Principal: {
          AWS: ['arn:<AWS::Partition>:iam::222222222222:root', 'arn:<AWS::Partition>:iam::333333333333:root'],
        },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringEquals: viaSecretsManager, StringLike: awsSecrets },
      },
    ]);
  });

  it("lets the organization's principals decrypt when its id is given, and names nobody without it", () => {
    expect(statementOf({ 'akr:accounts': 'organization', 'akr:organizationId': 'o-a1b2c3d4e5' })).toEqual([
      {
        Sid: 'MemberUsersDecryptTheirSecretsThroughSecretsManager',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: {
          StringEquals: { ...viaSecretsManager, 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
          StringLike: awsSecrets,
        },
      },
    ]);
    expect(statementOf({ 'akr:accounts': 'organization' })).toEqual([]);
  });

  it('adds nothing when the secrets are kept in the member accounts, under their own keys', () => {
    expect(statementOf({ 'akr:accounts': '222222222222', 'akr:secretLocation': 'member' })).toEqual([]);
  });
});
