/**
 * What must hold after any scenario, whatever fault it met. Returns the
 * problems found (none means the scenario held):
 *   - outcome: SUCCEEDED, ROLLED_BACK, or FAILED with an error name and a cause;
 *   - I1/I3 at every event (the monitor), and at the end: at most two keys,
 *     AWSCURRENT names an existing usable key;
 *   - no orphan key: each key is AWSCURRENT, or AWSPREVIOUS after a failure
 *     past Publish, and the secret version holding it has its real secret;
 *     no AWSPENDING label is left behind;
 *   - the lock is released;
 *   - I2: no issued secret in this run's history, evidence or Lambda logs, and
 *     nothing there shaped like a credential (a PEM key, a JWT, an IAM token,
 *     or a secret-named field with a value).
 */
import type { LocalRotationResult } from '../../../local/local-rotation.ts';
import { leakedSecrets } from '../../e2e/support/invariant-monitor.ts';
import type { FaultSession } from './fault-session.ts';
import { principalKeys, secretStages } from './principal-state.ts';

/** Credential shapes, independent of the product's own redaction rules. */
const CREDENTIAL_SHAPES: readonly [string, RegExp][] = [
  ['a PEM private key', /PRIVATE KEY-----/],
  ['a JWT', /\beyJ[\w-]+\.eyJ[\w-]+\./],
  ['a Yandex IAM token', /\bt1\.[\w-]{20,}/],
  [
    'a secret-named field with a value',
    // Also when escaped inside a JSON string (a cause, a state's output).
    /"(SecretAccessKey|secret|private_key|privateKey|iamToken|jwt|SecretString)\\?"\s*:\s*\\?"(?!\[REDACTED\])[^"\\]/i,
  ],
];

function credentialShapes(texts: readonly string[]): string[] {
  return CREDENTIAL_SHAPES.filter(([, shape]) => texts.some((text) => shape.test(text))).map(
    ([name]) => `${name} in history, evidence or logs`,
  );
}

export type Outcome = 'SUCCEEDED' | 'ROLLED_BACK' | 'FAILED' | 'REFUSED';

export interface ScenarioMarks {
  readonly violations: number;
  readonly logLines: number;
}

/** Where the monitor and the log stand before a scenario, so only its own findings count. */
export function markScenario(session: FaultSession): ScenarioMarks {
  return { violations: session.monitor.violations.length, logLines: session.rotator.lambdaLogs.lines.length };
}

export function outcomeOf(result: LocalRotationResult): Outcome {
  if (result.execution.status === 'SUCCEEDED') return 'SUCCEEDED';
  const status = result.evidence?.status;
  return status === 'ROLLED_BACK' || status === 'FAILED' ? status : 'REFUSED';
}

function outcomeProblems(result: LocalRotationResult): string[] {
  const { execution, evidence } = result;
  if (execution.status === 'SUCCEEDED')
    return evidence?.status === 'SUCCEEDED' ? [] : [`succeeded with evidence ${evidence?.status}`];
  if (execution.status !== 'FAILED') return [`execution ended ${execution.status}`];
  const problems: string[] = [];
  if (!execution.error || execution.error === 'Error') problems.push(`failed without an error name`);
  if (!execution.cause || execution.cause.length < 10) problems.push(`failed without a cause`);
  if (evidence && evidence.failure?.error !== execution.error)
    problems.push(`evidence failure ${evidence.failure?.error} is not the execution's ${execution.error}`);
  return problems;
}

function keyProblems(session: FaultSession, principal: string, outcome: Outcome): string[] {
  const keys = principalKeys(session, principal);
  const stages = secretStages(session, principal);
  const problems: string[] = [];
  if (keys.length > 2) problems.push(`${keys.length} keys at the end`);
  const current = stages.AWSCURRENT;
  const currentKey = keys.find((key) => key.keyId === current?.keyId);
  if (!currentKey?.usable) problems.push(`AWSCURRENT ${current?.keyId} is missing or not usable at the end`);
  if (stages.AWSPENDING) problems.push(`AWSPENDING left on ${stages.AWSPENDING.keyId}`);
  for (const key of keys) {
    const holder = Object.entries(stages).find(([, held]) => held?.keyId === key.keyId);
    const allowed = holder?.[0] === 'AWSCURRENT' || (holder?.[0] === 'AWSPREVIOUS' && outcome === 'FAILED');
    if (!allowed) problems.push(`orphan key ${key.keyId} (${holder?.[0] ?? 'in no labeled version'})`);
    else if (holder?.[1]?.secret !== key.secret) problems.push(`the secret stored for ${key.keyId} is wrong`);
  }
  if (outcome === 'SUCCEEDED' && keys.length !== 1) problems.push(`succeeded with ${keys.length} keys`);
  return problems;
}

export function scenarioProblems(
  session: FaultSession,
  principal: string,
  result: LocalRotationResult,
  marks: ScenarioMarks,
): string[] {
  const outcome = outcomeOf(result);
  const lockId = { lockId: { S: `${session.provider}#${principal}` } };
  const texts = [
    JSON.stringify(result.execution),
    JSON.stringify(result.evidence ?? null),
    ...session.rotator.lambdaLogs.lines.slice(marks.logLines),
  ];
  return [
    ...outcomeProblems(result),
    ...session.monitor.violations.slice(marks.violations),
    ...keyProblems(session, principal, outcome),
    ...(session.cloud.dynamodb.getItem(session.lockTable, lockId) ? ['the lock is still held'] : []),
    ...leakedSecrets(texts, session.monitor.secrets()).map((secret) => `secret ${secret} leaked`),
    ...credentialShapes(texts),
  ];
}
