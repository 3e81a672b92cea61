/**
 * `--local` against an AWS endpoint of another account (as `AWS_ENDPOINT_URL`
 * names it): the runner takes the account from STS GetCallerIdentity there, so
 * the notification topic and every other ARN it builds name that account and
 * the rotation's publish reaches the topic. In process, for speed; the
 * spawned CLI does the same in cli-endpoint-account.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LOCAL_ADMIN_CREDENTIALS,
  type LocalCloud,
  seedIamUser,
  startLocalCloud,
} from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTED_IN_TAGS } from '../../lambdas/config/environment.ts';
import { ROTATION_STATE_NAMES as N } from '../../lib/rotation/rotation-state-names.ts';
import { openLocalAwsEndpoint } from '../../local/local-aws-endpoint.ts';
import { openLocalRotator } from '../../local/local-rotation.ts';
import { type HungEndpoint, startHungEndpoint } from '../support/hung-endpoint.ts';

const ACCOUNT = '123456789012';
const VARIABLES = ['AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;

let other: LocalCloud;
let stateDir: string;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

beforeAll(async () => {
  other = await startLocalCloud({ persist: false, accountId: ACCOUNT });
  seedIamUser(other, {
    userName: 'kim',
    tags: OPTED_IN_TAGS,
    keys: [{ ageDays: 95 }],
    managedSecret: { name: 'access-key-rotator/aws/kim', keyIndex: 0 },
  });
  stateDir = mkdtempSync(join(tmpdir(), 'akr-account-'));
  process.env.AWS_REGION = other.region;
  process.env.AWS_ACCESS_KEY_ID = LOCAL_ADMIN_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_ADMIN_CREDENTIALS.secretAccessKey;
});
afterAll(async () => {
  await other.close();
  rmSync(stateDir, { recursive: true, force: true });
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('--local with AWS_ENDPOINT_URL at an endpoint of account 123456789012', () => {
  it('rotates with every ARN in that account and publishes its notification', async () => {
    // Prepare
    process.env.AWS_ENDPOINT_URL = other.endpoint;
    const rotator = await openLocalRotator(stateDir);

    // Act
    let result: Awaited<ReturnType<typeof rotator.rotate>>;
    try {
      result = await rotator.rotate({
        name: 'kim-other-account',
        input: { principal: 'kim', gracePeriodSeconds: 1, deletionDelaySeconds: 1 },
      });
    } finally {
      await rotator.close();
    }

    // Assess
    expect(result.execution.status).toBe('SUCCEEDED');
    const published = result.execution.events.find(
      (event) => event.type === 'StateExited' && event.stateName === N.publish,
    );
    expect(published?.output).toBeDefined();
    expect(JSON.stringify(published?.output)).not.toContain('notificationFailure');
    const topics = other.sns.listTopics().map((topic) => topic.topicArn);
    expect(topics.length).toBeGreaterThan(0);
    for (const topic of topics) expect(topic).toContain(`:${ACCOUNT}:`);
    expect(other.sns.messages().length).toBeGreaterThan(0);
    expect(other.sns.messages().every((message) => message.topicArn.includes(`:${ACCOUNT}:`))).toBe(true);
    expect(rotator.aws.accountId).toBe(ACCOUNT);
    expect(result.execution.stateMachineArn).toMatch(new RegExp(`^arn:aws:states:us-east-1:${ACCOUNT}:`));
    expect(result.evidence?.executionArn).toContain(`:${ACCOUNT}:`);
  });

  it('fails within the call bounds naming the endpoint when its STS does not answer', async () => {
    // Prepare
    const hung: HungEndpoint = await startHungEndpoint();
    process.env.AWS_ENDPOINT_URL = hung.url;
    process.env.AKR_REQUEST_TIMEOUT_MS = '300';

    // Act
    const opening = openLocalAwsEndpoint(stateDir);

    // Assess
    try {
      await expect(opening).rejects.toMatchObject({
        name: 'EndpointAccountError',
        message: expect.stringMatching(
          new RegExp(
            `^reading the account behind AWS_ENDPOINT_URL=${hung.url} failed: STS GetCallerIdentity did not answer within 0.3 s.*unset AWS_ENDPOINT_URL`,
          ),
        ),
      });
      expect(hung.requests).toEqual(expect.arrayContaining(['POST /']));
    } finally {
      delete process.env.AKR_REQUEST_TIMEOUT_MS;
      await hung.close();
    }
  });
});
