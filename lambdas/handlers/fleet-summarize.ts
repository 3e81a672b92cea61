/**
 * Lambda for the fleet's Summarize state. Receives the discovery and where
 * the Map wrote its results (a SummarizeRequest), and returns the bounded
 * FleetSummary, the fleet execution's output; every result goes to the work
 * bucket's `results.json`.
 *
 * It only parses its event and runs `summarizeFleet` against the work bucket.
 * The log line carries counts, never the lists of principals or causes.
 */
import middy from '@middy/core';
import { summaryLogFields } from '../fleet/fleet-log-fields.ts';
import type { FleetSummary } from '../fleet/fleet-state.ts';
import { parseSummarizeRequest } from '../fleet/parse-fleet-requests.ts';
import { summarizeFleet } from '../fleet/summarize-fleet.ts';
import { logger } from '../observability/logger.ts';
import { stepLogging } from '../observability/step-logging.ts';
import { fleetWorkStore } from '../wiring/fleet-work-store.ts';

export const handler = middy(
  async (event: unknown): Promise<FleetSummary> =>
    summarizeFleet(parseSummarizeRequest(event), fleetWorkStore),
)
  .use(stepLogging('FleetSummarize'))
  // Runs before stepLogging's own `after` (middy unwinds in reverse), so its one line carries the counts.
  .use({
    after: (request) => {
      logger.appendKeys(summaryLogFields(request.response));
    },
  });
