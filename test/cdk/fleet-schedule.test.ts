/**
 * The schedules that start each provider's fleet: EventBridge Scheduler with
 * the cron and time zone from context (daily 03:00 UTC by default), targeting
 * that provider's fleet state machine with the deploy-time dry-run switch, and
 * none at all when `akr:schedule=off`.
 */
import { describe, expect, it } from 'vitest';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import {
  actionsOf,
  renderIntrinsics,
  renderStateMachine,
  resourcesOfType,
  roleStatements,
  type SynthesizedRotator,
  synthesizeRotator,
  type TemplateResource,
} from './synthesized-rotator.ts';

interface ScheduleProperties {
  readonly ScheduleExpression: string;
  readonly ScheduleExpressionTimezone: string;
  readonly State: string;
  readonly FlexibleTimeWindow: unknown;
  readonly Target: { readonly Arn: string; readonly Input: string; readonly RoleArn: string };
}

/** The schedule whose target is `provider`'s fleet state machine. */
function scheduleOf(synthesized: SynthesizedRotator, provider: Provider) {
  const fleetId = renderStateMachine(synthesized.resources, provider, 'fleet').logicalId;
  const found = resourcesOfType(synthesized.resources, 'AWS::Scheduler::Schedule')
    .map(([, schedule]) => renderIntrinsics(schedule.Properties) as ScheduleProperties)
    .filter((schedule) => schedule.Target.Arn === `<${fleetId}>`);
  expect(found, provider).toHaveLength(1);
  return { fleetId, schedule: found[0] as ScheduleProperties };
}

describe('fleet schedule', () => {
  it.each(['aws', 'yandex'] as const)(
    'starts the %s fleet daily at 03:00 UTC, exactly on time, and not as a dry run',
    (provider) => {
      const { schedule } = scheduleOf(synthesizeRotator(), provider);
      expect(schedule).toMatchObject({
        ScheduleExpression: 'cron(0 3 * * ? *)',
        ScheduleExpressionTimezone: 'UTC',
        State: 'ENABLED',
        FlexibleTimeWindow: { Mode: 'OFF' },
      });
      expect(JSON.parse(schedule.Target.Input)).toEqual({ dryRun: false });
    },
  );

  it('takes the expression, time zone and dry-run switch from context', () => {
    // Act
    const synthesized = synthesizeRotator({
      'akr:schedule': 'cron(30 6 ? * MON-FRI *)',
      'akr:scheduleTimezone': 'Europe/Moscow',
      'akr:fleetDryRun': 'true',
    });
    // Assess
    const { schedule } = scheduleOf(synthesized, 'aws');
    expect(schedule.ScheduleExpression).toBe('cron(30 6 ? * MON-FRI *)');
    expect(schedule.ScheduleExpressionTimezone).toBe('Europe/Moscow');
    expect(JSON.parse(schedule.Target.Input)).toEqual({ dryRun: true });
  });

  it('lets the scheduler role start only its fleet state machine', () => {
    const synthesized = synthesizeRotator({ 'akr:providers': 'aws' });
    const { fleetId, schedule } = scheduleOf(synthesized, 'aws');
    const roleId = schedule.Target.RoleArn.replace(/^<(.+)\.Arn>$/, '$1');
    const role = synthesized.resources[roleId] as TemplateResource;
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain('scheduler.amazonaws.com');
    const statements = roleStatements(synthesized.resources, roleId);
    expect(statements.map((statement) => [actionsOf(statement), statement.Resource])).toEqual([
      [['states:StartExecution'], `<${fleetId}>`],
    ]);
  });

  it('deploys no schedule, and no scheduler role, when akr:schedule is off', () => {
    // Act
    const synthesized = synthesizeRotator({ 'akr:schedule': 'off' });
    // Assess
    expect(resourcesOfType(synthesized.resources, 'AWS::Scheduler::Schedule')).toEqual([]);
    const roles = resourcesOfType(synthesized.resources, 'AWS::IAM::Role');
    expect(roles.filter(([, role]) => JSON.stringify(role.Properties).includes('scheduler.'))).toEqual([]);
    expect(synthesized.stack.fleet('aws').schedule).toBeUndefined();
    // The fleets themselves stay, to be started by hand.
    expect(renderStateMachine(synthesized.resources, 'aws', 'fleet').logicalId).toMatch(/^AwsFleet/);
  });
});
