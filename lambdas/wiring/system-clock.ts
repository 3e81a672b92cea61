/**
 * The wall clock, in its own module so a Lambda can take it without building
 * any provider's ports (importing those reads their settings).
 */
import type { Clock } from '../rotation/ports.ts';

export const systemClock: Clock = { now: () => new Date() };
