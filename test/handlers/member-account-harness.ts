/**
 * What the member-account handler tests share: a hub (123456789012, the
 * account of the harness's ARNs) with one member account in scope, the STS
 * client the SDK assumes the member role with, and a record of which
 * credentials signed each mocked call, so a test can tell the hub's calls
 * from the member account's.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/nested-clients/sts';
import { mockClient } from 'aws-sdk-client-mock';
import { vi } from 'vitest';

export const HUB = '123456789012';
export const MEMBER = '111122223333';
export const MEMBER_ROLE_ARN = `arn:aws:iam::${MEMBER}:role/access-key-rotator-member`;
/** The hub's own credentials (the step's role), from the environment as in a Lambda. */
export const HUB_KEY_ID = 'AKIAHUBSTEPROLE00001';
export const MEMBER_SESSION_KEY_ID = 'ASIAMEMBERSESSION001';
export const SESSION_SECRET = 'member-session-SECRET-must-not-leak';
const HUB_SECRET = 'hub-role-SECRET-must-not-leak';

/** The STS client inside the SDK's fromTemporaryCredentials (not @aws-sdk/client-sts's). */
export const memberStsMock = mockClient(STSClient);

export function stubMemberAccountEnv(extra: Readonly<Record<string, string>> = {}): void {
  const env = {
    AWS_ACCESS_KEY_ID: HUB_KEY_ID,
    AWS_SECRET_ACCESS_KEY: HUB_SECRET,
    AKR_HUB_ACCOUNT_ID: HUB,
    AKR_ACCOUNTS: MEMBER,
    ...extra,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
}

export function answerAssumeRole(): void {
  memberStsMock.reset();
  memberStsMock.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: MEMBER_SESSION_KEY_ID,
      SecretAccessKey: SESSION_SECRET,
      SessionToken: 'member-session-token',
      Expiration: new Date(Date.now() + 3600_000),
    },
  });
}

export function assumeRoleCalls(): number {
  return memberStsMock.commandCalls(AssumeRoleCommand).length;
}

export interface SignedCall {
  readonly command: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** The access key id the client would sign with: the hub's, or the member session's. */
  readonly signer: string;
}

interface ClientLike {
  readonly config: { credentials: () => Promise<{ readonly accessKeyId: string }> };
}

interface FakeableMock {
  on(command: unknown): {
    callsFake(fake: (input: Record<string, unknown>, getClient: () => ClientLike) => unknown): unknown;
  };
}

/** Calls in the order they were sent, with their signer. */
export const signedCalls: SignedCall[] = [];

/** Answers `command` with `output`, recording who signed it (resolving the client's credentials as sending does). */
export function answerSigned(
  mock: FakeableMock,
  command: { readonly name: string },
  output: unknown | ((input: Record<string, unknown>) => unknown),
): void {
  mock.on(command).callsFake(async (input, getClient) => {
    const { accessKeyId } = await getClient().config.credentials();
    signedCalls.push({ command: command.name.replace(/Command$/, ''), input, signer: accessKeyId });
    return typeof output === 'function'
      ? (output as (input: Record<string, unknown>) => unknown)(input)
      : output;
  });
}

export function signersOf(command: string): string[] {
  return signedCalls.filter((call) => call.command === command).map((call) => call.signer);
}

export function inputsOf(command: string): Readonly<Record<string, unknown>>[] {
  return signedCalls.filter((call) => call.command === command).map((call) => call.input);
}
