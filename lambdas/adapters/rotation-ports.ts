/**
 * The ports every handler passes to its rule, built once per container. Each
 * deployed state machine serves one provider (AKR_PROVIDER), so the choice is
 * made here, once, instead of in nine handlers.
 */

import type { RotationPorts } from '../rotation/ports.ts';
import { awsRotationPorts } from './aws/aws-rotation-ports.ts';

function selectPorts(): RotationPorts {
  const { provider } = awsRotationPorts.settings;
  if (provider === 'aws') return awsRotationPorts;
  // Failing at cold start beats signing Yandex requests with AWS adapters.
  throw new Error(`AKR_PROVIDER=${provider}: no adapters for this provider are wired into the handlers`);
}

export const rotationPorts: RotationPorts = selectPorts();
