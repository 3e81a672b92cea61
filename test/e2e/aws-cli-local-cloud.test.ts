/**
 * Clients that are not ours against `akr local-cloud`: the AWS CLI v2 and
 * `curl --aws-sigv4`, each signing as it does (neither signs
 * x-amz-content-sha256). A user made with the CLI is rotated by
 * `akr rotate --local` on the same endpoint, and the README's own
 * `credential_process` profile, read from README.md, then signs with the new key.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LOCAL_ADMIN_CREDENTIALS } from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SPAWNING_TEST_TIMEOUT_MS } from './support/akr-process.ts';
import { aws, type CliCredentials, CURL, cliHome, ensureAwsCliV2AndCurl, run } from './support/aws-cli-v2.ts';
import { runAkrAgainst, type ServedCloud, serveLocalCloud } from './support/served-cloud.ts';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
/** The endpoint the README's local examples name; the test's cloud listens on a free port instead. */
const README_ENDPOINT = 'http://127.0.0.1:4566';
const OPT_IN_TAG = 'Key=access-key-rotator:rotate,Value=true';

/** The first fenced block of `language` in the README that contains `text`. */
function readmeBlock(language: string, text: string): string {
  const blocks = [...README.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))];
  const block = blocks.map((match) => match[1] ?? '').find((body) => body.includes(text));
  if (block === undefined) throw new Error(`README.md has no \`\`\`${language} block containing ${text}`);
  return block;
}

function json(result: { status: number | null; stdout: string; stderr: string }): Record<string, unknown> {
  expect(result.stderr, result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/** What a developer's shell may hold. None of it may reach the spawned CLI or akr, or the calls go astray. */
const OUTER_SHELL = {
  AWS_PROFILE: 'no-such-profile',
  AWS_ACCESS_KEY_ID: 'AKIAOUTERSHELL000000',
  AWS_SECRET_ACCESS_KEY: 'outer-shell-secret',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_CONFIG_FILE: '/nonexistent/aws-config',
};

let root: string;
let cloud: ServedCloud;

beforeAll(async () => {
  for (const [name, value] of Object.entries(OUTER_SHELL)) vi.stubEnv(name, value);
  ensureAwsCliV2AndCurl();
  root = mkdtempSync(join(tmpdir(), 'akr-aws-cli-'));
  cloud = await serveLocalCloud(join(root, 'served'), root);
}, 900_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await cloud?.stop();
  rmSync(root, { recursive: true, force: true });
});

function createUserAndKey(env: NodeJS.ProcessEnv, userName: string): CliCredentials {
  const endpoint = ['--endpoint-url', cloud.endpoint];
  json(
    aws(
      env,
      [...endpoint, 'iam', 'create-user', '--user-name', userName, '--tags', OPT_IN_TAG],
      LOCAL_ADMIN_CREDENTIALS,
    ),
  );
  const created = json(
    aws(env, [...endpoint, 'iam', 'create-access-key', '--user-name', userName], LOCAL_ADMIN_CREDENTIALS),
  );
  const key = created.AccessKey as { AccessKeyId: string; SecretAccessKey: string };
  return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
}

describe('the AWS CLI v2 and curl against akr local-cloud', () => {
  it(
    'creates a user and a key, then after akr rotate --local the README profile calls STS with the new key',
    () => {
      // Prepare: a user with the opt-in tag and a key, both made with the CLI and the admin key.
      const env = cliHome(mkdtempSync(join(root, 'home-')));
      const endpoint = ['--endpoint-url', cloud.endpoint];
      const oldKey = createUserAndKey(env, 'alice');

      // Act 1: the new key signs STS GetCallerIdentity.
      const identity = json(aws(env, [...endpoint, 'sts', 'get-caller-identity'], oldKey));

      // Assess 1
      expect(identity).toMatchObject({
        Account: '000000000000',
        Arn: 'arn:aws:iam::000000000000:user/alice',
      });

      // Act 2: rotate alice through the served endpoint, old key retired and deleted at once.
      const rotation = runAkrAgainst(cloud.endpoint, join(root, 'rotator'), root, [
        'rotate',
        '--local',
        '--principal',
        'alice',
        '--grace',
        '0s',
        '--deletion-delay',
        '0s',
        '--json',
      ]);

      // Assess 2: the rotation replaced the key the CLI made.
      expect(rotation.status, `${rotation.stdout}${rotation.stderr}`).toBe(0);
      const { evidence } = JSON.parse(rotation.stdout) as {
        evidence: { oldKeyId: string; newKeyId: string };
      };
      expect(evidence.oldKeyId).toBe(oldKey.accessKeyId);
      expect(evidence.newKeyId).not.toBe(oldKey.accessKeyId);

      // Act 3: the README's local profile, as written, pointed at this cloud's port.
      const profile = readmeBlock('ini', `--endpoint-url ${README_ENDPOINT}`).replaceAll(
        README_ENDPOINT,
        cloud.endpoint,
      );
      const command = readmeBlock('sh', 'aws --profile')
        .split('\n')
        .find((line) => line.startsWith('aws --profile'));
      const profileEnv = cliHome(mkdtempSync(join(root, 'home-')), profile);
      // The shell the consumer runs in holds the admin key, which the inner call reads the secret with.
      const args = (command ?? '').replaceAll(README_ENDPOINT, cloud.endpoint).split(' ').slice(1);
      const beforeProfileCall = Date.now();
      const viaProfile = aws(profileEnv, args, LOCAL_ADMIN_CREDENTIALS);
      const lastUsed = json(
        aws(
          env,
          [...endpoint, 'iam', 'get-access-key-last-used', '--access-key-id', evidence.newKeyId],
          LOCAL_ADMIN_CREDENTIALS,
        ),
      );
      const withOldKey = aws(env, [...endpoint, 'sts', 'get-caller-identity'], oldKey);

      // Assess 3: alice's identity, signed by the new key (its last use is this STS call); the old key is gone.
      expect(command, 'README.md shows the aws --profile … sts get-caller-identity command').toBeDefined();
      expect(json(viaProfile)).toMatchObject({ Arn: 'arn:aws:iam::000000000000:user/alice' });
      expect(lastUsed.AccessKeyLastUsed).toMatchObject({ ServiceName: 'sts', Region: 'us-east-1' });
      const lastUsedAt = new Date(
        String((lastUsed.AccessKeyLastUsed as { LastUsedDate: string }).LastUsedDate),
      );
      expect(lastUsedAt.getTime()).toBeGreaterThanOrEqual(beforeProfileCall);
      expect(withOldKey.status).not.toBe(0);
      expect(withOldKey.stderr).toContain('InvalidClientTokenId');
    },
    SPAWNING_TEST_TIMEOUT_MS,
  );

  it(
    'accepts curl --aws-sigv4 signing a GET and a POST with a local key, and refuses a wrong secret',
    () => {
      // Prepare
      const env = cliHome(mkdtempSync(join(root, 'home-')));
      const key = createUserAndKey(env, 'carol');
      const curl = (secret: string, ...request: string[]) =>
        run(
          CURL,
          [
            '-sS',
            '--aws-sigv4',
            'aws:amz:us-east-1:sts',
            '--user',
            `${key.accessKeyId}:${secret}`,
            ...request,
          ],
          env,
        );

      // Act
      // Sorted already: curl 7.88 (Debian 12's) signs the query unsorted, which AWS refuses too.
      const get = curl(key.secretAccessKey, `${cloud.endpoint}/?Action=GetCallerIdentity&Version=2011-06-15`);
      const post = curl(
        key.secretAccessKey,
        '--data',
        'Action=GetCallerIdentity&Version=2011-06-15',
        `${cloud.endpoint}/`,
      );
      const wrong = curl(
        `${key.secretAccessKey}x`,
        `${cloud.endpoint}/?Action=GetCallerIdentity&Version=2011-06-15`,
      );

      // Assess
      for (const answer of [get, post]) {
        expect(answer.status, answer.stderr).toBe(0);
        expect(answer.stdout).toContain('<Arn>arn:aws:iam::000000000000:user/carol</Arn>');
      }
      expect(wrong.stdout).toContain('<Code>SignatureDoesNotMatch</Code>');
    },
    SPAWNING_TEST_TIMEOUT_MS,
  );

  it(
    'accepts the CLI signing Secrets Manager (JSON) and S3 (REST) calls with a local key',
    () => {
      // Prepare: a secret and a bucket, made with the admin key; a user key to read and write them.
      const home = mkdtempSync(join(root, 'home-'));
      const env = cliHome(home);
      const endpoint = ['--endpoint-url', cloud.endpoint];
      const key = createUserAndKey(env, 'erin');
      json(
        aws(
          env,
          [
            ...endpoint,
            'secretsmanager',
            'create-secret',
            '--name',
            'app/config',
            '--secret-string',
            'hello',
          ],
          LOCAL_ADMIN_CREDENTIALS,
        ),
      );
      json(
        aws(
          env,
          [...endpoint, 's3api', 'create-bucket', '--bucket', 'erin-reports'],
          LOCAL_ADMIN_CREDENTIALS,
        ),
      );
      const file = join(home, 'report.txt');
      writeFileSync(file, 'quarterly figures');
      // A key with a space and a plus: S3 signs the path as sent, encoded once.
      const objectKey = 'reports/q1 2026+draft.txt';

      // Act
      const secret = json(
        aws(env, [...endpoint, 'secretsmanager', 'get-secret-value', '--secret-id', 'app/config'], key),
      );
      const put = aws(
        env,
        [...endpoint, 's3api', 'put-object', '--bucket', 'erin-reports', '--key', objectKey, '--body', file],
        key,
      );
      const got = aws(
        env,
        [
          ...endpoint,
          's3api',
          'get-object',
          '--bucket',
          'erin-reports',
          '--key',
          objectKey,
          join(home, 'got.txt'),
        ],
        key,
      );

      // Assess
      expect(secret.SecretString).toBe('hello');
      expect(json(put).ETag).toBeDefined();
      expect(json(got).ContentLength).toBe('quarterly figures'.length);
      expect(readFileSync(join(home, 'got.txt'), 'utf8')).toBe('quarterly figures');
    },
    SPAWNING_TEST_TIMEOUT_MS,
  );
});
