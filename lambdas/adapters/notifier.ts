/** Where rotation events go, for either provider: the EventBridge bus, and the SNS topic when configured. */
import { fleetSettings } from '../config/container-settings.ts';
import type { Notifier } from '../rotation/rotation-events.ts';
import { rotationNotifier } from './notifications/rotation-notifier.ts';

export const notifier: Notifier = rotationNotifier(fleetSettings);
