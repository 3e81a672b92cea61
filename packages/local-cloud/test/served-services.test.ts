/**
 * `cloud.services` (what the `akr local-cloud` banner lists) is true: each
 * service it names answers a call of its own, and a service added to the
 * routers without a probe here fails this test until one is written.
 */
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ListUsersCommand } from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { ListTopicsCommand } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceName } from '../src/index.ts';
import { clientConfig, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

describe('the services the local cloud says it serves', () => {
  let t: TestCloud;
  let s3: S3Client;
  let organizations: OrganizationsClient;
  beforeAll(async () => {
    t = await startTestCloud();
    s3 = new S3Client({ ...clientConfig(t.cloud), forcePathStyle: true });
    organizations = new OrganizationsClient(clientConfig(t.cloud));
  });
  afterAll(async () => {
    s3.destroy();
    organizations.destroy();
    await t.close();
  });

  /** One call each service answers; the test fails for a listed service that has none. */
  const probes: Record<ServiceName, () => Promise<unknown>> = {
    iam: () => t.iam.send(new ListUsersCommand({})),
    sts: () => t.sts.send(new GetCallerIdentityCommand({})),
    secretsmanager: () => t.secrets.send(new ListSecretsCommand({})),
    dynamodb: () => t.dynamodb.send(new ListTablesCommand({})),
    sns: () => t.sns.send(new ListTopicsCommand({})),
    events: () =>
      t.events.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: '{}' }] })),
    s3: () => s3.send(new ListBucketsCommand({})),
    organizations: () => organizations.send(new DescribeOrganizationCommand({})),
    'yandex-iam': () => fetch(`${t.cloud.endpoint}/iam/aws-compatibility/v1/accessKeys?serviceAccountId=x`),
    'yandex-operation': () => fetch(`${t.cloud.endpoint}/operations/none`),
    'yandex-storage': () => fetch(`${t.cloud.endpoint}/`),
  };

  it('lists each AWS and Yandex service the rotator calls', () => {
    expect([...t.cloud.services].sort()).toEqual(Object.keys(probes).sort());
  });

  it('answers a call of each service it lists, as that service', async () => {
    for (const service of t.cloud.services) {
      const before = t.cloud.requests.length;

      await probes[service]().catch(() => undefined);

      expect(
        t.cloud.requests.slice(before).map((request) => request.service),
        service,
      ).toEqual([service]);
    }
  });
});
