/**
 * EventBridge over JSON 1.1 (`X-Amz-Target: AWSEvents.PutEvents`). The call
 * fails as a whole only for a bad request (no entries, more than 10, over
 * 256 KB); a bad entry fails alone and is counted in FailedEntryCount, with
 * the response entries in request order.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { JsonAction } from '../http/call-context.ts';
import { optionalArray } from '../http/json-input.ts';
import type { EventsStore } from './events-store.ts';
import { checkEntry } from './put-events-entry.ts';

const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;

function checkEntries(entries: unknown[] | undefined): unknown[] {
  const shown = JSON.stringify(entries ?? null).slice(0, 200);
  if (entries === undefined || entries.length < 1)
    throw new CloudApiError(
      'ValidationException',
      `1 validation error detected: Value '${shown}' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    );
  if (entries.length > MAX_ENTRIES)
    throw new CloudApiError(
      'ValidationException',
      `1 validation error detected: Value '${shown}' at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ENTRIES}`,
    );
  if (Buffer.byteLength(JSON.stringify(entries), 'utf8') > MAX_REQUEST_BYTES)
    throw new CloudApiError(
      'ValidationException',
      'Total size of the entries in the request is over the limit.',
    );
  return entries;
}

export function eventsActions(events: EventsStore): Record<string, JsonAction> {
  return {
    PutEvents: (input, context) => {
      const outcomes = checkEntries(optionalArray(input, 'Entries')).map((entry) =>
        checkEntry(entry, context.region),
      );
      const ids = events.putEvents(outcomes.flatMap((outcome) => (outcome.ok ? [outcome.event] : [])));
      let next = 0;
      const entries = outcomes.map((outcome) =>
        outcome.ok
          ? { EventId: ids[next++] }
          : { ErrorCode: outcome.errorCode, ErrorMessage: outcome.errorMessage },
      );
      return { FailedEntryCount: outcomes.filter((outcome) => !outcome.ok).length, Entries: entries };
    },
  };
}
