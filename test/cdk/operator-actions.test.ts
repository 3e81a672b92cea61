/**
 * The operator's rollback function, `reactivate-old-key`: one per provider,
 * no state of any workflow but invoked by `akr rollback` during a rotation's
 * deletion delay. It runs with its own role, holding exactly what re-activating
 * the old key and releasing the lock need (on AWS the user's keys under the
 * path, the change guarded by the opt-in tag; on Yandex the authorized key
 * that reaches the Yandex API), and never the secret or the secrets key: the
 * new key stays AWSCURRENT. Expectations are written out, not derived from lib/.
 */
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import {
  actionsOf,
  arnOf,
  canonicalStatements,
  type PolicyStatement,
  providerResources,
  renderIntrinsics,
  renderStateMachine,
  resourcesOfType,
  roleIdOf,
  roleStatements,
  type SynthesizedRotator,
  synthesizeRotator,
  type TemplateResource,
} from './synthesized-rotator.ts';

const ENTRY = 'lambdas/handlers/reactivate-old-key.ts';
const OPERATION = 'reactivate-old-key';
const USERS_UNDER = (path: string) => `arn:<AWS::Partition>:iam::<AWS::AccountId>:user${path}*`;
const AUTHORIZED_KEY =
  'arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:ops/yc-key-??????';

/** Every function's tracing, and writing to its own log group. */
function baseline(fn: TemplateResource) {
  const logGroup = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
  return [
    { Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
    { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: arnOf(logGroup) },
  ];
}

let configured: SynthesizedRotator;
let tableArn: string;

/** The one function of `provider` carrying the operation, with its logical id. */
function reactivateFunction(
  rotator: SynthesizedRotator,
  provider: Provider,
): [logicalId: string, fn: TemplateResource] {
  const found = providerResources(rotator.resources, 'AWS::Lambda::Function', provider).filter(
    ([, fn]) => fn.Metadata?.['akr:operation'] === OPERATION,
  );
  expect(found, provider).toHaveLength(1);
  return found[0] as [string, TemplateResource];
}

/** The statements of the function's role (the fields a grant sets), after its tracing and log statements. */
function statementsOf(rotator: SynthesizedRotator, provider: Provider) {
  const [, fn] = reactivateFunction(rotator, provider);
  const statements = canonicalStatements(roleStatements(rotator.resources, roleIdOf(fn)));
  expect(statements.filter(isBaseline), provider).toEqual(canonicalStatements(baseline(fn)));
  return statements.filter((statement) => !isBaseline(statement) && !isExecutionRead(statement));
}

const isExecutionRead = (statement: PolicyStatement) =>
  actionsOf(statement).some((action) => action.startsWith('states:'));
const isBaseline = (statement: PolicyStatement) =>
  actionsOf(statement).every((action) => /^(xray|logs):/.test(action));

/** The statements granting Step Functions actions, rendered. */
function executionReadsOf(rotator: SynthesizedRotator, provider: Provider) {
  const [, fn] = reactivateFunction(rotator, provider);
  return roleStatements(rotator.resources, roleIdOf(fn))
    .map(({ Action, Resource }) => ({ Action: [Action].flat(), Resource: renderIntrinsics(Resource) }))
    .filter(isExecutionRead);
}

const serviceActions = (statements: PolicyStatement[], service: string) =>
  statements.flatMap(actionsOf).filter((action) => action.startsWith(`${service}:`));

beforeAll(() => {
  // Prepare
  configured = synthesizeRotator({
    'akr:userPath': '/rotated/',
    'akr:optInTag': 'rotate=yes',
    'akr:secretNamePrefix': 'team-keys',
    'akr:yandexAuthorizedKeySecret': 'ops/yc-key',
  });
  tableArn = arnOf(resourcesOfType(configured.resources, 'AWS::DynamoDB::Table')[0]?.[0] ?? '');
});

describe('reactivate-old-key function', () => {
  it.each(['aws', 'yandex'] as const)(
    'deploys one %s function marked with its entry, provider and operation, and no other operator function',
    (provider) => {
      const [logicalId, fn] = reactivateFunction(configured, provider);
      const akrMetadata = Object.entries(fn.Metadata ?? {}).filter(([key]) => key.startsWith('akr:'));
      expect(Object.fromEntries(akrMetadata)).toEqual({
        'akr:entry': ENTRY,
        'akr:provider': provider,
        'akr:operation': OPERATION,
      });
      expect(fn.Properties.Description).toBe(
        'Operator rollback: re-activates the retired old key during the deletion delay',
      );
      const { stack } = configured;
      expect(stack.resolve(stack.rotator(provider).reactivateFunction.functionName)).toEqual({
        Ref: logicalId,
      });
      const operators = resourcesOfType(configured.resources, 'AWS::Lambda::Function').filter(
        ([, other]) => other.Metadata?.['akr:operation'] !== undefined,
      );
      expect(operators.map(([id]) => id).sort()).toEqual(
        [reactivateFunction(configured, 'aws')[0], reactivateFunction(configured, 'yandex')[0]].sort(),
      );
    },
  );

  it.each(['aws', 'yandex'] as const)(
    'gives the %s function exactly the environment of the provider’s rotation steps',
    (provider) => {
      const [, fn] = reactivateFunction(configured, provider);
      const [, plan] =
        providerResources(configured.resources, 'AWS::Lambda::Function', provider).find(
          ([, other]) => other.Metadata?.['akr:entry'] === 'lambdas/handlers/plan.ts',
        ) ?? [];
      // Plus the rotation state machine whose executions it checks requests against.
      const machine = renderStateMachine(configured.resources, provider).logicalId;
      const planVariables = (renderIntrinsics(plan?.Properties.Environment) as { Variables: object })
        .Variables;
      expect(renderIntrinsics(fn.Properties.Environment)).toEqual({
        Variables: { ...planVariables, AKR_ROTATION_STATE_MACHINE_ARN: `<${machine}>` },
      });
      expect(renderIntrinsics(fn.Properties.Environment)).toMatchObject({
        Variables: { AKR_PROVIDER: provider },
      });
    },
  );

  it('runs each function as its own role, shared with no other function or state machine', () => {
    const roleIds = [
      ...resourcesOfType(configured.resources, 'AWS::Lambda::Function'),
      ...resourcesOfType(configured.resources, 'AWS::StepFunctions::StateMachine'),
    ].map(([, resource]) => roleIdOf(resource));
    for (const provider of ['aws', 'yandex'] as const) {
      const roleId = roleIdOf(reactivateFunction(configured, provider)[1]);
      expect(
        roleIds.filter((id) => id === roleId),
        provider,
      ).toHaveLength(1);
      expect(configured.resources[roleId]?.Properties.AssumeRolePolicyDocument, provider).toMatchObject({
        Statement: [{ Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }],
      });
      expect(configured.resources[roleId]?.Properties.ManagedPolicyArns, provider).toBeUndefined();
    }
  });
});

describe('reactivate-old-key permissions', () => {
  it.each(['aws', 'yandex'] as const)(
    'lets the %s function read only the executions of its own rotation state machine, and change none',
    (provider) => {
      const machine = renderStateMachine(configured.resources, provider).logicalId;
      const reads = executionReadsOf(configured, provider);
      expect(reads.map((statement) => statement.Action)).toEqual([
        ['states:DescribeExecution', 'states:GetExecutionHistory'],
      ]);
      const resource = JSON.stringify(reads[0]?.Resource);
      expect(resource).toContain(':states:<AWS::Region>:<AWS::AccountId>:execution:');
      expect(resource).toContain(machine);
      expect(resource).toMatch(/:\*"$/);
      for (const other of resourcesOfType(configured.resources, 'AWS::StepFunctions::StateMachine'))
        if (other[0] !== machine) expect(resource, other[0]).not.toContain(other[0]);
    },
  );

  it('lets the AWS function list and re-activate keys of opted-in users under the path, and delete the lock', () => {
    expect(statementsOf(configured, 'aws')).toEqual(
      canonicalStatements([
        { Action: ['iam:ListAccessKeys'], Resource: USERS_UNDER('/rotated/') },
        {
          Action: ['iam:UpdateAccessKey'],
          Resource: USERS_UNDER('/rotated/'),
          Condition: { StringEquals: { 'iam:ResourceTag/rotate': 'yes' } },
        },
        { Action: ['dynamodb:DeleteItem'], Resource: [tableArn] },
      ]),
    );
  });

  it.each([
    ['the default opt-in tag', {}, { StringEquals: { 'iam:ResourceTag/access-key-rotator:rotate': 'true' } }],
    ['the opt-in tag deliberately off', { 'akr:optInTag': 'off' }, undefined],
    ['a tag key only', { 'akr:optInTag': 'rotate' }, { StringLike: { 'iam:ResourceTag/rotate': '*' } }],
  ])('puts the AWS key change under the configured condition with %s', (_, context, condition) => {
    // Act
    const rotator = synthesizeRotator(context);
    // Assess
    const table = arnOf(resourcesOfType(rotator.resources, 'AWS::DynamoDB::Table')[0]?.[0] ?? '');
    expect(statementsOf(rotator, 'aws')).toEqual(
      canonicalStatements([
        { Action: ['iam:ListAccessKeys'], Resource: USERS_UNDER('/') },
        {
          Action: ['iam:UpdateAccessKey'],
          Resource: USERS_UNDER('/'),
          ...(condition === undefined ? {} : { Condition: condition }),
        },
        { Action: ['dynamodb:DeleteItem'], Resource: [table] },
      ]),
    );
  });

  it('lets the Yandex function read the authorized key and delete the lock, with no AWS IAM action', () => {
    const statements = statementsOf(configured, 'yandex');
    expect(statements).toEqual(
      canonicalStatements([
        { Action: ['dynamodb:DeleteItem'], Resource: [tableArn] },
        // Its environment names the authorized key (AKR_YANDEX_AUTHORIZED_KEY_SECRET): the Yandex API needs a token from it.
        { Action: ['secretsmanager:GetSecretValue'], Resource: AUTHORIZED_KEY },
      ]),
    );
    expect(serviceActions(statements, 'iam')).toEqual([]);
  });

  it.each(['aws', 'yandex'] as const)(
    'gives the %s function nothing of the rotated secrets or the secrets key',
    (provider) => {
      // Its environment carries the secret prefix and the secrets key id (shared by every function of the
      // provider), but re-activation never reads or writes a secret: the new key stays AWSCURRENT.
      const statements = statementsOf(configured, provider);
      expect(serviceActions(statements, 'kms')).toEqual([]);
      const secretReads = statements.filter(
        (statement) => serviceActions([statement], 'secretsmanager').length,
      );
      expect(secretReads.map((statement) => statement.Resource)).toEqual(
        provider === 'yandex' ? [AUTHORIZED_KEY] : [],
      );
      expect(JSON.stringify(statements)).not.toContain('team-keys/');
    },
  );
});

describe('reactivate-old-key outside the workflows', () => {
  it('is named by no state machine definition and invoked by no state machine role', () => {
    const machines = resourcesOfType(configured.resources, 'AWS::StepFunctions::StateMachine');
    expect(machines).toHaveLength(4);
    for (const provider of ['aws', 'yandex'] as const) {
      const [logicalId] = reactivateFunction(configured, provider);
      for (const [machineId, machine] of machines) {
        const definition = JSON.stringify(renderIntrinsics(machine.Properties.DefinitionString));
        expect(definition, machineId).not.toContain(`<${logicalId}`);
        expect(
          JSON.stringify(roleStatements(configured.resources, roleIdOf(machine))),
          machineId,
        ).not.toContain(`<${logicalId}`);
      }
    }
    // Guards against a vacuous search: the rotation definition does name its steps' functions this way.
    const retire = providerResources(configured.resources, 'AWS::Lambda::Function', 'aws').find(
      ([, fn]) => fn.Metadata?.['akr:entry'] === 'lambdas/handlers/retire-old-key.ts',
    )?.[0];
    const definitions = machines.map(([, machine]) =>
      JSON.stringify(renderIntrinsics(machine.Properties.DefinitionString)),
    );
    expect(definitions.some((definition) => definition.includes(`<${retire}.Arn>`))).toBe(true);
  });

  it('has no URL, permission, event source or grant in the stack: the operator invokes it with their own IAM', () => {
    // A Url, Permission, EventSourceMapping or policy naming a function holds its Ref or GetAtt.
    const referencing = (logicalId: string) =>
      Object.entries(configured.resources)
        .filter(([, resource]) => JSON.stringify(resource.Properties ?? {}).includes(`"${logicalId}"`))
        .map(([id]) => id);
    for (const provider of ['aws', 'yandex'] as const) {
      expect(referencing(reactivateFunction(configured, provider)[0]), provider).toEqual([]);
    }
    // Guards against a vacuous search: a step's function is named by its state machine.
    const [retire] =
      providerResources(configured.resources, 'AWS::Lambda::Function', 'aws').find(
        ([, fn]) => fn.Metadata?.['akr:entry'] === 'lambdas/handlers/retire-old-key.ts',
      ) ?? [];
    expect(referencing(String(retire))).toContain(renderStateMachine(configured.resources, 'aws').logicalId);
    expect(resourcesOfType(configured.resources, 'AWS::Lambda::Url')).toHaveLength(1);
  });

  it('outputs each provider’s function name, the name `akr rollback --reactivate-function` takes', () => {
    expect(renderIntrinsics(configured.outputs)).toMatchObject({
      AwsReactivateFunctionName: { Value: `<${reactivateFunction(configured, 'aws')[0]}>` },
      YandexReactivateFunctionName: { Value: `<${reactivateFunction(configured, 'yandex')[0]}>` },
    });
  });

  it('leaves cdk-nag nothing to report, acknowledging only the user path and its own executions', () => {
    const report = new AwsSolutionsChecks().validateScope(configured.app);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
    const acknowledged = (provider: Provider) =>
      configured.stack
        .rotator(provider)
        .reactivateFunction.role?.node.findAll()
        .flatMap((construct) =>
          construct.node.metadata
            .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
            .flatMap((entry) => Object.keys(entry.data as Record<string, string>)),
        )
        .map((id) => id.replace(/^annotation::/i, ''))
        .sort();
    const executions = (provider: Provider) =>
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${JSON.stringify(
        {
          'Fn::Select': [
            6,
            { 'Fn::Split': [':', { Ref: renderStateMachine(configured.resources, provider).logicalId }] },
          ],
        },
      )}:*]`;
    expect(acknowledged('aws')).toEqual(
      [
        'AwsSolutions-IAM5[Resource::*]',
        `AwsSolutions-IAM5[Resource::${USERS_UNDER('/rotated/')}]`,
        executions('aws'),
      ].sort(),
    );
    // X-Ray's `*` and its own executions only: the authorized key and the lock table are exact ARNs.
    expect(acknowledged('yandex')).toEqual(['AwsSolutions-IAM5[Resource::*]', executions('yandex')].sort());
  });
});
