/**
 * Notifications: one SNS topic, encrypted with its own customer-managed key
 * and refusing plain HTTP, and the default EventBridge bus. Exactly the steps
 * that notify (Publish, CheckOldKeyUse, Record) of each provider may publish,
 * use the topic key and put events, each scoped to that one topic, key and bus.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  actionsOf,
  arnOf,
  canonicalStatements,
  type PolicyStatement,
  providerResources,
  renderIntrinsics,
  resourcesOfType,
  roleIdOf,
  roleStatements,
  synthesizeRotator,
  type TemplateResource,
} from './synthesized-rotator.ts';

const DEFAULT_BUS = 'arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:event-bus/default';
const NOTIFYING = ['publish.ts', 'check-old-key-use.ts', 'record.ts'];
const NOTIFY_ACTIONS = new Set(['sns:Publish', 'events:PutEvents']);

let resources: Readonly<Record<string, TemplateResource>>;
let topicId: string;
let topicKeyId: string;

beforeAll(() => {
  // Prepare
  ({ resources } = synthesizeRotator());
  topicId = resourcesOfType(resources, 'AWS::SNS::Topic')[0]?.[0] ?? '';
  topicKeyId =
    resourcesOfType(resources, 'AWS::KMS::Key').find(([id]) => id.startsWith('NotificationsTopicKey'))?.[0] ??
    '';
});

describe('notification topic', () => {
  it('is encrypted with its own customer-managed key, which rotates', () => {
    expect(resourcesOfType(resources, 'AWS::SNS::Topic')).toHaveLength(1);
    expect(renderIntrinsics(resources[topicId]?.Properties.KmsMasterKeyId)).toBe(arnOf(topicKeyId));
    expect(resources[topicKeyId]?.Properties.EnableKeyRotation).toBe(true);
  });

  it('denies publishing without TLS', () => {
    const [, policy] = resourcesOfType(resources, 'AWS::SNS::TopicPolicy')[0] ?? [];
    expect(renderIntrinsics(policy?.Properties)).toEqual({
      Topics: [`<${topicId}>`],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          expect.objectContaining({
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Resource: `<${topicId}>`,
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    });
  });
});

describe('notify grants', () => {
  const grantsOf = (fn: TemplateResource): PolicyStatement[] =>
    canonicalStatements(roleStatements(resources, roleIdOf(fn))).filter(
      (statement) =>
        actionsOf(statement).some((action) => NOTIFY_ACTIONS.has(action)) ||
        statement.Resource === arnOf(topicKeyId),
    );

  it.each(['aws', 'yandex'] as const)(
    'lets the %s Publish, CheckOldKeyUse and Record publish to the topic and put events on the default bus',
    (provider) => {
      for (const [id, fn] of providerResources(resources, 'AWS::Lambda::Function', provider)) {
        const handler = String(fn.Metadata?.['akr:entry']).replace('lambdas/handlers/', '');
        const expected = NOTIFYING.includes(handler)
          ? [
              [['sns:Publish'], `<${topicId}>`],
              [['kms:GenerateDataKey', 'kms:Decrypt'], arnOf(topicKeyId)],
              [['events:PutEvents'], DEFAULT_BUS],
            ]
          : [];
        expect(grantsOf(fn), `${id} ${handler}`).toEqual(
          canonicalStatements(
            expected.map(([Action, Resource]) => ({ Action, Resource }) as PolicyStatement),
          ),
        );
      }
    },
  );

  it('grants notifications to no other function', () => {
    const others = resourcesOfType(resources, 'AWS::Lambda::Function').filter(
      ([, fn]) => !NOTIFYING.some((handler) => String(fn.Metadata?.['akr:entry']).endsWith(`/${handler}`)),
    );
    expect(others.length).toBeGreaterThan(0);
    for (const [id, fn] of others) expect(grantsOf(fn), id).toEqual([]);
  });
});
