/**
 * One demo rotation: runs it with progress, prints the summary, and checks as
 * a consumer that the published credential works.
 */

import type { LocalRotator } from '../../local/local-rotation.ts';
import type { CliOutput } from '../cli-output.ts';
import { RotationProgress } from '../rotation-progress.ts';
import { printRotationSummary } from '../rotation-summary.ts';
import { terminalCountdown } from '../wait-countdown.ts';
import type { CurrentCredentialCheck } from './current-credential-check.ts';

export const DEMO_WAIT_SECONDS = 3;

export async function runDemoRotation(
  rotator: LocalRotator,
  principal: string,
  checkConsumer: () => Promise<CurrentCredentialCheck>,
  output: CliOutput,
): Promise<boolean> {
  const progress = new RotationProgress(output, terminalCountdown(output));
  const name = `${principal}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const { execution, evidence, evidencePath } = await rotator
    .rotate({
      name,
      input: { principal, gracePeriodSeconds: DEMO_WAIT_SECONDS, deletionDelaySeconds: DEMO_WAIT_SECONDS },
      onEvent: progress.onEvent,
    })
    .finally(() => progress.stop());
  printRotationSummary(output, { ...execution, evidence, evidencePath });
  if (execution.status !== 'SUCCEEDED') return false;
  const consumer = await checkConsumer();
  output.line(`  consumer check: AWSCURRENT key ${consumer.accessKeyId} ${consumer.proof}`);
  return consumer.accessKeyId === evidence?.newKeyId;
}
