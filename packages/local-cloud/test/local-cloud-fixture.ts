/**
 * Starts a local cloud on a fresh temp state dir and builds real SDK clients
 * pointed at it. Clients make one attempt only, so a test sees each wire
 * response as is rather than the SDK's retries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import {
  LOCAL_ADMIN_CREDENTIALS,
  type LocalCloud,
  type LocalCloudOptions,
  STATE_DATABASE_FILE_NAME,
  startLocalCloud,
} from '../src/index.ts';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Set for a role session's credentials (STS AssumeRole). */
  readonly sessionToken?: string;
}

export function clientConfig(cloud: LocalCloud, credentials: Credentials = LOCAL_ADMIN_CREDENTIALS) {
  return { endpoint: cloud.endpoint, region: cloud.region, credentials, maxAttempts: 1 };
}

export interface TestCloud {
  readonly cloud: LocalCloud;
  readonly stateDir: string;
  readonly iam: IAMClient;
  readonly sts: STSClient;
  readonly secrets: SecretsManagerClient;
  readonly dynamodb: DynamoDBClient;
  readonly sns: SNSClient;
  readonly events: EventBridgeClient;
  close(): Promise<void>;
}

/**
 * How many changes were ever committed to the state in `stateDir`: SQLite's
 * AUTOINCREMENT counter of the change rows, which compaction does not reset.
 */
export function committedChanges(stateDir: string): number {
  const database = new DatabaseSync(join(stateDir, STATE_DATABASE_FILE_NAME), { readOnly: true });
  try {
    const row = database.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").get() as
      | { seq: number }
      | undefined;
    return Number(row?.seq ?? 0);
  } finally {
    database.close();
  }
}

export function tempStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'akr-local-cloud-'));
}

export async function startTestCloud(options: LocalCloudOptions = {}): Promise<TestCloud> {
  const stateDir = options.stateDir ?? tempStateDir();
  const cloud = await startLocalCloud({ ...options, stateDir });
  const config = clientConfig(cloud);
  const clients = {
    iam: new IAMClient(config),
    sts: new STSClient(config),
    secrets: new SecretsManagerClient(config),
    dynamodb: new DynamoDBClient(config),
    sns: new SNSClient(config),
    events: new EventBridgeClient(config),
  };
  return {
    cloud,
    stateDir,
    ...clients,
    close: async () => {
      for (const client of Object.values(clients)) client.destroy();
      await cloud.close();
      if (options.stateDir === undefined) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** The rejection of `promise`, for asserting on AWS error names and statuses. */
export async function rejectionOf(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const failure = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: failure.name, message: failure.message, status: failure.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
