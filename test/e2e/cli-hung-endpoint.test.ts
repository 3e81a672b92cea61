/**
 * `akr rotate --local` against an AWS endpoint that accepts connections and
 * never answers: the CLI must fail within a bounded time and name the call
 * that hung, not wait forever. Spawned as a user runs it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HungEndpoint, startHungEndpoint } from '../support/hung-endpoint.ts';
import { runAkrAsync } from './support/akr-spawn.ts';

/** The CLI's own start (synthesizing the template) takes most of this; the hung calls about 1.5 s. */
const BOUNDED_MS = 90_000;

let hung: HungEndpoint;
let stateDir: string;
beforeAll(async () => {
  hung = await startHungEndpoint();
  stateDir = mkdtempSync(join(tmpdir(), 'akr-hung-'));
});
afterAll(async () => {
  await hung.close();
  rmSync(stateDir, { recursive: true, force: true });
});

/** Not spawnSync: the hung endpoint lives in this process and must keep accepting. */
const akr = (args: readonly string[], env: NodeJS.ProcessEnv) => runAkrAsync(args, env, BOUNDED_MS);

const hungEnv = (url: string): NodeJS.ProcessEnv => ({
  ...process.env,
  AWS_ENDPOINT_URL: url,
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIAHUNGENDPOINT0001',
  AWS_SECRET_ACCESS_KEY: 'not-a-real-secret',
  AKR_CONNECT_TIMEOUT_MS: '500',
  AKR_REQUEST_TIMEOUT_MS: '500',
});

describe('akr rotate --local against an endpoint that never answers', () => {
  it('fails within a bounded time, naming the call that hung and the endpoint', async () => {
    // Prepare
    const env = hungEnv(hung.url);

    // Act
    const run = await akr(['rotate', '--local', '--principal', 'alice', '--state-dir', stateDir], env);

    // Assess
    expect(run.status, run.output).not.toBeNull();
    expect(run.status).not.toBe(0);
    expect(run.elapsedMs).toBeLessThan(BOUNDED_MS);
    expect(run.output).toContain('STS GetCallerIdentity did not answer within 0.5 s');
    expect(run.output).toContain(`reading the account behind AWS_ENDPOINT_URL=${hung.url} failed`);
    // The run stops at the first hung call (the account, before any set-up): nothing past it is tried.
    expect(hung.requests.length).toBeGreaterThan(0);
    expect(new Set(hung.requests)).toEqual(new Set(['POST /']));
  });

  it('fails the set-up within a bounded time when only STS answers, naming the first set-up call', async () => {
    // Prepare
    const partly = await startHungEndpoint({ answerStsAs: '123456789012' });

    // Act
    let run: Awaited<ReturnType<typeof akr>>;
    try {
      run = await akr(
        ['rotate', '--local', '--principal', 'alice', '--state-dir', stateDir],
        hungEnv(partly.url),
      );
    } finally {
      await partly.close();
    }

    // Assess
    expect(run.status, run.output).not.toBeNull();
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('DynamoDB CreateTable did not answer within 0.5 s');
    expect(run.output).toContain(`setting up the local run at ${partly.url} failed`);
    expect(new Set(partly.requests)).toEqual(new Set(['POST /', 'POST / DynamoDB_20120810.CreateTable']));
  });
});
