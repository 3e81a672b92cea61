import { processOutput } from '../cli/cli-output.ts';
import { runDemo } from '../local/demo/run-demo.ts';

process.exitCode = (await runDemo('.akr', processOutput)) ? 0 : 1;
