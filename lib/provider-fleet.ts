/**
 * One provider's fleet: Discover and Summarize functions, the fleet workflow
 * that starts the provider's rotation for each due principal, and its
 * schedule. The functions get the rotator's environment unchanged (the local
 * runner hosts a provider's functions in one process) and `akr:provider`.
 *
 * Discover reads, and reads only: on AWS the account's user inventory (path,
 * tags, groups) and each user's keys under the rotator's user path; on Yandex
 * the rotator's authorized key (it lists the configured service accounts' keys
 * over the Yandex API); on both the lock table, to skip rotations in flight.
 * Both use the fleet's work bucket: Discover writes a run's due items,
 * Summarize reads the Maps' results and writes the run's results.
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { FLEET_ENV } from '../lambdas/config/fleet-environment.ts';
import type { Provider } from '../lambdas/rotation/rotation-state.ts';
import { FleetSchedule } from './fleet/fleet-schedule.ts';
import { FleetWorkflow } from './fleet/fleet-workflow.ts';
import type { FleetWorkBucket } from './platform/fleet-work-bucket.ts';
import { acknowledgeWildcardResource, XRAY_WRITE_REASON } from './platform/nag-acknowledgements.ts';
import { markProvider } from './platform/resource-metadata.ts';
import { RotatorFunction } from './platform/rotator-function.ts';
import type { ProviderRotator } from './provider-rotator.ts';
import type { FleetSettings } from './settings/fleet-settings.ts';

export const FLEET_ENTRIES = {
  discover: 'lambdas/handlers/fleet-discover.ts',
  summarize: 'lambdas/handlers/fleet-summarize.ts',
} as const;

export interface ProviderFleetProps {
  /** The provider's rotator: its environment, access scopes and rotation state machine. */
  readonly rotator: ProviderRotator;
  /** The fleet settings, defaults applied. */
  readonly settings: FleetSettings;
  /** Where Discover writes the due items the Maps read, and Summarize the results. */
  readonly workBucket: FleetWorkBucket;
}

export class ProviderFleet extends Construct {
  readonly provider: Provider;
  readonly discover: RotatorFunction;
  readonly summarize: RotatorFunction;
  readonly workflow: FleetWorkflow;
  readonly stateMachineArn: string;
  /** Undefined when the schedule is switched off. */
  readonly schedule?: FleetSchedule;

  constructor(scope: Construct, id: string, props: ProviderFleetProps) {
    super(scope, id);
    const { rotator, settings } = props;
    this.provider = rotator.provider;
    this.discover = this.fleetFunction(rotator, 'DiscoverFunction', FLEET_ENTRIES.discover, {
      description: 'Finds the principals whose oldest active key is due for rotation',
      // It pages through every user of the account and lists each one's keys.
      timeout: Duration.minutes(5),
    });
    this.summarize = this.fleetFunction(rotator, 'SummarizeFunction', FLEET_ENTRIES.summarize, {
      description: 'Counts what a fleet run rotated, skipped and failed',
      // It reads every account's Map results from the work bucket, one object after another.
      timeout: Duration.minutes(5),
    });
    this.grantDiscovery(rotator, this.discover);
    const work = props.workBucket;
    for (const fn of [this.discover, this.summarize])
      fn.addEnvironments({ [FLEET_ENV.workBucket]: work.bucket.bucketName });
    work.grantWriteRuns(this.discover);
    work.grantSummarize(this.summarize);

    this.workflow = new FleetWorkflow(this, 'Workflow', {
      provider: this.provider,
      discover: this.discover,
      summarize: this.summarize,
      rotation: rotator.workflow.stateMachine,
      workBucket: work.bucket,
      maxConcurrency: settings.maxConcurrency,
      accountConcurrency: settings.accountConcurrency,
      toleratedFailurePercentage: settings.toleratedFailurePercentage,
    });
    this.stateMachineArn = this.workflow.stateMachine.stateMachineArn;
    if (settings.schedule !== undefined) {
      this.schedule = new FleetSchedule(this, 'Schedule', {
        provider: this.provider,
        stateMachine: this.workflow.stateMachine,
        expression: settings.schedule,
        timezone: settings.scheduleTimezone,
        dryRun: settings.dryRun,
      });
    }
  }

  private fleetFunction(
    rotator: ProviderRotator,
    id: string,
    entry: string,
    options: { readonly description: string; readonly timeout?: Duration },
  ): RotatorFunction {
    const fn = new RotatorFunction(this, id, { entry, ...options });
    fn.addEnvironments(rotator.environment);
    markProvider(fn, this.provider);
    return fn;
  }

  private grantDiscovery(rotator: ProviderRotator, discover: RotatorFunction): void {
    // The user path scopes ListAccessKeys; on Yandex, grant() adds only the authorized-key read. Summarize calls no key API.
    rotator.access.grant(discover, {
      iam: ['iam:ListAccessKeys'],
      secrets: [],
      lock: ['dynamodb:GetItem'],
      callsKeyApi: true,
    });
    discover.addEnvironments(rotator.keyApiEnvironment);
    if (this.provider !== 'aws') return;
    discover.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['iam:GetAccountAuthorizationDetails'], resources: ['*'] }),
    );
    acknowledgeWildcardResource(
      discover.role ?? discover,
      '*',
      `${XRAY_WRITE_REASON} iam:GetAccountAuthorizationDetails (the paged user inventory with paths, tags and groups) has no resource-level permission either.`,
    );
  }
}
