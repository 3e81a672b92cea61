/**
 * Starts a fleet state machine on a schedule (EventBridge Scheduler), which
 * is the proof auditors ask for that rotation runs on its own. The input
 * carries only the deploy-time dry-run switch; Discover applies every other
 * default. A start Scheduler retries is harmless: child rotations are named
 * `<principal>-<date>`, so a second run on one day starts nobody twice.
 * Scheduler's role (CDK makes one per target) may start this fleet and nothing else.
 */
import { TimeZone } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { FleetInput } from '../../lambdas/fleet/fleet-state.ts';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import { DEFAULT_FLEET_SETTINGS } from '../settings/fleet-settings.ts';

export interface FleetScheduleProps {
  readonly provider: Provider;
  readonly stateMachine: sfn.IStateMachine;
  /**
   * A `cron(…)` or `rate(…)` expression.
   * @default 'cron(0 3 * * ? *)' (daily at 03:00)
   */
  readonly expression?: string;
  /**
   * The IANA time zone a cron expression is read in.
   * @default 'UTC'
   */
  readonly timezone?: string;
  /**
   * Whether each scheduled run only reports who is due.
   * @default false
   */
  readonly dryRun?: boolean;
}

export class FleetSchedule extends Construct {
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: FleetScheduleProps) {
    super(scope, id);
    const input: FleetInput = { dryRun: props.dryRun ?? false };
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: `Starts the ${props.provider} access key rotation fleet`,
      schedule: scheduler.ScheduleExpression.expression(
        props.expression ?? DEFAULT_FLEET_SETTINGS.schedule,
        TimeZone.of(props.timezone ?? DEFAULT_FLEET_SETTINGS.scheduleTimezone),
      ),
      // One run per day is the point: a flexible window would only blur the evidence.
      timeWindow: scheduler.TimeWindow.off(),
      target: new targets.StepFunctionsStartExecution(props.stateMachine, {
        input: scheduler.ScheduleTargetInput.fromObject(input),
      }),
    });
  }
}
