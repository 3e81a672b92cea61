/**
 * Lambda for the fleet's Discover state. Receives a DiscoverRequest (the raw
 * fleet input plus the execution id and start time), writes the due items to
 * the work bucket and returns the bounded FleetDiscovery that points the Map at them.
 *
 * It only parses its event and runs `discoverFleet`; errors propagate so the
 * state machine's Retry and Catch match on their name. The log line carries
 * counts, never the lists of principals.
 */
import middy from '@middy/core';
import { discoverFleet } from '../fleet/discover-fleet.ts';
import { discoveryLogFields } from '../fleet/fleet-log-fields.ts';
import type { FleetDiscovery } from '../fleet/fleet-state.ts';
import { parseDiscoverRequest } from '../fleet/parse-fleet-requests.ts';
import { logger } from '../observability/logger.ts';
import { stepLogging } from '../observability/step-logging.ts';
import { fleetPorts } from '../wiring/fleet-wiring.ts';

export const handler = middy(
  async (event: unknown): Promise<FleetDiscovery> => discoverFleet(parseDiscoverRequest(event), fleetPorts),
)
  .use(stepLogging('FleetDiscover'))
  // Runs before stepLogging's own `after` (middy unwinds in reverse), so its one line carries the counts.
  .use({
    after: (request) => {
      logger.appendKeys(discoveryLogFields(request.response));
    },
  });
