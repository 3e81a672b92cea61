/**
 * What the local cloud serves, in words people know: each service's title,
 * and the plain "not emulated" message a call outside the emulated subset
 * gets, so a user learns it is a gap of the local cloud, not their mistake.
 */
import type { ServiceName } from './cloud-constants.ts';

export const SERVICE_TITLES: Readonly<Record<ServiceName, string>> = {
  iam: 'IAM',
  sts: 'STS',
  secretsmanager: 'Secrets Manager',
  dynamodb: 'DynamoDB',
  sns: 'SNS',
  events: 'EventBridge',
  s3: 'S3',
  organizations: 'Organizations',
  'yandex-iam': 'Yandex IAM',
  'yandex-operation': 'Yandex Operation',
  'yandex-storage': 'Yandex Object Storage',
};

/** The services, by title, as a banner lists them: `IAM, STS, …`. */
export function servedServicesText(services: readonly ServiceName[]): string {
  return services.map((service) => SERVICE_TITLES[service]).join(', ');
}

export function notEmulatedMessage(service: ServiceName, operation: string): string {
  return `${SERVICE_TITLES[service]} ${operation} is not emulated by the local cloud`;
}
