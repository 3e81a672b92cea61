/**
 * Events accepted by EventBridge PutEvents. Nothing is routed to rules or
 * targets: every accepted event is kept, in order, for tests to read with
 * `list()`. Like EventBridge, any bus name is accepted (AWS answers success
 * for a bus that does not exist), so check `eventBusName` in tests.
 */

import { randomUUID } from 'node:crypto';
import { LOCAL_REGION } from '../cloud-constants.ts';
import { stateCopy } from '../state/change-recorder.ts';
import type { CloudStateStore } from '../state/cloud-state-store.ts';
import type { StoredEvent } from './events-state.ts';

export type BusEvent = Readonly<StoredEvent>;
/** An event to store; the optional fields default as in PutEvents. */
export interface BusEventSpec {
  readonly source: string;
  readonly detailType: string;
  /** A JSON object, as a string. */
  readonly detail: string;
  /** @default 'default' */
  readonly eventBusName?: string;
  readonly resources?: readonly string[];
  /** ISO 8601. @default now */
  readonly time?: string;
  /** @default LOCAL_REGION */
  readonly region?: string;
}

export interface BusEventFilter {
  readonly eventBusName?: string;
  readonly source?: string;
  readonly detailType?: string;
}

export class EventsStore {
  readonly #state: CloudStateStore;

  constructor(state: CloudStateStore) {
    this.#state = state;
  }

  /** Stores the events in one change and answers their new ids, in order. */
  putEvents(events: readonly BusEventSpec[]): string[] {
    if (events.length === 0) return [];
    return this.#state.mutate((draft) => {
      const receivedAt = new Date().toISOString();
      return events.map((event) => {
        const stored: StoredEvent = {
          eventId: randomUUID(),
          eventBusName: event.eventBusName ?? 'default',
          source: event.source,
          detailType: event.detailType,
          detail: event.detail,
          resources: [...(event.resources ?? [])],
          time: event.time ?? receivedAt,
          region: event.region ?? LOCAL_REGION,
          receivedAt,
        };
        draft.events.events.push(stored);
        return stored.eventId;
      });
    });
  }

  /** Accepted events matching every given field of `filter`, oldest first. */
  list(filter: BusEventFilter = {}): BusEvent[] {
    return this.#state
      .read()
      .events.events.filter(
        (event) =>
          (filter.eventBusName === undefined || event.eventBusName === filter.eventBusName) &&
          (filter.source === undefined || event.source === filter.source) &&
          (filter.detailType === undefined || event.detailType === filter.detailType),
      )
      .map((event) => stateCopy(event));
  }
}
