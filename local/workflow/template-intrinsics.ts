/**
 * Resolves the few CloudFormation intrinsics a synthesized template uses in the
 * state machine definition and the Lambda environments, so the local runner can
 * execute exactly what CDK produced. Physical names do not exist locally: a
 * resource's logical id stands in for its name (lowercased for a bucket, as
 * S3 requires), and ARNs are built from it.
 */
import { localBucketName } from './local-bucket-name.ts';

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
}

export interface LocalAccount {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

const ARN_SERVICE_BY_TYPE: Record<string, string> = {
  'AWS::Lambda::Function': 'lambda',
  'AWS::DynamoDB::Table': 'dynamodb',
  'AWS::KMS::Key': 'kms',
  'AWS::StepFunctions::StateMachine': 'states',
  'AWS::SNS::Topic': 'sns',
};

/** Resource types whose `Ref` is their ARN rather than their name (CloudFormation's own rule). */
const REF_IS_ARN = new Set(['AWS::StepFunctions::StateMachine', 'AWS::SNS::Topic']);

export function localArn(template: CfnTemplate, logicalId: string, account: LocalAccount): string {
  const type = template.Resources[logicalId]?.Type ?? 'unknown';
  const service = ARN_SERVICE_BY_TYPE[type] ?? 'unknown';
  const { partition, region, accountId } = account;
  if (service === 'lambda') return `arn:${partition}:lambda:${region}:${accountId}:function:${logicalId}`;
  if (service === 'dynamodb') return `arn:${partition}:dynamodb:${region}:${accountId}:table/${logicalId}`;
  if (service === 'states') return `arn:${partition}:states:${region}:${accountId}:stateMachine:${logicalId}`;
  if (service === 'sns') return `arn:${partition}:sns:${region}:${accountId}:${logicalId}`;
  return `arn:${partition}:${service}:${region}:${accountId}:${logicalId}`;
}

/**
 * @returns the resolved value; `undefined` for a reference that has no local
 * meaning (a KMS key: locally the store's default key is used).
 */
export function resolveIntrinsics(value: unknown, template: CfnTemplate, account: LocalAccount): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, template, account));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const [first] = entries;
  if (entries.length === 1 && first) {
    const [key, argument] = first;
    if (key === 'Ref') return resolveRef(String(argument), template, account);
    if (key === 'Fn::GetAtt') return resolveGetAtt(argument, template, account);
    if (key === 'Fn::Join') return resolveJoin(argument, template, account);
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolveIntrinsics(item, template, account)]));
}

function resolveRef(name: string, template: CfnTemplate, account: LocalAccount): string | undefined {
  if (name === 'AWS::Partition') return account.partition;
  if (name === 'AWS::Region') return account.region;
  if (name === 'AWS::AccountId') return account.accountId;
  if (name === 'AWS::URLSuffix') return 'amazonaws.com';
  const resource = template.Resources[name];
  if (!resource) throw new Error(`Template has no resource or pseudo parameter named ${name}`);
  if (resource.Type === 'AWS::KMS::Key') return undefined;
  if (REF_IS_ARN.has(resource.Type)) return localArn(template, name, account);
  if (resource.Type === 'AWS::S3::Bucket') return localBucketName(name);
  return name;
}

function resolveGetAtt(argument: unknown, template: CfnTemplate, account: LocalAccount): string {
  const [logicalId, attribute] = argument as [string, string];
  if (attribute !== 'Arn') throw new Error(`Fn::GetAtt ${logicalId}.${attribute} has no local value`);
  return localArn(template, logicalId, account);
}

function resolveJoin(argument: unknown, template: CfnTemplate, account: LocalAccount): string {
  const [separator, parts] = argument as [string, unknown[]];
  return parts.map((part) => String(resolveIntrinsics(part, template, account) ?? '')).join(separator);
}
