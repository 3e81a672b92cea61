/**
 * One rotation event as the rules send it, for the notifier adapter tests.
 */
import { ROTATION_EVENT_TYPES, type RotationEvent } from '../../../lambdas/rotation/rotation-events.ts';

export const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:akr-notifications';
export const BUS_NAME = 'akr-bus';

export const rotatedEvent: RotationEvent = {
  type: ROTATION_EVENT_TYPES.rotated,
  rotationId: 'alice-2025-02-01T0930',
  executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:akr:alice-2025-02-01T0930',
  provider: 'aws',
  principal: 'alice',
  oldKeyId: 'AKIAOLD0000000000001',
  newKeyId: 'AKIANEW0000000000001',
  at: '2025-02-01T09:31:00.000Z',
};
