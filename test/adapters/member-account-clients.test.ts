/**
 * A member account's clients sign with the member role's session: one
 * AssumeRole per account per warm container, shared by its IAM and Secrets
 * Manager clients, renewed before it expires; the hub's clients are the
 * container's own and assume nothing. A role that cannot be assumed is one
 * named error that says which role and what to do.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/nested-clients/sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { iamClientsWith } from '../../lambdas/adapters/aws/iam-clients.ts';
import { memberAccountCredentials } from '../../lambdas/adapters/aws/member-account-credentials.ts';
import { perAccount } from '../../lambdas/adapters/aws/per-account.ts';
import {
  secretsManagerClient,
  secretsManagerClientWith,
} from '../../lambdas/adapters/aws/secrets-manager-client.ts';
import { readAccountScope } from '../../lambdas/config/account-scope.ts';
import { MemberAccountUnreachableError, TransientError } from '../../lambdas/rotation/rotation-errors.ts';
import { sdkError } from './sdk-errors.ts';

/** The STS client the SDK's fromTemporaryCredentials builds for AssumeRole. */
const stsMock = mockClient(STSClient);

const HUB = '999988887777';
const MEMBER = '111122223333';
const OTHER_MEMBER = '444455556666';
const SESSION_SECRET = 'session-secret-never-shown';

interface AccountClients {
  readonly iam: IAMClient;
  readonly iamCreateKey: IAMClient;
  readonly secretsManager: SecretsManagerClient;
}

const hubClients: AccountClients = {
  iam: new IAMClient({ region: 'us-east-1' }),
  iamCreateKey: new IAMClient({ region: 'us-east-1', maxAttempts: 1 }),
  secretsManager: secretsManagerClient,
};

function session(accessKeyId: string, expiresInMs: number) {
  return {
    Credentials: {
      AccessKeyId: accessKeyId,
      SecretAccessKey: SESSION_SECRET,
      SessionToken: `token-of-${accessKeyId}`,
      Expiration: new Date(Date.now() + expiresInMs),
    },
  };
}

/** As the wiring builds them: each member account's clients on one credentials provider. */
function clientsFor(env: NodeJS.ProcessEnv = {}) {
  const credentials = memberAccountCredentials(readAccountScope(env));
  return perAccount(hubClients, HUB, (account) => ({
    ...iamClientsWith(credentials(account)),
    secretsManager: secretsManagerClientWith(credentials(account)),
  }));
}

/** What each client would sign with: the SDK resolves (and memoizes) its credentials per client. */
async function signingKeys(clients: AccountClients): Promise<string[]> {
  return Promise.all(
    [clients.iam, clients.iamCreateKey, clients.secretsManager].map(
      async (client) => (await client.config.credentials()).accessKeyId,
    ),
  );
}

describe("a member account's clients", () => {
  beforeEach(() => stsMock.reset());
  afterEach(() => vi.useRealTimers());

  it("sign with the member role's session, assumed once for the account's three clients", async () => {
    // Prepare
    stsMock.on(AssumeRoleCommand).resolves(session('ASIAMEMBER0000000001', 3600_000));
    const clientsOf = clientsFor({ AKR_MEMBER_EXTERNAL_ID: 'org-7f3a' });

    // Act
    const keys = await signingKeys(clientsOf(MEMBER));
    const again = await signingKeys(clientsOf(MEMBER));

    // Assess
    expect([...keys, ...again]).toEqual(Array(6).fill('ASIAMEMBER0000000001'));
    expect(clientsOf(MEMBER)).toBe(clientsOf(MEMBER));
    const calls = stsMock.commandCalls(AssumeRoleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      RoleArn: `arn:aws:iam::${MEMBER}:role/access-key-rotator-member`,
      RoleSessionName: 'access-key-rotator',
      ExternalId: 'org-7f3a',
      DurationSeconds: 3600,
    });
  });

  it('assume each account its own role, once each', async () => {
    // Prepare
    stsMock
      .on(AssumeRoleCommand)
      .callsFake((input: { RoleArn: string }) =>
        session(input.RoleArn.includes(MEMBER) ? 'ASIAFIRST00000000001' : 'ASIASECOND0000000001', 3600_000),
      );
    const clientsOf = clientsFor({ AKR_MEMBER_ROLE_NAME: 'rotator' });

    // Act
    const [first, second] = await Promise.all([
      signingKeys(clientsOf(MEMBER)),
      signingKeys(clientsOf(OTHER_MEMBER)),
    ]);

    // Assess
    expect(first).toEqual(Array(3).fill('ASIAFIRST00000000001'));
    expect(second).toEqual(Array(3).fill('ASIASECOND0000000001'));
    expect(stsMock.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input.RoleArn)).toEqual([
      `arn:aws:iam::${MEMBER}:role/rotator`,
      `arn:aws:iam::${OTHER_MEMBER}:role/rotator`,
    ]);
  });

  it('renew the session before it expires, and not before', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    stsMock
      .on(AssumeRoleCommand)
      .resolvesOnce(session('ASIAEARLY00000000001', 3600_000))
      .resolves(session('ASIALATER00000000001', 3600_000));
    const clientsOf = clientsFor();
    await signingKeys(clientsOf(MEMBER));

    // Act
    vi.setSystemTime(Date.now() + 45 * 60_000);
    const midSession = await signingKeys(clientsOf(MEMBER));
    vi.setSystemTime(Date.now() + 11 * 60_000);
    const nearExpiry = await signingKeys(clientsOf(MEMBER));

    // Assess
    expect(midSession).toEqual(Array(3).fill('ASIAEARLY00000000001'));
    expect(nearExpiry).toEqual(Array(3).fill('ASIALATER00000000001'));
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('keep serving the session it has when its renewal fails, until that session is nearly over', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    const throttled = sdkError('Throttling', 'Rate exceeded', { throttling: true });
    stsMock
      .on(AssumeRoleCommand)
      .resolvesOnce(session('ASIAEARLY00000000001', 3600_000))
      .rejectsOnce(throttled)
      .rejectsOnce(throttled);
    const provider = memberAccountCredentials(readAccountScope({}))(MEMBER);
    await provider();

    // Act: 52 minutes on, renewal is due and STS throttles; 59 minutes on, it still does.
    vi.setSystemTime(Date.now() + 52 * 60_000);
    const duringBlip = await provider();
    vi.setSystemTime(Date.now() + 7 * 60_000);
    const nearlyOver = await provider().catch((caught: unknown) => caught);

    // Assess
    expect(duringBlip.accessKeyId).toBe('ASIAEARLY00000000001');
    expect(nearlyOver).toBeInstanceOf(TransientError);
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(3);
  });

  it('leave the hub on its own clients, assuming no role', () => {
    // Act
    const clientsOf = clientsFor();

    // Assess
    expect(clientsOf(undefined)).toBe(hubClients);
    expect(clientsOf(HUB)).toBe(hubClients);
    expect(stsMock.calls()).toEqual([]);
  });
});

describe('a member role that cannot be assumed', () => {
  beforeEach(() => stsMock.reset());

  it.each([
    [
      'missing or distrusting the hub',
      sdkError('AccessDenied', 'not authorized to perform sts:AssumeRole', { httpStatusCode: 403 }),
    ],
    [
      'in a region where STS is off',
      sdkError('RegionDisabledException', 'STS is not activated', { httpStatusCode: 403 }),
    ],
  ])('is MEMBER_ACCOUNT_UNREACHABLE naming the account and the role (%s)', async (_case, refusal) => {
    // Prepare
    stsMock.on(AssumeRoleCommand).rejects(refusal);
    const clientsOf = clientsFor();

    // Act
    const outcome = clientsOf(MEMBER).iam.config.credentials();

    // Assess
    const error = await outcome.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MemberAccountUnreachableError);
    expect(error).toMatchObject({
      code: 'MEMBER_ACCOUNT_UNREACHABLE',
      account: MEMBER,
      roleArn: `arn:aws:iam::${MEMBER}:role/access-key-rotator-member`,
    });
    expect((error as Error).message).toContain(
      `member account ${MEMBER} is unreachable: STS AssumeRole of arn:aws:iam::${MEMBER}:role/access-key-rotator-member failed with ${refusal.name} (HTTP 403)`,
    );
    expect((error as Error).message).not.toContain(refusal.message);
  });

  it('tells what to do about a role that is missing or distrusts the hub', async () => {
    // Prepare
    stsMock.on(AssumeRoleCommand).rejects(sdkError('AccessDenied', 'denied', { httpStatusCode: 403 }));

    // Act
    const error = await clientsFor()(MEMBER)
      .secretsManager.config.credentials()
      .then(
        () => '',
        (caught: Error) => caught.message,
      );

    // Assess
    expect(error).toMatch(
      /deploy the member stack in account 111122223333, .*akr:memberExternalId matches the ExternalId/,
    );
  });

  it('stays TransientError when STS throttles, and is tried again on the next call', async () => {
    // Prepare
    stsMock
      .on(AssumeRoleCommand)
      .rejectsOnce(sdkError('Throttling', 'Rate exceeded', { throttling: true }))
      .resolves(session('ASIAAFTER00000000001', 3600_000));
    const clients = clientsFor()(MEMBER);

    // Act
    const first = await clients.iam.config.credentials().catch((caught: unknown) => caught);
    const second = await clients.iam.config.credentials();

    // Assess
    expect(first).toBeInstanceOf(TransientError);
    expect((first as Error).message).toBe(
      `STS AssumeRole of arn:aws:iam::${MEMBER}:role/access-key-rotator-member failed with Throttling (HTTP 400); safe to retry`,
    );
    expect(second.accessKeyId).toBe('ASIAAFTER00000000001');
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });
});
