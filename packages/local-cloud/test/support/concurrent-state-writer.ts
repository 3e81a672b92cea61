/**
 * One of several processes writing to one state dir at once, over the wire:
 * it starts its own local cloud on the dir (as each `akr` process does), says
 * `ready`, waits for the parent's go file, then makes `writes` IAM CreateUser
 * calls and as many increments of one shared DynamoDB counter, each a
 * GetItem then a PutItem conditional on the value it read (retried when the
 * condition fails). Prints one `RESULT` line of JSON.
 *
 * Usage: node concurrent-state-writer.ts <stateDir> <writer> <writes>
 * With `hold-lock` as <writes>: takes the state's write lock, says `holding`,
 * and never lets go, to be killed.
 */
import { existsSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { LOCAL_ADMIN_CREDENTIALS, startLocalCloud } from '../../src/index.ts';
import { CloudStateStore } from '../../src/state/cloud-state-store.ts';
import { COUNTER_TABLE, GO_FILE } from './concurrent-writers.ts';

const [stateDir = '', writer = '', writesArg = ''] = process.argv.slice(2);

if (writesArg === 'hold-lock') {
  const store = new CloudStateStore(stateDir);
  store.mutate((draft) => {
    draft.iam.users.ghost = { userName: 'ghost', userId: 'AIDAGHOST', path: '/', createDate: 'd', tags: {} };
    process.stdout.write('holding\n');
    for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  });
}

const writes = Number(writesArg);
const cloud = await startLocalCloud({ stateDir });
// One attempt, so a retried conditional put can never count twice; no keep-alive, so a starved
// process never reuses a socket its own server has just closed for idleness.
const config = {
  endpoint: cloud.endpoint,
  region: cloud.region,
  credentials: LOCAL_ADMIN_CREDENTIALS,
  maxAttempts: 1,
  requestHandler: { httpAgent: new Agent({ keepAlive: false }) },
};
const iam = new IAMClient(config);
const dynamodb = new DynamoDBClient(config);
process.stdout.write('ready\n');
while (!existsSync(join(stateDir, GO_FILE))) await sleep(5);

let conflicts = 0;
for (let i = 0; i < writes; i++) {
  await iam.send(new CreateUserCommand({ UserName: `writer-${writer}-${i}` }));
  for (;;) {
    const read = await dynamodb.send(
      new GetItemCommand({ TableName: COUNTER_TABLE, Key: { id: { S: 'shared' } } }),
    );
    const seen = read.Item?.n?.N ?? '0';
    try {
      await dynamodb.send(
        new PutItemCommand({
          TableName: COUNTER_TABLE,
          Item: { id: { S: 'shared' }, n: { N: String(Number(seen) + 1) } },
          ConditionExpression: 'n = :seen',
          ExpressionAttributeValues: { ':seen': { N: seen } },
        }),
      );
      break;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      conflicts += 1;
    }
  }
}
iam.destroy();
dynamodb.destroy();
await cloud.close();
process.stdout.write(`RESULT ${JSON.stringify({ writer, users: writes, increments: writes, conflicts })}\n`);
