/**
 * Per Lambda handler: both packagings' artifact size and cold init, next to
 * the empty-start floor and the floor of constructing that handler's SDK
 * clients (packaged the same way), and which packaging wins overall.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ROTATOR_NODE_OPTIONS } from '../lib/platform/rotator-function.ts';
import { type BundledArtifact, bundleLikeCdk, PACKAGINGS, type Packaging } from './bundle.ts';
import { type ColdInitFigure, measureColdInit } from './cold-init.ts';
import { floorKey, writeEmptyEntry, writeFloorEntry } from './sdk-clients-floor.ts';

export interface HandlerPackagingRow {
  readonly handler: string;
  readonly packaging: Packaging;
  readonly bytes: number;
  readonly sourceMapBytes: number;
  readonly sdkClients: readonly string[];
  readonly coldInit: ColdInitFigure;
  readonly floorKey: string;
  readonly clientsFloor: ColdInitFigure;
  /** Cold init over the clients-only floor of the same packaging (process times). */
  readonly ratioToClientsFloor: number;
}

export interface PackagingReport {
  readonly measure: string;
  readonly runsPerVariant: number;
  readonly emptyStart: ColdInitFigure;
  readonly rows: readonly HandlerPackagingRow[];
  /** Sum over handlers of the median cold init, per packaging. */
  readonly totalMs: Readonly<Record<Packaging, number>>;
  readonly faster: Packaging;
}

/** Every handler module in lambdas/handlers/ (helpers live in subfolders and export no `handler`). */
export function handlerEntries(repoRoot: string): string[] {
  const dir = join(repoRoot, 'lambdas', 'handlers');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .filter((file) => /export const handler\b/.test(readFileSync(join(dir, file), 'utf8')))
    .sort()
    .map((file) => join(dir, file));
}

export async function measurePackaging(
  repoRoot: string,
  outRoot: string,
  runs: number,
  log: (line: string) => void,
): Promise<PackagingReport> {
  rmSync(outRoot, { recursive: true, force: true });
  const artifacts = new Map<string, BundledArtifact>();
  const clientsOf = new Map<string, readonly string[]>();
  for (const entry of handlerEntries(repoRoot)) {
    const handler = basename(entry, '.ts');
    for (const packaging of PACKAGINGS) {
      const artifact = await bundleLikeCdk(entry, join(outRoot, handler, packaging), packaging, repoRoot);
      artifacts.set(`${handler}/${packaging}`, artifact);
      if (packaging === 'external') clientsOf.set(handler, artifact.sdkImports);
    }
  }
  // One floor per distinct client set and packaging, bundled by the same function.
  const floors = new Map<string, BundledArtifact>();
  for (const clients of clientsOf.values()) {
    const key = floorKey(clients);
    if (floors.has(`${key}/external`)) continue;
    const entry = writeFloorEntry(join(outRoot, 'floors', key), clients);
    for (const packaging of PACKAGINGS) {
      const outDir = join(outRoot, 'floors', key, packaging);
      floors.set(`${key}/${packaging}`, await bundleLikeCdk(entry, outDir, packaging, repoRoot));
    }
  }
  const modules = new Map<string, string>([['empty', writeEmptyEntry(join(outRoot, 'empty'))]]);
  for (const [key, artifact] of floors) modules.set(`floor:${key}`, artifact.file);
  for (const [key, artifact] of artifacts) modules.set(`handler:${key}`, artifact.file);
  log(`cold init: ${modules.size} modules × ${runs} fresh processes (+1 warm-up round)`);
  const figures = measureColdInit(modules, runs, undefined, (round) => log(`  round ${round}/${runs}`));
  const figure = (key: string): ColdInitFigure => {
    const found = figures.get(key);
    if (!found) throw new Error(`no cold-init figure for ${key}`);
    return found;
  };

  const rows: HandlerPackagingRow[] = [];
  for (const [key, artifact] of artifacts) {
    const [handler = key] = key.split('/');
    const clients = clientsOf.get(handler) ?? [];
    const coldInit = figure(`handler:${key}`);
    const clientsFloor = figure(`floor:${floorKey(clients)}/${artifact.packaging}`);
    rows.push({
      handler,
      packaging: artifact.packaging,
      bytes: artifact.bytes,
      sourceMapBytes: artifact.sourceMapBytes,
      sdkClients: clients,
      coldInit,
      floorKey: floorKey(clients),
      clientsFloor,
      ratioToClientsFloor: coldInit.processMs / clientsFloor.processMs,
    });
  }
  const totalMs = Object.fromEntries(
    PACKAGINGS.map((p) => [
      p,
      rows.filter((r) => r.packaging === p).reduce((s, r) => s + r.coldInit.processMs, 0),
    ]),
  ) as Record<Packaging, number>;
  return {
    measure: `median whole-process time of a fresh \`${['node', ...ROTATOR_NODE_OPTIONS].join(' ')}\` that imports the artifact and exits (spawn to exit)`,
    runsPerVariant: runs,
    emptyStart: figure('empty'),
    rows,
    totalMs,
    faster: totalMs.bundled < totalMs.external ? 'bundled' : 'external',
  };
}
