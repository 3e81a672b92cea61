import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FleetPrincipal } from '../../lambdas/fleet/fleet-ports.ts';
import { TEST_ENV } from '../handlers/handler-harness.ts';

async function importFleetPorts() {
  vi.resetModules();
  return import('../../lambdas/wiring/fleet-wiring.ts');
}

async function collect(principals: AsyncIterable<FleetPrincipal>): Promise<string[]> {
  const names: string[] = [];
  for await (const principal of principals) names.push(principal.principal);
  return names;
}

describe('fleet ports', () => {
  beforeEach(() => {
    for (const [name, value] of Object.entries(TEST_ENV)) vi.stubEnv(name, value);
  });
  afterEach(() => vi.unstubAllEnvs());

  it('wires the IAM directory and the fleet settings of the environment', async () => {
    // Prepare
    vi.stubEnv('AKR_MAX_KEY_AGE_DAYS', '60');
    vi.stubEnv('AKR_EXEMPT_GROUPS', 'break-glass, auditors');
    vi.stubEnv('AKR_DISCOVERY_CONCURRENCY', '3');

    // Act
    const { fleetPorts } = await importFleetPorts();

    // Assess
    expect(fleetPorts.directory.provider).toBe('aws');
    expect(fleetPorts.settings.lockTableName).toBe('akr-locks');
    expect(fleetPorts.fleetSettings).toMatchObject({
      maxKeyAgeDays: 60,
      exemptGroups: ['break-glass', 'auditors'],
      discoveryConcurrency: 3,
    });
  });

  it('wires the configured Yandex service accounts, without a network call', async () => {
    // Prepare
    vi.stubEnv('AKR_PROVIDER', 'yandex');
    vi.stubEnv('AKR_YANDEX_SERVICE_ACCOUNTS', 'ajeservice0000000001,ajeservice0000000002');
    const fetchSpy = vi.spyOn(globalThis, 'fetch');

    // Act
    const { fleetPorts } = await importFleetPorts();
    const listed = await collect(fleetPorts.directory.listPrincipals());

    // Assess
    expect(fleetPorts.directory.provider).toBe('yandex');
    expect(listed).toEqual(['ajeservice0000000001', 'ajeservice0000000002']);
    expect(fetchSpy).not.toHaveBeenCalled();
    fetchSpy.mockRestore();
  });

  it('fails at cold start on a misconfigured fleet setting, naming the variable', async () => {
    // Prepare
    vi.stubEnv('AKR_DISCOVERY_CONCURRENCY', '0');

    // Act
    const loading = importFleetPorts();

    // Assess
    await expect(loading).rejects.toThrow(/AKR_DISCOVERY_CONCURRENCY/);
  });
});
