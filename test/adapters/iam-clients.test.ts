import { afterEach, describe, expect, it, vi } from 'vitest';
import { globalServiceRegion } from '../../lambdas/adapters/aws/global-service-region.ts';

async function importClients() {
  vi.resetModules();
  return import('../../lambdas/adapters/aws/iam-clients.ts');
}

describe('IAM clients', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('gives the global services a region even where none is configured', () => {
    // Act
    const fallback = globalServiceRegion({});
    const configured = globalServiceRegion({ AWS_REGION: 'eu-central-1' });

    // Assess
    expect(fallback).toBe('us-east-1');
    expect(configured).toBe('eu-central-1');
  });

  it('builds the IAM client in the Lambda region when there is one', async () => {
    // Prepare
    vi.stubEnv('AWS_REGION', 'eu-west-1');

    // Act
    const { iamClient } = await importClients();

    // Assess
    expect(await iamClient.config.region()).toBe('eu-west-1');
  });
});
