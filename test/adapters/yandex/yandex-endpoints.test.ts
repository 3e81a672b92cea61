import { describe, expect, it } from 'vitest';
import { IAM_TOKEN_AUDIENCE, yandexEndpoints } from '../../../lambdas/adapters/yandex/yandex-endpoints.ts';

describe('Yandex endpoints', () => {
  it('uses the public endpoints when nothing is set', () => {
    // Act
    const endpoints = yandexEndpoints({});

    // Assess
    expect(endpoints).toEqual({
      iam: 'https://iam.api.cloud.yandex.net',
      operation: 'https://operation.api.cloud.yandex.net',
      storage: 'https://storage.yandexcloud.net',
    });
  });

  it('sends every API to YC_ENDPOINT_URL, without a trailing slash', () => {
    // Act
    const endpoints = yandexEndpoints({ YC_ENDPOINT_URL: 'http://127.0.0.1:4599/' });

    // Assess
    expect(endpoints).toEqual({
      iam: 'http://127.0.0.1:4599',
      operation: 'http://127.0.0.1:4599',
      storage: 'http://127.0.0.1:4599',
    });
  });

  it('lets YC_ENDPOINT_URL_<SERVICE> win over YC_ENDPOINT_URL, service by service', () => {
    // Act
    const endpoints = yandexEndpoints({
      YC_ENDPOINT_URL: 'http://shared:1',
      YC_ENDPOINT_URL_IAM: 'http://iam:2',
      YC_ENDPOINT_URL_OPERATION: 'http://operation:3',
      YC_ENDPOINT_URL_STORAGE: 'http://storage:4',
    });

    // Assess
    expect(endpoints).toEqual({
      iam: 'http://iam:2',
      operation: 'http://operation:3',
      storage: 'http://storage:4',
    });
  });

  it('treats an empty variable as unset, like the rotator settings do', () => {
    // Act
    const endpoints = yandexEndpoints({ YC_ENDPOINT_URL_IAM: '', YC_ENDPOINT_URL: 'http://shared:1' });

    // Assess
    expect(endpoints.iam).toBe('http://shared:1');
  });

  it('keeps the production JWT audience whatever the endpoint', () => {
    // Assess
    expect(IAM_TOKEN_AUDIENCE).toBe('https://iam.api.cloud.yandex.net/iam/v1/tokens');
  });
});
