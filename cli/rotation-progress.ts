/**
 * Turns execution events into the lines an operator watches: one per step, as
 * it happens, with how long it took. It picks only id and time fields out of
 * state outputs, so nothing else a state carries can reach the terminal.
 */
import type { HistoryEvent } from '../evidence/model/execution-history.ts';
import type { CliOutput } from './cli-output.ts';
import { formatSeconds } from './duration.ts';
import type { WaitCountdown } from './wait-countdown.ts';

const STEP_TITLES: Record<string, string> = {
  Plan: 'plan',
  CreateKey: 'create new key',
  VerifyKey: 'verify new key',
  Publish: 'publish',
  WaitGrace: 'grace period',
  CheckOldKeyUse: 'check old key use',
  RetireOldKey: 'retire old key',
  WaitDeletion: 'deletion delay',
  DeleteOldKey: 'delete old key',
  Record: 'record evidence',
  RollBack: 'roll back',
  RecordRollback: 'record evidence',
  RecordFailure: 'record evidence',
};

type Fields = Record<string, unknown>;

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path)
    current = current && typeof current === 'object' ? (current as Fields)[key] : undefined;
  return current;
}

function describeOutput(stateName: string, output: unknown): string {
  const text = (...path: string[]) => String(field(output, ...path) ?? '');
  switch (stateName) {
    case 'Plan': {
      const oldKeyId = field(output, 'plan', 'oldKeyId');
      const adoption = field(output, 'plan', 'adoption') ? ' (adopted: no managed secret yet)' : '';
      const inactive = field(output, 'plan', 'inactiveKeyToDeleteId');
      const extra = inactive ? `; Inactive key ${inactive} will be deleted first` : '';
      return oldKeyId
        ? `old key ${oldKeyId}${adoption}${extra}`
        : `no Active key yet: this creates the first${extra}`;
    }
    case 'CreateKey':
      return `new key ${text('created', 'newKeyId')} stored as AWSPENDING`;
    case 'VerifyKey':
      return 'the new key signs requests successfully';
    case 'Publish':
      return 'AWSCURRENT now holds the new key';
    case 'CheckOldKeyUse': {
      if (field(output, 'plan', 'oldKeyId') === null) return 'no old key: nothing to retire';
      const lastUsed = field(output, 'usage', 'oldKeyLastUsedAt') ?? 'never';
      const decision = text('usage', 'decision');
      const inUse = field(output, 'usage', 'usedAfterPublish') ? ' — still in use after publish' : '';
      return `old key last used: ${lastUsed}${inUse} → ${decision === 'DEFER' ? 'defer retirement' : 'retire'}`;
    }
    case 'RetireOldKey':
      return field(output, 'plan', 'provider') === 'yandex'
        ? `old key ${text('plan', 'oldKeyId')} marked retired (Yandex keys have no status: it works until deleted)`
        : `old key ${text('plan', 'oldKeyId')} is Inactive`;
    case 'DeleteOldKey':
      return `old key ${text('plan', 'oldKeyId')} deleted`;
    case 'RollBack': {
      const deleted = field(output, 'rolledBack', 'deletedKeyIds');
      return `deleted ${Array.isArray(deleted) && deleted.length > 0 ? deleted.join(', ') : 'no key'}; pending version removed`;
    }
    default:
      return '';
  }
}

function waitSeconds(stateName: string, input: unknown): number | undefined {
  // Histories from before `graceWaitSeconds` existed carry only the grace period.
  const paths =
    stateName === 'WaitGrace' ? ['graceWaitSeconds', 'gracePeriodSeconds'] : ['deletionDelaySeconds'];
  const seconds = paths.map((path) => field(input, 'plan', path)).find((value) => typeof value === 'number');
  return typeof seconds === 'number' ? seconds : undefined;
}

/**
 * A step's mark is decided when it ends, not when one attempt fails: a failure
 * that a Retry recovers from is shown as a retry, and a failure that a Catch
 * takes (the state then exits into the rollback or failure path) is `✗` with
 * its error, never `✓`. A failure nothing catches is shown when the execution fails.
 * With a countdown (a TTY), a Wait counts down under its line until the next event.
 */
export class RotationProgress {
  private readonly entered = new Map<string, number>();
  /** The error of a state's latest failed attempt, until a retry clears it. */
  private readonly failed = new Map<string, string>();
  private current: string | undefined;
  private readonly output: CliOutput;
  private readonly countdown: WaitCountdown | undefined;

  constructor(output: CliOutput, countdown?: WaitCountdown) {
    this.output = output;
    this.countdown = countdown;
  }

  /** For a run that ends inside a Wait (interrupted, stopped): erase the countdown before the closing lines. */
  stop(): void {
    this.countdown?.stop();
  }

  private failedLine(stateName: string, error: string, at: number): string {
    const title = STEP_TITLES[stateName] ?? stateName;
    const took = at - (this.entered.get(stateName) ?? at);
    return `✗ ${title} (${took} ms): ${error}`;
  }

  readonly onEvent = (event: HistoryEvent): void => {
    // Whatever comes next, the wait being counted is over.
    this.countdown?.stop();
    const stateName = event.stateName ?? (event.type === 'StateFailed' ? this.current : undefined);
    const title = stateName ? STEP_TITLES[stateName] : undefined;
    const at = Date.parse(event.timestamp);
    if (event.type === 'StateEntered' && stateName) {
      this.current = stateName;
      this.failed.delete(stateName);
      if (!title) return;
      this.entered.set(stateName, at);
      if (event.stateType === 'Wait') {
        const seconds = waitSeconds(stateName, event.input);
        const until = seconds === undefined ? '' : ` (until ${new Date(at + seconds * 1000).toISOString()})`;
        this.output.line(
          `… ${title}: waiting ${seconds === undefined ? '' : formatSeconds(seconds)}${until}`,
        );
        if (seconds !== undefined) this.countdown?.start(title, at + seconds * 1000);
      }
    } else if (event.type === 'StateFailed' && stateName && event.stateType !== 'Fail') {
      // A Fail state (RotationRolledBack, …) only ends the run with the error already shown.
      this.failed.set(stateName, event.error ?? 'failed');
    } else if (event.type === 'StateRetried' && stateName) {
      const error = this.failed.get(stateName) ?? event.error ?? 'an error';
      this.failed.delete(stateName);
      this.output.line(`↻ ${title ?? stateName}: retry ${event.retryAttempt ?? ''} after ${error}`);
    } else if (event.type === 'StateExited' && stateName) {
      const error = this.failed.get(stateName);
      this.failed.delete(stateName);
      if (this.current === stateName) this.current = undefined;
      if (error !== undefined) this.output.line(this.failedLine(stateName, error, at));
      else if (title && event.stateType !== 'Wait') {
        const took = at - (this.entered.get(stateName) ?? at);
        const detail = describeOutput(stateName, event.output);
        this.output.line(`✓ ${title} (${took} ms)${detail ? `: ${detail}` : ''}`);
      }
    } else if (event.type === 'ExecutionFailed') {
      for (const [name, error] of this.failed) this.output.line(this.failedLine(name, error, at));
      this.failed.clear();
    }
  };
}
