/**
 * Picks the few loggable fields out of a step's event or result. It reads
 * named fields only, and only string (or boolean) values, so a payload that
 * unexpectedly carried something sensitive still could not reach the log.
 */

export interface StepLogFields {
  rotationId?: string;
  principal?: string;
  oldKeyId?: string;
  newKeyId?: string;
  decision?: string;
  dryRun?: boolean;
}

type Fields = Record<string, unknown>;

function record(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

function text(source: Fields | undefined, key: string): string | undefined {
  const value = source?.[key];
  return typeof value === 'string' ? value : undefined;
}

function defined(fields: StepLogFields): StepLogFields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/**
 * From a step's event: the whole RotationState for every step but Plan, whose
 * PlanRequest carries only the rotation id we can trust before validation (its
 * `input` is raw user text and is left alone).
 */
export function fieldsFromEvent(event: unknown): StepLogFields {
  const state = record(event);
  const plan = record(state?.plan);
  if (plan === undefined) return defined({ rotationId: text(state, 'rotationId') });
  return defined({
    rotationId: text(plan, 'rotationId'),
    principal: text(plan, 'principal'),
    oldKeyId: text(plan, 'oldKeyId'),
    newKeyId: text(record(state?.created), 'newKeyId'),
  });
}

/** From a step's result: a RotationPlan, a CreatedKey, an OldKeyUsage or an EvidenceRecord. */
export function fieldsFromResult(result: unknown): StepLogFields {
  const output = record(result);
  const dryRun = output?.dryRun;
  return defined({
    principal: text(output, 'principal'),
    oldKeyId: text(output, 'oldKeyId'),
    newKeyId: text(output, 'newKeyId'),
    decision: text(output, 'decision') ?? text(output, 'status'),
    dryRun: typeof dryRun === 'boolean' ? dryRun : undefined,
  });
}
