/**
 * One value per AWS account, kept for the container's life: the hub's is
 * given (today's clients and adapters, unchanged), a member account's is
 * built the first time one of its principals is seen. Keeping them keeps
 * their connections and their one shared member-role session.
 */

/** @param account undefined, or the hub's own id: the hub's value. */
export type OfAccount<T> = (account: string | undefined) => T;

export function perAccount<T>(
  hub: T,
  hubAccountId: string | undefined,
  buildMember: (account: string) => T,
): OfAccount<T> {
  const members = new Map<string, T>();
  return (account) => {
    if (account === undefined || account === hubAccountId) return hub;
    let value = members.get(account);
    if (value === undefined) {
      value = buildMember(account);
      members.set(account, value);
    }
    return value;
  };
}
