/**
 * Everything the report is built from, locally or from the deployed stack:
 * execution histories, archived records, and the current keys of each
 * provider in scope. A provider whose keys cannot be read becomes a warning
 * and an incomplete report (exit 1), never a silently smaller inventory.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import type { OrganizationReads } from '../../evidence/model/account-evidence.ts';
import { type ExecutionHistory, providerResolver } from '../../evidence/model/execution-history.ts';
import type { PrincipalKeys } from '../../evidence/model/key-inventory.ts';
import { counted } from '../../evidence/model/plural.ts';
import { readHubAccountId } from '../../lambdas/config/account-scope.ts';
import { readFleetSettings } from '../../lambdas/config/fleet-environment.ts';
import type { EvidenceRecord, Provider } from '../../lambdas/rotation/rotation-state.ts';
import { openLocalAwsEndpoint } from '../../local/local-aws-endpoint.ts';
import { hubAccountOfCaller } from './hub-account.ts';
import { readInventory, THROTTLE_SAFE } from './inventory-source.ts';
import { readLocalSources } from './local-histories.ts';
import { memberAccounts } from './member-accounts.ts';
import { readDeployedAt, readRemoteHistories } from './remote-histories.ts';

export interface GatherRequest {
  readonly local: boolean;
  readonly stateDir: string;
  readonly provider: Provider | undefined;
  readonly since: Date;
  readonly stateMachineArns: readonly string[];
  readonly progress: (text: string) => void;
  /** Pause between API pages (remote reads). */
  readonly pauseMs?: number;
}

export interface Sources {
  readonly histories: readonly ExecutionHistory[];
  readonly archive: readonly EvidenceRecord[];
  readonly inventory: readonly PrincipalKeys[];
  readonly providers: readonly Provider[];
  readonly source: string;
  readonly warnings: readonly string[];
  /** A source could not be read: the report is written, but says so, and the command exits 1. */
  readonly incomplete: boolean;
  /** When the deployed state machines were created; unknown locally, where nothing is scheduled. */
  readonly deployedAt?: Date;
  /** A multi-account deployment's accounts, as read; absent for a single-account one. */
  readonly organization?: OrganizationReads;
}

/** Providers the histories show in use; AWS always, since the IAM inventory is always in scope. */
function providersInUse(histories: readonly ExecutionHistory[]): Provider[] {
  const providerOf = providerResolver(histories);
  const seen = new Set<Provider>(['aws']);
  for (const history of histories) {
    const provider = providerOf(history);
    if (provider) seen.add(provider);
  }
  return [...seen].sort();
}

/** Yandex has no account-wide listing: the fleet's configured accounts, and every one seen rotated. */
function yandexAccounts(histories: readonly ExecutionHistory[]): string[] {
  const providerOf = providerResolver(histories);
  const rotated = histories
    .filter((history) => providerOf(history) === 'yandex')
    .map((history) => (history.input as { principal?: unknown } | null)?.principal)
    .filter((principal): principal is string => typeof principal === 'string');
  return [...new Set([...readFleetSettings().yandexServiceAccounts, ...rotated])].sort();
}

async function inventories(
  providers: readonly Provider[],
  histories: readonly ExecutionHistory[],
  progress: (text: string) => void,
) {
  const found: PrincipalKeys[] = [];
  const warnings: string[] = [];
  const failed = new Map<Provider, unknown>();
  for (const provider of providers) {
    const accounts = yandexAccounts(histories);
    if (provider === 'yandex' && accounts.length === 0) {
      warnings.push('Yandex inventory: no service account in scope (set AKR_YANDEX_SERVICE_ACCOUNTS)');
      continue;
    }
    try {
      progress(`Reading the ${provider} key inventory…`);
      const onPrincipal = (done: number, total: number) => {
        if (done % 50 === 0 || done === total)
          progress(`  ${provider}: ${done}/${counted(total, 'principal')}`);
      };
      found.push(...(await readInventory({ provider, yandexServiceAccounts: accounts }, { onPrincipal })));
    } catch (error) {
      failed.set(provider, error);
      warnings.push(
        `${provider} inventory could not be read: ${(error as Error).name}: ${(error as Error).message}`,
      );
    }
  }
  return { found, warnings, failed };
}

/** Without the creation date the schedule is judged from the period start, as before: said, not fatal. */
async function deployedAtOrWarning(client: SFNClient, arns: readonly string[]) {
  try {
    return { deployedAt: await readDeployedAt(client, arns), warnings: [] };
  } catch (error) {
    const reason = `${(error as Error).name}: ${(error as Error).message}`;
    return {
      deployedAt: undefined,
      warnings: [
        `when the state machines were created could not be read (DescribeStateMachine, ${reason}); the schedule is judged from the start of the period`,
      ],
    };
  }
}

function unreadable(organization: OrganizationReads | undefined): boolean {
  return organization?.accounts.some((read) => read.status === 'UNREADABLE') ?? false;
}

export async function gatherSources(request: GatherRequest): Promise<Sources> {
  if (request.local) {
    const local = readLocalSources(request.stateDir);
    request.progress(
      `Read ${counted(local.histories.length, 'execution')} and ${counted(local.archive.length, 'archived record')} in ${request.stateDir}`,
    );
    const providers = request.provider ? [request.provider] : providersInUse(local.histories);
    // The report only reads: even a Yandex token exchange must not write the state it reports on.
    const endpoint = await openLocalAwsEndpoint(request.stateDir, { readOnly: true });
    try {
      const inventory = await inventories(providers, local.histories, request.progress);
      const members = await memberAccounts(request, {
        providers,
        hubFailure: inventory.failed.get('aws'),
        hubAccountId: async () => endpoint.accountId,
      });
      const warnings = [...local.warnings, ...inventory.warnings];
      return {
        ...local,
        inventory: [...inventory.found, ...(members?.inventory ?? [])],
        providers,
        source: `local state ${request.stateDir} (${endpoint.endpoint})`,
        warnings,
        incomplete: inventory.warnings.length > 0 || unreadable(members?.organization),
        ...(members && { organization: members.organization }),
      };
    } finally {
      await endpoint.close();
    }
  }
  const provider = request.provider ?? 'aws';
  const client = new SFNClient({ ...THROTTLE_SAFE });
  try {
    const histories = await readRemoteHistories(client, {
      stateMachineArns: request.stateMachineArns,
      since: request.since,
      ...(request.pauseMs !== undefined && { pauseMs: request.pauseMs }),
      onProgress: request.progress,
    });
    const inventory = await inventories([provider], histories, request.progress);
    const members = await memberAccounts(request, {
      providers: [provider],
      hubFailure: inventory.failed.get('aws'),
      hubAccountId: async () => readHubAccountId() ?? (await hubAccountOfCaller()),
    });
    const deployment = await deployedAtOrWarning(client, request.stateMachineArns);
    // The S3 archive of evidence records is not read yet: the merge point takes it as `archive`.
    return {
      histories,
      archive: [],
      inventory: [...inventory.found, ...(members?.inventory ?? [])],
      providers: [provider],
      source: request.stateMachineArns.join(', '),
      warnings: [...inventory.warnings, ...deployment.warnings],
      incomplete: inventory.warnings.length > 0 || unreadable(members?.organization),
      ...(deployment.deployedAt && { deployedAt: deployment.deployedAt }),
      ...(members && { organization: members.organization }),
    };
  } finally {
    client.destroy();
  }
}
