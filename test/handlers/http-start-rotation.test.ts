import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sdkError } from '../adapters/sdk-errors.ts';
import {
  captureLogs,
  type LogCapture,
  lambdaContext,
  loadHandler,
  type StepHandler,
} from './handler-harness.ts';

const sfnMock = mockClient(SFNClient);
const AWS_STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:akr-aws';
const NOW = new Date('2025-02-01T09:30:45.678Z');
const START_DATE = new Date('2025-02-01T09:30:46.012Z');
let handler: StepHandler;
let logs: LogCapture;

function httpEvent(body: unknown, options: { method?: string; path?: string; base64?: boolean } = {}) {
  const text = typeof body === 'string' || body === undefined ? body : JSON.stringify(body);
  return {
    version: '2.0',
    rawPath: options.path ?? '/rotations',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: { http: { method: options.method ?? 'POST', path: options.path ?? '/rotations' } },
    body: options.base64 && text !== undefined ? Buffer.from(text).toString('base64') : text,
    isBase64Encoded: options.base64 ?? false,
  };
}

interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

async function call(event: unknown): Promise<Answer & { json: Record<string, unknown> }> {
  const answer = (await handler(event, lambdaContext)) as Answer;
  return { ...answer, json: JSON.parse(answer.body) as Record<string, unknown> };
}

/** The endpoint's container, loaded with `env` on top of the harness's, and a clean slate per test. */
function endpointContainer(env: Readonly<Record<string, string>> = {}): void {
  beforeAll(async () => {
    vi.stubEnv('AKR_AWS_STATE_MACHINE_ARN', AWS_STATE_MACHINE_ARN);
    vi.stubEnv('AKR_YANDEX_STATE_MACHINE_ARN', '');
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    handler = await loadHandler('http-start-rotation');
  });
  afterAll(() => vi.unstubAllEnvs());
  beforeEach(() => {
    sfnMock.reset();
    sfnMock.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: START_DATE });
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    logs = captureLogs();
  });
  afterEach(() => {
    logs.restore();
    vi.useRealTimers();
  });
}

function started() {
  return sfnMock.commandCalls(StartExecutionCommand).map((call) => call.args[0].input);
}

describe('http-start-rotation handler', () => {
  endpointContainer();

  it('starts the rotation and answers 202 with the execution name and its start date', async () => {
    // Act
    const answer = await call(httpEvent({ provider: 'aws', principal: 'alice' }));

    // Assess
    expect(answer.statusCode).toBe(202);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.body).toBe(
      '{"success":true,"data":{"id":"alice-2025-02-01T0930","created_at":"2025-02-01T09:30:46.012Z"}}',
    );
    expect(sfnMock.commandCalls(StartExecutionCommand).map((c) => c.args[0].input)).toEqual([
      {
        stateMachineArn: AWS_STATE_MACHINE_ARN,
        name: 'alice-2025-02-01T0930',
        input: '{"principal":"alice"}',
      },
    ]);
  });

  it('reads a base64-encoded body as the same request', async () => {
    // Act
    const answer = await call(httpEvent({ provider: 'aws', principal: 'alice' }, { base64: true }));

    // Assess
    expect(answer.statusCode).toBe(202);
    expect(sfnMock.commandCalls(StartExecutionCommand)[0]?.args[0].input.name).toBe('alice-2025-02-01T0930');
  });

  it.each([
    ['no body', undefined, 'body'],
    ['a body that is not JSON', '{"provider":', 'body'],
    ['a body that is a list', [], 'body'],
    [
      'an unknown field',
      { provider: 'aws', principal: 'alice', deletionDelaySeconds: 0 },
      'deletionDelaySeconds',
    ],
    ['an unknown provider', { provider: 'azure', principal: 'alice' }, 'provider'],
    ['no principal', { provider: 'aws' }, 'principal'],
    ['an invalid IAM user name', { provider: 'aws', principal: 'alice/../bob' }, 'principal'],
    ['an invalid Yandex id', { provider: 'yandex', principal: 'Alice' }, 'principal'],
  ])('answers 400 naming the field for %s, and starts nothing', async (_case, body, field) => {
    // Act
    const answer = await call(httpEvent(body));

    // Assess
    expect(answer.statusCode).toBe(400);
    expect(answer.json).toEqual({
      success: false,
      error: { code: 'VALIDATION_ERROR', message: expect.stringMatching(new RegExp(`^${field}: `)) },
    });
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it.each([
    ['another path', 'POST', '/rotation'],
    ['a sub-path', 'POST', '/rotations/alice'],
    ['the root', 'GET', '/'],
  ])('answers 404 NOT_FOUND for %s', async (_case, method, path) => {
    // Act
    const answer = await call(httpEvent({ provider: 'aws', principal: 'alice' }, { method, path }));

    // Assess
    expect(answer.statusCode).toBe(404);
    expect(answer.json).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it.each(['GET', 'PUT', 'DELETE'])('answers 405 with allow: POST to %s /rotations', async (method) => {
    // Act
    const answer = await call(httpEvent({ provider: 'aws', principal: 'alice' }, { method }));

    // Assess
    expect(answer.statusCode).toBe(405);
    expect(answer.headers.allow).toBe('POST');
    expect(answer.json).toMatchObject({ success: false, error: { code: 'METHOD_NOT_ALLOWED' } });
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('answers 409 when a double submit in the same minute finds the execution already started', async () => {
    // Prepare
    sfnMock
      .on(StartExecutionCommand)
      .resolvesOnce({ executionArn: 'arn:exec', startDate: START_DATE })
      .rejectsOnce(
        new ExecutionAlreadyExists({ message: 'Execution Already Exists: arn:exec', $metadata: {} }),
      );

    // Act
    const first = await call(httpEvent({ provider: 'aws', principal: 'alice' }));
    vi.setSystemTime(new Date(NOW.getTime() + 10_000));
    const second = await call(httpEvent({ provider: 'aws', principal: 'alice' }));

    // Assess
    expect(first.statusCode).toBe(202);
    expect(second.statusCode).toBe(409);
    expect(second.json).toMatchObject({ success: false, error: { code: 'ROTATION_ALREADY_STARTED' } });
    const names = sfnMock.commandCalls(StartExecutionCommand).map((c) => c.args[0].input.name);
    expect(names).toEqual(['alice-2025-02-01T0930', 'alice-2025-02-01T0930']);
  });

  it('answers 503 PROVIDER_NOT_DEPLOYED when no state machine serves the provider', async () => {
    // Act
    const answer = await call(httpEvent({ provider: 'yandex', principal: 'ajeservice0000000001' }));

    // Assess
    expect(answer.statusCode).toBe(503);
    expect(answer.json).toMatchObject({ success: false, error: { code: 'PROVIDER_NOT_DEPLOYED' } });
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('answers 500 INTERNAL with a generic message, logging the error name only', async () => {
    // Prepare
    const leaky = 'User: arn:aws:sts::123456789012:assumed-role/akr-http is not authorized';
    sfnMock.on(StartExecutionCommand).rejects(sdkError('AccessDeniedException', leaky));

    // Act
    const answer = await call(httpEvent({ provider: 'aws', principal: 'alice' }));

    // Assess
    expect(answer.statusCode).toBe(500);
    expect(answer.json).toEqual({
      success: false,
      error: { code: 'INTERNAL', message: 'the rotation could not be started; try again later' },
    });
    expect(logs.text()).toContain('"errorName":"AccessDeniedException"');
    expect(logs.text()).not.toContain('not authorized');
  });
});

describe('http-start-rotation for member accounts', () => {
  endpointContainer({ AKR_HUB_ACCOUNT_ID: '123456789012', AKR_ACCOUNTS: '111122223333' });

  it('starts a member principal as <account>_<user>-<minute>, its input naming the account', async () => {
    // Act
    const answer = await call(httpEvent({ provider: 'aws', principal: '111122223333/alice' }));

    // Assess
    expect(answer.statusCode).toBe(202);
    expect(answer.json.data).toMatchObject({ id: '111122223333_alice-2025-02-01T0930' });
    expect(started()).toEqual([
      {
        stateMachineArn: AWS_STATE_MACHINE_ARN,
        name: '111122223333_alice-2025-02-01T0930',
        input: '{"principal":"111122223333/alice"}',
      },
    ]);
  });

  it("starts <hub id>/alice as the hub's alice", async () => {
    // Act
    const answer = await call(httpEvent({ provider: 'aws', principal: '123456789012/alice' }));

    // Assess
    expect(answer.json.data).toMatchObject({ id: 'alice-2025-02-01T0930' });
    expect(started()[0]?.input).toBe('{"principal":"alice"}');
  });

  it.each([
    ['a/b/c', 'principal: must be <user> or <account-id>/<user>, with one "/" at most'],
    ['12345/alice', 'principal: account "12345" before the "/" must be a 12-digit AWS account id'],
    [
      '444455556666/alice',
      'principal: account 444455556666 is not one of the accounts this deployment rotates',
    ],
  ])('refuses %s with 400 VALIDATION_ERROR, starting nothing', async (principal, message) => {
    // Act
    const answer = await call(httpEvent({ provider: 'aws', principal }));

    // Assess
    expect(answer.statusCode).toBe(400);
    expect(answer.json.error).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect((answer.json.error as { message: string }).message).toContain(message);
    expect(started()).toEqual([]);
  });
});
