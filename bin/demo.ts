import { rmSync } from 'node:fs';
import { processOutput } from '../cli/cli-output.ts';
import { runDemo } from '../local/demo/run-demo.ts';

// The demo starts from a fresh world of its own each time, so it can be run again and again.
const DEMO_STATE_DIR = '.akr/demo';
rmSync(DEMO_STATE_DIR, { recursive: true, force: true });
process.exitCode = (await runDemo(DEMO_STATE_DIR, processOutput)) ? 0 : 1;
