/**
 * A small definition shaped like the fleet's (a test input, not a product
 * definition): a Distributed Map over accounts read from S3, each running a
 * Distributed Map over that account's principals read from S3, both writing
 * their results with a ResultWriter, and the embedded local cloud to read
 * and write them, reached through the real S3 client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_ADMIN_CREDENTIALS, type LocalCloud, startLocalCloud } from '@access-key-rotator/local-cloud';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ExecutionHistoryStore } from '../../../local/workflow/execution-history-store.ts';
import type { AslDefinition } from '../../../local/workflow/synthesized-workflow.ts';

export const BUCKET = 'akr-map-run-test';
export const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:Fleet';
const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const distributed = { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } };
const readJson = (key: string) => ({
  Resource: 'arn:aws:states:::s3:getObject',
  ReaderConfig: { InputType: 'JSON' },
  Parameters: { Bucket: BUCKET, 'Key.$': key },
});
const writeTo = (prefix: string) => ({
  Resource: 'arn:aws:states:::s3:putObject',
  Parameters: { Bucket: BUCKET, Prefix: prefix },
});

export const NESTED_MAPS: AslDefinition = {
  StartAt: 'RotateAccounts',
  States: {
    RotateAccounts: {
      Type: 'Map',
      ItemReader: readJson('$.accountsKey'),
      ItemSelector: {
        'account.$': '$$.Map.Item.Value.account',
        'itemsKey.$': '$$.Map.Item.Value.itemsKey',
        'graceDays.$': '$.graceDays',
      },
      MaxConcurrency: 2,
      ToleratedFailurePercentage: 100,
      ResultWriter: writeTo('results/accounts'),
      ResultPath: '$.results',
      End: true,
      ItemProcessor: {
        ...distributed,
        StartAt: 'RotateAccountPrincipals',
        States: {
          RotateAccountPrincipals: {
            Type: 'Map',
            ItemReader: readJson('$.itemsKey'),
            ItemSelector: {
              'principal.$': '$$.Map.Item.Value.principal',
              'index.$': '$$.Map.Item.Index',
              'account.$': '$.account',
              'graceDays.$': '$.graceDays',
            },
            MaxConcurrency: 3,
            ToleratedFailurePercentage: 50,
            ResultWriter: writeTo('results/principals'),
            ResultPath: '$.run',
            Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'AccountFailed' }],
            End: true,
            ItemProcessor: {
              ...distributed,
              StartAt: 'Rotate',
              States: { Rotate: { Type: 'Task', Resource: fn('rotate'), End: true } },
            },
          },
          AccountFailed: {
            Type: 'Pass',
            Parameters: {
              'account.$': '$.account',
              status: 'FAILED',
              'error.$': '$.failure.Error',
              'cause.$': '$.failure.Cause',
            },
            End: true,
          },
        },
      },
    },
  },
};

export interface MapRunWorld {
  readonly s3: S3Client;
  readonly cloud: LocalCloud;
  readonly stateDir: string;
  readonly history: ExecutionHistoryStore;
  put(key: string, value: unknown): Promise<void>;
  get<T>(key: string): Promise<T>;
  close(): Promise<void>;
}

export async function openMapRunWorld(): Promise<MapRunWorld> {
  const stateDir = mkdtempSync(join(tmpdir(), 'akr-map-run-'));
  const cloud = await startLocalCloud({ persist: false });
  const s3 = new S3Client({
    endpoint: cloud.endpoint,
    region: cloud.region,
    credentials: LOCAL_ADMIN_CREDENTIALS,
    forcePathStyle: true,
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  return {
    s3,
    cloud,
    stateDir,
    history: new ExecutionHistoryStore(stateDir),
    async put(key, value) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: JSON.stringify(value) }));
    },
    async get<T>(key: string) {
      const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      return JSON.parse((await object.Body?.transformToString()) ?? 'null') as T;
    },
    async close() {
      s3.destroy();
      await cloud.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
