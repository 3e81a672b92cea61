/**
 * CloudFormation metadata that tells tools what a resource is, so the local
 * runner and the CLI find functions and state machines by meaning rather than
 * by logical id: `akr:provider` (whose keys), `akr:workflow` (which state
 * machine) and, on every function, `akr:entry` (rotator-function.ts).
 */
import type { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import { WORKFLOW_METADATA_KEY, type WorkflowKind } from '../fleet/fleet-state-names.ts';

/** CloudFormation metadata key naming the provider of a function or state machine. */
export const PROVIDER_METADATA_KEY = 'akr:provider';

/** `any`: a provider-neutral resource, such as the on-demand endpoint that starts either rotation. */
export type ProviderMetadata = Provider | 'any';

/** Marks the CloudFormation resource behind `construct` (a function or state machine). */
export function markProvider(construct: IConstruct, provider: ProviderMetadata): void {
  (construct.node.defaultChild as CfnResource).addMetadata(PROVIDER_METADATA_KEY, provider);
}

/** Marks a state machine with its provider and which of that provider's workflows it runs. */
export function markWorkflow(stateMachine: IConstruct, provider: Provider, workflow: WorkflowKind): void {
  markProvider(stateMachine, provider);
  (stateMachine.node.defaultChild as CfnResource).addMetadata(WORKFLOW_METADATA_KEY, workflow);
}
