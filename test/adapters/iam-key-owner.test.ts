/**
 * From a key id to its IAM user: GetAccessKeyLastUsed names the owner. A key
 * that is not ours (NoSuchEntity, or AccessDenied for a user outside what the
 * rotator may read) is no owner; anything else, a hung IAM included, is a
 * failure and never taken for "unknown key". A member account's key is asked
 * of that account's IAM and named `<account>/<user>`.
 */
import { GetAccessKeyLastUsedCommand, IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accountAccessKeys } from '../../lambdas/adapters/aws/account-access-keys.ts';
import { boundedRequestHandler } from '../../lambdas/adapters/aws/bounded-request-handler.ts';
import { iamAccessKeyProvider } from '../../lambdas/adapters/aws/iam-access-key-provider.ts';
import { TransientError } from '../../lambdas/rotation/rotation-errors.ts';
import { type HungEndpoint, startHungEndpoint } from '../support/hung-endpoint.ts';
import { sdkError } from './sdk-errors.ts';

const HUB = '123456789012';
const MEMBER = '111122223333';
const KEY = 'AKIAEXPOSED000000001';

describe('IAM findKeyOwner', () => {
  // Mocks every IAMClient until restored: the hung-IAM test below needs the real one.
  const iamMock = mockClient(IAMClient);
  afterAll(() => iamMock.restore());
  const hubIam = new IAMClient({ region: 'us-east-1' });
  const memberIam = new IAMClient({ region: 'us-east-1' });
  const keys = accountAccessKeys(HUB, (account) =>
    account === undefined ? iamAccessKeyProvider(hubIam) : iamAccessKeyProvider(memberIam, { account }),
  );
  beforeEach(() => iamMock.reset());

  it("names the hub's user by its bare name, asking with the key id alone", async () => {
    // Prepare
    const clients: unknown[] = [];
    iamMock.on(GetAccessKeyLastUsedCommand).callsFake((_input, getClient) => {
      clients.push(getClient());
      return { UserName: 'alice', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } };
    });

    // Act
    const owner = await keys.findKeyOwner(KEY);

    // Assess
    expect(owner).toEqual({ principal: 'alice', keyId: KEY });
    expect(iamMock.commandCalls(GetAccessKeyLastUsedCommand).map((call) => call.args[0].input)).toEqual([
      { AccessKeyId: KEY },
    ]);
    expect(clients).toEqual([hubIam]);
  });

  it("asks a member account's IAM and names its user <account>/<user>", async () => {
    // Prepare
    const clients: unknown[] = [];
    iamMock.on(GetAccessKeyLastUsedCommand).callsFake((_input, getClient) => {
      clients.push(getClient());
      return { UserName: 'kim' };
    });

    // Act
    const owner = await keys.findKeyOwner(KEY, MEMBER);
    const hubSpelled = await keys.findKeyOwner(KEY, HUB);

    // Assess
    expect(owner).toEqual({ principal: `${MEMBER}/kim`, keyId: KEY });
    expect(hubSpelled).toEqual({ principal: 'kim', keyId: KEY });
    expect(clients).toEqual([memberIam, hubIam]);
  });

  it.each([
    ['NoSuchEntity', 404],
    ['NoSuchEntityException', 404],
    ['AccessDenied', 403],
    ['AccessDeniedException', 403],
  ])('answers no owner for %s', async (name, httpStatusCode) => {
    // Prepare
    iamMock.on(GetAccessKeyLastUsedCommand).rejects(sdkError(name, 'not yours', { httpStatusCode }));

    // Act
    const owner = await keys.findKeyOwner(KEY);

    // Assess
    expect(owner).toBeUndefined();
  });

  it('answers no owner when IAM names no user', async () => {
    // Prepare
    iamMock.on(GetAccessKeyLastUsedCommand).resolves({});

    // Act
    const owner = await keys.findKeyOwner(KEY, MEMBER);

    // Assess
    expect(owner).toBeUndefined();
  });

  it('lets any other failure through, so it is never taken for an unknown key', async () => {
    // Prepare
    iamMock
      .on(GetAccessKeyLastUsedCommand)
      .rejects(sdkError('InvalidInput', 'bad id', { httpStatusCode: 400 }));

    // Act
    const outcome = keys.findKeyOwner(KEY);

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'InvalidInput' });
  });
});

describe('IAM findKeyOwner against an IAM that never answers', () => {
  let hung: HungEndpoint;
  beforeAll(async () => {
    hung = await startHungEndpoint();
  });
  afterAll(() => hung.close());

  it('fails within the call bound as TransientError naming the call, not as "no owner"', async () => {
    // Prepare
    const iam = new IAMClient({
      endpoint: hung.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAHUNGTEST00000001', secretAccessKey: 'not-a-real-secret' },
      maxAttempts: 1,
      requestHandler: boundedRequestHandler({ connectMs: 200, requestMs: 300 }),
    });
    const before = hung.requests.length;
    const started = Date.now();

    // Act
    const outcome = iamAccessKeyProvider(iam)
      .findKeyOwner(KEY)
      .finally(() => iam.destroy());

    // Assess
    await expect(outcome).rejects.toThrow(TransientError);
    await expect(outcome).rejects.toThrow(
      'IAM GetAccessKeyLastUsed did not answer within 0.3 s; safe to retry',
    );
    expect(hung.requests.length - before).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
