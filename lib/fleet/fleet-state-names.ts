/**
 * The state names of the fleet workflow. The local runner binds `StartRotation`
 * (a `states:startExecution.sync:2` task) to a local child rotation, and the CLI
 * reports progress by these names.
 */
export const FLEET_STATE_NAMES = {
  discover: 'Discover',
  isFleetDryRun: 'IsFleetDryRun',
  fleetDryRunComplete: 'FleetDryRunComplete',
  rotateAccounts: 'RotateAccounts',
  rotateAccountPrincipals: 'RotateAccountPrincipals',
  accountFailed: 'AccountFailed',
  startRotation: 'StartRotation',
  alreadyStartedToday: 'AlreadyStartedToday',
  recordItemFailure: 'RecordItemFailure',
  summarize: 'Summarize',
  discoveryFailed: 'DiscoveryFailed',
  summaryFailed: 'SummaryFailed',
} as const;

/** CloudFormation metadata on each state machine: which workflow it is. */
export const WORKFLOW_METADATA_KEY = 'akr:workflow';
export type WorkflowKind = 'rotation' | 'fleet';
