#!/usr/bin/env node
import { createAkrProgram } from '../cli/akr-program.ts';

await createAkrProgram().parseAsync(process.argv);
