/**
 * AWS Organizations over its JSON protocol (`X-Amz-Target:
 * AWSOrganizationsV20161128.<Action>`): the reads an organization-wide
 * rotation makes. Listings page as Organizations does (MaxResults 1..20, an
 * opaque NextToken), and list SUSPENDED accounts too, so a caller must skip
 * them itself. Only the management account may list; any account of the
 * organization may DescribeOrganization, as in AWS; an account in no
 * organization gets AWSOrganizationsNotInUseException.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { CallContext, JsonAction, JsonInput } from '../http/call-context.ts';
import { epochSeconds, optionalNumber, optionalString, requiredString } from '../http/json-input.ts';
import type { Organization, OrganizationAccount, OrganizationStore } from './organization-store.ts';

const MAX_RESULTS = 20;

function invalidInput(reason: string, message: string): CloudApiError {
  return new CloudApiError('InvalidInputException', message, 400, { Reason: reason });
}

function notInUse(): CloudApiError {
  return new CloudApiError(
    'AWSOrganizationsNotInUseException',
    'Your account is not a member of an organization.',
  );
}

/** The organization the caller's account is in. */
function callersOrganization(store: OrganizationStore, context: CallContext): Organization {
  const organization = store.describe();
  if (!organization || !Object.hasOwn(organization.accounts, context.accountId)) throw notInUse();
  return organization;
}

function managedOrganization(store: OrganizationStore, context: CallContext): Organization {
  const organization = callersOrganization(store, context);
  if (context.accountId !== organization.managementAccountId)
    throw new CloudApiError('AccessDeniedException', "You don't have permissions to access this resource.");
  return organization;
}

/** One page of `items` (ordered by `keyOf`), after the item the NextToken names. */
function page<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  input: JsonInput,
): { items: T[]; next?: string } {
  const maxResults = optionalNumber(input, 'MaxResults') ?? MAX_RESULTS;
  if (!Number.isInteger(maxResults) || maxResults < 1)
    throw invalidInput(
      'MIN_VALUE_EXCEEDED',
      'You provided a value that does not meet the required minimum value.',
    );
  if (maxResults > MAX_RESULTS)
    throw invalidInput('MAX_VALUE_EXCEEDED', 'You provided a value that exceeds the maximum allowed value.');
  const token = optionalString(input, 'NextToken');
  let rest = [...items];
  if (token !== undefined) {
    const after = Buffer.from(token, 'base64url').toString('utf8');
    if (after === '' || Buffer.from(after, 'utf8').toString('base64url') !== token)
      throw invalidInput('INVALID_NEXT_TOKEN', 'The provided NextToken is not valid.');
    rest = rest.filter((item) => keyOf(item) > after);
  }
  const taken = rest.slice(0, maxResults);
  const last = taken.at(-1);
  return rest.length > maxResults && last !== undefined
    ? { items: taken, next: Buffer.from(keyOf(last), 'utf8').toString('base64url') }
    : { items: taken };
}

function arnPrefix(organization: Organization): string {
  return `arn:aws:organizations::${organization.managementAccountId}`;
}

function accountShape(organization: Organization, account: OrganizationAccount): Record<string, unknown> {
  return {
    Id: account.id,
    Arn: `${arnPrefix(organization)}:account/${organization.id}/${account.id}`,
    Email: account.email,
    Name: account.name,
    Status: account.status,
    State: account.status,
    JoinedMethod: account.joinedMethod,
    JoinedTimestamp: epochSeconds(account.joinedTimestamp),
  };
}

function accountsUnder(organization: Organization, parentId?: string): OrganizationAccount[] {
  return Object.values(organization.accounts)
    .filter((account) => parentId === undefined || account.parentId === parentId)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

function checkParent(organization: Organization, parentId: string): void {
  if (parentId !== organization.rootId && !organization.organizationalUnits[parentId])
    throw new CloudApiError(
      'ParentNotFoundException',
      "We can't find a root or OU with the ParentId that you specified.",
    );
}

export function organizationsActions(store: OrganizationStore): Record<string, JsonAction> {
  return {
    DescribeOrganization: (_input, context) => {
      const organization = callersOrganization(store, context);
      return {
        Organization: {
          Id: organization.id,
          Arn: `${arnPrefix(organization)}:organization/${organization.id}`,
          FeatureSet: 'ALL',
          MasterAccountArn: `${arnPrefix(organization)}:account/${organization.id}/${organization.managementAccountId}`,
          MasterAccountId: organization.managementAccountId,
          MasterAccountEmail: organization.managementAccountEmail,
          AvailablePolicyTypes: [],
        },
      };
    },

    DescribeAccount: (input, context) => {
      const organization = managedOrganization(store, context);
      const account = organization.accounts[requiredString(input, 'AccountId', 'InvalidInputException')];
      if (!account)
        throw new CloudApiError('AccountNotFoundException', "You specified an account that doesn't exist.");
      return { Account: accountShape(organization, account) };
    },

    ListAccounts: (input, context) => {
      const organization = managedOrganization(store, context);
      const { items, next } = page(accountsUnder(organization), (account) => account.id, input);
      return { Accounts: items.map((account) => accountShape(organization, account)), NextToken: next };
    },

    ListAccountsForParent: (input, context) => {
      const organization = managedOrganization(store, context);
      const parentId = requiredString(input, 'ParentId', 'InvalidInputException');
      checkParent(organization, parentId);
      const { items, next } = page(accountsUnder(organization, parentId), (account) => account.id, input);
      return { Accounts: items.map((account) => accountShape(organization, account)), NextToken: next };
    },

    ListParents: (input, context) => {
      const organization = managedOrganization(store, context);
      const childId = requiredString(input, 'ChildId', 'InvalidInputException');
      const parentId =
        organization.accounts[childId]?.parentId ?? organization.organizationalUnits[childId]?.parentId;
      if (parentId === undefined)
        throw new CloudApiError(
          'ChildNotFoundException',
          "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
        );
      const type = parentId === organization.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT';
      const { items, next } = page([{ Id: parentId, Type: type }], (parent) => parent.Id, input);
      return { Parents: items, NextToken: next };
    },

    ListRoots: (input, context) => {
      const organization = managedOrganization(store, context);
      const root = {
        Id: organization.rootId,
        Arn: `${arnPrefix(organization)}:root/${organization.id}/${organization.rootId}`,
        Name: 'Root',
        PolicyTypes: [],
      };
      const { items, next } = page([root], (item) => item.Id, input);
      return { Roots: items, NextToken: next };
    },

    ListOrganizationalUnitsForParent: (input, context) => {
      const organization = managedOrganization(store, context);
      const parentId = requiredString(input, 'ParentId', 'InvalidInputException');
      checkParent(organization, parentId);
      const units = Object.values(organization.organizationalUnits)
        .filter((unit) => unit.parentId === parentId)
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      const { items, next } = page(units, (unit) => unit.id, input);
      return {
        OrganizationalUnits: items.map((unit) => ({
          Id: unit.id,
          Arn: `${arnPrefix(organization)}:ou/${organization.id}/${unit.id}`,
          Name: unit.name,
        })),
        NextToken: next,
      };
    },
  };
}
