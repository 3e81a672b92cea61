/**
 * Rotations on the local side: the synthesized state machines, executed by the
 * local runner, with every task running the real handler code against the
 * embedded local cloud (or whatever `AWS_ENDPOINT_URL` names).
 *
 * One session serves one provider: its functions (rotation and fleet) run in
 * one local Lambda container (a worker thread) that creates its clients once,
 * at import, as in Lambda, so the session binds them to one endpoint and serves
 * many executions.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { HistoryEvent } from '../evidence/model/execution-history.ts';
import { boundedRequestHandler } from '../lambdas/adapters/aws/bounded-request-handler.ts';
import { s3ClientOptions } from '../lambdas/adapters/aws/s3-evidence-archive.ts';
import type { FleetInput, FleetSummary } from '../lambdas/fleet/fleet-state.ts';
import type { RotationStartInput } from '../lambdas/http/rotation-starter.ts';
import type { EvidenceRecord, Provider } from '../lambdas/rotation/rotation-state.ts';
import { type LocalAwsEndpoint, openLocalAwsEndpoint } from './local-aws-endpoint.ts';
import { makePrivateDirectory, writeFileAtomically } from './private-files.ts';
import { childRotationTask } from './workflow/child-rotation-task.ts';
import { evidenceFromHistory } from './workflow/evidence-from-history.ts';
import { ExecutionHistoryStore, type LocalExecutionRecord } from './workflow/execution-history-store.ts';
import {
  bindTaskHandlers,
  REPO_ROOT,
  type TaskHandlers,
  workflowEnvironment,
} from './workflow/handler-bindings.ts';
import { type LambdaContainer, startLambdaContainer } from './workflow/lambda-container.ts';
import { lambdaContainerPool } from './workflow/lambda-container-pool.ts';
import { type LambdaLogSink, openLambdaLogSink } from './workflow/lambda-log-sink.ts';
import {
  type ContinuationPoint,
  continueLocalExecution,
  runLocalExecution,
} from './workflow/local-execution.ts';
import {
  ApiError,
  type LocalExecutionApi,
  type LocalStartedExecution,
  type LocalStartRequest,
  startLocalExecutionApi,
} from './workflow/local-execution-api.ts';
import { provisionLocalResources } from './workflow/provision-resources.ts';
import {
  extractWorkflow,
  operationFunctions,
  type SynthesizedWorkflow,
  triggerFunctions,
} from './workflow/synthesized-workflow.ts';
import { synthesizedTemplate } from './workflow/template-cache.ts';
import type { CfnTemplate } from './workflow/template-intrinsics.ts';

export interface LocalRotationRequest {
  /** As the state machine takes it: a principal, or a key id whose owner Plan finds. */
  readonly input: RotationStartInput;
  readonly name: string;
  readonly onEvent?: (event: HistoryEvent) => void;
  /** Aborted on SIGINT/SIGTERM: the execution stops where it is, marked interrupted, to be resumed or aborted. */
  readonly interrupt?: AbortSignal;
}

/** Goes on with an interrupted rotation from a state of its own definition (akr resume, akr abort). */
export interface LocalRotationContinuation {
  readonly record: LocalExecutionRecord;
  readonly from: ContinuationPoint;
  readonly onEvent?: (event: HistoryEvent) => void;
  readonly interrupt?: AbortSignal;
}

export interface LocalRotationResult {
  readonly execution: LocalExecutionRecord;
  readonly evidence: EvidenceRecord | undefined;
  readonly evidencePath: string | undefined;
}

export interface LocalFleetRequest {
  readonly input: FleetInput;
  readonly name: string;
  readonly onEvent?: (event: HistoryEvent) => void;
  /** Events of each child rotation, with the principal it rotates. */
  readonly onChildEvent?: (principal: string, event: HistoryEvent) => void;
}

export interface LocalFleetResult {
  readonly execution: LocalExecutionRecord;
  /** Present when the run rotated (not a dry run) and succeeded. */
  readonly summary: FleetSummary | undefined;
}

export interface LocalRotator {
  readonly provider: Provider;
  readonly stateDir: string;
  readonly aws: LocalAwsEndpoint;
  /** The Lambda logs of this session (also in `<stateDir>/logs/lambda.log`). */
  readonly lambdaLogs: LambdaLogSink;
  readonly workflow: SynthesizedWorkflow;
  readonly fleetWorkflow: SynthesizedWorkflow | undefined;
  readonly history: ExecutionHistoryStore;
  readonly stateMachineArn: string;
  rotate(request: LocalRotationRequest): Promise<LocalRotationResult>;
  continueRotation(request: LocalRotationContinuation): Promise<LocalRotationResult>;
  runFleet(request: LocalFleetRequest): Promise<LocalFleetResult>;
  /** Invokes an operator action of this provider (e.g. `reactivate-old-key`) in the session's container. */
  invokeOperation(operation: string, payload: unknown): Promise<unknown>;
  /**
   * Invokes an event-driven function of this provider (e.g. `leak-response`
   * with an AWS Health event) in the session's container, as its rule would.
   */
  invokeTrigger(trigger: string, event: unknown): Promise<unknown>;
  /**
   * The rotations functions of the session started with StartExecution, by
   * execution name, each to its end.
   */
  readonly startedRotations: ReadonlyMap<string, Promise<LocalRotationResult>>;
  close(): Promise<void>;
}

export function writeEvidence(stateDir: string, evidence: EvidenceRecord): string {
  const directory = join(stateDir, 'evidence');
  makePrivateDirectory(directory);
  const path = join(directory, `${encodeURIComponent(evidence.rotationId)}.json`);
  writeFileAtomically(path, `${JSON.stringify(evidence, null, 2)}\n`);
  return path;
}

export interface LocalRotatorOptions {
  /** Which provider's state machines to run. @default 'aws' */
  readonly provider?: Provider;
  /** An endpoint opened by the caller and shared with other rotators; the rotator then leaves it open. */
  readonly endpoint?: LocalAwsEndpoint;
  /** Wraps each task's handler: tests use it to crash a task after its side effect. */
  readonly wrapTask?: (stateName: string, handler: TaskHandlers[string]) => TaskHandlers[string];
  /** Shortens Retry pauses per state, in milliseconds. */
  readonly retryIntervalOverrides?: Readonly<Record<string, number>>;
  /**
   * Caps every function's timeout (ms), so a test sees a step that outruns it in seconds.
   * @default - each function's own `Timeout` from the template
   */
  readonly maxFunctionTimeoutMs?: number;
  /**
   * Called when the template is not cached in the state dir and the CDK app is synthesized (seconds).
   * @default - nothing is said
   */
  readonly onSynthesize?: () => void;
  /**
   * How many local Lambda containers may run at once: a second one starts only when the first is busy
   * (concurrent rotations of a fleet), as Lambda scales out.
   * @default - the number of cores, at most 4
   */
  readonly maxLambdaContainers?: number;
  /**
   * Watches and stops the rotations the session's functions start with StartExecution (the leak response).
   * @default - they run to their end unwatched
   */
  readonly startedRotations?: {
    readonly onEvent?: (name: string, event: HistoryEvent) => void;
    /** Stops them where they are (interrupted), as SIGINT stops a rotation of the CLI. */
    readonly interrupt?: AbortSignal;
  };
}

function fleetOf(template: CfnTemplate, account: Parameters<typeof extractWorkflow>[1], provider: Provider) {
  try {
    return extractWorkflow(template, account, provider, 'fleet');
  } catch {
    return undefined; // a deployment may leave the fleet out
  }
}

export async function openLocalRotator(
  stateDir: string,
  options: LocalRotatorOptions = {},
): Promise<LocalRotator> {
  const provider = options.provider ?? 'aws';
  // Before the endpoint: a setting the synth refuses leaves the world exactly as it was.
  const template = await synthesizedTemplate({ stateDir, onSynthesize: options.onSynthesize });
  const aws = options.endpoint ?? (await openLocalAwsEndpoint(stateDir));
  const closeEndpoint = options.endpoint ? async () => undefined : () => aws.close();
  const lambdaLogs = openLambdaLogSink(stateDir);
  let container: LambdaContainer | undefined;
  let executionApi: LocalExecutionApi | undefined;
  // The fleet's Distributed Maps read their items and write their results here, over the wire as in AWS.
  const s3 = new S3Client({ ...s3ClientOptions(), requestHandler: boundedRequestHandler() });
  try {
    const account = { partition: 'aws', region: aws.region, accountId: aws.accountId };
    const workflow = extractWorkflow(template, account, provider, 'rotation');
    const fleetWorkflow = fleetOf(template, account, provider);
    const workflows = fleetWorkflow ? [workflow, fleetWorkflow] : [workflow];
    await provisionLocalResources(aws.endpoint, workflow.tables, template);
    const operations = operationFunctions(template, account, provider);
    const triggers = triggerFunctions(template, account, provider);
    const functions = [
      ...new Map(
        [
          ...workflows.flatMap((w) => [...w.tasks.values()]),
          ...operations.values(),
          ...triggers.values(),
        ].map((fn) => [fn.logicalId, fn]),
      ).values(),
    ];
    // The operator's functions check requests against the local execution records; a
    // trigger's StartExecution of this provider's rotation runs it in this session.
    const startedRotations = new Map<string, Promise<LocalRotationResult>>();
    let startRotation: ((request: LocalStartRequest) => LocalStartedExecution) | undefined;
    executionApi = await startLocalExecutionApi(new ExecutionHistoryStore(stateDir), {
      startExecution: (request) => {
        if (!startRotation || request.stateMachineArn !== workflow.stateMachineArn)
          throw new ApiError(
            'StateMachineDoesNotExist',
            `State Machine Does Not Exist: '${request.stateMachineArn}'`,
          );
        return startRotation(request);
      },
    });
    const environment = {
      ...Object.assign({}, ...workflows.map(workflowEnvironment)),
      ...Object.fromEntries(
        [...operations.values(), ...triggers.values()].flatMap((fn) => Object.entries(fn.environment)),
      ),
      AWS_ENDPOINT_URL_SFN: executionApi.endpoint,
    };
    const startContainer = () =>
      startLambdaContainer(functions, environment, REPO_ROOT, lambdaLogs, {
        maxFunctionTimeoutMs: options.maxFunctionTimeoutMs,
      });
    container = lambdaContainerPool(
      await startContainer(),
      startContainer,
      options.maxLambdaContainers ?? Math.min(4, availableParallelism()),
    );
    const wrap = (handlers: TaskHandlers): TaskHandlers => {
      const { wrapTask } = options;
      if (!wrapTask) return handlers;
      return Object.fromEntries(
        Object.entries(handlers).map(([state, handler]) => [state, wrapTask(state, handler)]),
      );
    };
    const rotationHandlers = wrap(bindTaskHandlers(workflow, container));
    const history = new ExecutionHistoryStore(stateDir);

    const rotationRun = (request: { onEvent?: (event: HistoryEvent) => void; interrupt?: AbortSignal }) => ({
      definition: workflow.definition,
      handlers: rotationHandlers,
      history,
      onEvent: request.onEvent,
      retryIntervalOverrides: options.retryIntervalOverrides,
      interrupt: request.interrupt,
    });
    const withEvidence = (execution: LocalExecutionRecord): LocalRotationResult => {
      const evidence = evidenceFromHistory(execution);
      const evidencePath = evidence ? writeEvidence(stateDir, evidence) : undefined;
      return { execution, evidence, evidencePath };
    };
    const rotate = async (request: LocalRotationRequest): Promise<LocalRotationResult> =>
      withEvidence(
        await runLocalExecution({
          ...rotationRun(request),
          stateMachineArn: workflow.stateMachineArn,
          name: request.name,
          input: request.input,
        }),
      );
    startRotation = (request) => {
      const watch = options.startedRotations;
      const run = rotate({
        name: request.name,
        input: request.input as RotationStartInput,
        onEvent: watch?.onEvent && ((event) => watch.onEvent?.(request.name, event)),
        interrupt: watch?.interrupt,
      });
      // The record exists once `rotate` returns (runLocalExecution creates it before its first wait).
      run.catch(() => undefined);
      startedRotations.set(request.name, run);
      const record = history.get(request.name);
      return {
        executionArn:
          record?.executionArn ??
          `${workflow.stateMachineArn.replace(':stateMachine:', ':execution:')}:${request.name}`,
        startDate: record?.startDate ?? new Date().toISOString(),
      };
    };
    const continueRotation = async (request: LocalRotationContinuation): Promise<LocalRotationResult> =>
      withEvidence(
        await continueLocalExecution({ ...rotationRun(request), record: request.record, from: request.from }),
      );

    const runFleet = async (request: LocalFleetRequest): Promise<LocalFleetResult> => {
      if (!fleetWorkflow || !container)
        throw new Error(`the synthesized app has no ${provider} fleet workflow`);
      const startRotation = childRotationTask(async (name, input) => {
        const onEvent = (event: HistoryEvent) => request.onChildEvent?.(input.principal, event);
        return (await rotate({ name, input, onEvent })).execution;
      });
      const serviceHandlers = Object.fromEntries(
        [...fleetWorkflow.serviceTasks.keys()].map((state) => [state, startRotation]),
      );
      const execution = await runLocalExecution({
        definition: fleetWorkflow.definition,
        stateMachineArn: fleetWorkflow.stateMachineArn,
        name: request.name,
        input: request.input,
        handlers: { ...wrap(bindTaskHandlers(fleetWorkflow, container)), ...serviceHandlers },
        history,
        onEvent: request.onEvent,
        retryIntervalOverrides: options.retryIntervalOverrides,
        s3,
      });
      const output = execution.output as Partial<FleetSummary> | undefined;
      return { execution, summary: output?.counts ? (output as FleetSummary) : undefined };
    };

    return {
      provider,
      stateDir,
      aws,
      lambdaLogs,
      workflow,
      fleetWorkflow,
      history,
      stateMachineArn: workflow.stateMachineArn,
      rotate,
      continueRotation,
      runFleet,
      async invokeOperation(operation, payload) {
        const fn = operations.get(operation);
        if (!fn || !container)
          throw new Error(`the synthesized app has no ${operation} function for ${provider}`);
        return container.invoke(fn, payload);
      },
      async invokeTrigger(trigger, event) {
        const fn = triggers.get(trigger);
        if (!fn || !container)
          throw new Error(`the synthesized app has no ${trigger} function for ${provider}`);
        return container.invoke(fn, event);
      },
      startedRotations,
      close: async () => {
        s3.destroy();
        await container?.close();
        await executionApi?.close();
        await closeEndpoint();
      },
    };
  } catch (error) {
    s3.destroy();
    await container?.close();
    await executionApi?.close();
    await closeEndpoint();
    throw error;
  }
}
