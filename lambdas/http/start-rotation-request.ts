/**
 * The body of `POST /rotations`:
 * `{"provider":"aws"|"yandex","principal"?,"accessKeyId"?,"account"?,"emergency"?}`
 * and nothing else. Validated before anything is started (invariant 6), with
 * a ValidationError that names the field. The fields are checked by the same
 * rule as the workflow's own input (parseRotationInput, with the settings of
 * the provider asked for), so the endpoint never starts an execution that
 * Plan would refuse for its form; whether a named key is ours is Plan's to
 * find out, before any change.
 */
import type { RotatorSettings } from '../config/environment.ts';
import { ValidationError } from '../rotation/rotation-errors.ts';
import type { Provider } from '../rotation/rotation-state.ts';
import { parseRotationInput } from '../rotation/validate-rotation-input.ts';
import type { RotationStartInput } from './rotation-starter.ts';

export interface StartRotationRequest {
  readonly provider: Provider;
  /** The execution input, written as the body gave it (a hub principal in its bare form). */
  readonly input: RotationStartInput;
  /** What the execution is named after: the principal, else the key id. */
  readonly subject: string;
  /** The target as messages name it. */
  readonly label: string;
}

/** The body's fields that go into the execution input as they are. */
const INPUT_FIELDS = ['principal', 'accessKeyId', 'account', 'emergency'] as const;
const KNOWN_FIELDS: readonly string[] = ['provider', ...INPUT_FIELDS];
const EXAMPLE = '{"provider": "aws", "principal": "alice"}';
/** An unknown field's name is echoed back; a pathological one is cut. */
const MAX_ECHOED_NAME = 64;

function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

function parseJson(body: string | undefined): unknown {
  if (body === undefined || body.trim() === '')
    throw new ValidationError('body', `is required: a JSON object such as ${EXAMPLE}`);
  try {
    return JSON.parse(body);
  } catch {
    // JSON.parse's own message quotes the input; the caller needs only where to look.
    throw new ValidationError('body', `must be valid JSON, such as ${EXAMPLE}`);
  }
}

function parseProvider(value: unknown): Provider {
  if (value === 'aws' || value === 'yandex') return value;
  throw new ValidationError('provider', 'is required and must be "aws" or "yandex"');
}

export function parseStartRotationRequest(
  body: string | undefined,
  settings: RotatorSettings,
): StartRotationRequest {
  const raw = parseJson(body);
  if (!isPlainObject(raw)) throw new ValidationError('body', `must be a JSON object such as ${EXAMPLE}`);
  for (const field of Object.keys(raw))
    if (!KNOWN_FIELDS.includes(field))
      throw new ValidationError(
        field.slice(0, MAX_ECHOED_NAME),
        `is not a known field; allowed: ${KNOWN_FIELDS.join(', ')}`,
      );
  const provider = parseProvider(raw.provider);
  const fields = Object.fromEntries(
    INPUT_FIELDS.filter((field) => raw[field] !== undefined).map((field) => [field, raw[field]]),
  ) as RotationStartInput;
  const { principal } = parseRotationInput(fields, { ...settings, provider });
  const input: RotationStartInput = { ...fields, ...(principal !== undefined && { principal }) };
  if (input.principal !== undefined)
    return { provider, input, subject: input.principal, label: `principal ${input.principal}` };
  const key = input.accessKeyId ?? '';
  return { provider, input, subject: key, label: `access key ${key}` };
}
