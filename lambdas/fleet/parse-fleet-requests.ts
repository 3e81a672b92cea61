/**
 * Shape checks for what the fleet state machine hands its two tasks. The
 * state machine builds these payloads, so a failure here means a wiring
 * mistake (a wrong Parameters or ResultPath), reported as a ValidationError
 * naming the field rather than a TypeError deep inside a rule.
 *
 * The raw execution input is not checked here: validating it is Discover's job.
 */

import { asRecord, type Fields, requireText } from '../rotation/payload-checks.ts';
import { ValidationError } from '../rotation/rotation-errors.ts';
import type { DiscoverRequest, SummarizeRequest } from './fleet-state.ts';

function requireArray(source: Fields, key: string, field: string): unknown[] {
  const value = source[key];
  if (!Array.isArray(value)) throw new ValidationError(field, 'is required and must be an array');
  return value;
}

/** The Discover task's payload: `{ input: $, executionArn: $$.Execution.Id, startedAt: $$.Execution.StartTime }`. */
export function parseDiscoverRequest(event: unknown): DiscoverRequest {
  const request = asRecord(event, 'event');
  for (const key of ['executionArn', 'startedAt']) requireText(request, key, key);
  return request as unknown as DiscoverRequest;
}

/**
 * The Summarize task's payload: the discovery and the Map's results. A result's
 * status is not checked here: the rule counts any status it does not know as
 * a failure, so a wiring slip cannot hide a failed child.
 */
export function parseSummarizeRequest(event: unknown): SummarizeRequest {
  const request = asRecord(event, 'event');
  const discovery = asRecord(request.discovery, 'discovery');
  for (const key of ['provider', 'executionArn', 'runDate']) requireText(discovery, key, `discovery.${key}`);
  requireArray(discovery, 'due', 'discovery.due');
  requireArray(discovery, 'skipped', 'discovery.skipped');
  asRecord(discovery.skippedCounts, 'discovery.skippedCounts');
  requireArray(request, 'results', 'results').forEach((item, index) => {
    requireText(asRecord(item, `results[${index}]`), 'principal', `results[${index}].principal`);
  });
  return request as unknown as SummarizeRequest;
}
