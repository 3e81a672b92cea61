/**
 * One request, end to end: identify the service and action, authenticate,
 * apply injected faults, run the action, render the protocol's envelope,
 * record last use of the signing key, and log the call.
 */
import { randomUUID } from 'node:crypto';
import { CloudApiError } from '../cloud-api-error.ts';
import type { AwsServiceName, ServiceName } from '../cloud-constants.ts';
import { type FaultInjector, type FaultKind, serveUnderFault } from '../faults.ts';
import { notEmulatedMessage } from '../served-services.ts';
import { authenticate } from './authenticate.ts';
import type { CallContext, JsonAction, JsonInput, QueryAction } from './call-context.ts';
import { type IdentifiedCall, identifyCall } from './identify-call.ts';
import { recordKeyUse, type Signers } from './signing-keys.ts';
import { parseAuthorization, type ReceivedRequest } from './sigv4-verifier.ts';
import { jsonError, jsonSuccess, queryError, querySuccess, type WireResponse } from './wire-response.ts';

export interface RecordedRequest {
  readonly service: ServiceName;
  readonly action: string;
  readonly mutating: boolean;
  readonly accessKeyId?: string;
  /**
   * The signer's account, once authenticated: the one IAM and Secrets Manager
   * calls act in, and the one a fault's `account` matches. Yandex calls have none.
   */
  readonly account?: string;
  /** What the cloud answered; 0 when an injected `reset` dropped the call or a `hang` never answered it. */
  readonly status: number;
  readonly at: string;
  /** The injected fault this call met, if any (`lostResponse`: it acted, but its answer was dropped). */
  readonly fault?: FaultKind;
  /**
   * Yandex calls only: the REST method and path, and for the mutating AccessKey
   * calls the parsed JSON body, so a test can assert the exact PATCH sent.
   */
  readonly http?: { readonly method: string; readonly path: string; readonly body?: unknown };
}

/** The actions served to callers acting in one account: IAM and Secrets Manager are its own, the rest shared. */
export interface ActionTables {
  readonly queryActions: Readonly<Partial<Record<ServiceName, Readonly<Record<string, QueryAction>>>>>;
  readonly jsonActions: Readonly<Partial<Record<ServiceName, Readonly<Record<string, JsonAction>>>>>;
}

export interface RouterDependencies {
  readonly signers: Signers;
  readonly actionsIn: (accountId: string) => ActionTables;
  readonly faults: FaultInjector;
  readonly record: (request: RecordedRequest) => void;
}

/** Actions that change something; `cloud.requests` marks them `mutating`. */
export const MUTATING = /^(Create|Update|Delete|Put|Tag|Untag|Add|Remove|Publish|Restore)/;
const INTERNAL_ERROR_CODES: Readonly<Record<AwsServiceName, string>> = {
  iam: 'ServiceFailure',
  sts: 'InternalFailure',
  secretsmanager: 'InternalServiceError',
  dynamodb: 'InternalServerError',
  sns: 'InternalError',
  events: 'InternalException',
  s3: 'InternalError',
  organizations: 'ServiceException',
};

function parseJson(body: Buffer): JsonInput {
  const text = body.toString('utf8');
  try {
    const parsed: unknown = text.trim() === '' ? {} : JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as JsonInput;
  } catch {
    // reported below like any other malformed payload
  }
  throw new CloudApiError('SerializationException', 'Start of structure or map found where not expected.');
}

/** InvalidAction (Query) or UnknownOperationException (JSON), as each protocol names a call it has not got. */
function unknownAction(call: IdentifiedCall): CloudApiError {
  return new CloudApiError(
    call.protocol === 'query' ? 'InvalidAction' : 'UnknownOperationException',
    notEmulatedMessage(call.service, call.action),
  );
}

/**
 * A request no emulated service claims: say what it was for, in the shape its
 * protocol reads (Query XML for an `Action`, JSON for a target or a REST path).
 */
function unservedRequest(request: ReceivedRequest, requestId: string): WireResponse {
  const authorization = parseAuthorization(request.headers.authorization);
  const scope = typeof authorization === 'object' ? ` (signed for service '${authorization.service}')` : '';
  const target = request.headers['x-amz-target'];
  const action =
    new URL(request.url, 'http://local').searchParams.get('Action') ??
    new URLSearchParams(request.body.toString('utf8')).get('Action');
  if (typeof target !== 'string' && action !== null)
    return queryError(
      'iam',
      new CloudApiError('InvalidAction', `${action}${scope} is not emulated by the local cloud`),
      requestId,
    );
  const what = typeof target === 'string' ? target : `${request.method} ${request.url}`;
  return jsonError(
    'secretsmanager',
    new CloudApiError('UnknownOperationException', `${what}${scope} is not emulated by the local cloud`),
    requestId,
  );
}

function renderFailure(call: IdentifiedCall, thrown: unknown, requestId: string): WireResponse {
  const error =
    thrown instanceof CloudApiError
      ? thrown
      : new CloudApiError(INTERNAL_ERROR_CODES[call.service], `Local cloud failure: ${String(thrown)}`, 500);
  return call.protocol === 'query'
    ? queryError(call.service, error, requestId)
    : jsonError(call.service, error, requestId);
}

function act(
  call: IdentifiedCall,
  request: ReceivedRequest,
  context: CallContext,
  deps: RouterDependencies,
  requestId: string,
): WireResponse {
  const tables = deps.actionsIn(context.accountId);
  if (call.protocol === 'query') {
    const action = tables.queryActions[call.service]?.[call.action];
    if (!action) throw unknownAction(call);
    return querySuccess(call.service, call.action, action(call.params, context), requestId);
  }
  const action = tables.jsonActions[call.service]?.[call.action];
  if (!action) throw unknownAction(call);
  return jsonSuccess(call.service, action(parseJson(request.body), context), requestId);
}

/** Authenticates, then serves the call under the fault armed for it (consumed only by an authenticated call). */
async function run(
  call: IdentifiedCall,
  request: ReceivedRequest,
  deps: RouterDependencies,
  requestId: string,
): Promise<{ response: WireResponse; fault?: FaultKind; account?: string }> {
  const authorization = parseAuthorization(request.headers.authorization);
  const context = await authenticate(request, authorization, call, deps.signers);
  const fault = deps.faults.take(call.service, call.action, context.accountId);
  const serve = async () => {
    try {
      const response = act(call, request, context, deps, requestId);
      recordKeyUse(deps.signers, context, call.service);
      return response;
    } catch (thrown) {
      return renderFailure(call, thrown, requestId);
    }
  };
  const response = await serveUnderFault(fault, serve, (error) => renderFailure(call, error, requestId));
  return { response, account: context.accountId, ...(fault && { fault: fault.kind }) };
}

export async function routeRequest(
  request: ReceivedRequest,
  deps: RouterDependencies,
): Promise<WireResponse> {
  const requestId = randomUUID();
  const authorization = parseAuthorization(request.headers.authorization);
  const call = identifyCall(request.headers, request.url, request.body, authorization);
  if (!call) return unservedRequest(request, requestId);
  let outcome: { response: WireResponse; fault?: FaultKind; account?: string };
  try {
    outcome = await run(call, request, deps, requestId);
  } catch (thrown) {
    outcome = { response: renderFailure(call, thrown, requestId) };
  }
  const { response, fault, account } = outcome;
  deps.record({
    service: call.service,
    action: call.action,
    mutating: MUTATING.test(call.action),
    accessKeyId: typeof authorization === 'object' ? authorization.accessKeyId : undefined,
    ...(account !== undefined && { account }),
    status: response.status,
    at: new Date().toISOString(),
    ...(fault && { fault }),
  });
  return response;
}
