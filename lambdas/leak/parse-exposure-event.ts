/**
 * Reads an `AWS_RISK_CREDENTIALS_EXPOSED` Health event into the emergency
 * rotations it asks for: one per `detail.affectedEntities[].entityValue`,
 * each of the AWS rotation state machine, with the execution input
 * `{accessKeyId, account?, emergency: true, exposureReportedAt}`. The account
 * is the event's top-level `account`, left out when it is the hub so the
 * input reads as a single-account one; Plan finds the key's owner there.
 *
 * The execution is named `<key id>-<minute of the event's time>`: a
 * redelivered event names the same execution, which Step Functions refuses to
 * start twice, while a key exposed again later gets a rotation of its own.
 *
 * A malformed event throws a ValidationError naming the field; a malformed
 * entity is refused alone (its field named, its value never echoed: an entity
 * that is no key id may be anything) and the others still rotate.
 */

import { rotationExecutionName } from '../http/rotation-execution-name.ts';
import type { RotationStartInput } from '../http/rotation-starter.ts';
import { ValidationError } from '../rotation/rotation-errors.ts';
import { ACCESS_KEY_ID_RULES } from '../rotation/validate-rotation-input.ts';
import { ACCOUNT_ID_PATTERN } from '../shared/account-principal.ts';
import {
  CREDENTIALS_EXPOSED,
  HEALTH_DETAIL_TYPE,
  HEALTH_SOURCE,
  RISK_SERVICE,
} from './exposure-event-pattern.ts';

/** EventBridge writes `time` as `2026-12-02T13:40:00Z`; an offset or fractions are read too. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export interface ExposureRotation {
  /** The rotation id: `<key id>-<yyyy-mm-dd>T<hhmm>` of the event's time. */
  readonly executionName: string;
  readonly input: RotationStartInput & { readonly accessKeyId: string };
  /** How messages name the target: `access key AKIA…`. */
  readonly label: string;
}

export interface ParsedExposure {
  readonly rotations: readonly ExposureRotation[];
  /** The entities left out, each naming its field. */
  readonly refused: readonly ValidationError[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireValue(value: unknown, wanted: string, field: string): void {
  if (value !== wanted) throw new ValidationError(field, `must be "${wanted}"`);
}

function parseTime(value: unknown): Date {
  const at = typeof value === 'string' && ISO_INSTANT.test(value) ? new Date(value) : undefined;
  if (at === undefined || Number.isNaN(at.getTime()))
    throw new ValidationError('time', 'must be an ISO-8601 instant such as 2026-12-02T13:40:00Z');
  return at;
}

function parseAccount(value: unknown): string {
  if (typeof value === 'string' && ACCOUNT_ID_PATTERN.test(value)) return value;
  throw new ValidationError('account', 'must be a 12-digit AWS account id');
}

/** @param hubAccountId the deployment's own account: an event of it names no account in the input */
export function parseExposureEvent(event: unknown, hubAccountId: string): ParsedExposure {
  if (!isObject(event)) throw new ValidationError('event', 'must be an EventBridge event object');
  requireValue(event.source, HEALTH_SOURCE, 'source');
  requireValue(event['detail-type'], HEALTH_DETAIL_TYPE, 'detail-type');
  const { detail } = event;
  if (!isObject(detail)) throw new ValidationError('detail', 'must be the Health event object');
  requireValue(detail.service, RISK_SERVICE, 'detail.service');
  requireValue(detail.eventTypeCode, CREDENTIALS_EXPOSED, 'detail.eventTypeCode');
  const account = parseAccount(event.account);
  const at = parseTime(event.time);
  const entities = detail.affectedEntities;
  if (!Array.isArray(entities) || entities.length === 0)
    throw new ValidationError('detail.affectedEntities', 'must list the exposed access key ids');

  const refused: ValidationError[] = [];
  const keyIds = new Set<string>();
  entities.forEach((entity: unknown, index) => {
    const value = isObject(entity) ? entity.entityValue : undefined;
    if (typeof value === 'string' && ACCESS_KEY_ID_RULES.aws.pattern.test(value)) keyIds.add(value);
    else
      refused.push(
        new ValidationError(
          `detail.affectedEntities[${index}].entityValue`,
          'must be an AWS access key id: 16-128 letters, digits and _',
        ),
      );
  });
  const exposureReportedAt = at.toISOString();
  const rotations = [...keyIds].map(
    (accessKeyId): ExposureRotation => ({
      executionName: rotationExecutionName(accessKeyId, at),
      input: {
        accessKeyId,
        ...(account !== hubAccountId && { account }),
        emergency: true,
        exposureReportedAt,
      },
      label: `access key ${accessKeyId}`,
    }),
  );
  return { rotations, refused };
}
