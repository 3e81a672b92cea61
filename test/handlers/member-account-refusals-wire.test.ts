/**
 * A member account that cannot be reached or is throttled, on the embedded
 * local cloud: a role that is missing, distrusts the hub or wants another
 * ExternalId fails Plan as MEMBER_ACCOUNT_UNREACHABLE with nothing changed;
 * a throttled account fails as TransientError while the hub's principals go on.
 */
import { seedIamUser } from '@access-key-rotator/local-cloud';
import { describe, expect, it } from 'vitest';
import { OPTED_IN_TAGS } from '../../lambdas/config/environment.ts';
import {
  context,
  DISTRUSTING,
  MEMBER,
  MISSING,
  ROLE,
  useMemberAccountCloud,
} from './member-account-cloud.ts';

const world = useMemberAccountCloud();

describe('a member role that cannot be assumed', () => {
  it.each([
    ['distrusts the hub', DISTRUSTING, {}],
    ['is missing', MISSING, {}],
    ['wants another ExternalId', MEMBER, { AKR_MEMBER_EXTERNAL_ID: 'not-the-member-stacks-id' }],
  ])(
    'fails Plan with MEMBER_ACCOUNT_UNREACHABLE when the role %s, naming it, changing nothing',
    async (_case, account, env) => {
      // Prepare
      seedIamUser(
        world.cloud,
        { userName: 'bob', tags: OPTED_IN_TAGS, keys: [{ ageDays: 100 }] },
        { account },
      );
      const steps = await world.loadSteps(env);
      const changesBefore = world.cloud.requests.filter(
        (request) => request.mutating && request.service !== 'sts',
      ).length;

      // Act
      const error = await steps
        .plan(world.planRequest(`${account}/bob`, `${account}_bob-wire`, false), context)
        .then(
          () => undefined,
          (caught: unknown) => caught as Error & { code?: string },
        );

      // Assess
      expect(error?.name).toBe('MemberAccountUnreachableError');
      expect(error?.code).toBe('MEMBER_ACCOUNT_UNREACHABLE');
      expect(error?.message).toContain(`arn:aws:iam::${account}:role/${ROLE}`);
      expect(error?.message).toContain('failed with AccessDenied (HTTP 403)');
      expect(
        world.cloud.requests.filter((request) => request.mutating && request.service !== 'sts').length,
      ).toBe(changesBefore);
    },
  );
});

describe('throttling in one member account', () => {
  it("is TransientError there, retried by the state machine, while the hub's principals plan as usual", async () => {
    // Prepare
    world.seedMemberAlice();
    seedIamUser(world.cloud, { userName: 'carol', tags: OPTED_IN_TAGS, keys: [{ ageDays: 100 }] });
    const steps = await world.loadSteps();
    world.cloud.injectFault({
      service: 'iam',
      action: 'GetUser',
      account: MEMBER,
      // More than the SDK's own attempts: the throttle outlasts them, as a sustained one does.
      times: 10,
      error: { code: 'Throttling', message: 'Rate exceeded', status: 400 },
    });

    // Act
    const member = await steps.plan(world.planRequest(`${MEMBER}/alice`, 'throttled'), context).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    const hub = await steps.plan(world.planRequest('carol', 'carol-dry'), context);
    world.cloud.clearFaults();

    // Assess
    expect(member?.name).toBe('TransientError');
    expect(member?.message).toMatch(/^IAM GetUser failed with Throttling \(HTTP 400\); safe to retry$/);
    expect(hub).toMatchObject({ principal: 'carol', dryRun: true });
  });
});
