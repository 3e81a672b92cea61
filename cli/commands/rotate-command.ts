/**
 * `akr rotate`: validates the request before anything starts, then runs the
 * rotation on the local side (`--local`) or starts it on the deployed state machine.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import type { HistoryEvent } from '../../evidence/model/execution-history.ts';
import { boundedRequestHandler } from '../../lambdas/adapters/aws/bounded-request-handler.ts';
import { readSettings } from '../../lambdas/config/environment.ts';
import type { RotationStartInput } from '../../lambdas/http/rotation-starter.ts';
import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';
import type { Provider, RotationPlan } from '../../lambdas/rotation/rotation-state.ts';
import { parseRotationInput } from '../../lambdas/rotation/validate-rotation-input.ts';
import { principalOf } from '../../local/interrupted/interrupted-executions.ts';
import { openLocalAwsEndpoint } from '../../local/local-aws-endpoint.ts';
import { readWorldSettings } from '../../local/workflow/world-settings.ts';
import { type CliOutput, reportError } from '../cli-output.ts';
import { checkChosenName, dryRunExecutionName } from '../dry-run-name.ts';
import { parseDurationSeconds } from '../duration.ts';
import { executionNameFor, isValidExecutionName } from '../execution-name.ts';
import { interruptedExitCode, printInterrupted, watchInterrupts } from '../interrupt-signals.ts';
import {
  deployedStateMachineArn,
  parseAccessKeyId,
  parseAccountId,
  parseProvider,
  parseStateMachineArn,
  withOptionNames,
} from '../option-parsers.ts';
import { startRemoteRotation } from '../remote-rotation.ts';
import { RotationProgress } from '../rotation-progress.ts';
import { printDryRun, printRotationSummary, type RotationOutcome } from '../rotation-summary.ts';
import { synthesisNotice } from '../synthesis-notice.ts';
import { terminalCountdown } from '../wait-countdown.ts';
import { currentStateOf } from './interrupted-state.ts';

export interface RotateOptions {
  readonly principal?: string;
  /** The key a leak report names; its owner is the principal when --principal is left out. */
  readonly accessKeyId?: string;
  /** AWS, with --access-key-id alone: the member account that holds the key. */
  readonly account?: string;
  /** Revoke the old key right after Publish: no grace period, no last-used deferral. */
  readonly emergency?: boolean;
  readonly provider: string;
  readonly local?: boolean;
  readonly grace?: string;
  readonly deletionDelay?: string;
  readonly dryRun?: boolean;
  readonly name?: string;
  readonly wait?: boolean;
  readonly stateMachineArn?: string;
  readonly json?: boolean;
  readonly stateDir: string;
}

const FLAG_OF_FIELD: Record<string, string> = {
  principal: '--principal',
  accessKeyId: '--access-key-id',
  account: '--account',
  emergency: '--emergency',
  gracePeriodSeconds: '--grace',
  deletionDelaySeconds: '--deletion-delay',
  dryRun: '--dry-run',
};

/** What the flags say together, before any rule of the workflow's: which key or principal, and how urgently. */
function checkTargetFlags(options: RotateOptions, provider: Provider): void {
  if (options.principal === undefined && options.accessKeyId === undefined)
    throw new ValidationError(
      '--principal',
      "is required, or --access-key-id <id> to rotate that key's owner",
    );
  if (options.account !== undefined) {
    if (provider !== 'aws')
      throw new ValidationError('--account', 'is for AWS only: a Yandex key belongs to its service account');
    if (options.accessKeyId === undefined || options.principal !== undefined)
      throw new ValidationError(
        '--account',
        'goes with --access-key-id and without --principal (a principal names its account as <account-id>/<user>)',
      );
    parseAccountId(options.account);
  }
  if (options.emergency && options.grace !== undefined)
    throw new ValidationError(
      '--grace',
      'cannot be set with --emergency: the old key is revoked right after Publish',
    );
}

/** Builds and validates the execution input, naming the flag a user typed when something is wrong. */
export function rotationInputFrom(options: RotateOptions): RotationStartInput {
  const provider = parseProvider(options.provider);
  checkTargetFlags(options, provider);
  const fields: RotationStartInput = {
    ...(options.principal !== undefined && { principal: options.principal }),
    ...(options.accessKeyId !== undefined && {
      accessKeyId: parseAccessKeyId(options.accessKeyId, provider),
    }),
    ...(options.account !== undefined && { account: options.account }),
    ...(options.emergency && { emergency: true }),
    ...(options.grace !== undefined && {
      gracePeriodSeconds: parseDurationSeconds(options.grace, '--grace'),
    }),
    ...(options.deletionDelay !== undefined && {
      deletionDelaySeconds: parseDurationSeconds(options.deletionDelay, '--deletion-delay'),
    }),
    ...(options.dryRun && { dryRun: true }),
  };
  // The member accounts in scope are the deployment's setting, which its Plan checks before any
  // change, as it finds a named key's owner; here the principal's form is checked, and
  // `<hub id>/<user>` becomes `<user>` when AKR_HUB_ACCOUNT_ID says which account the hub is.
  const { principal } = withOptionNames(FLAG_OF_FIELD, () =>
    parseRotationInput(fields, readSettings({ ...process.env, AKR_PROVIDER: provider }), {
      checkAccountScope: false,
    }),
  );
  if (options.stateMachineArn !== undefined)
    parseStateMachineArn(options.stateMachineArn, '--state-machine-arn');
  return { ...fields, ...(principal !== undefined && { principal }) };
}

/** What a run is named after and what its lines call it: the principal, else the key. */
function subjectOf(input: RotationStartInput): string {
  return input.principal ?? input.accessKeyId ?? '';
}

function targetText(provider: string, input: RotationStartInput): string {
  if (input.principal !== undefined) return `${provider}/${input.principal}`;
  const account = input.account === undefined ? '' : ` of account ${input.account}`;
  return `the owner of ${provider} key ${input.accessKeyId}${account}`;
}

/** A real run takes the day's name, a dry run one of its own (see dry-run-name.ts). */
function executionName(options: RotateOptions, input: RotationStartInput): string {
  checkChosenName(options.name, Boolean(input.dryRun));
  const now = new Date();
  const name =
    options.name ??
    (input.dryRun ? dryRunExecutionName(subjectOf(input), now) : executionNameFor(subjectOf(input), now));
  if (!isValidExecutionName(name)) {
    throw new ValidationError(
      '--name',
      'use 1–80 characters without spaces, brackets, wildcards or "#%\\^|~`$&,;:/',
    );
  }
  return name;
}

async function rotateLocally(
  options: RotateOptions,
  input: RotationStartInput,
  name: string,
  output: CliOutput,
) {
  const progress = new RotationProgress(
    options.json ? { line: () => undefined, error: () => undefined } : output,
    terminalCountdown(output, options.json),
  );
  // The world's own account settings are checked first, so a bad one is refused before anything opens.
  readWorldSettings(options.stateDir);
  const watch = watchInterrupts();
  // The first line comes as soon as the endpoint is up; the rest of the local side loads after it.
  const aws = await openLocalAwsEndpoint(options.stateDir);
  if (!options.json)
    output.line(`Rotating ${targetText(options.provider, input)} locally (${aws.endpoint}) as ${name}`);
  const { openLocalRotator } = await import('../../local/local-rotation.ts');
  const rotator = await openLocalRotator(options.stateDir, {
    provider: options.provider as Provider,
    endpoint: aws,
    onSynthesize: synthesisNotice(output, options.stateDir),
  }).catch(async (error: unknown) => {
    await aws.close();
    watch.dispose();
    throw error;
  });
  try {
    const { execution, evidence, evidencePath } = await rotator.rotate({
      input,
      name,
      onEvent: progress.onEvent,
      interrupt: watch.signal,
    });
    progress.stop();
    if (execution.interruptedBy && !options.json)
      printInterrupted(output, {
        name,
        // A key-id run learns its principal in Plan, which is what the abort command needs.
        principal: principalOf(execution),
        provider: options.provider,
        stateDir: options.stateDir,
        state: currentStateOf(execution),
        signal: execution.interruptedBy,
      });
    return { ...execution, evidence, evidencePath };
  } finally {
    progress.stop();
    await rotator.close();
    await aws.close();
    watch.dispose();
  }
}

async function rotateRemotely(
  options: RotateOptions,
  input: RotationStartInput,
  name: string,
  output: CliOutput,
) {
  const stateMachineArn = deployedStateMachineArn(
    options.stateMachineArn,
    'AKR_STATE_MACHINE_ARN',
    'AwsStateMachineArn and YandexStateMachineArn',
  );
  const progress = new RotationProgress(
    options.json ? { line: () => undefined, error: () => undefined } : output,
    terminalCountdown(output, options.json),
  );
  const client = new SFNClient({ requestHandler: boundedRequestHandler() });
  const events: HistoryEvent[] = [];
  const result = await startRemoteRotation(client, {
    stateMachineArn,
    name,
    input,
    wait: Boolean(options.wait),
    onEvent: (event) => {
      events.push(event);
      progress.onEvent(event);
    },
  }).finally(() => progress.stop());
  if (!options.json) output.line(`Started ${result.executionArn}`);
  return { name, ...result, events };
}

export async function rotateCommand(options: RotateOptions, output: CliOutput): Promise<number> {
  try {
    const input = rotationInputFrom(options);
    const name = executionName(options, input);
    const outcome: RotationOutcome & { executionArn: string; output?: unknown } = options.local
      ? await rotateLocally(options, input, name, output)
      : await rotateRemotely(options, input, name, output);
    if (options.json) {
      output.line(JSON.stringify(outcome, null, 2));
    } else if (outcome.status !== 'RUNNING') {
      if (input.dryRun && outcome.status === 'SUCCEEDED') printDryRun(output, outcome.output as RotationPlan);
      else printRotationSummary(output, outcome);
    }
    const { interruptedBy } = outcome as { interruptedBy?: string };
    if (interruptedBy) return interruptedExitCode(interruptedBy);
    return outcome.status === 'SUCCEEDED' || outcome.status === 'RUNNING' ? 0 : 1;
  } catch (error) {
    return reportError(output, error, Boolean(options.json));
  }
}
