/**
 * Tells which service and action a request is for, the way AWS front ends do:
 * JSON protocols by `X-Amz-Target`; the Query protocol (IAM, STS and SNS
 * share its shape) by the service in the SigV4 credential scope.
 */
import type { AwsServiceName } from '../cloud-constants.ts';
import type { SigV4Authorization } from './sigv4-verifier.ts';

export type IdentifiedCall =
  | { readonly protocol: 'json'; readonly service: AwsServiceName; readonly action: string }
  | {
      readonly protocol: 'query';
      readonly service: AwsServiceName;
      readonly action: string;
      readonly params: Readonly<Record<string, string>>;
    };

const JSON_TARGET_PREFIXES: Readonly<Record<string, AwsServiceName>> = {
  secretsmanager: 'secretsmanager',
  DynamoDB_20120810: 'dynamodb',
  AWSEvents: 'events',
  AWSOrganizationsV20161128: 'organizations',
};

const QUERY_SERVICES = ['iam', 'sts', 'sns'] as const;

function isQueryService(service: string): service is (typeof QUERY_SERVICES)[number] {
  return (QUERY_SERVICES as readonly string[]).includes(service);
}

const STS_ACTIONS = new Set(['GetCallerIdentity', 'GetSessionToken', 'AssumeRole', 'GetAccessKeyInfo']);

export function identifyCall(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  url: string,
  body: Buffer,
  authorization: SigV4Authorization | 'malformed' | undefined,
): IdentifiedCall | undefined {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') {
    const dot = target.indexOf('.');
    const service = JSON_TARGET_PREFIXES[target.slice(0, dot)];
    return service && dot > 0 ? { protocol: 'json', service, action: target.slice(dot + 1) } : undefined;
  }
  const params: Record<string, string> = {};
  for (const [name, value] of new URL(url, 'http://local').searchParams) params[name] = value;
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) params[name] = value;
  const action = params.Action;
  if (action === undefined) return undefined;
  const scoped = typeof authorization === 'object' ? authorization.service : undefined;
  const service = scoped ?? (STS_ACTIONS.has(action) ? 'sts' : 'iam');
  return isQueryService(service) ? { protocol: 'query', service, action, params } : undefined;
}
