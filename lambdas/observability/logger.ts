/**
 * The one structured logger of the Lambdas. Created once per container, like
 * the SDK clients, so its service name and sampling apply to every step.
 *
 * What may be logged is narrow on purpose (invariant 2): step name, rotation
 * id, principal, key ids and the outcome. Events and results are never logged
 * whole; `step-log-fields.ts` picks those fields out of them. Should
 * something secret reach a log call anyway, `log-redaction.ts` masks it as
 * each line is serialized.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { redactSecrets } from './log-redaction.ts';

export const SERVICE_NAME = 'access-key-rotator';

export const logger = new Logger({ serviceName: SERVICE_NAME, jsonReplacerFn: redactSecrets });
