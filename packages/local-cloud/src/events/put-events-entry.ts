/**
 * Checks one PutEvents request entry the way EventBridge does: a bad entry
 * fails alone, with an entry-level ErrorCode, while the others are accepted.
 * Detail must be a JSON object (`MalformedDetail` otherwise); Source,
 * DetailType and Detail are required (`InvalidArgument`).
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { JsonInput } from '../http/call-context.ts';
import { optionalArray, optionalNumber, optionalString } from '../http/json-input.ts';
import type { BusEventSpec } from './events-store.ts';

export type EntryOutcome =
  | { readonly ok: true; readonly event: BusEventSpec }
  | { readonly ok: false; readonly errorCode: string; readonly errorMessage: string };

const BUS_ARN = /^arn:aws[\w-]*:events:[a-z0-9-]+:\d{12}:event-bus\/([/.\-_A-Za-z0-9]+)$/;
const BUS_NAME = /^[/.\-_A-Za-z0-9]{1,256}$/;

function failure(errorCode: string, errorMessage: string): EntryOutcome {
  return { ok: false, errorCode, errorMessage };
}

function missing(member: string): EntryOutcome {
  return failure(
    'InvalidArgument',
    `Parameter ${member} is not valid. Reason: ${member} is a required argument.`,
  );
}

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/** The bus name from a name or a bus ARN; undefined when it is neither. */
function busName(given: string | undefined): string | undefined {
  if (given === undefined || given === '') return 'default';
  const fromArn = BUS_ARN.exec(given)?.[1];
  if (fromArn !== undefined) return fromArn;
  return BUS_NAME.test(given) ? given : undefined;
}

/** @throws CloudApiError SerializationException when a member has the wrong JSON type (fails the whole call). */
export function checkEntry(entry: unknown, region: string): EntryOutcome {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    throw new CloudApiError('SerializationException', 'Member Entries must be a list of structures');
  const input = entry as JsonInput;
  const source = optionalString(input, 'Source');
  const detailType = optionalString(input, 'DetailType');
  const detail = optionalString(input, 'Detail');
  const time = optionalNumber(input, 'Time');
  const resources = (optionalArray(input, 'Resources') ?? []).map(String);
  const eventBusName = busName(optionalString(input, 'EventBusName'));
  if (source === undefined || source === '') return missing('Source');
  if (detailType === undefined || detailType === '') return missing('DetailType');
  if (detail === undefined || detail === '') return missing('Detail');
  if (eventBusName === undefined)
    return failure('InvalidArgument', 'Parameter EventBusName is not valid. Reason: not a bus name or ARN.');
  if (source.startsWith('aws.'))
    return failure('NotAuthorizedForSourceException', 'Not authorized for the source.');
  if (!isJsonObject(detail)) return failure('MalformedDetail', 'Detail is malformed.');
  const at = time === undefined ? new Date() : new Date(time * 1000);
  return {
    ok: true,
    event: { eventBusName, source, detailType, detail, resources, time: at.toISOString(), region },
  };
}
