/**
 * `akr resume --local (--principal P | --name N)`: an interrupted local
 * rotation goes on from the state it was in, to the end a deployed
 * execution would have reached.
 */
import { resumeRotation } from '../../local/interrupted/resume-rotation.ts';
import type { CliOutput } from '../cli-output.ts';
import { printRotationSummary } from '../rotation-summary.ts';
import { type InterruptedOptions, runInterruptedCommand } from './interrupted-options.ts';

export function resumeCommand(options: InterruptedOptions, output: CliOutput): Promise<number> {
  return runInterruptedCommand(options, output, {
    command: 'resume',
    verb: 'Resuming',
    run: resumeRotation,
    json: ({ execution, evidence, evidencePath }) => ({ ...execution, evidence, evidencePath }),
    print: (out, { execution, evidence, evidencePath }) =>
      printRotationSummary(out, { ...execution, evidence, evidencePath }),
    exitCode: ({ execution }) => (execution.status === 'SUCCEEDED' ? 0 : 1),
  });
}
