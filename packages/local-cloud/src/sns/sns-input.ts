/**
 * Reads and checks SNS Query parameters the way SNS does: InvalidParameter for
 * a bad topic name, subject or message, ParameterValueInvalid for a bad
 * message attribute. Message attributes arrive as
 * `MessageAttributes.entry.N.Name` / `.Value.DataType` / `.Value.StringValue` / `.Value.BinaryValue`.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { QueryParams } from '../http/call-context.ts';
import { entryStructures, memberStructures } from '../http/query-params.ts';
import type { StoredMessageAttribute } from './sns-state.ts';

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const TOPIC_ARN = /^arn:aws:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const MAX_MESSAGE_BYTES = 256 * 1024;
const MAX_MESSAGE_ATTRIBUTES = 10;

export function invalidParameter(detail: string): CloudApiError {
  return new CloudApiError('InvalidParameter', `Invalid parameter: ${detail}`, 400);
}

function invalidValue(message: string): CloudApiError {
  return new CloudApiError('ParameterValueInvalid', message, 400);
}

export function checkTopicName(name: string | undefined): string {
  if (name === undefined || !TOPIC_NAME.test(name)) throw invalidParameter('Topic Name');
  return name;
}

export function checkTopicArn(arn: string | undefined, member = 'TopicArn'): string {
  if (arn === undefined || !TOPIC_ARN.test(arn)) throw invalidParameter(member);
  return arn;
}

export function attributesInput(params: QueryParams): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const entry of entryStructures(params, 'Attributes'))
    if (entry.key !== undefined) attributes[entry.key] = entry.value ?? '';
  if (attributes.FifoTopic === 'true')
    throw invalidParameter('Attributes Reason: FIFO topics are not supported by the local cloud');
  return attributes;
}

export function tagsInput(params: QueryParams): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of memberStructures(params, 'Tags')) tags[tag.Key ?? ''] = tag.Value ?? '';
  return tags;
}

export function checkMessage(message: string | undefined, structure: string | undefined): string {
  if (message === undefined)
    throw new CloudApiError(
      'ValidationError',
      "1 validation error detected: Value null at 'message' failed to satisfy constraint: Member must not be null",
      400,
    );
  if (message === '') throw invalidParameter('Empty message');
  if (Buffer.byteLength(message, 'utf8') > MAX_MESSAGE_BYTES) throw invalidParameter('Message too long');
  if (structure === undefined) return message;
  if (structure !== 'json') throw invalidParameter('MessageStructure');
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof (parsed as { default?: unknown }).default !== 'string'
  )
    throw invalidParameter('Message Structure - No default entry in JSON message body');
  return message;
}

/** ASCII, starting with a letter, digit or punctuation, no line breaks or control characters, under 100. */
export function checkSubject(subject: string | undefined): string | undefined {
  if (subject === undefined) return undefined;
  if (subject === '' || subject.length >= 100 || !/^[\x21-\x7E][\x20-\x7E]*$/.test(subject))
    throw invalidParameter('Subject');
  return subject;
}

export function messageAttributesInput(params: QueryParams): Record<string, StoredMessageAttribute> {
  const entries = entryStructures(params, 'MessageAttributes');
  if (entries.length > MAX_MESSAGE_ATTRIBUTES)
    throw invalidValue(
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [${MAX_MESSAGE_ATTRIBUTES}].`,
    );
  const attributes: Record<string, StoredMessageAttribute> = {};
  for (const entry of entries) {
    const name = entry.Name ?? '';
    const dataType = entry['Value.DataType'];
    const stringValue = entry['Value.StringValue'];
    const binaryValue = entry['Value.BinaryValue'];
    if (!/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,255}$/.test(name) || name.includes('..') || name.endsWith('.'))
      throw invalidValue(`The message attribute name '${name}' is invalid.`);
    const kind = /^(String|Number|Binary)(\..+)?$/.exec(dataType ?? '')?.[1];
    if (!kind)
      throw invalidValue(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    const value = kind === 'Binary' ? binaryValue : stringValue;
    if (value === undefined || value === '')
      throw invalidValue(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`,
      );
    if (kind === 'Number' && !Number.isFinite(Number(value)))
      throw invalidValue(`The message attribute '${name}' with type 'Number' must be a valid number.`);
    attributes[name] =
      kind === 'Binary'
        ? { dataType: dataType ?? kind, binaryValue: value }
        : { dataType: dataType ?? kind, stringValue: value };
  }
  return attributes;
}
