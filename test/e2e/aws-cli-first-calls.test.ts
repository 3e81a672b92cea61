/**
 * The calls people try first, made with the real AWS CLI v2 against
 * `akr local-cloud` through --endpoint-url: DynamoDB list-tables and scan,
 * Secrets Manager list-secret-version-ids and delete-secret, S3 list-buckets,
 * `s3 ls` and head-object; a call that is not emulated says so. The start-up
 * banner names every service the cloud serves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_ADMIN_CREDENTIALS, SERVICE_TITLES, startLocalCloud } from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPAWNING_TEST_TIMEOUT_MS } from './support/akr-process.ts';
import { aws, type CliRun, cliHome, ensureAwsCliV2AndCurl } from './support/aws-cli-v2.ts';
import { type ServedCloud, serveLocalCloud } from './support/served-cloud.ts';

let root: string;
let cloud: ServedCloud;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  ensureAwsCliV2AndCurl();
  root = mkdtempSync(join(tmpdir(), 'akr-aws-cli-first-'));
  cloud = await serveLocalCloud(join(root, 'served'), root);
  env = cliHome(mkdtempSync(join(root, 'home-')));
}, 900_000);

afterAll(async () => {
  await cloud?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** `aws --endpoint-url <cloud> <args>` signed with the admin key. */
const cli = (...args: string[]): CliRun =>
  aws(env, ['--endpoint-url', cloud.endpoint, ...args], LOCAL_ADMIN_CREDENTIALS);

function ok(result: CliRun): string {
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}
const json = (result: CliRun) => JSON.parse(ok(result)) as Record<string, unknown>;

describe('the AWS CLI v2 first calls against akr local-cloud', () => {
  it('starts with a banner that names every service the cloud serves', async () => {
    const inProcess = await startLocalCloud({ persist: false });
    const titles = inProcess.services.map((service) => SERVICE_TITLES[service]);
    await inProcess.close();

    expect(cloud.banner).toContain(`Local cloud (${titles.join(', ')}) on ${cloud.endpoint}`);
    for (const title of ['IAM', 'STS', 'Secrets Manager', 'DynamoDB', 'SNS', 'EventBridge', 'S3'])
      expect(titles).toContain(title);
  });

  it(
    'lists tables and scans a table page by page',
    () => {
      for (const table of ['first-calls-a', 'first-calls-b', 'first-calls-c'])
        ok(
          cli(
            'dynamodb',
            'create-table',
            '--table-name',
            table,
            '--attribute-definitions',
            'AttributeName=lockId,AttributeType=S',
            '--key-schema',
            'AttributeName=lockId,KeyType=HASH',
            '--billing-mode',
            'PAY_PER_REQUEST',
          ),
        );
      for (let i = 0; i < 5; i++)
        ok(
          cli(
            'dynamodb',
            'put-item',
            '--table-name',
            'first-calls-a',
            '--item',
            JSON.stringify({ lockId: { S: `aws#user-${i}` }, n: { N: String(i) } }),
          ),
        );

      const tables = json(cli('dynamodb', 'list-tables', '--page-size', '1'));
      const scanned = json(cli('dynamodb', 'scan', '--table-name', 'first-calls-a', '--page-size', '2'));
      const filtered = json(
        cli(
          'dynamodb',
          'scan',
          '--table-name',
          'first-calls-a',
          '--filter-expression',
          'n >= :three',
          '--expression-attribute-values',
          '{":three":{"N":"3"}}',
        ),
      );

      expect(tables.TableNames).toEqual(['first-calls-a', 'first-calls-b', 'first-calls-c']);
      expect((scanned.Items as { lockId: { S: string } }[]).map((item) => item.lockId.S).sort()).toEqual(
        Array.from({ length: 5 }, (_, i) => `aws#user-${i}`),
      );
      expect(filtered).toMatchObject({ Count: 2, ScannedCount: 5 });
    },
    SPAWNING_TEST_TIMEOUT_MS,
  );

  it(
    'lists secret versions with their labels, then schedules the secret for deletion',
    () => {
      const name = 'access-key-rotator/aws/first-calls';
      ok(cli('secretsmanager', 'create-secret', '--name', name, '--secret-string', 'v1'));
      ok(cli('secretsmanager', 'put-secret-value', '--secret-id', name, '--secret-string', 'v2'));

      const versions = json(cli('secretsmanager', 'list-secret-version-ids', '--secret-id', name));
      const both = cli(
        'secretsmanager',
        'delete-secret',
        '--secret-id',
        name,
        '--recovery-window-in-days',
        '7',
        '--force-delete-without-recovery',
      );
      const deleted = json(cli('secretsmanager', 'delete-secret', '--secret-id', name));
      const read = cli('secretsmanager', 'get-secret-value', '--secret-id', name);

      const labels = (versions.Versions as { VersionStages: string[] }[]).map((v) => v.VersionStages).sort();
      expect(labels).toEqual([['AWSCURRENT'], ['AWSPREVIOUS']]);
      expect(both.status).not.toBe(0);
      expect(both.stderr).toContain('InvalidParameterException');
      expect(deleted).toMatchObject({ Name: name });
      expect(typeof deleted.DeletionDate).toBe('string');
      expect(read.status).not.toBe(0);
      expect(read.stderr).toContain('InvalidRequestException');
      expect(read.stderr).toContain('marked for deletion');
    },
    SPAWNING_TEST_TIMEOUT_MS,
  );

  it(
    'lists buckets and objects with s3api and s3 ls, and heads an object',
    () => {
      ok(cli('s3api', 'create-bucket', '--bucket', 'first-calls-evidence'));
      for (const key of ['aws/alice/r1.json', 'aws/bob/r2.json', 'top.json'])
        ok(
          cli(
            's3api',
            'put-object',
            '--bucket',
            'first-calls-evidence',
            '--key',
            key,
            '--body',
            '/etc/hostname',
          ),
        );

      const buckets = json(cli('s3api', 'list-buckets'));
      const lsBuckets = ok(cli('s3', 'ls'));
      const lsRoot = ok(cli('s3', 'ls', 's3://first-calls-evidence/'));
      const lsAll = ok(cli('s3', 'ls', 's3://first-calls-evidence/', '--recursive'));
      const head = json(cli('s3api', 'head-object', '--bucket', 'first-calls-evidence', '--key', 'top.json'));
      const missing = cli('s3api', 'head-object', '--bucket', 'first-calls-evidence', '--key', 'none.json');
      const badName = cli('s3api', 'create-bucket', '--bucket', 'Upper_Case');

      expect((buckets.Buckets as { Name: string }[]).map((bucket) => bucket.Name)).toContain(
        'first-calls-evidence',
      );
      expect(lsBuckets).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d first-calls-evidence$/m);
      expect(lsRoot).toMatch(/^\s+PRE aws\/$/m);
      expect(lsRoot).toMatch(/ top\.json$/m);
      expect(
        lsAll
          .trim()
          .split('\n')
          .map((line) => line.split(' ').at(-1)),
      ).toEqual(['aws/alice/r1.json', 'aws/bob/r2.json', 'top.json']);
      expect(head).toMatchObject({
        ContentLength: expect.any(Number),
        ETag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
      });
      expect(missing.status).not.toBe(0);
      expect(missing.stderr).toContain('404');
      expect(badName.stderr).toContain('InvalidBucketName');
    },
    SPAWNING_TEST_TIMEOUT_MS,
  );

  it(
    'says plainly which operation is not emulated',
    () => {
      const backup = cli(
        'dynamodb',
        'describe-backup',
        '--backup-arn',
        'arn:aws:dynamodb:us-east-1:000000000000:table/t/backup/b',
      );
      const policy = cli('s3api', 'get-bucket-policy', '--bucket', 'first-calls-evidence');

      expect(backup.status).not.toBe(0);
      expect(backup.stderr).toContain('DynamoDB DescribeBackup is not emulated by the local cloud');
      expect(policy.stderr).toContain('S3 GetBucketPolicy is not emulated by the local cloud');
    },
    SPAWNING_TEST_TIMEOUT_MS,
  );
});
