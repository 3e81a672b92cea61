/**
 * What `akr resume` and `akr abort` share: the options that pick an
 * interrupted local rotation, the local rotator of its provider, and the run
 * itself (progress, SIGINT/SIGTERM, the closing lines).
 */

import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import {
  type ExecutionSelector,
  principalOf,
  runningRotation,
} from '../../local/interrupted/interrupted-executions.ts';
import type { ContinueOptions } from '../../local/interrupted/resume-rotation.ts';
import type { LocalRotationResult } from '../../local/local-rotation.ts';
import { type LocalRotator, openLocalRotator } from '../../local/local-rotation.ts';
import type { LocalExecutionRecord } from '../../local/workflow/execution-history-store.ts';
import { type CliOutput, reportError } from '../cli-output.ts';
import { interruptedExitCode, printInterrupted, watchInterrupts } from '../interrupt-signals.ts';
import { RotationProgress } from '../rotation-progress.ts';
import { synthesisNotice } from '../synthesis-notice.ts';
import { terminalCountdown } from '../wait-countdown.ts';
import { currentStateOf } from './interrupted-state.ts';

export interface InterruptedOptions {
  readonly principal?: string;
  readonly name?: string;
  readonly provider: string;
  readonly local?: boolean;
  readonly json?: boolean;
  readonly stateDir: string;
}

export function selectorOf(options: InterruptedOptions, command: string): ExecutionSelector {
  if (!options.local)
    throw new ValidationError(
      '--local',
      `akr ${command} works on local executions; a deployed Standard execution survives its client (stop one with aws stepfunctions stop-execution)`,
    );
  if (options.provider !== 'aws' && options.provider !== 'yandex')
    throw new ValidationError('--provider', `"${options.provider}" is not a provider; use aws or yandex`);
  if ((options.principal === undefined) === (options.name === undefined))
    throw new ValidationError('--principal', 'give either --principal or --name');
  return { principal: options.principal, name: options.name };
}

export interface PickedRotation {
  readonly rotator: LocalRotator;
  readonly record: LocalExecutionRecord;
  readonly principal: string | undefined;
}

export async function openPickedRotation(
  options: InterruptedOptions,
  selector: ExecutionSelector,
  output: CliOutput,
): Promise<PickedRotation> {
  const rotator = await openLocalRotator(options.stateDir, {
    provider: options.provider as Provider,
    onSynthesize: synthesisNotice(output, options.stateDir),
  });
  try {
    const record = runningRotation(rotator.history, rotator.stateMachineArn, selector);
    return { rotator, record, principal: principalOf(record) };
  } catch (error) {
    await rotator.close();
    throw error;
  }
}

export interface InterruptedCommand<Result extends LocalRotationResult> {
  /** `resume` or `abort`, as typed. */
  readonly command: string;
  /** The first line, e.g. "Resuming". */
  readonly verb: string;
  run(rotator: LocalRotator, record: LocalExecutionRecord, options: ContinueOptions): Promise<Result>;
  /** What `--json` prints. */
  json(result: Result): unknown;
  /** The closing lines of a run that ended. */
  print(output: CliOutput, result: Result): void;
  /** The exit code of a run that ended. */
  exitCode(result: Result): number;
}

/** Picks the rotation, runs the command with progress and SIGINT/SIGTERM handling, and reports. */
export async function runInterruptedCommand<Result extends LocalRotationResult>(
  options: InterruptedOptions,
  output: CliOutput,
  command: InterruptedCommand<Result>,
): Promise<number> {
  const watch = watchInterrupts();
  try {
    const selector = selectorOf(options, command.command);
    const quiet = { line: () => undefined, error: () => undefined };
    const progress = new RotationProgress(
      options.json ? quiet : output,
      terminalCountdown(output, options.json),
    );
    const { rotator, record, principal } = await openPickedRotation(options, selector, output);
    try {
      if (!options.json)
        output.line(
          `${command.verb} ${options.provider}/${principal ?? '?'} (${record.name}) in ${currentStateOf(record) ?? 'its first step'}`,
        );
      const result = await command.run(rotator, record, {
        onEvent: progress.onEvent,
        interrupt: watch.signal,
      });
      progress.stop();
      const { execution } = result;
      if (options.json) output.line(JSON.stringify(command.json(result), null, 2));
      else if (execution.status === 'RUNNING')
        printInterrupted(output, {
          name: execution.name,
          principal,
          provider: options.provider,
          stateDir: options.stateDir,
          state: currentStateOf(execution),
          signal: execution.interruptedBy,
        });
      else command.print(output, result);
      return execution.status === 'RUNNING'
        ? interruptedExitCode(execution.interruptedBy)
        : command.exitCode(result);
    } finally {
      progress.stop();
      await rotator.close();
    }
  } catch (error) {
    return reportError(output, error, Boolean(options.json));
  } finally {
    watch.dispose();
  }
}
