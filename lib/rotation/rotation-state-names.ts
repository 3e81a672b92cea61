/**
 * The state names of the rotation workflow. The local runner, the CLI and the
 * evidence report find states by these names, so they are part of the contract:
 * rename one here and every reader follows.
 */
export const ROTATION_STATE_NAMES = {
  plan: 'Plan',
  isDryRun: 'IsDryRun',
  dryRunComplete: 'DryRunComplete',
  createKey: 'CreateKey',
  verifyKey: 'VerifyKey',
  publish: 'Publish',
  waitGrace: 'WaitGrace',
  checkOldKeyUse: 'CheckOldKeyUse',
  retireOrDefer: 'RetireOrDefer',
  retireOldKey: 'RetireOldKey',
  waitDeletion: 'WaitDeletion',
  deleteOldKey: 'DeleteOldKey',
  record: 'Record',
  recordFailure: 'RecordFailure',
  rotationFailed: 'RotationFailed',
  rollBack: 'RollBack',
  rollbackFailed: 'RollbackFailed',
  recordRollback: 'RecordRollback',
  rotationRolledBack: 'RotationRolledBack',
  recordFailed: 'RecordFailed',
} as const;

export type RotationStateName = (typeof ROTATION_STATE_NAMES)[keyof typeof ROTATION_STATE_NAMES];
