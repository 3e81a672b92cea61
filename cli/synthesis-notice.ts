/**
 * What a local command says when the state dir holds no template for the
 * current sources and the CDK app is synthesized (seconds): on stderr, so a
 * `--json` document on stdout stays the only thing there.
 */
import { join } from 'node:path';
import type { CliOutput } from './cli-output.ts';

export function synthesisNotice(output: CliOutput, stateDir: string): () => void {
  return () =>
    output.error(
      `synthesizing… (the CDK app changed or is not cached yet; cached in ${join(stateDir, 'cache')})`,
    );
}
