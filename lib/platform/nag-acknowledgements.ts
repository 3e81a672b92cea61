/**
 * cdk-nag (AwsSolutions) findings the rotator accepts, each acknowledged next
 * to the code that causes it and with the reason it cannot be narrowed further.
 * v3 acknowledges one finding at a time, so ids name the exact resource.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The id cdk-nag gives a wildcard resource finding: `AwsSolutions-IAM5[Resource::<flattened ARN>]`. */
export function wildcardResourceFindingId(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenReference(Stack.of(scope).resolve(resource))}]`;
}

/** Acknowledges a wildcard `resource` in the policies of `scope` (a role, or one of its ancestors). */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: wildcardResourceFindingId(scope, resource), reason });
}

export const XRAY_WRITE_REASON =
  'X-Ray PutTraceSegments and PutTelemetryRecords do not support resource-level permissions; Resource "*" is the only form.';

/** cdk-nag's rendering of a resolved CloudFormation value: `${X}` and Ref become `<X>`, GetAtt `<X.Attr>`. */
function flattenReference(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (value !== null && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    if (Array.isArray(node['Fn::Join'])) {
      const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
      return items.map(flattenReference).join(delimiter);
    }
    if (Array.isArray(node['Fn::GetAtt'])) {
      const [resource, attribute] = node['Fn::GetAtt'] as [unknown, unknown];
      return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
    }
    if (node.Ref !== undefined) return `<${flattenReference(node.Ref)}>`;
    if (node['Fn::Sub'] !== undefined) return flattenReference(node['Fn::Sub']);
  }
  return JSON.stringify(value);
}
