/**
 * The exposed-key Health event of test/fixtures/health (the shape AWS
 * documents for AWS_RISK_CREDENTIALS_EXPOSED), copied afresh for each use so
 * a test may change its account, time or entities.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const FIXTURE_PATH = resolve(
  import.meta.dirname,
  '../fixtures/health/aws-risk-credentials-exposed.json',
);

export interface ExposureEvent {
  account: string;
  time: string;
  source: string;
  'detail-type': string;
  detail: {
    service: string;
    eventTypeCode: string;
    affectedEntities: { entityValue: unknown }[];
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/** The fixture, with `changes` applied: its account, its exposed key ids, its time. */
export function exposureEvent(
  changes: { readonly account?: string; readonly keyIds?: readonly unknown[]; readonly time?: string } = {},
): ExposureEvent {
  const event = JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')) as ExposureEvent;
  if (changes.account !== undefined) event.account = changes.account;
  if (changes.time !== undefined) event.time = changes.time;
  if (changes.keyIds !== undefined)
    event.detail.affectedEntities = changes.keyIds.map((entityValue) => ({ entityValue }));
  return event;
}
