#!/usr/bin/env node
import { createAkrProgram } from '../cli/akr-program.ts';
import { exitCodeOfUsageError } from '../cli/usage-errors.ts';

await createAkrProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.exitCode = exitCodeOfUsageError(error);
  });
