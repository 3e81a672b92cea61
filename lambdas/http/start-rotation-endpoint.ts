/**
 * `POST /rotations`: manual rotation on demand, for a person who found a key
 * leaked or a pipeline that must rotate now.
 *
 * Normal path: route (only POST /rotations) → validate the body → name the
 * execution after the principal (or, for a key named by id, the key) and the
 * minute → start it → 202 with the execution name as the id and its start date.
 *
 * Failure path, each before or instead of a start: 404 another path, 405
 * another method, 400 VALIDATION_ERROR naming the field (nothing started),
 * 409 ROTATION_ALREADY_STARTED for a name already used, 503
 * PROVIDER_NOT_DEPLOYED, and 500 INTERNAL with a generic message for anything
 * else: only the error's name is logged, since an SDK message can echo the
 * request and the caller has no use for our internals.
 */
import type { RotatorSettings } from '../config/environment.ts';
import type { Clock } from '../rotation/ports.ts';
import {
  ProviderNotDeployedError,
  RotationAlreadyStartedError,
  ValidationError,
} from '../rotation/rotation-errors.ts';
import { errorResponse, type HttpRequest, type HttpResponse, successResponse } from './http-exchange.ts';
import { rotationExecutionName } from './rotation-execution-name.ts';
import type { RotationStarter } from './rotation-starter.ts';
import { parseStartRotationRequest } from './start-rotation-request.ts';

export const ROTATIONS_PATH = '/rotations';

/** The structured logger's two levels the endpoint uses (Powertools' Logger fits). */
export interface EndpointLog {
  info(message: string, fields: Record<string, unknown>): void;
  error(message: string, fields: Record<string, unknown>): void;
}

export interface StartRotationPorts {
  readonly starter: RotationStarter;
  readonly clock: Clock;
  /** The base for validating a principal; its provider is replaced by the one asked for. */
  readonly settings: RotatorSettings;
  readonly log: EndpointLog;
}

function failed(error: unknown, log: EndpointLog): HttpResponse {
  if (error instanceof ValidationError) return errorResponse(400, error.code, error.message);
  if (error instanceof RotationAlreadyStartedError) return errorResponse(409, error.code, error.message);
  if (error instanceof ProviderNotDeployedError) return errorResponse(503, error.code, error.message);
  const errorName = error instanceof Error ? error.name : typeof error;
  log.error('StartRotation failed', { errorName });
  return errorResponse(500, 'INTERNAL', 'the rotation could not be started; try again later');
}

async function startRotation(request: HttpRequest, ports: StartRotationPorts): Promise<HttpResponse> {
  try {
    const { provider, input, subject, label } = parseStartRotationRequest(request.body, ports.settings);
    const executionName = rotationExecutionName(subject, ports.clock.now());
    const started = await ports.starter.start({ provider, executionName, input, label });
    // Key ids are not secrets: the evidence and the execution name carry them too.
    ports.log.info('StartRotation started', {
      provider,
      principal: input.principal,
      accessKeyId: input.accessKeyId,
      emergency: input.emergency === true,
      executionName,
    });
    return successResponse(202, { id: executionName, created_at: started.startDate.toISOString() });
  } catch (error) {
    return failed(error, ports.log);
  }
}

export async function answerStartRotation(
  request: HttpRequest,
  ports: StartRotationPorts,
): Promise<HttpResponse> {
  if (request.path !== ROTATIONS_PATH)
    return errorResponse(404, 'NOT_FOUND', `no such resource; this endpoint serves POST ${ROTATIONS_PATH}`);
  if (request.method !== 'POST')
    return errorResponse(405, 'METHOD_NOT_ALLOWED', `${ROTATIONS_PATH} accepts POST only`, {
      allow: 'POST',
    });
  return startRotation(request, ports);
}
