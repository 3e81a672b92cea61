/**
 * Turns execution events into the lines an operator watches: one per step, as
 * it happens, with how long it took. It picks only id and time fields out of
 * state outputs, so nothing else a state carries can reach the terminal.
 */
import type { HistoryEvent } from '../local/workflow/execution-history-store.ts';
import type { CliOutput } from './cli-output.ts';
import { formatSeconds } from './duration.ts';

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

export class RotationProgress {
  private readonly entered = new Map<string, number>();
  private readonly output: CliOutput;

  constructor(output: CliOutput) {
    this.output = output;
  }

  readonly onEvent = (event: HistoryEvent): void => {
    const title = event.stateName ? STEP_TITLES[event.stateName] : undefined;
    const at = Date.parse(event.timestamp);
    if (event.type === 'StateEntered' && title && event.stateName) {
      this.entered.set(event.stateName, at);
      if (event.stateType === 'Wait') {
        const seconds = waitSeconds(event.stateName, event.input);
        const until = seconds === undefined ? '' : ` (until ${new Date(at + seconds * 1000).toISOString()})`;
        this.output.line(
          `… ${title}: waiting ${seconds === undefined ? '' : formatSeconds(seconds)}${until}`,
        );
      }
    } else if (event.type === 'StateExited' && title && event.stateName && event.stateType !== 'Wait') {
      const took = at - (this.entered.get(event.stateName) ?? at);
      const detail = describeOutput(event.stateName, event.output);
      this.output.line(`✓ ${title} (${took} ms)${detail ? `: ${detail}` : ''}`);
    } else if (event.type === 'StateRetried' && event.stateName) {
      this.output.line(
        `↻ ${title ?? event.stateName}: retry ${event.retryAttempt ?? ''} after ${event.error ?? 'an error'}`,
      );
    } else if (event.type === 'StateFailed' && event.stateName) {
      this.output.line(`✗ ${title ?? event.stateName}: ${event.error ?? 'failed'}`);
    }
  };
}
