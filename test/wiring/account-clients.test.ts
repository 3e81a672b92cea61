import { afterEach, describe, expect, it, vi } from 'vitest';

async function importWiring() {
  vi.resetModules();
  const [wiring, { iamClient }, { secretsManagerClient }] = await Promise.all([
    import('../../lambdas/wiring/account-clients.ts'),
    import('../../lambdas/adapters/aws/iam-clients.ts'),
    import('../../lambdas/adapters/aws/secrets-manager-client.ts'),
  ]);
  return { ...wiring, iamClient, secretsManagerClient };
}

describe('the accounts a container reaches', () => {
  afterEach(() => vi.unstubAllEnvs());

  it("is the hub alone, on the container's own clients, when no account setting is given", async () => {
    // Act
    const { accountScope, hubAccountId, clientsOfAccount, iamClient, secretsManagerClient } =
      await importWiring();

    // Assess
    expect(accountScope.source).toEqual({ kind: 'hub-only' });
    expect(hubAccountId).toBeUndefined();
    expect(clientsOfAccount(undefined).iam).toBe(iamClient);
    expect(clientsOfAccount(undefined).secretsManager).toBe(secretsManagerClient);
  });

  it('builds a member account its own clients, kept, and the hub id names the hub', async () => {
    // Prepare
    vi.stubEnv('AKR_HUB_ACCOUNT_ID', '999988887777');
    vi.stubEnv('AKR_ACCOUNTS', '111122223333');

    // Act
    const { clientsOfAccount, iamClient } = await importWiring();

    // Assess
    expect(clientsOfAccount('999988887777').iam).toBe(iamClient);
    expect(clientsOfAccount('111122223333').iam).not.toBe(iamClient);
    expect(clientsOfAccount('111122223333').iam).toBe(clientsOfAccount('111122223333').iam);
    expect(await clientsOfAccount('111122223333').iamCreateKey.config.maxAttempts()).toBe(1);
  });

  it('fails at cold start on a misconfigured scope, naming the variable', async () => {
    // Prepare
    vi.stubEnv('AKR_ACCOUNTS', '1111,222233334444');

    // Act
    const loading = importWiring();

    // Assess
    await expect(loading).rejects.toThrow(/^AKR_ACCOUNTS must list 12-digit AWS account ids, got "1111"/);
  });
});
