/**
 * An unreachable member account (its role missing or distrusting the hub) is
 * not retried, since waiting deploys no role: at Plan the run fails with the
 * error's own name and nothing was changed; after Publish it is recorded with
 * both keys left usable, as any other failure there. Throttled STS stays
 * TransientError, which is retried.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runWithStubs, type StubHandler, stepError, stubHandlers } from './stub-workflow-run.ts';
import { type AslDefinition, renderStateMachine, synthesizeRotator } from './synthesized-rotator.ts';

let definition: AslDefinition;

beforeAll(() => {
  ({ definition } = renderStateMachine(synthesizeRotator().resources));
});

const UNREACHABLE =
  'member account 111122223333 is unreachable: STS AssumeRole of arn:aws:iam::111122223333:role/access-key-rotator-member failed with AccessDenied (HTTP 403)';

/** A step that fails every time with `name`, counting its attempts. */
function failing(name: string) {
  const step = {
    attempts: 0,
    handler: (() => {
      step.attempts += 1;
      throw stepError(name, UNREACHABLE);
    }) as StubHandler,
  };
  return step;
}

describe('a member account that cannot be reached', () => {
  it('fails Plan at once with MemberAccountUnreachableError: no retry, no key created', async () => {
    // Prepare
    const plan = failing('MemberAccountUnreachableError');

    // Act
    const outcome = await runWithStubs(definition, stubHandlers({ Plan: plan.handler }), {
      principal: '111122223333/alice',
    });

    // Assess
    expect(plan.attempts).toBe(1);
    expect(outcome.visited).toEqual(['Plan']);
    expect(outcome.error).toEqual({ name: 'MemberAccountUnreachableError', message: UNREACHABLE });
  });

  it('after Publish is recorded and ends the run with its name, both keys left usable', async () => {
    // Prepare
    const retire = failing('MemberAccountUnreachableError');

    // Act
    const outcome = await runWithStubs(definition, stubHandlers({ RetireOldKey: retire.handler }));

    // Assess
    expect(retire.attempts).toBe(1);
    expect(outcome.visited.slice(-3)).toEqual(['RetireOldKey', 'RecordFailure', 'RotationFailed']);
    expect(outcome.error?.name).toBe('MemberAccountUnreachableError');
  });

  it('is retried while STS only throttles (TransientError)', async () => {
    // Prepare
    let attempts = 0;
    const plan: StubHandler = () => {
      attempts += 1;
      if (attempts < 3)
        throw stepError('TransientError', 'STS AssumeRole failed with Throttling; safe to retry');
      return { principal: '111122223333/alice', dryRun: true };
    };

    // Act
    const outcome = await runWithStubs(definition, stubHandlers({ Plan: plan }));

    // Assess
    expect(attempts).toBe(3);
    expect(outcome.visited.at(-1)).toBe('DryRunComplete');
  });
});
