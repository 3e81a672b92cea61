/**
 * Credentials for a member account: the member role assumed with the hub's
 * own credentials (the step's Lambda role), with the deployment's ExternalId.
 *
 * One provider per account per container, and one session per provider: the
 * IAM and Secrets Manager clients of an account share it, so a warm container
 * makes one AssumeRole per account, not one per client or per call, and
 * assumes the role again shortly before the session expires. STS is reached
 * through the SDK's own endpoint resolution (`AWS_ENDPOINT_URL`), so the
 * local cloud, LocalStack or moto answer the same calls.
 *
 * A role that cannot be assumed (missing, distrusting the hub, another
 * ExternalId, STS off in the region) is MemberAccountUnreachableError, named
 * after the account and the role; STS throttles, 5xx and timeouts stay
 * TransientError, which the state machine retries.
 */
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { type AccountScope, memberRoleArn } from '../../config/account-scope.ts';
import { MemberAccountUnreachableError, TransientError } from '../../rotation/rotation-errors.ts';
import { boundedRequestHandler } from './bounded-request-handler.ts';
import { globalServiceRegion } from './global-service-region.ts';
import { failureOf, isTransient } from './transient-errors.ts';

/** CloudTrail in the member account shows who acted: `access-key-rotator` and the hub's function. */
const SESSION_NAME = 'access-key-rotator';
/** One hour: a step's calls end well within it, and the provider renews before expiry. */
const SESSION_SECONDS = 3600;
/**
 * A session with less than this left is renewed. Longer than the 5 minutes
 * at which each SDK client asks its provider again, so the client then gets
 * a fresh session, never the one about to expire.
 */
export const RENEW_BEFORE_EXPIRY_MS = 10 * 60_000;

type AwsCredentialIdentityProvider = ReturnType<typeof fromTemporaryCredentials>;
type AwsCredentialIdentity = Awaited<ReturnType<AwsCredentialIdentityProvider>>;

export type MemberAccountCredentials = (account: string) => AwsCredentialIdentityProvider;

export interface MemberAccountCredentialsOptions {
  /**
   * The clock sessions are renewed by.
   * @default - Date.now
   */
  readonly now?: () => number;
}

/** The name a failure is known by, including Node's network codes (ENOTFOUND for an endpoint that does not resolve). */
function failureName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return typeof error;
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
  return typeof name === 'string' ? name : 'Error';
}

function whatToDo(account: string, failure: string): string {
  if (failure === 'RegionDisabledException') return `activate STS for this region in account ${account}`;
  if (failure.startsWith('E')) return 'check the STS endpoint and region the hub is configured with';
  return (
    `deploy the member stack in account ${account}, and check that its role trusts this hub's ` +
    `step roles and that akr:memberExternalId matches the ExternalId it requires`
  );
}

/** The SDK's messages can quote the request; only the failure's name and status are kept. */
export function assumeRoleFailure(account: string, roleArn: string, error: unknown): Error {
  if (isTransient(error))
    return new TransientError(`STS AssumeRole of ${roleArn} ${failureOf(error)}; safe to retry`);
  const failure = failureName(error);
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  const withStatus = typeof status === 'number' ? `${failure} (HTTP ${status})` : failure;
  return new MemberAccountUnreachableError(
    account,
    roleArn,
    `member account ${account} is unreachable: STS AssumeRole of ${roleArn} failed with ${withStatus}; ` +
      `${whatToDo(account, failure)}`,
  );
}

/** A session whose renewal failed still serves while it has this long left; the next call renews again. */
export const STILL_USABLE_MS = 2 * 60_000;

interface Session {
  readonly identity: Promise<AwsCredentialIdentity>;
  expiresAt?: number;
}

/**
 * One session shared by every caller: callers that ask while AssumeRole is in
 * flight wait for that same call; a failed call is forgotten, so the next
 * step tries again. A renewal that fails while the old session still has
 * minutes left answers with the old session: an STS blip at renewal time
 * then costs nothing, and STS is asked again on the next call.
 */
function sharedSession(
  assume: AwsCredentialIdentityProvider,
  fail: (error: unknown) => Error,
  now: () => number,
): AwsCredentialIdentityProvider {
  let session: Session | undefined;
  let last: { readonly identity: AwsCredentialIdentity; readonly expiresAt: number } | undefined;
  return (properties) => {
    const current = session;
    if (current !== undefined && (current.expiresAt ?? Infinity) - now() > RENEW_BEFORE_EXPIRY_MS)
      return current.identity;
    const next: Session = {
      identity: assume(properties).then(
        (identity) => {
          next.expiresAt = identity.expiration?.getTime() ?? Infinity;
          last = { identity, expiresAt: next.expiresAt };
          return identity;
        },
        (error: unknown) => {
          if (session === next) session = undefined;
          if (last !== undefined && last.expiresAt - now() > STILL_USABLE_MS) return last.identity;
          throw fail(error);
        },
      ),
    };
    session = next;
    return next.identity;
  };
}

export function memberAccountCredentials(
  scope: AccountScope,
  options: MemberAccountCredentialsOptions = {},
): MemberAccountCredentials {
  const now = options.now ?? Date.now;
  const byAccount = new Map<string, AwsCredentialIdentityProvider>();
  return (account) => {
    let provider = byAccount.get(account);
    if (provider === undefined) {
      const roleArn = memberRoleArn(account, scope);
      const assume = fromTemporaryCredentials({
        params: {
          RoleArn: roleArn,
          RoleSessionName: SESSION_NAME,
          ExternalId: scope.memberExternalId,
          DurationSeconds: SESSION_SECONDS,
        },
        clientConfig: { region: globalServiceRegion(), requestHandler: boundedRequestHandler() },
      });
      provider = sharedSession(assume, (error) => assumeRoleFailure(account, roleArn, error), now);
      byAccount.set(account, provider);
    }
    return provider;
  };
}
