/**
 * Imports run one way only, as the table in import-layers.ts says: a higher
 * layer may import a lower one, never the reverse.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerOf, layerViolations, PRODUCT_FOLDERS } from './import-layers.ts';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function productSources(): Map<string, string> {
  const files = PRODUCT_FOLDERS.map((folder) => join(REPO_ROOT, folder))
    .filter((dir) => existsSync(dir))
    .flatMap(typeScriptFiles);
  return new Map(
    files.map((file) => [relative(REPO_ROOT, file).split('\\').join('/'), readFileSync(file, 'utf8')]),
  );
}

describe('import layers', () => {
  it('no product import runs from a lower layer to a higher one', () => {
    // Prepare
    const sources = productSources();

    // Act
    const violations = layerViolations(sources);

    // Assess
    expect(sources.size).toBeGreaterThan(300);
    expect(violations).toEqual([]);
  });

  it('config imports nothing from the rules', () => {
    const config = [...productSources()].filter(([file]) => file.startsWith('lambdas/config/'));

    expect(config.length).toBeGreaterThan(0);
    for (const [file, source] of config) expect(source, file).not.toMatch(/from '\.\.\/(rotation|fleet)\//);
  });

  it('maps each folder to its layer, the longest folder first', () => {
    expect(layerOf('local/workflow/local-execution.ts')).toBe('local');
    expect(layerOf('packages/local-cloud/src/index.ts')).toBe('local-cloud');
    expect(layerOf('lambdas/rotation/ports.ts')).toBe('lambdas/rules');
    expect(layerOf('lambdas/wiring/notifier.ts')).toBe('lambdas/wiring');
    expect(layerOf('evidence/model/controls.ts')).toBe('evidence');
    expect(layerOf('test/layout/import-layers.test.ts')).toBeUndefined();
  });

  it('names every upward import, whichever way it is written', () => {
    // Prepare: each file breaks the table once.
    const sources = new Map([
      ['local/workflow/runner.ts', "import { processOutput } from '../../cli/cli-output.ts';\n"],
      ['lambdas/config/environment.ts', "import type { Provider } from '../rotation/rotation-state.ts';\n"],
      ['lambdas/rotation/plan.ts', "export { notifier } from '../wiring/notifier.ts';\n"],
      ['evidence/model/report.ts', "const local = await import('../../local/local-rotation.ts');\n"],
      ['lambdas/handlers/plan.ts', "import '../../test/support/setup.ts';\n"],
      ['lib/stack.ts', "import { startLocalCloud } from '@access-key-rotator/local-cloud';\n"],
      ['scripts/tool.ts', "import { x } from './x.ts';\n"],
    ]);

    // Act
    const violations = layerViolations(sources);

    // Assess
    expect(violations).toEqual([
      'local/workflow/runner.ts imports cli/cli-output.ts: local may not import cli',
      'lambdas/config/environment.ts imports lambdas/rotation/rotation-state.ts: lambdas/config may not import lambdas/rules',
      'lambdas/rotation/plan.ts imports lambdas/wiring/notifier.ts: lambdas/rules may not import lambdas/wiring',
      'evidence/model/report.ts imports local/local-rotation.ts: evidence may not import local',
      'lambdas/handlers/plan.ts imports test/support/setup.ts: outside every layer',
      'lib/stack.ts imports @access-key-rotator/local-cloud: lib may not import local-cloud',
      'scripts/tool.ts is in no layer',
    ]);
  });

  it('lets a layer import itself and the layers below it', () => {
    const sources = new Map([
      ['cli/demo/run-demo.ts', "import { runRotation } from '../../local/local-rotation.ts';\n"],
      [
        'local/workflow/store.ts',
        "import type { HistoryEvent } from '../../evidence/model/execution-history.ts';\n",
      ],
      [
        'lambdas/handlers/plan.ts',
        "import { planRotation } from '../rotation/plan-rotation.ts';\nimport type { A } from './events/a.ts';\n",
      ],
      ['cli/commands/local.ts', "import { startLocalCloud } from '@access-key-rotator/local-cloud';\n"],
    ]);

    expect(layerViolations(sources)).toEqual([]);
  });
});
