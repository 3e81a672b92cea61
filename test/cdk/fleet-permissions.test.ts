/**
 * Least privilege of the fleet and the endpoint, read from the synthesized
 * policies: Discover only reads accounts (the user inventory, keys under the
 * user path and the lock on AWS; the authorized key and the lock on Yandex)
 * and writes its run's work files, Summarize only reads the runs' results and
 * writes its run's results, each fleet starts only its own provider's rotation
 * (and its own child workflows) and reads and writes the work bucket's
 * objects for its Maps, and the endpoint only starts rotations.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import {
  actionsOf,
  arnOf,
  atomicGrants,
  expectSameGrants,
  type Grant,
  grantsOfStatements,
  type PolicyStatement,
  providerResources,
  renderStateMachine,
  resourcesOfType,
  roleIdOf,
  roleStatements,
  stateMachineNameOf,
  synthesizeRotator,
  type TemplateResource,
} from './synthesized-rotator.ts';

const ACCOUNT = 'arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>';
const USERS = 'arn:<AWS::Partition>:iam::<AWS::AccountId>:user/rotated/*';
const AUTHORIZED_KEY =
  'arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:ops/yc-key-??????';
const BASELINE: Grant[] = [
  [['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], '*'],
  [['logs:CreateLogStream', 'logs:PutLogEvents'], expect.stringMatching(/LogGroup\w+\.Arn>$/)],
];

let resources: Readonly<Record<string, TemplateResource>>;
let tableArn: string;
let workBucket: string;
/** `<bucket ARN>/<prefix>*`, as the functions' grants render. */
const workObjects = (prefix: string) => `${arnOf(workBucket)}/${prefix}*`;

function fleetFunction(provider: Provider, entry: string): PolicyStatement[] {
  const found = providerResources(resources, 'AWS::Lambda::Function', provider).filter(
    ([, fn]) => fn.Metadata?.['akr:entry'] === `lambdas/handlers/${entry}`,
  );
  expect(found, `${provider} ${entry}`).toHaveLength(1);
  return roleStatements(resources, roleIdOf((found[0] as [string, TemplateResource])[1]));
}

beforeAll(() => {
  // Prepare
  ({ resources } = synthesizeRotator({
    'akr:userPath': '/rotated/',
    'akr:optInTag': 'rotate=yes',
    'akr:yandexAuthorizedKeySecret': 'ops/yc-key',
  }));
  tableArn = arnOf(resourcesOfType(resources, 'AWS::DynamoDB::Table')[0]?.[0] ?? '');
  const buckets = resourcesOfType(resources, 'AWS::S3::Bucket').map(([id]) => id);
  workBucket = buckets.find((id) => id.startsWith('FleetWorkBucket')) ?? '';
});

describe('Discover and Summarize permissions', () => {
  it('lets the AWS Discover read the user inventory, the keys of users under the path and the lock', () => {
    expectSameGrants(fleetFunction('aws', 'fleet-discover.ts'), [
      ...BASELINE,
      [['iam:ListAccessKeys'], USERS],
      [['dynamodb:GetItem'], [tableArn]],
      // GetAccountAuthorizationDetails has no resource-level permission: `*` is its only form.
      [['iam:GetAccountAuthorizationDetails'], '*'],
      [['s3:PutObject'], workObjects('fleet/')],
    ]);
    const conditions = fleetFunction('aws', 'fleet-discover.ts').filter((statement) => statement.Condition);
    expect(conditions).toEqual([]);
  });

  it('lets the Yandex Discover read the authorized key and the lock, and nothing of AWS IAM', () => {
    expectSameGrants(fleetFunction('yandex', 'fleet-discover.ts'), [
      ...BASELINE,
      [['dynamodb:GetItem'], [tableArn]],
      [['secretsmanager:GetSecretValue'], AUTHORIZED_KEY],
      [['s3:PutObject'], workObjects('fleet/')],
    ]);
  });

  it.each(['aws', 'yandex'] as const)(
    'lets the %s Summarize read the runs and their Map results, and write under fleet/ only',
    (provider) => {
      expectSameGrants(fleetFunction(provider, 'fleet-summarize.ts'), [
        ...BASELINE,
        [['s3:GetObject'], [workObjects('fleet-results/'), workObjects('fleet/')]],
        [['s3:PutObject'], workObjects('fleet/')],
      ]);
    },
  );
});

describe('fleet state machine permissions', () => {
  it.each(['aws', 'yandex'] as const)(
    'lets the %s fleet start and watch only its own rotation and its own child workflows',
    (provider) => {
      const fleet = renderStateMachine(resources, provider, 'fleet');
      const rotation = renderStateMachine(resources, provider, 'rotation').logicalId;
      const statements = roleStatements(resources, roleIdOf(fleet.machine));
      const resourcesOf = (action: string) =>
        statements
          .filter((statement) => actionsOf(statement).includes(action))
          .flatMap((s) => [s.Resource].flat());

      expect(resourcesOf('states:StartExecution').sort()).toEqual([`<${fleet.logicalId}>`, `<${rotation}>`]);
      expect(resourcesOf('states:DescribeExecution').sort()).toEqual([
        `${ACCOUNT}:execution:${stateMachineNameOf(fleet.logicalId)}:*`,
        `${ACCOUNT}:execution:${stateMachineNameOf(rotation)}*`,
      ]);
      expect(resourcesOf('states:StopExecution')).toEqual(resourcesOf('states:DescribeExecution'));
      expect(resourcesOf('states:RedriveExecution')).toEqual([
        `${ACCOUNT}:execution:${stateMachineNameOf(fleet.logicalId)}/*:*`,
      ]);
      // startExecution.sync learns that a child finished through this managed rule.
      const eventGrants = atomicGrants(grantsOfStatements(statements)).filter(([a]) =>
        a.startsWith('events:'),
      );
      expect(eventGrants.map(([action]) => action).sort()).toEqual([
        'events:DescribeRule',
        'events:PutRule',
        'events:PutTargets',
      ]);
      expect(new Set(eventGrants.map(([, resource]) => resource))).toEqual(
        new Set([
          'arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule',
        ]),
      );
      const invoked = resourcesOf('lambda:InvokeFunction').flat().map(String);
      for (const arn of invoked) {
        const fn = resources[arn.replace(/^<(\w+)\.Arn>(:\*)?$/, '$1')];
        expect(fn?.Metadata?.['akr:provider'], arn).toBe(provider);
        expect(String(fn?.Metadata?.['akr:entry']), arn).toMatch(/fleet-(discover|summarize)\.ts$/);
      }
      expect(invoked).toHaveLength(4);
      // The Maps' ItemReader and ResultWriter, as CDK grants them: the work bucket's objects, nothing else of S3.
      const s3Grants = atomicGrants(grantsOfStatements(statements)).filter(([a]) => a.startsWith('s3:'));
      expect(s3Grants.map(([action]) => action).sort()).toEqual([
        's3:AbortMultipartUpload',
        's3:GetObject',
        's3:ListMultipartUploadParts',
        's3:PutObject',
      ]);
      for (const [, resource] of s3Grants)
        expect(resource).toBe(`arn:<AWS::Partition>:s3:::<${workBucket}>/*`);
    },
  );
});

describe('endpoint permissions', () => {
  it('lets the endpoint start the rotation state machines and nothing else', () => {
    const [[, endpoint] = []] = providerResources(resources, 'AWS::Lambda::Function', 'any');
    const statements = roleStatements(resources, roleIdOf(endpoint as TemplateResource));
    expectSameGrants(statements, [
      ...BASELINE,
      [['states:StartExecution'], `<${renderStateMachine(resources, 'aws').logicalId}>`],
      [['states:StartExecution'], `<${renderStateMachine(resources, 'yandex').logicalId}>`],
    ]);
  });
});
