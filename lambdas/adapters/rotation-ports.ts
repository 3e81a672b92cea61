/**
 * The ports every handler passes to its rule, built once per container. Each
 * deployed state machine serves one provider (AKR_PROVIDER), so the choice is
 * made here, once, instead of in nine handlers. Building either set makes no
 * network call, so a cold start stays cheap and testable offline.
 */

import type { RotationPorts } from '../rotation/ports.ts';
import { awsRotationPorts } from './aws/aws-rotation-ports.ts';
import { buildYandexRotationPorts } from './yandex/yandex-rotation-ports.ts';

function selectPorts(): RotationPorts {
  // readSettings (through the AWS ports) has already refused any provider other than these two.
  const { provider } = awsRotationPorts.settings;
  return provider === 'yandex' ? buildYandexRotationPorts() : awsRotationPorts;
}

export const rotationPorts: RotationPorts = selectPorts();
