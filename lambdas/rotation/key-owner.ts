/**
 * The key-id form of a rotation: a leak report names a key, not a user, so
 * Plan asks the provider who owns it (IAM GetAccessKeyLastUsed → UserName;
 * Yandex: the key's service account) and rotates that principal.
 *
 * Normal path: the owner is found (in the member account the input names, or
 * the principal's own account when both are given) and, when the input also
 * names a principal, it is that principal. The key comes back as listKeys
 * reports it (a Yandex resource id `aje…` becomes its `YC…` key id).
 *
 * Failure path: ValidationError naming `accessKeyId` when no key of ours has
 * that id, or when it belongs to someone other than the named principal. Only
 * the lookup was called: no lock, no change.
 */
import type { RotatorSettings } from '../config/environment.ts';
import { parseAccountPrincipal } from '../shared/account-principal.ts';
import type { AccessKeyProvider } from './ports.ts';
import { ValidationError } from './rotation-errors.ts';
import type { ValidatedInput } from './validate-rotation-input.ts';

export interface RotationTarget {
  readonly principal: string;
  /** The named key as listKeys reports it; null when the input named a principal only. */
  readonly exposedKeyId: string | null;
}

function whereLooked(account: string | undefined, settings: RotatorSettings): string {
  if (settings.provider === 'yandex') return 'among the service accounts this deployment knows';
  return account === undefined ? 'in this account' : `in account ${account}`;
}

export async function findRotationTarget(
  input: ValidatedInput,
  keys: Pick<AccessKeyProvider, 'findKeyOwner'>,
  settings: RotatorSettings,
): Promise<RotationTarget> {
  const { principal, accessKeyId } = input;
  if (accessKeyId === undefined) {
    // parseRotationInput requires one of the two.
    if (principal === undefined) throw new ValidationError('principal', 'is required, or accessKeyId');
    return { principal, exposedKeyId: null };
  }
  const account =
    principal === undefined
      ? input.account
      : (() => {
          const parsed = parseAccountPrincipal(principal, settings.accounts?.hubAccountId);
          return parsed.ok ? parsed.principal.account : undefined;
        })();
  const owner = await keys.findKeyOwner(accessKeyId, account);
  if (owner === undefined)
    throw new ValidationError(
      'accessKeyId',
      `no ${settings.provider} access key ${accessKeyId} was found ${whereLooked(account, settings)}; ` +
        'check the id (and, for a member account, give account). Nothing was changed',
    );
  if (principal !== undefined && owner.principal !== principal)
    throw new ValidationError(
      'accessKeyId',
      `key ${accessKeyId} is not a key of principal ${principal}; leave principal out to rotate its ` +
        'owner. Nothing was changed',
    );
  return { principal: owner.principal, exposedKeyId: owner.keyId };
}
