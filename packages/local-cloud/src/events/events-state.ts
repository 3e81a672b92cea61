/**
 * The EventBridge section of the cloud state: every event accepted by PutEvents,
 * in order, so a test can read what rules on the bus would have matched.
 */

export interface StoredEvent {
  eventId: string;
  /** The bus name, also when the caller gave the bus ARN. */
  eventBusName: string;
  source: string;
  detailType: string;
  /** The Detail JSON exactly as sent. */
  detail: string;
  resources: string[];
  /** The event's time: the entry's Time, or when it was accepted. */
  time: string;
  region: string;
  receivedAt: string;
}

export interface EventsState {
  events: StoredEvent[];
}

export function emptyEventsState(): EventsState {
  return { events: [] };
}
