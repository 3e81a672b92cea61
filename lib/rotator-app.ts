/**
 * Builds the CDK app: the `AccessKeyRotator` stack configured from `akr:*`
 * context (see rotator-context.ts), checked by cdk-nag's AwsSolutions pack.
 * Given `akr:hubAccountId`, the app also holds the stacks deployed into other
 * accounts of a multi-account deployment: `AccessKeyRotatorMember` (the member
 * role) and `AccessKeyRotatorOrganizationListing` (for the management
 * account). Without it they are absent, so a single-account app keeps its one
 * stack and `cdk deploy` needs no stack name.
 * bin/app.ts synthesizes it; the local runner calls it with bundling skipped
 * to read each provider's definitions and functions' environment from the
 * template (selected by their `akr:provider` and `akr:workflow` metadata).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AccessKeyRotatorStack } from './access-key-rotator-stack.ts';
import { MemberRotationRoleStack } from './member/member-rotation-role-stack.ts';
import { OrganizationListingRoleStack } from './member/organization-listing-role-stack.ts';
import { cdkJsonContext } from './settings/cdk-json-context.ts';
import {
  hasHubAccountId,
  memberStackPropsFromContext,
  organizationListingStackPropsFromContext,
  stackPropsFromContext,
} from './settings/rotator-context.ts';

export const STACK_NAME = 'AccessKeyRotator';
export const MEMBER_STACK_NAME = 'AccessKeyRotatorMember';
export const ORGANIZATION_LISTING_STACK_NAME = 'AccessKeyRotatorOrganizationListing';

export interface RotatorAppOptions {
  /**
   * Context values, e.g. `{ 'aws:cdk:bundling-stacks': [] }` to skip bundling, or `akr:*` settings.
   * @default - cdk.json's context (feature flags), and what the CDK CLI provides
   */
  readonly context?: Record<string, unknown>;
  /**
   * Where the cloud assembly is written.
   * @default - the CLI's output directory, or a temporary directory
   */
  readonly outdir?: string;
}

export interface RotatorApp {
  readonly app: App;
  readonly stack: AccessKeyRotatorStack;
  /** Present when the context names `akr:hubAccountId`. */
  readonly member?: MemberRotationRoleStack;
  /** Present when the context names `akr:hubAccountId`. */
  readonly organizationListing?: OrganizationListingRoleStack;
}

export function createRotatorApp(options: RotatorAppOptions = {}): RotatorApp {
  // Defaults: the CLI's own context (cdk.json included, when it runs the app) overrides them.
  const app = new App({ context: { ...cdkJsonContext(), ...options.context }, outdir: options.outdir });
  const stack = new AccessKeyRotatorStack(app, STACK_NAME, {
    ...stackPropsFromContext(app.node),
    description:
      'Rotates AWS IAM user and Yandex Cloud service-account access keys with Step Functions (access-key-rotator)',
  });
  const others = hasHubAccountId(app.node)
    ? {
        member: new MemberRotationRoleStack(app, MEMBER_STACK_NAME, {
          ...memberStackPropsFromContext(app.node),
          description: 'The role the access key rotator assumes in this member account (access-key-rotator)',
        }),
        organizationListing: new OrganizationListingRoleStack(app, ORGANIZATION_LISTING_STACK_NAME, {
          ...organizationListingStackPropsFromContext(app.node),
          description:
            "Lets the access key rotator list the organization's accounts, in the management account (access-key-rotator)",
        }),
      }
    : {};
  // A finding that is neither fixed nor acknowledged with a reason fails the synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, ...others };
}
