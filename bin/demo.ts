import { Command } from 'commander';
import { processOutput } from '../cli/cli-output.ts';
import { runDemo } from '../cli/demo/run-demo.ts';
import { exitCodeOfUsageError, reportUsageErrors } from '../cli/usage-errors.ts';

await reportUsageErrors(new Command('demo'), processOutput)
  .description('rotate demo keys on the embedded local cloud, in the state dir the akr commands read')
  .option('--state-dir <dir>', 'the demo world (made afresh; never a directory holding other state)', '.akr')
  .action(async (options: { stateDir: string }) => {
    process.exitCode = (await runDemo(options.stateDir, processOutput)) ? 0 : 1;
  })
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.exitCode = exitCodeOfUsageError(error);
  });
