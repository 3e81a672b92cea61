/**
 * The EventBridge pattern of the AWS Health event AWS sends to the default
 * bus of an account when it finds one of its access keys exposed in public
 * (test/fixtures/health/aws-risk-credentials-exposed.json). The rule (lib/leak)
 * matches it and the handler checks the same fields again, so an event put on
 * the bus by hand with another shape is ignored rather than trusted.
 */
export const HEALTH_SOURCE = 'aws.health';
export const HEALTH_DETAIL_TYPE = 'AWS Health Event';
export const RISK_SERVICE = 'RISK';
export const CREDENTIALS_EXPOSED = 'AWS_RISK_CREDENTIALS_EXPOSED';

export const EXPOSURE_EVENT_PATTERN = {
  source: [HEALTH_SOURCE],
  'detail-type': [HEALTH_DETAIL_TYPE],
  detail: { service: [RISK_SERVICE], eventTypeCode: [CREDENTIALS_EXPOSED] },
} as const;
