/**
 * findKeyOwner over the wire, against the embedded cloud of account
 * 123456789012: IAM GetAccessKeyLastUsed names the user; Yandex AccessKey.Get
 * takes a resource id, and an AWS-compatible `YC…` key id is found among the
 * service accounts the deployment knows. Nothing is changed by a lookup.
 */
import {
  LOCAL_ADMIN_CREDENTIALS,
  type LocalCloud,
  seedIamUser,
  seedYandexRotatorIdentity,
  seedYandexServiceAccount,
  startLocalCloud,
} from '@access-key-rotator/local-cloud';
import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamAccessKeyProvider } from '../../lambdas/adapters/aws/iam-access-key-provider.ts';
import { yandexAccessKeys } from '../../lambdas/adapters/yandex/yandex-access-keys.ts';

const ACCOUNT = '123456789012';
const AUTHORIZED_KEY_SECRET = 'access-key-rotator/yandex-authorized-key';
const KNOWN = 'ajeknownaccount00001';
const UNLISTED = 'ajeunlistedaccount01';
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ persist: false, accountId: ACCOUNT });
});
afterAll(() => cloud.close());

function clientConfig() {
  return { endpoint: cloud.endpoint, region: cloud.region, credentials: LOCAL_ADMIN_CREDENTIALS };
}

describe('IAM findKeyOwner on the embedded cloud', () => {
  it("names the owner of an Inactive key too, and nobody for another account's or an unknown key", async () => {
    // Prepare
    const { keyIds } = seedIamUser(cloud, {
      userName: 'alice',
      keys: [{ ageDays: 40 }, { ageDays: 10, status: 'Inactive' }],
    });
    const iam = new IAMClient(clientConfig());
    const keys = iamAccessKeyProvider(iam);

    // Act
    const active = await keys.findKeyOwner(keyIds[0] ?? '');
    const inactive = await keys.findKeyOwner(keyIds[1] ?? '');
    const unknown = await keys.findKeyOwner('AKIAUNKNOWN000000001');
    iam.destroy();

    // Assess
    expect(active).toEqual({ principal: 'alice', keyId: keyIds[0] });
    expect(inactive).toEqual({ principal: 'alice', keyId: keyIds[1] });
    expect(unknown).toBeUndefined();
    expect(cloud.iam.listAccessKeys('alice').map((key) => key.status)).toEqual(['Active', 'Inactive']);
  });
});

describe('Yandex findKeyOwner on the embedded cloud', () => {
  let known: string[];
  let unlisted: string[];
  beforeAll(() => {
    seedYandexRotatorIdentity(cloud, { secretName: AUTHORIZED_KEY_SECRET });
    known = seedYandexServiceAccount(cloud, { serviceAccountId: KNOWN, keys: [{ ageDays: 30 }] }).keyIds;
    unlisted = seedYandexServiceAccount(cloud, {
      serviceAccountId: UNLISTED,
      keys: [{ ageDays: 30 }],
    }).keyIds;
  });

  function yandexKeys() {
    const secrets = new SecretsManagerClient(clientConfig());
    const settings = { yandexAuthorizedKeySecret: AUTHORIZED_KEY_SECRET, yandexServiceAccounts: [KNOWN] };
    return yandexAccessKeys(settings, secrets, { YC_ENDPOINT_URL: cloud.endpoint, AWS_REGION: cloud.region });
  }

  it('answers a resource id with its service account and its YC key id, whichever account holds it', async () => {
    // Prepare
    const keys = yandexKeys();
    const resourceId = cloud.yandex.findAccessKeyByKeyId(unlisted[0] ?? '')?.id ?? '';

    // Act
    const owner = await keys.findKeyOwner(resourceId);

    // Assess
    expect(resourceId).toMatch(/^aje/);
    expect(owner).toEqual({ principal: UNLISTED, keyId: unlisted[0] });
  });

  it('finds a YC key id among the known service accounts, and nowhere else', async () => {
    // Prepare
    const keys = yandexKeys();

    // Act
    const inKnown = await keys.findKeyOwner(known[0] ?? '');
    const inUnlisted = await keys.findKeyOwner(unlisted[0] ?? '');
    const unknown = await keys.findKeyOwner('YCunknownkey00000000000000');

    // Assess
    expect(known[0]).toMatch(/^YC/);
    expect(inKnown).toEqual({ principal: KNOWN, keyId: known[0] });
    expect(inUnlisted).toBeUndefined();
    expect(unknown).toBeUndefined();
    expect(cloud.yandex.listAccessKeys(KNOWN).map((key) => key.keyId)).toEqual(known);
  });
});
