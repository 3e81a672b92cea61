/**
 * Shape checks for what the fleet state machine hands its two tasks. The
 * state machine builds these payloads, so a failure here means a wiring
 * mistake (a wrong Parameters or ResultPath), reported as a ValidationError
 * naming the field rather than a TypeError deep inside a rule.
 *
 * The raw execution input is not checked here: validating it is Discover's job.
 */

import { asRecord, requireText } from '../rotation/payload-checks.ts';
import { ValidationError } from '../rotation/rotation-errors.ts';
import type { DiscoverRequest, SummarizeRequest } from './fleet-state.ts';

/** The Discover task's payload: `{ input: $, executionArn: $$.Execution.Id, startedAt: $$.Execution.StartTime }`. */
export function parseDiscoverRequest(event: unknown): DiscoverRequest {
  const request = asRecord(event, 'event');
  for (const key of ['executionArn', 'startedAt']) requireText(request, key, key);
  return request as unknown as DiscoverRequest;
}

/**
 * The Summarize task's payload: the discovery and the outer Map's ResultWriter
 * output (`{MapRunArn, ResultWriterDetails: {Bucket, Key}}`). What the results
 * say is not checked here: the rule counts anything it cannot read as a failure.
 */
export function parseSummarizeRequest(event: unknown): SummarizeRequest {
  const request = asRecord(event, 'event');
  const discovery = asRecord(request.discovery, 'discovery');
  for (const key of ['provider', 'executionArn', 'runDate', 'workBucket', 'accountsKey', 'discoveryKey'])
    requireText(discovery, key, `discovery.${key}`);
  if (typeof discovery.dueCount !== 'number')
    throw new ValidationError('discovery.dueCount', 'is required and must be a number');
  const results = asRecord(request.results, 'results');
  const details = asRecord(results.ResultWriterDetails, 'results.ResultWriterDetails');
  for (const key of ['Bucket', 'Key']) requireText(details, key, `results.ResultWriterDetails.${key}`);
  return request as unknown as SummarizeRequest;
}
