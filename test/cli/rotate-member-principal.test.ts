/**
 * `akr rotate --principal <account-id>/<user>` on a deployment: started under
 * `<account>_<user>-<day>` with the principal as typed, a dry run under its own
 * name; a malformed principal is refused naming --principal, nothing started.
 * Which member accounts are in scope is the deployment's setting: its Plan
 * refuses the others before any change.
 */
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rotateCommand } from '../../cli/commands/rotate-command.ts';
import { dryRunExecutionName } from '../../cli/dry-run-name.ts';
import { executionNameFor } from '../../cli/execution-name.ts';
import { nextStep } from '../../cli/rotation-next-step.ts';

const sfn = mockClient(SFNClient);
const ROTATION_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:Rotation';
const today = () => new Date().toISOString().slice(0, 10);

function run(principal: string, extra: Record<string, unknown> = {}) {
  const errors: string[] = [];
  const output = { line: () => undefined, error: (text: string) => errors.push(text) };
  const options = { principal, provider: 'aws', stateMachineArn: ROTATION_ARN, stateDir: '.akr', ...extra };
  return rotateCommand(options, output).then((exit) => ({ exit, errors: errors.join('\n') }));
}

function started() {
  return sfn.commandCalls(StartExecutionCommand).map((call) => ({
    name: call.args[0].input.name,
    input: JSON.parse(call.args[0].input.input ?? '{}') as unknown,
  }));
}

beforeEach(() => {
  sfn.reset();
  sfn.on(StartExecutionCommand).callsFake(({ stateMachineArn, name }) => ({
    executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`,
    startDate: new Date(),
  }));
});
afterEach(() => vi.unstubAllEnvs());

describe('akr rotate --principal <account-id>/<user>', () => {
  it('starts <account>_<user>-<day> with the member principal as its input', async () => {
    // Act
    const { exit } = await run('111122223333/alice');

    // Assess
    expect(exit).toBe(0);
    expect(started()).toEqual([
      { name: `111122223333_alice-${today()}`, input: { principal: '111122223333/alice' } },
    ]);
  });

  it("starts <hub id>/alice as the hub's alice when AKR_HUB_ACCOUNT_ID names the hub", async () => {
    // Prepare
    vi.stubEnv('AKR_HUB_ACCOUNT_ID', '123456789012');

    // Act
    await run('123456789012/alice');

    // Assess
    expect(started()).toEqual([{ name: `alice-${today()}`, input: { principal: 'alice' } }]);
  });

  it.each([
    ['a/b/c', '--principal: must be <user> or <account-id>/<user>, with one "/" at most'],
    ['1111/alice', '--principal: account "1111" before the "/" must be a 12-digit AWS account id'],
  ])('refuses %s naming --principal, starting nothing', async (principal, message) => {
    // Act
    const { exit, errors } = await run(principal);

    // Assess
    expect(exit).not.toBe(0);
    expect(errors).toContain('VALIDATION_ERROR');
    expect(errors).toContain(message);
    expect(started()).toEqual([]);
  });
});

describe('execution names of a member principal', () => {
  const at = new Date('2026-12-02T05:45:10.042Z');

  it('put _ for the / between account and user, in real and dry runs', () => {
    expect(executionNameFor('111122223333/alice', at)).toBe('111122223333_alice-2026-12-02');
    expect(dryRunExecutionName('111122223333/alice', at)).toBe(
      'dryrun-111122223333_alice-2026-12-02T05-45-10-042Z',
    );
  });
});

describe('the next step after an unreachable member account', () => {
  it('says to deploy the member stack, and that nothing was changed', () => {
    expect(nextStep({ error: 'MemberAccountUnreachableError' })).toBe(
      "Deploy the member stack in the principal's account (or fix its trust of this hub and akr:memberExternalId), then start again; nothing was changed.",
    );
  });
});
