/**
 * `akr abort --local --principal P`: stops an interrupted or running local
 * rotation safely. Before Publish it rolls back; after Publish it keeps both
 * keys usable; either way it records the outcome and releases the lock.
 */
import { type AbortResult, abortRotation } from '../../local/interrupted/abort-rotation.ts';
import type { CliOutput } from '../cli-output.ts';
import { type InterruptedOptions, runInterruptedCommand } from './interrupted-options.ts';

const PATH_LINES: Record<AbortResult['path'], string> = {
  ROLLED_BACK:
    'rolled back: the keys this rotation created and its AWSPENDING version are deleted; AWSCURRENT is unchanged',
  BOTH_KEYS_KEPT:
    'ended after Publish: nothing was deleted, the new key is AWSCURRENT and the old key stays usable',
  RAN_TO_ITS_END: 'it was already on its way to its end, so it was run to that end',
};

function printAbort(output: CliOutput, result: AbortResult): void {
  const { execution, evidence } = result;
  output.line(`Aborted ${execution.name} in ${result.abortedIn}: ${PATH_LINES[result.path]}`);
  if (evidence)
    output.line(
      `  evidence: ${evidence.status} (${evidence.failure?.error ?? 'no failure'}), old key ${evidence.oldKeyId ?? '—'}, new key ${evidence.newKeyId ?? '—'}`,
    );
  if (result.evidencePath) output.line(`  evidence record: ${result.evidencePath}`);
  output.line(
    `  execution ${execution.status}; the lock is released, so the principal can be rotated again now`,
  );
}

export function abortCommand(options: InterruptedOptions, output: CliOutput): Promise<number> {
  return runInterruptedCommand(options, output, {
    command: 'abort',
    verb: 'Aborting',
    run: abortRotation,
    json: ({ path, abortedIn, execution, evidence, evidencePath }) => ({
      path,
      abortedIn,
      execution,
      evidence,
      evidencePath,
    }),
    print: printAbort,
    // Done when the outcome is recorded (Record ran, so the lock is released), or a dry run ended.
    exitCode: ({ evidence, execution }) => (evidence || execution.status === 'SUCCEEDED' ? 0 : 1),
  });
}
