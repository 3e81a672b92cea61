/**
 * Runs each fleet size in a fresh process (bench/fleet-child.ts), one after
 * another so they never compete for the two cores, and collects their
 * figures. A child that dies is reported with the end of its stderr, not
 * dropped.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { FleetRunFigures } from './fleet-figures.ts';

export interface FleetSizePlan {
  readonly size: number;
  /** Seconds the fleet execution may run before it is stopped; 0 = no limit. */
  readonly deadlineSeconds: number;
  /** The hub and member accounts the principals are spread over. */
  readonly accounts: number;
}

export type FleetChildOutcome =
  | { readonly ok: true; readonly figures: FleetRunFigures }
  | { readonly ok: false; readonly size: number; readonly error: string };

/** Seeding, synthesis and shutdown come on top of the fleet deadline; past this the child is killed. */
const SETUP_ALLOWANCE_MS = 180_000;

export function runFleetChild(
  repoRoot: string,
  plan: FleetSizePlan,
  log: (line: string) => void,
): Promise<FleetChildOutcome> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        join(repoRoot, 'bench', 'fleet-child.ts'),
        String(plan.size),
        String(plan.deadlineSeconds),
        String(plan.accounts),
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let result: FleetRunFigures | undefined;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('RESULT ')) result = JSON.parse(line.slice('RESULT '.length)) as FleetRunFigures;
      else if (line.startsWith('PROGRESS ')) {
        const { rotated, ms } = JSON.parse(line.slice('PROGRESS '.length)) as { rotated: number; ms: number };
        log(`  fleet ${plan.size}: ${rotated} rotated after ${(ms / 1000).toFixed(1)} s`);
      }
    });
    const killAfter =
      plan.deadlineSeconds > 0
        ? setTimeout(() => child.kill('SIGKILL'), plan.deadlineSeconds * 1000 + SETUP_ALLOWANCE_MS)
        : undefined;
    child.on('close', (code, signal) => {
      clearTimeout(killAfter);
      if (result) resolve({ ok: true, figures: result });
      else {
        const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
        resolve({
          ok: false,
          size: plan.size,
          error: `${how}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`,
        });
      }
    });
  });
}

export async function measureFleet(
  repoRoot: string,
  plans: readonly FleetSizePlan[],
  log: (line: string) => void,
): Promise<FleetChildOutcome[]> {
  const outcomes: FleetChildOutcome[] = [];
  for (const plan of plans) {
    const limit = plan.deadlineSeconds > 0 ? `, stopped after ${plan.deadlineSeconds} s` : '';
    const spread = plan.accounts > 1 ? ` over ${plan.accounts} accounts` : '';
    log(`fleet: ${plan.size} principals${spread} (fresh process and state dir${limit})`);
    outcomes.push(await runFleetChild(repoRoot, plan, log));
  }
  return outcomes;
}
