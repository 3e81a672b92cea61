/**
 * The fault matrix: every distinct API call a clean rotation makes (service +
 * action, as the local cloud recorded it) crossed with every fault kind.
 *
 * Server errors and resets fire one time more than the client's own attempts
 * (AWS SDK 3, Yandex client 4, creates 1), so they outlast the in-Lambda
 * retries and reach Step Functions' Retry as TransientError. A throttle fires
 * once: the client's own backoff absorbs it (the SDK's throttling backoff is
 * long, so outlasting it is one scenario, at UpdateAccessKey, not a column).
 * A lost response fires once, like a real crash after the side effect; latency
 * slows a few calls. A hang (accepted, never answered) fires as often as a
 * server error: each attempt ends at the client's request timeout, short in
 * these tests (fault-session.ts), and the step's Retry then gets through.
 */
import type { FaultRule, RecordedRequest, ServiceName } from '@access-key-rotator/local-cloud';

export type MatrixFault =
  | 'throttle'
  | 'throttleStorm'
  | 'serverError'
  | 'reset'
  | 'latency'
  | 'lostResponse'
  | 'hang'
  | 'operationError';

export interface ApiCall {
  readonly service: ServiceName;
  readonly action: string;
  readonly mutating: boolean;
}

export interface FaultScenario {
  readonly id: string;
  readonly rules: readonly FaultRule[];
  /** How the rotation must end: every transient fault stays within the retries; a refusal does not. */
  readonly expected: 'SUCCEEDED' | 'ROLLED_BACK' | 'FAILED';
}

type WireError = { readonly code: string; readonly status: number };

const THROTTLES: Readonly<Record<ServiceName, WireError>> = {
  iam: { code: 'Throttling', status: 400 },
  sts: { code: 'Throttling', status: 400 },
  sns: { code: 'Throttling', status: 400 },
  secretsmanager: { code: 'ThrottlingException', status: 400 },
  dynamodb: { code: 'ThrottlingException', status: 400 },
  events: { code: 'ThrottlingException', status: 400 },
  s3: { code: 'SlowDown', status: 503 },
  organizations: { code: 'TooManyRequestsException', status: 400 },
  'yandex-iam': { code: '8', status: 429 },
  'yandex-operation': { code: '8', status: 429 },
  'yandex-storage': { code: 'SlowDown', status: 503 },
};

const SERVER_ERRORS: Readonly<Record<ServiceName, WireError>> = {
  iam: { code: 'ServiceFailure', status: 500 },
  sts: { code: 'InternalFailure', status: 500 },
  sns: { code: 'InternalError', status: 500 },
  secretsmanager: { code: 'InternalServiceError', status: 500 },
  dynamodb: { code: 'InternalServerError', status: 500 },
  events: { code: 'InternalException', status: 500 },
  s3: { code: 'InternalError', status: 500 },
  organizations: { code: 'ServiceException', status: 500 },
  'yandex-iam': { code: '13', status: 500 },
  'yandex-operation': { code: '13', status: 500 },
  'yandex-storage': { code: 'InternalError', status: 500 },
};

/** Creates are never repeated by a client: a repeat after a lost answer would make a second key. */
const SINGLE_ATTEMPT = new Set(['iam:CreateAccessKey', 'yandex-iam:CreateAccessKey']);

/** One more than the client's own attempts: the project's Yandex client 4, the AWS SDK (also for Object Storage) 3. */
function outlastingRetries({ service, action }: Pick<ApiCall, 'service' | 'action'>): number {
  if (SINGLE_ATTEMPT.has(`${service}:${action}`)) return 2;
  return service === 'yandex-iam' || service === 'yandex-operation' ? 5 : 4;
}

/** Each service + action once, in the order first called. */
export function distinctCalls(requests: readonly RecordedRequest[]): ApiCall[] {
  const seen = new Map<string, ApiCall>();
  for (const { service, action, mutating } of requests)
    seen.set(`${service}:${action}`, { service, action, mutating });
  return [...seen.values()];
}

export function scenariosFor(call: ApiCall): FaultScenario[] {
  const { service, action } = call;
  const times = outlastingRetries(call);
  const error = (wire: WireError, message: string) => ({ ...wire, message: `injected ${message}` });
  const columns: [MatrixFault, FaultRule][] = [
    ['throttle', { service, action, error: error(THROTTLES[service], 'throttle') }],
    ['serverError', { service, action, times, error: error(SERVER_ERRORS[service], '5xx') }],
    ['reset', { service, action, times, kind: 'reset' }],
    ['latency', { service, action, times: 3, kind: 'latency', delayMs: 150 }],
    ['lostResponse', { service, action, kind: 'lostResponse' }],
    ['hang', { service, action, times, kind: 'hang' }],
  ];
  if (action === 'UpdateAccessKey' && service !== 'yandex-operation')
    columns.push(['throttleStorm', { service, action, times, error: error(THROTTLES[service], 'throttle') }]);
  const scenarios: FaultScenario[] = columns.map(([fault, rule]) => ({
    id: `${service}:${action} ${fault}`,
    rules: [rule],
    expected: 'SUCCEEDED',
  }));
  // An accepted Update or Delete whose Operation itself then fails: UNAVAILABLE is retried;
  // PERMISSION_DENIED after Publish fails the run, with both keys kept.
  if (service === 'yandex-iam' && (action === 'UpdateAccessKey' || action === 'DeleteAccessKey'))
    for (const code of ['14', '7'])
      scenarios.push({
        id: `yandex-operation:${action} operationError ${code}`,
        rules: [
          {
            service: 'yandex-operation',
            action,
            error: { code, message: `injected operation failure ${code}`, status: code === '14' ? 503 : 403 },
          },
        ],
        expected: code === '14' ? 'SUCCEEDED' : 'FAILED',
      });
  return scenarios;
}
