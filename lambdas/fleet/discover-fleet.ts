/**
 * Step Discover of the fleet workflow: which principals are due for rotation
 * today, in every account in scope. It only reads accounts (the directory,
 * the keys, the lock), so a dry run and a real run discover exactly the same;
 * the dry run only tells the Map to start nothing.
 *
 * Normal path: validate the input (before any call) → the accounts in scope
 * (fleet-accounts.ts) → for each account, `accountConcurrency` at a time, its
 * principals, `discoveryConcurrency` at a time per account: skip it if exempt
 * or if its name cannot name a child execution (no call needed), else list
 * its keys and read its lock, and classify it → write each account's due
 * items, then `accounts.json`, then `discovery.json` to the work bucket →
 * return the bounded discovery (counts and capped lists: no size ceiling).
 *
 * Failure path: ValidationError (input, startedAt) with nothing read or
 * written. An account that cannot be read (its role missing or distrusting
 * the hub, a call denied, throttled past retries) becomes UNREADABLE and the
 * others go on; only a hub-only deployment lets the error propagate, so Step
 * Functions retries the step exactly as before. A principal deleted between
 * listing and reading its keys is no longer in the fleet and is left out.
 */
import { lockId } from '../config/environment.ts';
import { PrincipalNotFoundError, ValidationError } from '../rotation/rotation-errors.ts';
import { executionNamePart } from '../shared/account-principal.ts';
import { mapWithConcurrency } from './bounded-concurrency.ts';
import { childExecutionName, runDateOf, unusableNameReason } from './child-execution-name.ts';
import { classifyPrincipal, type Verdict } from './classify-principal.ts';
import { fitDiscovery } from './fit-state-budget.ts';
import { accountsInScope, checkRunScope } from './fleet-accounts.ts';
import type { FleetDirectory, FleetPorts, FleetPrincipal } from './fleet-ports.ts';
import {
  ACCOUNT_LIST_LIMIT,
  type AccountDiscovery,
  type DiscoverRequest,
  type DueAccount,
  type DueDetail,
  type DueItem,
  type FleetDiscovery,
  type FleetSkip,
  type FullDiscovery,
  SKIPPED_LIST_LIMIT,
  type SkipReason,
  UNREADABLE_LIST_LIMIT,
  type UnreadableAccount,
} from './fleet-state.ts';
import { accountsKeyOf, discoveryKeyOf, dueItemsKey, runPrefix } from './fleet-work-keys.ts';
import { DAY_MS, dueAtAgeMs } from './key-age.ts';
import { inMemberAccount } from './member-account-directory.ts';
import { exemptionOf } from './principal-scope.ts';
import { unreadableAccount } from './unreadable-account.ts';
import { parseFleetInput, type ValidatedFleetInput } from './validate-fleet-input.ts';

interface RunContext {
  readonly ports: FleetPorts;
  readonly input: ValidatedFleetInput;
  readonly runDate: string;
  readonly now: Date;
  readonly dueAtAgeMs: number;
}

interface AccountVerdicts {
  readonly account: string;
  readonly due: readonly DueDetail[];
  readonly skips: readonly FleetSkip[];
}

/** Writes to the work bucket at once: S3 takes thousands a second per prefix, a Lambda far fewer sockets. */
const WRITE_CONCURRENCY = 8;

function parseStartedAt(startedAt: unknown): Date {
  const started = typeof startedAt === 'string' ? new Date(startedAt) : new Date(Number.NaN);
  if (Number.isNaN(started.getTime()))
    throw new ValidationError('startedAt', 'must be the execution start time as an ISO 8601 timestamp');
  return started;
}

/** `arn:aws:states:<region>:<account>:execution:…`: the fleet runs in the hub. */
function accountOfArn(executionArn: string): string {
  const account = executionArn.split(':')[4] ?? '';
  if (!/^\d{12}$/.test(account))
    throw new ValidationError('executionArn', 'must be a Step Functions execution ARN');
  return account;
}

/** Code-point order, not locale order: the same output on every machine. */
function byPrincipal<T extends { readonly principal: string }>(a: T, b: T): number {
  return a.principal < b.principal ? -1 : a.principal > b.principal ? 1 : 0;
}

/** A name listed twice (a repeated setting) would start the same child twice; once is enough. */
async function collectPrincipals(directory: FleetDirectory): Promise<FleetPrincipal[]> {
  const byName = new Map<string, FleetPrincipal>();
  for await (const principal of directory.listPrincipals())
    if (!byName.has(principal.principal)) byName.set(principal.principal, principal);
  return [...byName.values()].sort(byPrincipal);
}

/** @returns undefined when the principal vanished after it was listed. */
async function examine(
  candidate: FleetPrincipal,
  directory: FleetDirectory,
  run: RunContext,
): Promise<Verdict | undefined> {
  const { ports, input } = run;
  const { principal } = candidate;
  const exemption = exemptionOf(candidate, ports.fleetSettings);
  if (exemption !== undefined) return { skip: { principal, reason: 'EXEMPT', detail: exemption } };
  const unusable = unusableNameReason(principal, run.runDate, input, ports.settings);
  if (unusable !== undefined) return { skip: { principal, reason: 'NAME_NOT_USABLE', detail: unusable } };
  try {
    const [keys, holder] = await Promise.all([
      directory.listKeys(principal),
      ports.lock.holder(lockId(ports.settings.provider, principal)),
    ]);
    return classifyPrincipal({ principal, keys, holder }, { now: run.now, dueAtAgeMs: run.dueAtAgeMs });
  } catch (error) {
    if (error instanceof PrincipalNotFoundError) return undefined;
    throw error;
  }
}

async function examineAccount(
  account: string,
  directory: FleetDirectory,
  run: RunContext,
): Promise<AccountVerdicts> {
  const principals = await collectPrincipals(directory);
  const verdicts = await mapWithConcurrency(principals, run.ports.fleetSettings.discoveryConcurrency, (p) =>
    examine(p, directory, run),
  );
  const due: DueDetail[] = [];
  const skips: FleetSkip[] = [];
  for (const verdict of verdicts) {
    if (verdict === undefined) continue;
    if ('due' in verdict) due.push(verdict.due);
    else skips.push(verdict.skip);
  }
  return { account, due, skips };
}

function countByReason(skips: readonly FleetSkip[]): Partial<Record<SkipReason, number>> {
  const counts: Partial<Record<SkipReason, number>> = {};
  for (const { reason } of skips) counts[reason] = (counts[reason] ?? 0) + 1;
  return counts;
}

function dueItemsOf(verdicts: AccountVerdicts, runDate: string): DueItem[] {
  return verdicts.due.map(({ principal }) => ({
    principal,
    name: childExecutionName(executionNamePart(principal), runDate),
  }));
}

/**
 * Due items first, `accounts.json` after them: the Map never reads a manifest
 * that names an items file not yet written. Then the full discovery.
 */
async function writeWork(
  run: RunContext,
  prefix: string,
  read: readonly AccountVerdicts[],
  full: FullDiscovery,
): Promise<void> {
  const store = run.ports.workStore;
  const withDue = read.filter((account) => account.due.length > 0);
  const manifest: DueAccount[] = await mapWithConcurrency(withDue, WRITE_CONCURRENCY, async (account) => {
    const itemsKey = dueItemsKey(prefix, account.account);
    await store.putJson(itemsKey, dueItemsOf(account, run.runDate));
    return { account: account.account, itemsKey, due: account.due.length };
  });
  await store.putJson(accountsKeyOf(prefix), manifest);
  await store.putJson(discoveryKeyOf(prefix), full);
}

export async function discoverFleet(request: DiscoverRequest, ports: FleetPorts): Promise<FleetDiscovery> {
  const input = parseFleetInput(request.input, ports.settings, ports.fleetSettings);
  const runDate = runDateOf(parseStartedAt(request.startedAt));
  const hubAccountId = ports.accounts?.hubAccountId ?? accountOfArn(request.executionArn);
  checkRunScope(input, ports.accounts, hubAccountId);
  const run: RunContext = {
    ports,
    input,
    runDate,
    now: ports.clock.now(),
    dueAtAgeMs: dueAtAgeMs(input.maxKeyAgeDays, input.gracePeriodSeconds, input.deletionDelaySeconds),
  };

  const scope = await accountsInScope(input, ports.accounts, hubAccountId);
  const multiAccount = ports.accounts !== undefined && ports.accounts.scope.source.kind !== 'hub-only';
  const unreadable: UnreadableAccount[] = [...scope.unreadable];
  const results = await mapWithConcurrency(
    scope.accounts,
    ports.fleetSettings.accountConcurrency,
    async (account): Promise<AccountVerdicts | undefined> => {
      const directory =
        account === hubAccountId || ports.accounts === undefined
          ? ports.directory
          : inMemberAccount(account, ports.accounts.directoryOf(account));
      try {
        return await examineAccount(account, directory, run);
      } catch (error) {
        // A single-account deployment fails as it always has, so Step Functions retries the step.
        if (!multiAccount) throw error;
        unreadable.push(unreadableAccount(account, error));
        return undefined;
      }
    },
  );
  const read = results.filter((result): result is AccountVerdicts => result !== undefined);
  unreadable.sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
  const due = read.flatMap((account) => account.due);
  const skips = read.flatMap((account) => account.skips);
  const byAccount: AccountDiscovery[] = read.map((account) => ({
    account: account.account,
    scanned: account.due.length + account.skips.length,
    due: account.due.length,
    skipped: account.skips.length,
  }));

  const prefix = runPrefix(ports.settings.provider, request.executionArn);
  const discovery = fitDiscovery({
    provider: ports.settings.provider,
    executionArn: request.executionArn,
    runDate,
    dryRun: input.dryRun,
    maxKeyAgeDays: input.maxKeyAgeDays,
    dueAtAgeDays: run.dueAtAgeMs / DAY_MS,
    gracePeriodSeconds: input.gracePeriodSeconds,
    deletionDelaySeconds: input.deletionDelaySeconds,
    workBucket: ports.workStore.bucket,
    accountsKey: accountsKeyOf(prefix),
    discoveryKey: discoveryKeyOf(prefix),
    accounts: read.length,
    scanned: due.length + skips.length,
    dueCount: due.length,
    dueDetails: due.slice(0, SKIPPED_LIST_LIMIT),
    dueNotListed: Math.max(0, due.length - SKIPPED_LIST_LIMIT),
    skipped: skips.slice(0, SKIPPED_LIST_LIMIT),
    skippedCounts: countByReason(skips),
    skippedNotListed: Math.max(0, skips.length - SKIPPED_LIST_LIMIT),
    byAccount: byAccount.slice(0, ACCOUNT_LIST_LIMIT),
    byAccountNotListed: Math.max(0, byAccount.length - ACCOUNT_LIST_LIMIT),
    unreadableAccounts: unreadable.slice(0, UNREADABLE_LIST_LIMIT),
    unreadableAccountsCount: unreadable.length,
    unreadableNotListed: Math.max(0, unreadable.length - UNREADABLE_LIST_LIMIT),
  });
  await writeWork(run, prefix, read, {
    discovery,
    byAccount,
    unreadableAccounts: unreadable,
    skipped: skips,
  });
  return discovery;
}
