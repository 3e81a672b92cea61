/**
 * Read-only views of the local cloud that the scenarios assert on.
 */

import type { LocalCloud } from '@access-key-rotator/local-cloud';
import type { Provider } from '../../../lambdas/rotation/rotation-state.ts';
import type { LocalExecutionRecord } from '../../../local/workflow/execution-history-store.ts';
import { secretOf } from './e2e-harness.ts';

export function keyStatuses(cloud: LocalCloud, userName: string): Record<string, string> {
  return Object.fromEntries(cloud.iam.listAccessKeys(userName).map((key) => [key.accessKeyId, key.status]));
}

export function stageHolders(
  cloud: LocalCloud,
  userName: string,
  provider: Provider = 'aws',
): Record<string, string> {
  const name = secretOf(userName, provider);
  const secret = cloud.secrets.findSecret(name);
  const holders: Record<string, string> = {};
  for (const [versionId, stages] of Object.entries(secret?.versionIdsToStages ?? {})) {
    for (const stage of stages) {
      const value = cloud.secrets.getSecretValue(name, { versionId });
      holders[stage] = (JSON.parse(value.secretString ?? '{}') as { AccessKeyId: string }).AccessKeyId;
    }
  }
  return holders;
}

export function enteredStates(execution: LocalExecutionRecord): string[] {
  return execution.events
    .filter((event) => event.type === 'StateEntered')
    .map((event) => String(event.stateName));
}

export function lockHeld(cloud: LocalCloud, lockTable: string, userName: string): boolean {
  return cloud.dynamodb.getItem(lockTable, { lockId: { S: `aws#${userName}` } }) !== undefined;
}
