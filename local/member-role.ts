/**
 * Deploys the member role into a member account of the embedded cloud, as
 * `npx cdk deploy AccessKeyRotatorMember` would into a real one: the role
 * resource of the synthesized member stack, its intrinsics resolved for that
 * account. The template is cached in the state dir beside the hub's and
 * synthesized again when the sources, the world's settings or the hub change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateRoleSpec, LocalCloud } from '@access-key-rotator/local-cloud';
import { makePrivateDirectory, writeFileAtomically } from './private-files.ts';
import { REPO_ROOT } from './workflow/handler-bindings.ts';
import { synthesisCacheKey } from './workflow/synthesis-inputs.ts';
import { type CfnTemplate, resolveIntrinsics } from './workflow/template-intrinsics.ts';
import { readWorldSettings } from './workflow/world-settings.ts';

const MEMBER_TEMPLATE_CACHE_FILE = join('cache', 'member-role-template.json');

export type MemberRoleSpec = CreateRoleSpec;

/** The member stack's template for this world and hub, from the cache when nothing it depends on changed. */
export async function memberRoleTemplate(stateDir: string, hubAccountId: string): Promise<CfnTemplate> {
  const settings = readWorldSettings(stateDir);
  const key = `${synthesisCacheKey(REPO_ROOT, process.env, settings)}:${hubAccountId}`;
  const path = join(stateDir, MEMBER_TEMPLATE_CACHE_FILE);
  try {
    const cached = JSON.parse(readFileSync(path, 'utf8')) as { key?: string; template?: CfnTemplate };
    if (cached.key === key && cached.template?.Resources) return cached.template;
  } catch {
    // no cache yet, or a torn one: synthesized below
  }
  const { synthesizeMemberTemplate } = await import('./workflow/synthesize-member-template.ts');
  const template = synthesizeMemberTemplate(REPO_ROOT, settings, hubAccountId);
  makePrivateDirectory(join(stateDir, 'cache'));
  writeFileAtomically(path, JSON.stringify({ key, template }));
  return template;
}

/** The template's one role, as it reads in `account`. */
export function memberRoleSpec(template: CfnTemplate, account: string, region: string): MemberRoleSpec {
  const roles = Object.entries(template.Resources).filter(
    ([, resource]) => resource.Type === 'AWS::IAM::Role',
  );
  const [role] = roles;
  if (!role || roles.length !== 1)
    throw new Error(`Expected one role in the member stack, found ${roles.length}`);
  const resolved = resolveIntrinsics(role[1].Properties, template, {
    partition: 'aws',
    region,
    accountId: account,
  }) as {
    RoleName: string;
    Path?: string;
    AssumeRolePolicyDocument: CreateRoleSpec['assumeRolePolicyDocument'];
    Policies?: readonly { PolicyName: string; PolicyDocument: CreateRoleSpec['assumeRolePolicyDocument'] }[];
  };
  return {
    roleName: resolved.RoleName,
    path: resolved.Path ?? '/',
    assumeRolePolicyDocument: resolved.AssumeRolePolicyDocument,
    policies: Object.fromEntries((resolved.Policies ?? []).map((p) => [p.PolicyName, p.PolicyDocument])),
  };
}

/** Creates the member role in `account` of the embedded cloud, exactly as the member stack defines it. */
export async function deployMemberRole(
  cloud: LocalCloud,
  stateDir: string,
  account: string,
): Promise<MemberRoleSpec> {
  const spec = memberRoleSpec(await memberRoleTemplate(stateDir, cloud.accountId), account, cloud.region);
  cloud.account(account).iam.roles.create(spec);
  return spec;
}
