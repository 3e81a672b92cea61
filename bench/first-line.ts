/**
 * Time to the first line of `akr rotate --local` (a dry run on a seeded
 * user), cold (no cached template: the CDK app is synthesized) and warm (the
 * template read from `<stateDir>/cache/`), against `cdk synth -q` timed in
 * the same run, interleaved so that load on the machine weighs on all three.
 * Each figure is measured from spawning the process to the line arriving.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { seedIamUser, startLocalCloud } from '@access-key-rotator/local-cloud';
import { OPTED_IN_TAGS } from '../lambdas/config/environment.ts';
import { median } from './stats.ts';

const PRINCIPAL = 'bench-first-line';
/** Warm, at most this share of `cdk synth -q` (issue 12). */
export const FIRST_LINE_TARGET_RATIO = 0.1;
const STEP_LINE = /^[✓✗…] /;

export interface AkrStartTiming {
  readonly firstLineMs: number;
  /** The first step's line (the Lambda container is up and Plan ran). */
  readonly firstStepMs: number | undefined;
  /** When "synthesizing…" reached stderr, on a cache miss. */
  readonly synthNoticeMs: number | undefined;
  readonly exitMs: number;
}

export interface StartFigures {
  readonly firstLineMs: number;
  readonly firstStepMs: number;
  readonly samples: readonly AkrStartTiming[];
}

export interface FirstLineReport {
  readonly runs: number;
  readonly cdkSynthMs: { readonly median: number; readonly samples: readonly number[] };
  readonly cold: StartFigures;
  readonly warm: StartFigures;
  /** Warm first line / `cdk synth -q`. */
  readonly warmRatio: number;
  readonly coldRatio: number;
  readonly targetRatio: number;
}

/** PATH with this Node first: cdk.json runs `node bin/app.ts`. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` };
  delete env.AWS_ENDPOINT_URL;
  return env;
}

function timeProcess(repoRoot: string, args: readonly string[]): Promise<AkrStartTiming> {
  const started = performance.now();
  const since = () => performance.now() - started;
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: childEnv() });
  let firstLineMs: number | undefined;
  let firstStepMs: number | undefined;
  let synthNoticeMs: number | undefined;
  let stderr = '';
  createInterface({ input: child.stdout }).on('line', (line) => {
    firstLineMs ??= since();
    if (STEP_LINE.test(line)) firstStepMs ??= since();
  });
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderr += `${line}\n`;
    if (line.startsWith('synthesizing…')) synthNoticeMs ??= since();
  });
  return new Promise((done, fail) =>
    child.on('close', (status) => {
      const exitMs = since();
      if (status !== 0) fail(new Error(`${args.join(' ')} exited ${status}: ${stderr}`));
      else done({ firstLineMs: firstLineMs ?? exitMs, firstStepMs, synthNoticeMs, exitMs });
    }),
  );
}

function figures(samples: readonly AkrStartTiming[]): StartFigures {
  return {
    firstLineMs: median(samples.map((sample) => sample.firstLineMs)),
    firstStepMs: median(samples.map((sample) => sample.firstStepMs ?? sample.exitMs)),
    samples,
  };
}

export async function measureFirstLine(
  repoRoot: string,
  runs: number,
  log: (line: string) => void,
): Promise<FirstLineReport> {
  const root = mkdtempSync(join(tmpdir(), 'akr-bench-first-line-'));
  const stateDir = join(root, 'state');
  const cdk = join(repoRoot, 'node_modules', 'aws-cdk', 'bin', 'cdk');
  const akr = [
    'bin/akr.ts',
    'rotate',
    '--local',
    '--principal',
    PRINCIPAL,
    '--dry-run',
    '--state-dir',
    stateDir,
  ];
  try {
    const cloud = await startLocalCloud({ stateDir });
    seedIamUser(cloud, { userName: PRINCIPAL, tags: OPTED_IN_TAGS, keys: [{ ageDays: 95 }] });
    await cloud.close();
    const synths: number[] = [];
    const cold: AkrStartTiming[] = [];
    const warm: AkrStartTiming[] = [];
    for (let run = 1; run <= runs; run++) {
      const out = join(root, `cdk.out-${run}`);
      synths.push((await timeProcess(repoRoot, [cdk, 'synth', '-q', '-o', out])).exitMs);
      rmSync(out, { recursive: true, force: true });
      rmSync(join(stateDir, 'cache'), { recursive: true, force: true });
      cold.push(await timeProcess(repoRoot, akr));
      warm.push(await timeProcess(repoRoot, akr));
      const last = (samples: AkrStartTiming[]) => samples.at(-1)?.firstLineMs.toFixed(0);
      log(
        `first line ${run}/${runs}: cdk synth -q ${synths.at(-1)?.toFixed(0)} ms, cold ${last(cold)} ms, warm ${last(warm)} ms`,
      );
    }
    const cdkSynthMs = { median: median(synths), samples: synths };
    const coldFigures = figures(cold);
    const warmFigures = figures(warm);
    return {
      runs,
      cdkSynthMs,
      cold: coldFigures,
      warm: warmFigures,
      warmRatio: warmFigures.firstLineMs / cdkSynthMs.median,
      coldRatio: coldFigures.firstLineMs / cdkSynthMs.median,
      targetRatio: FIRST_LINE_TARGET_RATIO,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
