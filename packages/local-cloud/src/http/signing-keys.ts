/**
 * Whose key signed a request, and in which account it acts: the admin key
 * (the home account, trusted as is), an IAM user's Active key (found in
 * whichever account issued it), or an STS session's key, which only counts
 * with the session token it was issued with (X-Amz-Security-Token) and only
 * until it expires. A long-term key sent with a session token is refused, as
 * AWS refuses it. The signature itself is checked by the caller, against the
 * secret returned here.
 */
import type { CloudAccounts } from '../accounts/cloud-accounts.ts';
import { LOCAL_ADMIN_CREDENTIALS } from '../cloud-constants.ts';
import type { SessionStore } from '../sts/session-store.ts';
import type { Caller } from './call-context.ts';
import type { ReceivedRequest } from './sigv4-verifier.ts';

export interface Signers {
  readonly accounts: CloudAccounts;
  readonly sessions: SessionStore;
}

export type SigningKey =
  | { readonly kind: 'admin'; readonly accountId: string }
  | {
      readonly kind: 'issued';
      readonly caller: Caller;
      readonly accountId: string;
      readonly secretAccessKey: string;
    };

export type KeyRefusal = 'unknown-key' | 'expired';

/** The session token, as a header or (presigned) a query parameter. */
function sessionToken(request: ReceivedRequest): string | undefined {
  const header = request.headers['x-amz-security-token'];
  if (typeof header === 'string') return header;
  return new URL(request.url, 'http://local').searchParams.get('X-Amz-Security-Token') ?? undefined;
}

export function signingKeyOf(
  request: ReceivedRequest,
  accessKeyId: string,
  signers: Signers,
): SigningKey | KeyRefusal {
  if (accessKeyId === LOCAL_ADMIN_CREDENTIALS.accessKeyId)
    return { kind: 'admin', accountId: signers.accounts.homeId };
  const token = sessionToken(request);
  if (accessKeyId.startsWith('ASIA')) {
    const session = signers.sessions.find(accessKeyId);
    if (!session || token !== session.sessionToken) return 'unknown-key';
    if (signers.sessions.isExpired(session)) return 'expired';
    return {
      kind: 'issued',
      caller: {
        kind: 'session',
        accessKeyId,
        roleName: session.roleName,
        rolePath: session.rolePath,
        roleId: session.roleId,
        sessionName: session.sessionName,
      },
      accountId: session.accountId,
      secretAccessKey: session.secretAccessKey,
    };
  }
  const found = signers.accounts.findAccessKey(accessKeyId);
  if (found?.key.status !== 'Active' || token !== undefined) return 'unknown-key';
  return {
    kind: 'issued',
    caller: { kind: 'user', userName: found.key.userName, accessKeyId },
    accountId: found.account.accountId,
    secretAccessKey: found.key.secretAccessKey,
  };
}

/** Notes a successful call against the signing user's key (what GetAccessKeyLastUsed reports). */
export function recordKeyUse(
  signers: Signers,
  context: { readonly caller: Caller; readonly accountId: string; readonly region: string },
  serviceName: string,
): void {
  if (context.caller.kind === 'user')
    signers.accounts
      .find(context.accountId)
      ?.iam.recordKeyUse(context.caller.accessKeyId, { serviceName, region: context.region });
}
