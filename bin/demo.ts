import { processOutput } from '../cli/cli-output.ts';
import { runAwsDemo } from '../local/demo/aws-demo.ts';

const succeeded = await runAwsDemo('.akr', processOutput);
process.exitCode = succeeded ? 0 : 1;
