/**
 * Rotations on the local side: the synthesized state machine, executed by the
 * local runner, with every task running the real handler code against the
 * embedded local cloud (or whatever `AWS_ENDPOINT_URL` names).
 *
 * One session serves one provider: its functions run in one local Lambda
 * container (a worker thread) that creates its clients once, at import, as in
 * Lambda, so the session binds them to one endpoint and serves many rotations.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvidenceRecord, Provider, RotationInput } from '../lambdas/rotation/rotation-state.ts';
import { type LocalAwsEndpoint, openLocalAwsEndpoint } from './local-aws-endpoint.ts';
import { evidenceFromHistory } from './workflow/evidence-from-history.ts';
import {
  ExecutionHistoryStore,
  type HistoryEvent,
  type LocalExecutionRecord,
} from './workflow/execution-history-store.ts';
import {
  bindTaskHandlers,
  REPO_ROOT,
  type TaskHandlers,
  workflowEnvironment,
} from './workflow/handler-bindings.ts';
import { type LambdaContainer, startLambdaContainer } from './workflow/lambda-container.ts';
import { type LambdaLogSink, openLambdaLogSink } from './workflow/lambda-log-sink.ts';
import { runLocalExecution } from './workflow/local-execution.ts';
import { provisionTables } from './workflow/provision-tables.ts';
import { type SynthesizedWorkflow, synthesizeWorkflow } from './workflow/synthesized-workflow.ts';

export interface LocalRotationRequest {
  readonly input: RotationInput;
  readonly name: string;
  readonly onEvent?: (event: HistoryEvent) => void;
}

export interface LocalRotationResult {
  readonly execution: LocalExecutionRecord;
  readonly evidence: EvidenceRecord | undefined;
  readonly evidencePath: string | undefined;
}

export interface LocalRotator {
  readonly aws: LocalAwsEndpoint;
  /** The Lambda logs of this session (also in `<stateDir>/logs/lambda.log`). */
  readonly lambdaLogs: LambdaLogSink;
  readonly workflow: SynthesizedWorkflow;
  readonly history: ExecutionHistoryStore;
  readonly stateMachineArn: string;
  rotate(request: LocalRotationRequest): Promise<LocalRotationResult>;
  close(): Promise<void>;
}

export function writeEvidence(stateDir: string, evidence: EvidenceRecord): string {
  const directory = join(stateDir, 'evidence');
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `${encodeURIComponent(evidence.rotationId)}.json`);
  writeFileSync(path, `${JSON.stringify(evidence, null, 2)}\n`);
  return path;
}

export interface LocalRotatorOptions {
  /** Which provider's state machine to run. @default 'aws' */
  readonly provider?: Provider;
  /** An endpoint opened by the caller and shared with other rotators; the rotator then leaves it open. */
  readonly endpoint?: LocalAwsEndpoint;
  /** Wraps each task's handler: tests use it to crash a task after its side effect. */
  readonly wrapTask?: (stateName: string, handler: TaskHandlers[string]) => TaskHandlers[string];
  /** Shortens Retry pauses per state, in milliseconds. */
  readonly retryIntervalOverrides?: Readonly<Record<string, number>>;
}

export async function openLocalRotator(
  stateDir: string,
  options: LocalRotatorOptions = {},
): Promise<LocalRotator> {
  const provider = options.provider ?? 'aws';
  const aws = options.endpoint ?? (await openLocalAwsEndpoint(stateDir));
  const closeEndpoint = options.endpoint ? async () => undefined : () => aws.close();
  const lambdaLogs = openLambdaLogSink(stateDir);
  let container: LambdaContainer | undefined;
  try {
    const account = { partition: 'aws', region: aws.region, accountId: aws.accountId };
    const workflow = synthesizeWorkflow(account, provider);
    await provisionTables(workflow.tables);
    const functions = [...new Map([...workflow.tasks.values()].map((fn) => [fn.logicalId, fn])).values()];
    container = await startLambdaContainer(functions, workflowEnvironment(workflow), REPO_ROOT, lambdaLogs);
    const bound = bindTaskHandlers(workflow, container);
    const { wrapTask } = options;
    const handlers: TaskHandlers = wrapTask
      ? Object.fromEntries(Object.entries(bound).map(([state, handler]) => [state, wrapTask(state, handler)]))
      : bound;
    const history = new ExecutionHistoryStore(stateDir);
    const stateMachineArn = `arn:aws:states:${aws.region}:${aws.accountId}:stateMachine:${workflow.stateMachineLogicalId}`;
    return {
      aws,
      lambdaLogs,
      workflow,
      history,
      stateMachineArn,
      async rotate(request) {
        const execution = await runLocalExecution({
          definition: workflow.definition,
          stateMachineArn,
          name: request.name,
          input: request.input,
          handlers,
          history,
          onEvent: request.onEvent,
          retryIntervalOverrides: options.retryIntervalOverrides,
        });
        const evidence = evidenceFromHistory(execution);
        const evidencePath = evidence ? writeEvidence(stateDir, evidence) : undefined;
        return { execution, evidence, evidencePath };
      },
      close: async () => {
        await container?.close();
        await closeEndpoint();
      },
    };
  } catch (error) {
    await container?.close();
    await closeEndpoint();
    throw error;
  }
}
