import { describe, expect, it } from 'vitest';
import { yandexFleetDirectory } from '../../lambdas/adapters/yandex/yandex-fleet-directory.ts';
import type { FleetPrincipal } from '../../lambdas/fleet/fleet-ports.ts';
import type { AccessKeySummary } from '../../lambdas/rotation/ports.ts';
import { TEST_SETTINGS } from '../support/in-memory-ports.ts';

const ACCOUNTS = ['ajeservice0000000001', 'ajeservice0000000002'];

async function collect(principals: AsyncIterable<FleetPrincipal>): Promise<FleetPrincipal[]> {
  const all: FleetPrincipal[] = [];
  for await (const principal of principals) all.push(principal);
  return all;
}

function recordingKeys() {
  const asked: string[] = [];
  const keys = {
    async listKeys(principal: string): Promise<AccessKeySummary[]> {
      asked.push(principal);
      return [{ keyId: 'YCAJEKEY000000000001', status: 'Active', createdAt: '2029-10-01T00:00:00Z' }];
    },
  };
  return { asked, keys };
}

describe('yandexFleetDirectory', () => {
  it('lists the configured service accounts, with no tags and no groups', async () => {
    // Prepare
    const { keys } = recordingKeys();
    const directory = yandexFleetDirectory(ACCOUNTS, keys, TEST_SETTINGS);

    // Act
    const principals = await collect(directory.listPrincipals());

    // Assess
    expect(directory.provider).toBe('yandex');
    expect(principals).toEqual(ACCOUNTS.map((principal) => ({ principal, tags: {}, groups: [] })));
  });

  it.each([
    ['a user path', { userPath: '/service/' }],
    ['an opt-in tag', { optInTag: { key: 'rotate', value: undefined } }],
  ])('lists none when %s is configured, as Plan would refuse them all', async (_case, scope) => {
    // Prepare
    const { keys } = recordingKeys();
    const directory = yandexFleetDirectory(ACCOUNTS, keys, { ...TEST_SETTINGS, ...scope });

    // Act
    const principals = await collect(directory.listPrincipals());

    // Assess
    expect(principals).toEqual([]);
  });

  it('lists keys through the Yandex key provider', async () => {
    // Prepare
    const { asked, keys } = recordingKeys();
    const directory = yandexFleetDirectory(ACCOUNTS, keys, TEST_SETTINGS);

    // Act
    const listed = await directory.listKeys('ajeservice0000000002');

    // Assess
    expect(asked).toEqual(['ajeservice0000000002']);
    expect(listed.map((key) => key.keyId)).toEqual(['YCAJEKEY000000000001']);
  });
});
