/**
 * Every policy statement of the synthesized template, rendered to plain JSON
 * and tagged with where it lives: a role's identity policy (with the role's
 * function and that function's provider, if any) or a resource policy (a KMS
 * key, a bucket, a topic).
 */
import type { Provider } from '../../../lambdas/rotation/rotation-state.ts';
import { PROVIDER_METADATA_KEY } from '../../../lib/platform/resource-metadata.ts';
import { renderIntrinsics, type TemplateResource } from '../../cdk/synthesized-rotator.ts';

export interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export interface IdentityStatement {
  readonly roleId: string;
  /** The provider of the Lambda function running as the role; undefined for other roles. */
  readonly provider: Provider | 'any' | undefined;
  readonly statement: Statement;
}

export const listOf = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : [value].flat();

/** The provider of the function each role belongs to. */
function roleProviders(resources: Readonly<Record<string, TemplateResource>>): Map<string, Provider | 'any'> {
  const providers = new Map<string, Provider | 'any'>();
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const role = (resource.Properties.Role as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt']?.[0];
    const provider = resource.Metadata?.[PROVIDER_METADATA_KEY] as Provider | 'any' | undefined;
    if (role && provider) providers.set(role, provider);
  }
  return providers;
}

export function identityStatements(
  resources: Readonly<Record<string, TemplateResource>>,
): IdentityStatement[] {
  const providers = roleProviders(resources);
  const found: IdentityStatement[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    const documents: { roleIds: string[]; document: unknown }[] = [];
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      const roles = (resource.Properties.Roles ?? []) as { Ref: string }[];
      documents.push({
        roleIds: roles.map((role) => role.Ref),
        document: resource.Properties.PolicyDocument,
      });
    }
    if (resource.Type === 'AWS::IAM::Role')
      for (const inline of (resource.Properties.Policies ?? []) as { PolicyDocument: unknown }[])
        documents.push({ roleIds: [id], document: inline.PolicyDocument });
    for (const { roleIds, document } of documents) {
      const { Statement } = renderIntrinsics(document) as { Statement: Statement[] };
      for (const roleId of roleIds)
        for (const statement of Statement) found.push({ roleId, provider: providers.get(roleId), statement });
    }
  }
  return found;
}

/** Resource policies: KMS key policies, bucket and topic policies. */
export function resourcePolicyStatements(
  resources: Readonly<Record<string, TemplateResource>>,
): { readonly resourceId: string; readonly statement: Statement }[] {
  return Object.entries(resources).flatMap(([resourceId, resource]) => {
    const document =
      resource.Properties.KeyPolicy ??
      (resource.Type.endsWith('Policy') ? resource.Properties.PolicyDocument : undefined);
    if (document === undefined || resource.Type.startsWith('AWS::IAM::')) return [];
    const { Statement } = renderIntrinsics(document) as { Statement: Statement[] };
    return Statement.map((statement) => ({ resourceId, statement }));
  });
}
