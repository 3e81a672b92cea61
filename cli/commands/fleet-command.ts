/**
 * `akr fleet`: discovers which principals are due and rotates them, locally
 * (`--local`) or by starting the deployed fleet state machine.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import type { HistoryEvent } from '../../evidence/model/execution-history.ts';
import { boundedRequestHandler } from '../../lambdas/adapters/aws/bounded-request-handler.ts';
import { readSettings } from '../../lambdas/config/environment.ts';
import { readFleetSettings } from '../../lambdas/config/fleet-environment.ts';
import type { FleetDiscovery, FleetInput, FleetSummary } from '../../lambdas/fleet/fleet-state.ts';
import { MAX_KEY_AGE_DAYS_LIMIT, parseFleetInput } from '../../lambdas/fleet/validate-fleet-input.ts';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import { openLocalRotator } from '../../local/local-rotation.ts';
import { type CliOutput, reportError } from '../cli-output.ts';
import { checkChosenName, dryRunExecutionName, instantForName } from '../dry-run-name.ts';
import { parseDurationSeconds } from '../duration.ts';
import { childEventReporter, printDiscovery, printFleetSummary } from '../fleet-report.ts';
import {
  deployedStateMachineArn,
  parseExecutionName,
  parseProvider,
  parseStateMachineArn,
  parseWholeNumber,
  withOptionNames,
} from '../option-parsers.ts';
import { startRemoteRotation } from '../remote-rotation.ts';
import { synthesisNotice } from '../synthesis-notice.ts';

export interface FleetOptions {
  readonly provider: string;
  readonly local?: boolean;
  readonly dryRun?: boolean;
  readonly grace?: string;
  readonly deletionDelay?: string;
  readonly maxKeyAgeDays?: string;
  readonly accounts?: string;
  readonly excludeAccounts?: string;
  readonly organizationalUnits?: string;
  readonly name?: string;
  readonly wait?: boolean;
  readonly stateMachineArn?: string;
  readonly json?: boolean;
  readonly stateDir: string;
}

const OPTION_OF_FIELD: Record<string, string> = {
  gracePeriodSeconds: '--grace',
  deletionDelaySeconds: '--deletion-delay',
  maxKeyAgeDays: '--max-key-age-days',
  dryRun: '--dry-run',
  accounts: '--accounts',
  excludeAccounts: '--exclude-accounts',
  organizationalUnits: '--organizational-units',
};

/** `111122223333, 444455556666` → the ids; the Discover step's rule checks each. */
function idList(raw: string | undefined): string[] | undefined {
  return raw === undefined
    ? undefined
    : raw
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
}

/** Builds the fleet input and checks it by the Discover step's own rule, naming the option a user typed. */
export function fleetInputFrom(options: FleetOptions): FleetInput {
  const provider = parseProvider(options.provider);
  const input: FleetInput = {
    ...(options.dryRun && { dryRun: true }),
    ...(options.grace !== undefined && {
      gracePeriodSeconds: parseDurationSeconds(options.grace, '--grace'),
    }),
    ...(options.deletionDelay !== undefined && {
      deletionDelaySeconds: parseDurationSeconds(options.deletionDelay, '--deletion-delay'),
    }),
    ...(options.maxKeyAgeDays !== undefined && {
      maxKeyAgeDays: parseWholeNumber(options.maxKeyAgeDays, '--max-key-age-days', {
        min: 1,
        max: MAX_KEY_AGE_DAYS_LIMIT,
        unit: 'days',
      }),
    }),
    ...(options.accounts !== undefined && { accounts: idList(options.accounts) }),
    ...(options.excludeAccounts !== undefined && { excludeAccounts: idList(options.excludeAccounts) }),
    ...(options.organizationalUnits !== undefined && {
      organizationalUnits: idList(options.organizationalUnits),
    }),
  };
  // The sum of both durations, defaults included, is the Discover step's rule: checked here before anything starts.
  withOptionNames(OPTION_OF_FIELD, () =>
    parseFleetInput(input, readSettings({ ...process.env, AKR_PROVIDER: provider }), readFleetSettings()),
  );
  if (options.name !== undefined) parseExecutionName(options.name);
  if (options.stateMachineArn !== undefined)
    parseStateMachineArn(options.stateMachineArn, '--state-machine-arn');
  return input;
}

/** `fleet-<provider>-<time>`, or `dryrun-fleet-<provider>-<time>` for a dry run (see dry-run-name.ts). */
function fleetName(options: FleetOptions, input: FleetInput): string {
  checkChosenName(options.name, Boolean(input.dryRun));
  if (options.name !== undefined) return options.name;
  const now = new Date();
  const fleet = `fleet-${options.provider}`;
  return input.dryRun ? dryRunExecutionName(fleet, now) : `${fleet}-${instantForName(now)}`;
}
const quiet: CliOutput = { line: () => undefined, error: () => undefined };

async function fleetLocally(options: FleetOptions, input: FleetInput, name: string, output: CliOutput) {
  const out = options.json ? quiet : output;
  const rotator = await openLocalRotator(options.stateDir, {
    provider: options.provider as Provider,
    onSynthesize: synthesisNotice(output, options.stateDir),
  });
  try {
    out.line(
      `Fleet run ${name} for ${options.provider}${input.dryRun ? ' (dry run: nothing will change)' : ''} on ${rotator.aws.endpoint}`,
    );
    const onEvent = (event: HistoryEvent) => {
      if (event.type === 'StateExited' && event.stateName === 'Discover') {
        printDiscovery(out, (event.output as { discovery: FleetDiscovery }).discovery);
      }
    };
    const { execution, summary } = await rotator.runFleet({
      name,
      input,
      onEvent,
      onChildEvent: childEventReporter(out),
    });
    if (summary) printFleetSummary(out, summary);
    else if (execution.status === 'SUCCEEDED') out.line('\nDry run: nothing was changed.');
    else out.line(`\nFleet run failed: ${execution.error ?? ''}`);
    return {
      name,
      executionArn: execution.executionArn,
      status: execution.status,
      output: execution.output,
      error: execution.error,
      cause: execution.cause,
    };
  } finally {
    await rotator.close();
  }
}

async function fleetRemotely(options: FleetOptions, input: FleetInput, name: string, output: CliOutput) {
  const stateMachineArn = deployedStateMachineArn(
    options.stateMachineArn,
    'AKR_FLEET_STATE_MACHINE_ARN',
    'AwsFleetStateMachineArn and YandexFleetStateMachineArn',
  );
  const result = await startRemoteRotation(new SFNClient({ requestHandler: boundedRequestHandler() }), {
    stateMachineArn,
    name,
    input: input as never,
    wait: Boolean(options.wait),
  });
  if (!options.json) {
    output.line(`Started ${result.executionArn}`);
    const summary = result.output as FleetSummary | undefined;
    if (summary?.counts) printFleetSummary(output, summary);
  }
  return { name, ...result };
}

export async function fleetCommand(options: FleetOptions, output: CliOutput): Promise<number> {
  try {
    const input = fleetInputFrom(options);
    const name = fleetName(options, input);
    const outcome = options.local
      ? await fleetLocally(options, input, name, output)
      : await fleetRemotely(options, input, name, output);
    if (options.json) output.line(JSON.stringify(outcome, null, 2));
    const summary = outcome.output as FleetSummary | undefined;
    const failed = summary?.counts ? summary.counts.failed > 0 : false;
    return outcome.status === 'SUCCEEDED' || outcome.status === 'RUNNING' ? (failed ? 1 : 0) : 1;
  } catch (error) {
    return reportError(output, error, Boolean(options.json));
  }
}
