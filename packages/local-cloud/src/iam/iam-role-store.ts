/**
 * IAM roles of one account: trust policy, path, maximum session duration and
 * inline policies, with IAM's rules (names unique regardless of case, a role
 * with inline policies cannot be deleted, policies must be JSON). STS
 * AssumeRole reads the trust policy from here.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { IamSectionOf } from '../state/account-sections.ts';
import { stateCopy } from '../state/change-recorder.ts';
import type { CloudState, StoredRole } from '../state/cloud-state.ts';
import type { CloudStateStore } from '../state/cloud-state-store.ts';
import { newRoleId } from './iam-ids.ts';
import { parsePolicyDocument } from './policy-document.ts';

export const DEFAULT_MAX_SESSION_DURATION = 3600;
const MAX_SESSION_DURATION_LIMIT = 43_200;

export interface IamRole {
  readonly roleName: string;
  readonly roleId: string;
  readonly path: string;
  readonly arn: string;
  readonly createDate: string;
  readonly description?: string;
  /** JSON text. */
  readonly assumeRolePolicyDocument: string;
  readonly maxSessionDuration: number;
  /** Inline policy names, ordered. */
  readonly policyNames: readonly string[];
}

/** A policy given as JSON text or as the object it stands for. */
export type PolicyInput = string | Readonly<Record<string, unknown>>;

export interface CreateRoleSpec {
  readonly roleName: string;
  readonly path?: string;
  readonly assumeRolePolicyDocument: PolicyInput;
  readonly maxSessionDuration?: number;
  readonly description?: string;
  /** Inline policies by name. */
  readonly policies?: Readonly<Record<string, PolicyInput>>;
}

export function roleArn(accountId: string, path: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role${path}${roleName}`;
}

function noSuchRole(roleName: string): CloudApiError {
  return new CloudApiError('NoSuchEntity', `The role with name ${roleName} cannot be found.`, 404);
}

function policyText(policy: PolicyInput): string {
  const text = typeof policy === 'string' ? policy : JSON.stringify(policy);
  parsePolicyDocument(text);
  return text;
}

function checkMaxSessionDuration(value: number): number {
  if (!Number.isInteger(value) || value < DEFAULT_MAX_SESSION_DURATION || value > MAX_SESSION_DURATION_LIMIT)
    throw new CloudApiError(
      'ValidationError',
      `1 validation error detected: Value '${value}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value between ${DEFAULT_MAX_SESSION_DURATION} and ${MAX_SESSION_DURATION_LIMIT}`,
      400,
    );
  return value;
}

export class IamRoleStore {
  readonly #state: CloudStateStore;
  readonly #accountId: string;
  readonly #iam: IamSectionOf;

  constructor(state: CloudStateStore, accountId: string, iamOf: IamSectionOf) {
    this.#state = state;
    this.#accountId = accountId;
    this.#iam = iamOf;
  }

  create(spec: CreateRoleSpec): IamRole {
    const trust = policyText(spec.assumeRolePolicyDocument);
    const policies = Object.fromEntries(
      Object.entries(spec.policies ?? {}).map(([name, policy]) => [name, policyText(policy)]),
    );
    const maxSessionDuration = checkMaxSessionDuration(
      spec.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
    );
    return this.#state.mutate((draft) => {
      const roles = this.#roles(draft);
      const id = spec.roleName.toLowerCase();
      if (roles[id])
        throw new CloudApiError(
          'EntityAlreadyExists',
          `Role with name ${spec.roleName} already exists.`,
          409,
        );
      const role: StoredRole = {
        roleName: spec.roleName,
        roleId: newRoleId(),
        path: spec.path ?? '/',
        createDate: new Date().toISOString(),
        ...(spec.description !== undefined && { description: spec.description }),
        assumeRolePolicyDocument: trust,
        maxSessionDuration,
        policies,
      };
      roles[id] = role;
      return this.#view(role);
    });
  }

  find(roleName: string): IamRole | undefined {
    const stored = this.#iam(this.#state.read()).roles?.[roleName.toLowerCase()];
    return stored && this.#view(stored);
  }

  get(roleName: string): IamRole {
    const role = this.find(roleName);
    if (!role) throw noSuchRole(roleName);
    return role;
  }

  /** Roles under `pathPrefix`, ordered by name so paging is stable. */
  list(pathPrefix = '/'): IamRole[] {
    return Object.entries(this.#iam(this.#state.read()).roles ?? {})
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, role]) => role)
      .filter((role) => role.path.startsWith(pathPrefix))
      .map((role) => this.#view(role));
  }

  /** Refuses, like IAM, while the role has inline policies, unless `withPolicies` (seeding). */
  delete(roleName: string, options: { readonly withPolicies?: boolean } = {}): void {
    this.#state.mutate((draft) => {
      const roles = this.#roles(draft);
      const role = existingRole(roles, roleName);
      if (Object.keys(role.policies).length > 0 && !options.withPolicies)
        throw new CloudApiError('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
      delete roles[roleName.toLowerCase()];
    });
  }

  updateTrustPolicy(roleName: string, policy: PolicyInput): void {
    const text = policyText(policy);
    this.#state.mutate((draft) => {
      existingRole(this.#roles(draft), roleName).assumeRolePolicyDocument = text;
    });
  }

  putPolicy(roleName: string, policyName: string, policy: PolicyInput): void {
    const text = policyText(policy);
    this.#state.mutate((draft) => {
      existingRole(this.#roles(draft), roleName).policies[policyName] = text;
    });
  }

  /** @returns the policy's JSON text. */
  getPolicy(roleName: string, policyName: string): string {
    const role = existingRole(this.#iam(this.#state.read()).roles ?? {}, roleName);
    const policy = role.policies[policyName];
    if (policy === undefined)
      throw new CloudApiError(
        'NoSuchEntity',
        `The role policy with name ${policyName} cannot be found.`,
        404,
      );
    return policy;
  }

  deletePolicy(roleName: string, policyName: string): void {
    this.#state.mutate((draft) => {
      const role = existingRole(this.#roles(draft), roleName);
      if (!Object.hasOwn(role.policies, policyName))
        throw new CloudApiError(
          'NoSuchEntity',
          `The role policy with name ${policyName} cannot be found.`,
          404,
        );
      delete role.policies[policyName];
    });
  }

  /** The roles record of a draft, created on first write (older states have none). */
  #roles(draft: CloudState): Record<string, StoredRole> {
    const iam = this.#iam(draft);
    iam.roles ??= {};
    return iam.roles;
  }

  #view(stored: StoredRole): IamRole {
    const { policies, ...role } = stateCopy(stored);
    return {
      ...role,
      arn: roleArn(this.#accountId, role.path, role.roleName),
      policyNames: Object.keys(policies).sort(),
    };
  }
}

function existingRole(roles: Record<string, StoredRole>, roleName: string): StoredRole {
  const role = roles[roleName.toLowerCase()];
  if (!role) throw noSuchRole(roleName);
  return role;
}
