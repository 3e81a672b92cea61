/**
 * `akr rollback --principal`: during a rotation's deletion delay, re-activates
 * the retired old key (the new key stays AWSCURRENT and keeps working), stops
 * the execution so the old key is never deleted, and records it.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetExecutionHistoryCommand, SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { boundedRequestHandler } from '../../lambdas/adapters/aws/bounded-request-handler.ts';
import { buildEvidenceRecord } from '../../lambdas/rotation/record-evidence.ts';
import { RotatorError } from '../../lambdas/rotation/rotation-errors.ts';
import type { EvidenceRecord, Provider, RotationState } from '../../lambdas/rotation/rotation-state.ts';
import { openLocalRotator, writeEvidence } from '../../local/local-rotation.ts';
import { ExecutionHistoryStore } from '../../local/workflow/execution-history-store.ts';
import { type CliOutput, reportError } from '../cli-output.ts';
import { stateOfCurrentStep } from '../execution-status.ts';
import {
  deployedStateMachineArn,
  optionOrEnv,
  parseFunctionName,
  parsePrincipal,
  parseStateMachineArn,
} from '../option-parsers.ts';
import { toHistoryEvents } from '../step-functions-history.ts';
import { synthesisNotice } from '../synthesis-notice.ts';
import {
  type InFlight,
  localInFlight,
  ROTATION_ARN_ENV,
  ROTATION_ARN_OUTPUTS,
  remoteInFlight,
} from './status-command.ts';

export interface RollbackOptions {
  readonly principal: string;
  readonly local?: boolean;
  readonly stateMachineArn?: string;
  readonly reactivateFunction?: string;
  readonly json?: boolean;
  readonly stateDir: string;
}

export class RollbackRefusedError extends RotatorError {
  override readonly name = 'RollbackRefusedError';
  readonly code = 'ROLLBACK_REFUSED';
}

interface Reactivated {
  readonly reactivatedAt: string;
  readonly oldKeyId: string;
}

function inDeletionWindow(inFlight: readonly InFlight[], principal: string): InFlight {
  const mine = inFlight.filter((entry) => entry.principal === principal);
  const [entry] = mine;
  if (!entry)
    throw new RollbackRefusedError(`no rotation of ${principal} is in flight; nothing to roll back`);
  if (entry.currentState !== 'WaitDeletion') {
    throw new RollbackRefusedError(
      `rotation ${entry.name} of ${principal} is in ${entry.currentState ?? 'its first step'}; rollback re-activates the old key only during the deletion delay (WaitDeletion)`,
    );
  }
  return entry;
}

function rollbackRecord(state: RotationState, done: Reactivated): EvidenceRecord {
  const cause = `rolled back by the operator: old key ${done.oldKeyId} re-activated at ${done.reactivatedAt}`;
  return {
    ...buildEvidenceRecord({ ...state, failure: { Error: 'OperatorRollback', Cause: cause } }),
    status: 'ROLLED_BACK',
  };
}

async function rollbackLocally(options: RollbackOptions, output: CliOutput) {
  const entry = inDeletionWindow(localInFlight(options.stateDir), options.principal);
  const history = new ExecutionHistoryStore(options.stateDir);
  const record = history.get(entry.name);
  const state = stateOfCurrentStep(record?.events ?? [], 'WaitDeletion') as RotationState;
  const rotator = await openLocalRotator(options.stateDir, {
    provider: (entry.provider ?? 'aws') as Provider,
    onSynthesize: synthesisNotice(output, options.stateDir),
  });
  try {
    const done = (await rotator.invokeOperation('reactivate-old-key', state)) as Reactivated;
    const evidence = rollbackRecord(state, done);
    const cause = evidence.failure?.cause ?? 'rolled back by the operator';
    if (entry.interrupted && record) {
      history.save({
        ...record,
        status: 'ABORTED',
        stopDate: new Date().toISOString(),
        error: 'ExecutionAborted',
        cause,
      });
    } else {
      history.requestStop(entry.name, cause);
    }
    return { execution: entry.name, evidence, evidencePath: writeEvidence(options.stateDir, evidence) };
  } finally {
    await rotator.close();
  }
}

async function rollbackRemotely(options: RollbackOptions) {
  const stateMachineArn = deployedStateMachineArn(
    options.stateMachineArn,
    ROTATION_ARN_ENV,
    ROTATION_ARN_OUTPUTS,
  );
  const functionName = optionOrEnv(
    options.reactivateFunction,
    { name: 'AKR_REACTIVATE_FUNCTION_NAME', value: process.env.AKR_REACTIVATE_FUNCTION_NAME },
    '--reactivate-function',
    parseFunctionName,
    { when: 'without --local', hint: 'the stack outputs name it' },
  );
  const sfn = new SFNClient({ requestHandler: boundedRequestHandler() });
  const entry = inDeletionWindow(await remoteInFlight(sfn, stateMachineArn), options.principal);
  const history = await sfn.send(
    new GetExecutionHistoryCommand({ executionArn: entry.executionArn, maxResults: 1000 }),
  );
  const state = stateOfCurrentStep(toHistoryEvents(history.events ?? []), 'WaitDeletion') as RotationState;
  // A synchronous invoke waits for the function itself, which may take its whole 30 s.
  const invokeHandler = { ...boundedRequestHandler(), requestTimeout: 45_000 };
  const invoked = await new LambdaClient({ requestHandler: invokeHandler }).send(
    new InvokeCommand({
      FunctionName: functionName,
      Payload: new TextEncoder().encode(JSON.stringify(state)),
    }),
  );
  const payload = JSON.parse(new TextDecoder().decode(invoked.Payload ?? new Uint8Array()) || '{}');
  if (invoked.FunctionError) throw new RollbackRefusedError(`${payload.errorType}: ${payload.errorMessage}`);
  const evidence = rollbackRecord(state, payload as Reactivated);
  await sfn.send(
    new StopExecutionCommand({
      executionArn: entry.executionArn,
      error: 'OperatorRollback',
      cause: evidence.failure?.cause,
    }),
  );
  return { execution: entry.name, evidence };
}

export async function rollbackCommand(options: RollbackOptions, output: CliOutput): Promise<number> {
  try {
    parsePrincipal(options.principal, undefined);
    if (options.stateMachineArn !== undefined)
      parseStateMachineArn(options.stateMachineArn, '--state-machine-arn');
    if (options.reactivateFunction !== undefined)
      parseFunctionName(options.reactivateFunction, '--reactivate-function');
    const result = options.local ? await rollbackLocally(options, output) : await rollbackRemotely(options);
    if (options.json) output.line(JSON.stringify(result, null, 2));
    else {
      output.line(`Rolled back ${result.execution}: ${result.evidence.failure?.cause}`);
      output.line(
        `  new key ${result.evidence.newKeyId} stays AWSCURRENT; old key ${result.evidence.oldKeyId} works again`,
      );
      output.line('  the execution was stopped, so the old key will not be deleted');
      if ('evidencePath' in result) output.line(`  evidence record: ${result.evidencePath}`);
    }
    return 0;
  } catch (error) {
    return reportError(output, error, Boolean(options.json));
  }
}
