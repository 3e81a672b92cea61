/**
 * Distributed Map states of the synthesized definition, run by the local
 * runner as Step Functions runs them: items read from S3 by the ItemReader,
 * the ItemSelector with `$$.Map.Item.Value/Index`, MaxConcurrency, the
 * tolerated failure threshold, results written by the ResultWriter in AWS's
 * layout, `States.ItemReaderFailed` for a missing items object, nested Maps,
 * and a parent history that holds the Map Run, not its children.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskHandlers } from '../../local/workflow/handler-bindings.ts';
import { runLocalExecution } from '../../local/workflow/local-execution.ts';
import type { MapRunManifest } from '../../local/workflow/map-result-writer.ts';
import {
  BUCKET,
  type MapRunWorld,
  NESTED_MAPS,
  openMapRunWorld,
  STATE_MACHINE_ARN,
} from './support/map-run-fixture.ts';

interface RotateInput {
  readonly principal: string;
  readonly index: number;
  readonly account: string;
  readonly graceDays: number;
}
interface ResultEntry {
  readonly Status: string;
  readonly Input: string;
  readonly Output?: string;
  readonly Error?: string;
  readonly [field: string]: unknown;
}

let world: MapRunWorld;
beforeEach(async () => {
  world = await openMapRunWorld();
});
afterEach(async () => world.close());

/** Seeds accounts.json and one items file per account (a missing one when `missing` names it). */
async function seedAccounts(principalsByAccount: Record<string, number>, missing: string[] = []) {
  const accounts = Object.entries(principalsByAccount).map(([account, due]) => ({
    account,
    itemsKey: `due/${account}.json`,
    due,
  }));
  for (const { account, itemsKey, due } of accounts) {
    if (missing.includes(account)) continue;
    await world.put(
      itemsKey,
      Array.from({ length: due }, (_, i) => ({
        principal: `${account}/user-${i}`,
        name: `${account}_user-${i}`,
      })),
    );
  }
  await world.put('accounts.json', accounts);
}

/** A rotate handler that takes `ms`, fails for the principals `fails` picks, and counts how many run at once. */
function rotateHandler(options: { ms?: number; fails?: (input: RotateInput) => boolean } = {}) {
  const seen: RotateInput[] = [];
  let running = 0;
  const runningByAccount = new Map<string, number>();
  const peak = { total: 0, perAccount: 0 };
  const handlers: TaskHandlers = {
    Rotate: async (raw) => {
      const input = raw as unknown as RotateInput;
      seen.push(input);
      running += 1;
      const mine = (runningByAccount.get(input.account) ?? 0) + 1;
      runningByAccount.set(input.account, mine);
      peak.total = Math.max(peak.total, running);
      peak.perAccount = Math.max(peak.perAccount, mine);
      await new Promise((resolve) => setTimeout(resolve, options.ms ?? 5));
      running -= 1;
      runningByAccount.set(input.account, (runningByAccount.get(input.account) ?? 1) - 1);
      if (options.fails?.(input))
        throw Object.assign(new Error(`cannot rotate ${input.principal}`), { name: 'RotationFailed' });
      return { principal: input.principal, status: 'ROTATED' };
    },
  };
  return { handlers, seen, peak };
}

/** Every entry of the result files a manifest lists, by status. */
async function resultsOf(manifestKey: string) {
  const manifest = await world.get<MapRunManifest>(manifestKey);
  const read = async (files: { Key: string }[]) =>
    (await Promise.all(files.map((file) => world.get<ResultEntry[]>(file.Key)))).flat();
  return {
    manifest,
    succeeded: await read(manifest.ResultFiles.SUCCEEDED),
    failed: await read(manifest.ResultFiles.FAILED),
  };
}

function run(
  name: string,
  handlers: TaskHandlers,
  input: unknown = { accountsKey: 'accounts.json', graceDays: 7 },
) {
  return runLocalExecution({
    definition: NESTED_MAPS,
    stateMachineArn: STATE_MACHINE_ARN,
    name,
    input,
    handlers,
    history: world.history,
    s3: world.s3,
  });
}

describe('a Distributed Map run locally', () => {
  it('reads nested items from S3, selects each with $$.Map.Item, keeps to MaxConcurrency and writes results as AWS does', async () => {
    // Prepare
    await seedAccounts({ '111122223333': 7, '444455556666': 5, '777788889999': 4 });
    const rotate = rotateHandler({ ms: 15 });

    // Act
    const record = await run('nested', rotate.handlers);

    // Assess
    expect(record.status).toBe('SUCCEEDED');
    expect(rotate.seen).toHaveLength(16);
    expect(rotate.seen).toContainEqual({
      principal: '111122223333/user-6',
      index: 6,
      account: '111122223333',
      graceDays: 7,
    });
    expect(rotate.peak.perAccount).toBe(3); // MaxConcurrency of the inner Map, reached and never passed
    expect(rotate.peak.total).toBeLessThanOrEqual(6); // two accounts at once (outer MaxConcurrency), three each
    const output = record.output as {
      results: { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } };
    };
    const { MapRunArn, ResultWriterDetails } = output.results;
    expect(MapRunArn).toMatch(
      /^arn:aws:states:us-east-1:000000000000:mapRun:Fleet\/RotateAccounts:[0-9a-f-]{36}$/,
    );
    const mapRunId = MapRunArn.split(':').at(-1);
    expect(ResultWriterDetails).toEqual({
      Bucket: BUCKET,
      Key: `results/accounts/${mapRunId}/manifest.json`,
    });

    const accounts = await resultsOf(ResultWriterDetails.Key);
    expect(accounts.manifest).toEqual({
      DestinationBucket: BUCKET,
      MapRunArn,
      ResultFiles: {
        FAILED: [],
        PENDING: [],
        SUCCEEDED: [{ Key: `results/accounts/${mapRunId}/SUCCEEDED_0.json`, Size: expect.any(Number) }],
      },
    });
    expect(accounts.succeeded).toHaveLength(3);
    const [entry] = accounts.succeeded;
    expect(Object.keys(entry ?? {}).sort()).toEqual(
      [
        'ExecutionArn',
        'Input',
        'InputDetails',
        'Name',
        'Output',
        'OutputDetails',
        'StartDate',
        'StateMachineArn',
        'Status',
        'StopDate',
      ].sort(),
    );
    expect(entry?.ExecutionArn).toBe(
      `arn:aws:states:us-east-1:000000000000:execution:Fleet/RotateAccounts:${entry?.Name}`,
    );
    expect(entry?.StateMachineArn).toBe(
      'arn:aws:states:us-east-1:000000000000:stateMachine:Fleet/RotateAccounts',
    );

    // Each account's output points at its own Map Run's results: every principal, rotated once.
    const principals: string[] = [];
    for (const account of accounts.succeeded) {
      const input = JSON.parse(account.Input) as { account: string; itemsKey: string; graceDays: number };
      const accountOutput = JSON.parse(account.Output ?? 'null') as {
        run: { MapRunArn: string; ResultWriterDetails: { Key: string } };
      };
      expect(accountOutput.run.MapRunArn).toContain(':mapRun:Fleet/RotateAccounts/RotateAccountPrincipals:');
      const inner = await resultsOf(accountOutput.run.ResultWriterDetails.Key);
      expect(inner.failed).toEqual([]);
      for (const child of inner.succeeded) {
        expect(JSON.parse(child.Input)).toMatchObject({ account: input.account, graceDays: 7 });
        principals.push((JSON.parse(child.Output ?? 'null') as { principal: string }).principal);
      }
    }
    expect(principals.sort()).toEqual(rotate.seen.map((seen) => seen.principal).sort());
  });

  it('records the Map Run in the parent history, not the events of its children', async () => {
    // Prepare
    await seedAccounts({ '111122223333': 3 });

    // Act
    await run('history', rotateHandler().handlers);

    // Assess
    const events = world.history.get('history')?.events ?? [];
    expect(events.map((event) => `${event.type} ${event.stateName ?? ''}`.trim())).toEqual([
      'ExecutionStarted',
      'StateEntered RotateAccounts',
      'MapRunStarted RotateAccounts',
      'MapRunSucceeded RotateAccounts',
      'StateExited RotateAccounts',
      'ExecutionSucceeded',
    ]);
    expect(
      events.filter((event) => event.stateName === 'RotateAccounts').map((event) => event.stateType),
    ).toEqual(['Map', 'Map', 'Map', 'Map']);
  });

  it('fails a Map past its tolerated failures with States.ExceedToleratedFailureThreshold, which its Catch turns into a result', async () => {
    // Prepare: in 444455556666 three of four fail (75% > the 50% tolerated); in 111122223333 one of four (25%).
    await seedAccounts({ '111122223333': 4, '444455556666': 4 });
    const rotate = rotateHandler({
      fails: ({ account, index }) => (account === '444455556666' ? index > 0 : index === 0),
    });

    // Act
    const record = await run('tolerance', rotate.handlers);

    // Assess
    expect(record.status).toBe('SUCCEEDED');
    const key = (record.output as { results: { ResultWriterDetails: { Key: string } } }).results
      .ResultWriterDetails.Key;
    const outputs = (await resultsOf(key)).succeeded.map((entry) => JSON.parse(entry.Output ?? 'null'));
    const failedAccount = outputs.find((output) => output.account === '444455556666');
    expect(failedAccount).toMatchObject({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
    });
    const tolerated = outputs.find((output) => output.account === '111122223333') as {
      run: { ResultWriterDetails: { Key: string } };
    };
    const inner = await resultsOf(tolerated.run.ResultWriterDetails.Key);
    expect(inner.succeeded).toHaveLength(3);
    expect(inner.failed).toEqual([
      expect.objectContaining({
        Status: 'FAILED',
        Error: 'RotationFailed',
        Cause: 'cannot rotate 111122223333/user-0',
      }),
    ]);
  });

  it('fails with States.ItemReaderFailed when the items object is missing, as Step Functions does', async () => {
    // Prepare: one account's items were never written, nor is there an accounts object for the second run.
    await seedAccounts({ '111122223333': 2, '444455556666': 2 }, ['444455556666']);

    // Act
    const caught = await run('missing-items', rotateHandler().handlers);
    const uncaught = await run('missing-accounts', rotateHandler().handlers, {
      accountsKey: 'nowhere.json',
      graceDays: 7,
    });

    // Assess
    const key = (caught.output as { results: { ResultWriterDetails: { Key: string } } }).results
      .ResultWriterDetails.Key;
    const outputs = (await resultsOf(key)).succeeded.map((entry) => JSON.parse(entry.Output ?? 'null'));
    expect(outputs.find((output) => output.account === '444455556666')).toMatchObject({
      status: 'FAILED',
      error: 'States.ItemReaderFailed',
      cause: expect.stringContaining(`s3://${BUCKET}/due/444455556666.json`),
    });
    expect(uncaught.status).toBe('FAILED');
    expect(uncaught.error).toBe('States.ItemReaderFailed');
    expect(world.history.get('missing-accounts')?.events.map((event) => event.type)).toContain(
      'MapRunFailed',
    );
  });

  it('fails the Map, starting no further child, when the ItemSelector cannot select an item', async () => {
    // Prepare: the second account item has no itemsKey.
    await world.put('accounts.json', [
      { account: '111122223333', itemsKey: 'due/111122223333.json' },
      { account: '444455556666' },
      { account: '777788889999', itemsKey: 'due/777788889999.json' },
    ]);
    await world.put('due/111122223333.json', [{ principal: '111122223333/a' }]);
    await world.put('due/777788889999.json', [{ principal: '777788889999/c' }]);
    const rotate = rotateHandler();

    // Act
    const record = await run('bad-item', rotate.handlers);

    // Assess
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.Runtime');
    expect(rotate.seen.map((seen) => seen.principal)).not.toContain('777788889999/c');
  });

  it('stops where it is when interrupted: the record stays RUNNING at its Map Run, and no child starts after', async () => {
    // Prepare
    await seedAccounts({ '111122223333': 40, '444455556666': 40 });
    const interrupt = new AbortController();
    const rotate = rotateHandler({ ms: 10 });
    const handlers: TaskHandlers = {
      Rotate: async (input) => {
        if (rotate.seen.length === 8) interrupt.abort('SIGINT');
        return rotate.handlers.Rotate?.(input) ?? null;
      },
    };

    // Act
    const record = await runLocalExecution({
      definition: NESTED_MAPS,
      stateMachineArn: STATE_MACHINE_ARN,
      name: 'interrupted',
      input: { accountsKey: 'accounts.json', graceDays: 7 },
      handlers,
      history: world.history,
      s3: world.s3,
      interrupt: interrupt.signal,
    });
    const startedWhenStopped = rotate.seen.length;
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Assess
    const onDisk = world.history.get('interrupted');
    expect(record.status).toBe('RUNNING');
    expect(onDisk?.status).toBe('RUNNING');
    expect(onDisk?.interruptedBy).toBe('SIGINT');
    expect(onDisk?.events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'StateEntered',
      'MapRunStarted',
    ]);
    expect(rotate.seen.length).toBe(startedWhenStopped);
    expect(startedWhenStopped).toBeLessThan(80);
    const written = await world.s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'results/accounts/' }),
    );
    expect(written.KeyCount ?? 0).toBe(0); // an unfinished Map Run has no manifest
  });

  it('runs 20,000 items with the results in S3 and a parent record of a few events', async () => {
    // Prepare: 20 accounts of 1,000 principals.
    const size = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [String(100000000000 + i), 1000]));
    await seedAccounts(size);
    const rotate = rotateHandler({ ms: 0 });
    const definition = structuredClone(NESTED_MAPS) as unknown as {
      States: {
        RotateAccounts: {
          MaxConcurrency: number;
          ItemProcessor: { States: { RotateAccountPrincipals: { MaxConcurrency: number } } };
        };
      };
    };
    definition.States.RotateAccounts.MaxConcurrency = 20;
    definition.States.RotateAccounts.ItemProcessor.States.RotateAccountPrincipals.MaxConcurrency = 10;
    const heapBefore = process.memoryUsage().heapUsed;

    // Act
    const record = await runLocalExecution({
      definition: definition as unknown as typeof NESTED_MAPS,
      stateMachineArn: STATE_MACHINE_ARN,
      name: 'twenty-thousand',
      input: { accountsKey: 'accounts.json', graceDays: 7 },
      handlers: rotate.handlers,
      history: world.history,
      s3: world.s3,
    });

    // Assess
    expect(record.status).toBe('SUCCEEDED');
    expect(rotate.seen).toHaveLength(20_000);
    const recordBytes = statSync(join(world.history.directory, 'twenty-thousand.json')).size;
    expect(recordBytes).toBeLessThan(4096);
    expect(record.events).toHaveLength(6);
    const key = (record.output as { results: { ResultWriterDetails: { Key: string } } }).results
      .ResultWriterDetails.Key;
    let children = 0;
    for (const account of (await resultsOf(key)).succeeded) {
      const output = JSON.parse(account.Output ?? 'null') as {
        run: { ResultWriterDetails: { Key: string } };
      };
      children += (await resultsOf(output.run.ResultWriterDetails.Key)).succeeded.length;
    }
    expect(children).toBe(20_000);
    // The results went to S3 as they came: what stays behind is far less than 20,000 results kept whole.
    rotate.seen.length = 0;
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
  }, 120_000);
});
