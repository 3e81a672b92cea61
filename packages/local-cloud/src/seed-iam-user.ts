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

const DAY_MS = 24 * 3600 * 1000;

/** Replaces any existing user of that name (and its keys, group memberships, and the named secret). */
export function seedIamUser(cloud: LocalCloud, spec: SeedIamUserSpec): { keyIds: string[] } {
  if (spec.keys.length > ACCESS_KEYS_PER_USER)
    throw new Error(`seedIamUser: IAM allows at most ${ACCESS_KEYS_PER_USER} keys per user`);
  const managedKey = spec.managedSecret && spec.keys[spec.managedSecret.keyIndex];
  if (spec.managedSecret && !managedKey)
    throw new Error(`seedIamUser: managedSecret.keyIndex ${spec.managedSecret.keyIndex} names no key`);

  if (cloud.iam.findUser(spec.userName))
    cloud.iam.deleteUser(spec.userName, { withAccessKeys: true, withGroupMemberships: true });
  cloud.iam.createUser({ userName: spec.userName, path: spec.path, tags: spec.tags });
  for (const groupName of spec.groups ?? []) {
    if (!cloud.iam.groups.has(groupName)) cloud.iam.groups.create({ groupName });
    cloud.iam.groups.addUser(groupName, spec.userName);
  }
  const now = Date.now();
  const keys = spec.keys.map((key) =>
    cloud.iam.createAccessKey(spec.userName, {
      createDate: new Date(now - key.ageDays * DAY_MS),
      status: key.status,
    }),
  );

  if (spec.managedSecret) {
    const { name, keyIndex } = spec.managedSecret;
    const key = keys[keyIndex];
    if (cloud.secrets.findSecret(name)) cloud.secrets.deleteSecret(name);
    cloud.secrets.createSecret({
      name,
      tags: { provider: 'aws', principal: spec.userName },
      secretString: JSON.stringify({
        Version: 1,
        AccessKeyId: key?.accessKeyId,
        SecretAccessKey: key?.secretAccessKey,
      }),
    });
  }
  return { keyIds: keys.map((key) => key.accessKeyId) };
}
