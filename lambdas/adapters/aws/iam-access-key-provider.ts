/**
 * AccessKeyProvider for IAM users. Every call names the user explicitly:
 * without `UserName`, IAM acts on the caller, and a Lambda's caller is its
 * own role session, not the user being rotated.
 */
import {
  type AccessKeyMetadata,
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListUserTagsCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import type { AccessKeyProvider, AccessKeySummary, PrincipalInfo } from '../../rotation/ports.ts';
import { PrincipalNotFoundError, UnsafeKeyOperationError } from '../../rotation/rotation-errors.ts';
import { callAws, hasErrorName } from './transient-errors.ts';

/** The Query wire code, and the class name the SDK maps it to. */
const NO_SUCH_ENTITY = ['NoSuchEntity', 'NoSuchEntityException'];
/**
 * GetAccessKeyLastUsed is authorized on the owning user's ARN, so a key of a
 * user outside the path this rotator may read (or of another account) is
 * AccessDenied rather than NoSuchEntity: either way it is not a key of ours.
 */
const NOT_OUR_KEY = [...NO_SUCH_ENTITY, 'AccessDenied', 'AccessDeniedException'];

function userNotFound(user: string, error: unknown): unknown {
  return hasErrorName(error, ...NO_SUCH_ENTITY)
    ? new PrincipalNotFoundError(`${user} does not exist`)
    : error;
}

function toSummary(key: AccessKeyMetadata): AccessKeySummary {
  return {
    keyId: key.AccessKeyId ?? '',
    // `Expired` (newest SDK enums) cannot sign anything, so it counts as not Active.
    status: key.Status === 'Active' ? 'Active' : 'Inactive',
    createdAt: key.CreateDate?.toISOString() ?? '',
  };
}

async function listTags(iam: IAMClient, principal: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  let marker: string | undefined;
  do {
    const page = await callAws('IAM ListUserTags', () =>
      iam.send(new ListUserTagsCommand({ UserName: principal, Marker: marker })),
    );
    for (const tag of page.Tags ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return tags;
}

export interface IamAccessKeyProviderOptions {
  /**
   * The client CreateAccessKey is sent with: give it one attempt (`maxAttempts: 1`), because a
   * create the SDK repeats after a lost answer leaves a key whose secret nobody has.
   * @default - the `iam` client itself
   */
  readonly createKeyClient?: IAMClient;
  /**
   * The member account the clients act in, named in every message so a refusal says whose user it was.
   * @default - the hub: messages name the user alone, as a single-account deployment always has
   */
  readonly account?: string;
}

export function iamAccessKeyProvider(
  iam: IAMClient,
  options: IamAccessKeyProviderOptions = {},
): AccessKeyProvider {
  const createKeyClient = options.createKeyClient ?? iam;
  const inAccount = options.account === undefined ? '' : ` of account ${options.account}`;
  const iamUser = (principal: string) => `IAM user ${principal}${inAccount}`;
  return {
    provider: 'aws',

    async describePrincipal(principal): Promise<PrincipalInfo> {
      try {
        const { User } = await callAws('IAM GetUser', () =>
          iam.send(new GetUserCommand({ UserName: principal })),
        );
        const tags = await listTags(iam, principal);
        return { principal, path: User?.Path ?? '/', tags };
      } catch (error) {
        throw userNotFound(iamUser(principal), error);
      }
    },

    async listKeys(principal) {
      const keys: AccessKeySummary[] = [];
      let marker: string | undefined;
      try {
        do {
          const page = await callAws('IAM ListAccessKeys', () =>
            iam.send(new ListAccessKeysCommand({ UserName: principal, Marker: marker })),
          );
          keys.push(...(page.AccessKeyMetadata ?? []).map(toSummary));
          marker = page.IsTruncated ? page.Marker : undefined;
        } while (marker);
      } catch (error) {
        throw userNotFound(iamUser(principal), error);
      }
      return keys;
    },

    // IAM keys carry no description, so the rotation id has nowhere to go; the
    // rules reconcile a retried create by comparing against the planned key ids.
    // Never repeated here (createKeyClient): a lost answer fails the step, whose retry reconciles.
    async createKey(principal, _rotationId) {
      const { AccessKey } = await callAws('IAM CreateAccessKey', () =>
        createKeyClient.send(new CreateAccessKeyCommand({ UserName: principal })),
      );
      if (!AccessKey?.AccessKeyId || !AccessKey.SecretAccessKey)
        throw new Error(`IAM CreateAccessKey for ${iamUser(principal)} returned no access key`);
      return {
        keyId: AccessKey.AccessKeyId,
        secretAccessKey: AccessKey.SecretAccessKey,
        // IAM always sends CreateDate; an emulator that omits it gets "now", which is within seconds.
        createdAt: (AccessKey.CreateDate ?? new Date()).toISOString(),
      };
    },

    async retireKey(principal, keyId, _context) {
      await callAws('IAM UpdateAccessKey', () =>
        iam.send(new UpdateAccessKeyCommand({ UserName: principal, AccessKeyId: keyId, Status: 'Inactive' })),
      );
      return {};
    },

    // IAM keeps a key's secret while it is Inactive, so Status=Active alone
    // gives back the very credential consumers had; there is nothing to restore.
    async reactivateKey(principal, keyId, _previous) {
      try {
        await callAws('IAM UpdateAccessKey', () =>
          iam.send(new UpdateAccessKeyCommand({ UserName: principal, AccessKeyId: keyId, Status: 'Active' })),
        );
      } catch (error) {
        if (!hasErrorName(error, ...NO_SUCH_ENTITY)) throw error;
        throw new UnsafeKeyOperationError(
          `access key ${keyId} of ${iamUser(principal)} is already deleted: it cannot be re-activated`,
        );
      }
    },

    async deleteKey(principal, keyId) {
      try {
        await callAws('IAM DeleteAccessKey', () =>
          iam.send(new DeleteAccessKeyCommand({ UserName: principal, AccessKeyId: keyId })),
        );
      } catch (error) {
        // Already gone is the outcome we wanted: a retried delete converges.
        if (!hasErrorName(error, ...NO_SUCH_ENTITY)) throw error;
      }
    },

    async lastUsedAt(principal, keyId) {
      const response = await callAws('IAM GetAccessKeyLastUsed', () =>
        iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: keyId })),
      );
      // The call takes no user name, so confirm the key is the principal's own
      // before its usage decides whether that principal's old key is retired.
      if (response.UserName !== undefined && response.UserName !== principal)
        throw new UnsafeKeyOperationError(`access key ${keyId} does not belong to ${iamUser(principal)}`);
      return response.AccessKeyLastUsed?.LastUsedDate?.toISOString();
    },

    // GetAccessKeyLastUsed is the one IAM call that takes a key id alone and names its user.
    // The client is already the account's, so `account` needs no routing here.
    async findKeyOwner(keyId, _account) {
      try {
        const { UserName } = await callAws('IAM GetAccessKeyLastUsed', () =>
          iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: keyId })),
        );
        return UserName ? { principal: UserName, keyId } : undefined;
      } catch (error) {
        if (hasErrorName(error, ...NOT_OUR_KEY)) return undefined;
        throw error;
      }
    },
  };
}
