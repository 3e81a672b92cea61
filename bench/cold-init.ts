/**
 * Cold init, measured as Lambda pays it: a fresh Node process that loads the
 * artifact and exits. The figure is the whole process time (spawn to exit,
 * timed in this process), which includes Node's own start, exactly like the
 * empty-start floor it is compared with; the child also reports the time of
 * its `await import()` alone. Each child runs with the Node options the
 * deployed function gets (ROTATOR_NODE_OPTIONS in lib/platform/rotator-function.ts).
 */
import { spawnSync } from 'node:child_process';
import { ROTATOR_NODE_OPTIONS } from '../lib/platform/rotator-function.ts';
import { median } from './stats.ts';

/** The child: import the module, report how long the import took, exit at once as "init done". */
const HARNESS = [
  'const started = performance.now();',
  'await import(process.argv[1]);',
  'process.stdout.write(JSON.stringify({ importMs: performance.now() - started }));',
  'process.exit(0);',
].join('\n');

export interface ColdInitSample {
  readonly processMs: number;
  readonly importMs: number;
}

export interface ColdInitFigure {
  readonly runs: number;
  /** Median whole-process time: the reported cold init. */
  readonly processMs: number;
  /** Median of the import alone, measured inside the child. */
  readonly importMs: number;
  readonly samples: readonly ColdInitSample[];
}

/** Roughly what the Lambda runtime sets; the region lets clients resolve it at construction. */
function lambdaLikeEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  return { ...env, AWS_REGION: 'us-east-1', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256' };
}

export function measureOnce(modulePath: string, nodeFlags: readonly string[]): ColdInitSample {
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    [...nodeFlags, '--input-type=module', '--eval', HARNESS, modulePath],
    { env: lambdaLikeEnvironment(), encoding: 'utf8', timeout: 60_000 },
  );
  const processMs = performance.now() - started;
  if (child.status !== 0) {
    throw new Error(`importing ${modulePath} failed (${child.status}): ${child.stderr.slice(0, 2000)}`);
  }
  const { importMs } = JSON.parse(child.stdout) as { importMs: number };
  return { processMs, importMs };
}

/**
 * Measures every module `runs` times, round-robin, after one discarded warm-up
 * round (disk cache), so drift on a busy machine hits every variant alike.
 */
export function measureColdInit(
  modules: ReadonlyMap<string, string>,
  runs: number,
  nodeFlags: readonly string[] = ROTATOR_NODE_OPTIONS,
  onRound?: (round: number) => void,
): Map<string, ColdInitFigure> {
  const samples = new Map<string, ColdInitSample[]>([...modules.keys()].map((key) => [key, []]));
  for (const path of modules.values()) measureOnce(path, nodeFlags);
  for (let round = 1; round <= runs; round++) {
    for (const [key, path] of modules) samples.get(key)?.push(measureOnce(path, nodeFlags));
    onRound?.(round);
  }
  return new Map(
    [...samples].map(([key, list]) => [
      key,
      {
        runs: list.length,
        processMs: median(list.map((sample) => sample.processMs)),
        importMs: median(list.map((sample) => sample.importMs)),
        samples: list,
      },
    ]),
  );
}
