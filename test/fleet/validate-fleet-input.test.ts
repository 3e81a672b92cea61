import { describe, expect, it } from 'vitest';
import { discoverFleet } from '../../lambdas/fleet/discover-fleet.ts';
import { parseFleetInput } from '../../lambdas/fleet/validate-fleet-input.ts';
import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';
import { MAX_DURATION_SECONDS } from '../../lambdas/rotation/validate-rotation-input.ts';
import { TEST_SETTINGS } from '../support/in-memory-ports.ts';
import { createFleetWorld, daysBefore, discoverRequest, TEST_FLEET_SETTINGS } from './fakes/fleet-world.ts';

const YEAR = MAX_DURATION_SECONDS;

/** [what is wrong, raw input, the field the error must name] */
const MALFORMED: readonly [string, unknown, string][] = [
  ['input null', null, 'input'],
  ['input an array', [{ dryRun: true }], 'input'],
  ['input a string', '{"dryRun":true}', 'input'],
  ['input undefined', undefined, 'input'],
  ['an unknown field', { dryrun: true }, 'dryrun'],
  ['a principal, which only a rotation takes', { principal: 'alice' }, 'principal'],
  ['dryRun as a string', { dryRun: 'true' }, 'dryRun'],
  ['dryRun null', { dryRun: null }, 'dryRun'],
  ['grace period as a string', { gracePeriodSeconds: '604800' }, 'gracePeriodSeconds'],
  ['grace period a fraction', { gracePeriodSeconds: 0.5 }, 'gracePeriodSeconds'],
  ['grace period negative', { gracePeriodSeconds: -1 }, 'gracePeriodSeconds'],
  ['grace period over a year', { gracePeriodSeconds: YEAR + 1 }, 'gracePeriodSeconds'],
  ['deletion delay NaN', { deletionDelaySeconds: Number.NaN }, 'deletionDelaySeconds'],
  ['deletion delay null', { deletionDelaySeconds: null }, 'deletionDelaySeconds'],
  [
    'grace plus deletion over a year',
    { gracePeriodSeconds: YEAR, deletionDelaySeconds: 1 },
    'gracePeriodSeconds',
  ],
  [
    'grace over a year with the default deletion delay',
    { gracePeriodSeconds: YEAR - 10 },
    'gracePeriodSeconds',
  ],
  ['policy age zero', { maxKeyAgeDays: 0 }, 'maxKeyAgeDays'],
  ['policy age over ten years', { maxKeyAgeDays: 3651 }, 'maxKeyAgeDays'],
  ['policy age a fraction', { maxKeyAgeDays: 89.5 }, 'maxKeyAgeDays'],
  ['policy age as a string', { maxKeyAgeDays: '90' }, 'maxKeyAgeDays'],
  ['accounts not a list', { accounts: '111122223333' }, 'accounts'],
  ['an account id of 11 digits', { accounts: ['11112222333'] }, 'accounts'],
  ['an account id with letters', { accounts: ['11112222333a'] }, 'accounts'],
  ['an excluded account id of 13 digits', { excludeAccounts: ['1111222233334'] }, 'excludeAccounts'],
  [
    'an account both included and excluded',
    { accounts: ['111122223333'], excludeAccounts: ['111122223333'] },
    'excludeAccounts',
  ],
  ['an OU id that is not ou-…', { organizationalUnits: ['r-ab12'] }, 'organizationalUnits'],
  [
    'an OU with accounts too',
    { accounts: ['111122223333'], organizationalUnits: ['ou-ab12-cd34ef56'] },
    'organizationalUnits',
  ],
  [
    'OUs for a deployment that does not rotate the organization',
    { organizationalUnits: ['ou-ab12-cd34ef56'] },
    'organizationalUnits',
  ],
  ['an account this (hub-only) deployment does not rotate', { accounts: ['111122223333'] }, 'accounts'],
];

describe('discoverFleet refuses malformed input before any port call', () => {
  it.each(MALFORMED)('%s', async (_case, input, field) => {
    // Prepare
    const world = createFleetWorld();
    world.directory.addPrincipal('alice');
    world.directory.addKey('alice', daysBefore(world, 100));

    // Act
    const error = await discoverFleet({ ...discoverRequest(), input }, world.ports).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field });
    expect((error as Error).message).toContain(field);
    expect(world.log.calls).toEqual([]);
    expect(world.workStore.puts).toEqual([]);
  });
});

describe('parseFleetInput', () => {
  it('fills what the schedule leaves out from the deployment', () => {
    // Act
    const input = parseFleetInput({}, TEST_SETTINGS, TEST_FLEET_SETTINGS);

    // Assess
    expect(input).toEqual({
      dryRun: false,
      gracePeriodSeconds: TEST_SETTINGS.defaultGracePeriodSeconds,
      deletionDelaySeconds: TEST_SETTINGS.defaultDeletionDelaySeconds,
      maxKeyAgeDays: TEST_FLEET_SETTINGS.maxKeyAgeDays,
      accounts: undefined,
      excludeAccounts: [],
      organizationalUnits: undefined,
    });
  });

  it('accepts the limits themselves', () => {
    // Act
    const low = parseFleetInput(
      { dryRun: true, gracePeriodSeconds: 0, deletionDelaySeconds: 0, maxKeyAgeDays: 1 },
      TEST_SETTINGS,
      TEST_FLEET_SETTINGS,
    );
    const high = parseFleetInput(
      { gracePeriodSeconds: YEAR - 1, deletionDelaySeconds: 1, maxKeyAgeDays: 3650 },
      TEST_SETTINGS,
      TEST_FLEET_SETTINGS,
    );

    // Assess
    expect(low).toMatchObject({
      dryRun: true,
      gracePeriodSeconds: 0,
      deletionDelaySeconds: 0,
      maxKeyAgeDays: 1,
    });
    expect(high).toMatchObject({
      gracePeriodSeconds: YEAR - 1,
      deletionDelaySeconds: 1,
      maxKeyAgeDays: 3650,
    });
  });
});
