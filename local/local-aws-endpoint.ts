/**
 * Decides where the AWS SDK calls of a local run go. With `AWS_ENDPOINT_URL`
 * set (LocalStack, moto, …) everything goes there and nothing is started (Yandex
 * calls then go to `YC_ENDPOINT_URL`, or to Yandex Cloud), and the account is the
 * one STS names there; otherwise the embedded local cloud is started over the
 * state in `.akr/` and serves both, Yandex only where the user's own
 * `YC_ENDPOINT_URL` does not point elsewhere.
 * Either way the SDK reads its own environment variables: the handlers carry no
 * endpoint code.
 */
import { LOCAL_ADMIN_CREDENTIALS, type LocalCloud, startLocalCloud } from '@access-key-rotator/local-cloud';
import { accountBehindEndpoint } from './endpoint-account.ts';

export interface LocalAwsEndpoint {
  readonly endpoint: string;
  /** The embedded cloud, when this run started one. */
  readonly cloud: LocalCloud | undefined;
  readonly region: string;
  readonly accountId: string;
  close(): Promise<void>;
}

/** @param readOnly the embedded cloud never writes `stateDir` (changes stay in memory). */
export async function openLocalAwsEndpoint(
  stateDir: string,
  options: { readonly readOnly?: boolean } = {},
): Promise<LocalAwsEndpoint> {
  const external = process.env.AWS_ENDPOINT_URL;
  if (external) {
    process.env.AWS_REGION ??= 'us-east-1';
    return {
      endpoint: external,
      cloud: undefined,
      region: process.env.AWS_REGION,
      accountId: await accountBehindEndpoint(external),
      close: async () => undefined,
    };
  }
  const cloud = await startLocalCloud({ stateDir, readOnly: options.readOnly ?? false });
  process.env.AWS_ENDPOINT_URL = cloud.endpoint;
  // The embedded cloud serves the Yandex APIs on the same endpoint, unless the user named one.
  const servesYandex = !process.env.YC_ENDPOINT_URL;
  if (servesYandex) process.env.YC_ENDPOINT_URL = cloud.endpoint;
  process.env.AWS_REGION = cloud.region;
  process.env.AWS_ACCESS_KEY_ID = LOCAL_ADMIN_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_ADMIN_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  return {
    endpoint: cloud.endpoint,
    cloud,
    region: cloud.region,
    accountId: cloud.accountId,
    close: async () => {
      await cloud.close();
      delete process.env.AWS_ENDPOINT_URL;
      if (servesYandex) delete process.env.YC_ENDPOINT_URL;
    },
  };
}
