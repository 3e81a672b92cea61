/**
 * Discover lists the organization through the listing role in the
 * management account when the hub is not that account: the role trusts the
 * hub's step roles with the ExternalId, exactly as the member role does, so
 * the client must send it. On the embedded cloud, with a real AssumeRole.
 */
import { type LocalCloud, seedOrganization, startLocalCloud } from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  organizationsClient,
  organizationsDirectory,
} from '../../lambdas/adapters/aws/organizations-directory.ts';

const HUB = '123456789012';
const MANAGEMENT = '999999999999';
const MEMBER = '111111111111';
const ROLE = 'access-key-rotator-organization-listing';
const EXTERNAL_ID = 'access-key-rotator';
let cloud: LocalCloud;
const saved = { ...process.env };

async function listed(externalId: string): Promise<string[]> {
  const directory = organizationsDirectory(
    organizationsClient(`arn:aws:iam::${MANAGEMENT}:role/${ROLE}`, externalId),
  );
  const ids: string[] = [];
  for await (const account of directory.listAccounts()) ids.push(account.id);
  return ids.sort();
}

beforeAll(async () => {
  cloud = await startLocalCloud({ persist: false, accountId: HUB });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: cloud.endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AKR_REQUEST_TIMEOUT_MS: '2000',
  });
  seedOrganization(cloud, {
    managementAccountId: MANAGEMENT,
    accounts: [{ id: MANAGEMENT }, { id: HUB }, { id: MEMBER }],
  });
  cloud.account(MANAGEMENT).iam.roles.create({
    roleName: ROLE,
    assumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${HUB}:root` },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'sts:ExternalId': EXTERNAL_ID },
            ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${HUB}:role/access-key-rotator/*` },
          },
        },
      ],
    },
  });
});
afterAll(async () => {
  process.env = saved;
  await cloud.close();
});

describe('listing the organization through the listing role', () => {
  it('assumes the role with the ExternalId and lists every account', async () => {
    expect(await listed(EXTERNAL_ID)).toEqual([MEMBER, HUB, MANAGEMENT].sort());
    const assumed = cloud.requests.filter((request) => request.action === 'AssumeRole');
    expect(assumed.map((request) => request.status)).toEqual([200]);
  });

  it('is refused by a role that wants another ExternalId', async () => {
    await expect(listed('another-hub')).rejects.toThrow();
  });
});
