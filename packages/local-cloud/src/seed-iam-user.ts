/**
 * Seeds one IAM user with backdated keys and, optionally, the secret the
 * rotator manages for it, in exactly the shape a finished rotation leaves:
 * AWSCURRENT holds `{"Version":1,"AccessKeyId":…,"SecretAccessKey":…}`.
 * For many users at once use `seedIamFleet`, which writes the state once.
 */
import { ACCESS_KEYS_PER_USER, type AccessKeyStatus } from './iam/iam-store.ts';
import type { LocalCloud } from './start-local-cloud.ts';

export interface SeedIamUserSpec {
  readonly userName: string;
  readonly path?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Groups to add the user to; missing ones are created (path `/`). */
  readonly groups?: readonly string[];
  readonly keys: readonly { readonly ageDays: number; readonly status?: AccessKeyStatus }[];
  /** The secret to create, holding keys[keyIndex], e.g. `access-key-rotator/aws/alice`. */
  readonly managedSecret?: { readonly name: string; readonly keyIndex: number };
}

export interface SeedIamUserOptions {
  /** The account the user is made in (a member's, seeded first). @default the home account */
  readonly account?: string;
  /**
   * The account whose Secrets Manager holds `managedSecret`: the hub (home)
   * keeps every principal's secret by default, as the rotator does. @default the home account
   */
  readonly secretAccount?: string;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Replaces any existing user of that name (and its keys, group memberships, and the named secret).
 * The secret's `principal` tag is the rotator's principal: the bare user name in the home account,
 * `<account-id>/<user>` in a member account.
 */
export function seedIamUser(
  cloud: LocalCloud,
  spec: SeedIamUserSpec,
  options: SeedIamUserOptions = {},
): { keyIds: string[] } {
  if (spec.keys.length > ACCESS_KEYS_PER_USER)
    throw new Error(`seedIamUser: IAM allows at most ${ACCESS_KEYS_PER_USER} keys per user`);
  const managedKey = spec.managedSecret && spec.keys[spec.managedSecret.keyIndex];
  if (spec.managedSecret && !managedKey)
    throw new Error(`seedIamUser: managedSecret.keyIndex ${spec.managedSecret.keyIndex} names no key`);

  const accountId = options.account ?? cloud.accountId;
  const iam = cloud.account(accountId).iam;
  const secrets = cloud.account(options.secretAccount ?? cloud.accountId).secrets;
  if (iam.findUser(spec.userName))
    iam.deleteUser(spec.userName, { withAccessKeys: true, withGroupMemberships: true });
  iam.createUser({ userName: spec.userName, path: spec.path, tags: spec.tags });
  for (const groupName of spec.groups ?? []) {
    if (!iam.groups.has(groupName)) iam.groups.create({ groupName });
    iam.groups.addUser(groupName, spec.userName);
  }
  const now = Date.now();
  const keys = spec.keys.map((key) =>
    iam.createAccessKey(spec.userName, {
      createDate: new Date(now - key.ageDays * DAY_MS),
      status: key.status,
    }),
  );

  if (spec.managedSecret) {
    const { name, keyIndex } = spec.managedSecret;
    const key = keys[keyIndex];
    if (secrets.findSecret(name)) secrets.deleteSecret(name);
    const principal = accountId === cloud.accountId ? spec.userName : `${accountId}/${spec.userName}`;
    secrets.createSecret({
      name,
      tags: { provider: 'aws', principal },
      secretString: JSON.stringify({
        Version: 1,
        AccessKeyId: key?.accessKeyId,
        SecretAccessKey: key?.secretAccessKey,
      }),
    });
  }
  return { keyIds: keys.map((key) => key.accessKeyId) };
}
