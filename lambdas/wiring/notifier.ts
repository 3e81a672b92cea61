/** Where rotation events go, for either provider: the EventBridge bus, and the SNS topic when configured. */

import { rotationNotifier } from '../adapters/notifications/rotation-notifier.ts';
import { fleetSettings } from '../config/container-settings.ts';
import type { Notifier } from '../rotation/rotation-events.ts';

export const notifier: Notifier = rotationNotifier(fleetSettings);
