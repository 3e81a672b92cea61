/**
 * The leak response in the template: one EventBridge rule on the default bus
 * with exactly the Health exposed-key pattern, targeting one function that may
 * start the AWS rotation state machine and nothing else; `akr:leakResponse=off`
 * and a deployment without the aws provider have neither. cdk-nag over the
 * whole app is cdk-nag.test.ts's (the rule and function are part of the app).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ENV } from '../../lambdas/config/account-scope.ts';
import { FLEET_ENV } from '../../lambdas/config/fleet-environment.ts';
import { LEAK_RESPONSE_ENTRY } from '../../lib/leak/leak-response.ts';
import {
  arnOf,
  renderIntrinsics,
  renderStateMachine,
  resourcesOfType,
  roleIdOf,
  roleStatements,
  type SynthesizedRotator,
  synthesizeRotator,
  type TemplateResource,
} from './synthesized-rotator.ts';

const leakFunctions = (synthesized: SynthesizedRotator) =>
  resourcesOfType(synthesized.resources, 'AWS::Lambda::Function').filter(
    ([, fn]) => fn.Metadata?.['akr:entry'] === LEAK_RESPONSE_ENTRY,
  );

let synthesized: SynthesizedRotator;
let functionId: string;
let leakFunction: TemplateResource;

beforeAll(() => {
  synthesized = synthesizeRotator();
  const found = leakFunctions(synthesized);
  expect(found).toHaveLength(1);
  [functionId, leakFunction] = found[0] as [string, TemplateResource];
});

describe('leak response', () => {
  it('has one rule, on the default bus, with exactly the AWS Health exposed-credentials pattern and this function as its only target', () => {
    const rules = resourcesOfType(synthesized.resources, 'AWS::Events::Rule').filter(([, rule]) =>
      JSON.stringify(rule.Properties.EventPattern ?? null).includes('aws.health'),
    );
    expect(rules.map(([, rule]) => renderIntrinsics(rule.Properties))).toEqual([
      {
        Description: 'AWS Health AWS_RISK_CREDENTIALS_EXPOSED: rotate the exposed access key now',
        EventPattern: {
          source: ['aws.health'],
          'detail-type': ['AWS Health Event'],
          detail: { service: ['RISK'], eventTypeCode: ['AWS_RISK_CREDENTIALS_EXPOSED'] },
        },
        State: 'ENABLED',
        Targets: [{ Arn: arnOf(functionId), Id: 'Target0' }],
      },
    ]);
  });

  it('lets EventBridge invoke the function from that rule only, and retries a failed invocation twice within 6 hours', () => {
    const [ruleId] = resourcesOfType(synthesized.resources, 'AWS::Events::Rule').find(([, rule]) =>
      JSON.stringify(rule.Properties.EventPattern ?? null).includes('aws.health'),
    ) ?? [''];
    const permissions = resourcesOfType(synthesized.resources, 'AWS::Lambda::Permission').filter(
      ([, permission]) => renderIntrinsics(permission.Properties.FunctionName) === arnOf(functionId),
    );
    expect(permissions.map(([, permission]) => renderIntrinsics(permission.Properties))).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: arnOf(functionId),
        Principal: 'events.amazonaws.com',
        SourceArn: arnOf(ruleId),
      },
    ]);
    const asyncConfigs = resourcesOfType(synthesized.resources, 'AWS::Lambda::EventInvokeConfig').filter(
      ([, config]) => renderIntrinsics(config.Properties.FunctionName) === `<${functionId}>`,
    );
    expect(asyncConfigs.map(([, config]) => renderIntrinsics(config.Properties))).toEqual([
      {
        FunctionName: `<${functionId}>`,
        MaximumEventAgeInSeconds: 21_600,
        MaximumRetryAttempts: 2,
        Qualifier: '$LATEST',
      },
    ]);
  });

  it('runs the leak-response handler like every rotator function, marked aws and as the leak-response trigger', () => {
    expect(leakFunction.Metadata).toEqual({
      'akr:entry': LEAK_RESPONSE_ENTRY,
      'akr:provider': 'aws',
      'akr:trigger': 'leak-response',
    });
    expect(leakFunction.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Timeout: 30,
      Handler: 'index.handler',
    });
  });

  it('is told the AWS rotation state machine and the hub, and may start that state machine only', () => {
    const aws = renderStateMachine(synthesized.resources, 'aws').logicalId;
    expect(renderIntrinsics(leakFunction.Properties.Environment)).toEqual({
      Variables: {
        [FLEET_ENV.awsStateMachineArn]: `<${aws}>`,
        POWERTOOLS_SERVICE_NAME: 'access-key-rotator',
        [ACCOUNT_ENV.hubAccountId]: '<AWS::AccountId>',
      },
    });
    const statements = roleStatements(synthesized.resources, roleIdOf(leakFunction));
    const startStatements = statements.filter((statement) =>
      [statement.Action].flat().some((a) => a.startsWith('states:')),
    );
    expect(startStatements).toEqual([
      { Action: 'states:StartExecution', Effect: 'Allow', Resource: `<${aws}>` },
    ]);
    const otherActions = statements
      .flatMap((statement) => [statement.Action].flat())
      .filter((action) => !action.startsWith('states:'));
    // Only its own log group and X-Ray, as every rotator function.
    expect(new Set(otherActions)).toEqual(
      new Set([
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
      ]),
    );
  });
});

describe('leak response switched off or without the aws provider', () => {
  it.each([
    ['akr:leakResponse=off', { 'akr:leakResponse': 'off' }],
    ['akr:providers=yandex', { 'akr:providers': 'yandex' }],
  ])('has neither the rule nor the function with %s', (_case, context) => {
    const other = synthesizeRotator(context);
    expect(leakFunctions(other)).toEqual([]);
    const healthRules = resourcesOfType(other.resources, 'AWS::Events::Rule').filter(([, rule]) =>
      JSON.stringify(rule.Properties.EventPattern ?? null).includes('aws.health'),
    );
    expect(healthRules).toEqual([]);
    expect(other.stack.leakResponse).toBeUndefined();
  });

  it('keeps them with akr:leakResponse=on', () => {
    expect(leakFunctions(synthesizeRotator({ 'akr:leakResponse': 'on' }))).toHaveLength(1);
  });

  it.each(['true', 'disabled', 'OFF'])('refuses akr:leakResponse=%s, naming the key', (value) => {
    expect(() => synthesizeRotator({ 'akr:leakResponse': value })).toThrow(
      `akr:leakResponse must be on or off, got "${value}"`,
    );
  });
});
