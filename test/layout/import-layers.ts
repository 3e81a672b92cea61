/**
 * Which product folder may import which. Each row is one layer: the folders
 * it holds and the layers it may import besides itself. A move changes one
 * row. A `mayImport` entry names a layer or a group of them: `lambdas` is
 * every `lambdas/…` layer.
 *
 * bin → cli → local → lib → lambdas; cli → evidence → lambdas; local → evidence;
 * local and cli → the local cloud; lambdas imports no other project folder,
 * and inside it handlers → wiring → adapters → rules → config → shared.
 * bench/ and test/ may import anything and are not checked.
 */
import { dirname, posix } from 'node:path';

export interface LayerRow {
  readonly layer: string;
  /** Repository-relative folders (or files) whose .ts files are in this layer. */
  readonly folders: readonly string[];
  readonly mayImport: readonly string[];
}

export const LOCAL_CLOUD_PACKAGE = '@access-key-rotator/local-cloud';

export const LAYERS: readonly LayerRow[] = [
  {
    layer: 'bin',
    folders: ['bin'],
    mayImport: ['cli', 'local', 'lib', 'evidence', 'lambdas', 'local-cloud'],
  },
  {
    layer: 'cli',
    folders: ['cli'],
    mayImport: ['local', 'lib', 'evidence', 'lambdas', 'local-cloud', 'manifest'],
  },
  { layer: 'local', folders: ['local'], mayImport: ['lib', 'evidence', 'lambdas', 'local-cloud'] },
  { layer: 'lib', folders: ['lib'], mayImport: ['lambdas'] },
  { layer: 'evidence', folders: ['evidence'], mayImport: ['lambdas'] },
  // Imported by its name only; its own boundary test holds it to node: built-ins and its own files.
  { layer: 'local-cloud', folders: ['packages/local-cloud'], mayImport: [] },
  {
    layer: 'lambdas/handlers',
    folders: ['lambdas/handlers'],
    mayImport: [
      'lambdas/wiring',
      'lambdas/rules',
      'lambdas/observability',
      'lambdas/config',
      'lambdas/shared',
    ],
  },
  {
    layer: 'lambdas/wiring',
    folders: ['lambdas/wiring'],
    mayImport: ['lambdas/adapters', 'lambdas/rules', 'lambdas/config', 'lambdas/shared'],
  },
  {
    layer: 'lambdas/adapters',
    folders: ['lambdas/adapters'],
    mayImport: ['lambdas/rules', 'lambdas/config', 'lambdas/shared'],
  },
  // The rules and their ports: pure, so no adapter, wiring or logger.
  {
    layer: 'lambdas/rules',
    folders: ['lambdas/rotation', 'lambdas/fleet', 'lambdas/http', 'lambdas/leak'],
    mayImport: ['lambdas/config', 'lambdas/shared'],
  },
  { layer: 'lambdas/observability', folders: ['lambdas/observability'], mayImport: ['lambdas/shared'] },
  { layer: 'lambdas/config', folders: ['lambdas/config'], mayImport: ['lambdas/shared'] },
  { layer: 'lambdas/shared', folders: ['lambdas/shared'], mayImport: [] },
  // `akr --version` reads the root manifest.
  { layer: 'manifest', folders: ['package.json'], mayImport: [] },
];

/** The folders whose .ts files are checked. */
export const PRODUCT_FOLDERS = [
  'bin',
  'cli',
  'local',
  'lib',
  'evidence',
  'lambdas',
  'packages/local-cloud/src',
];

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(`${folder}/`);
}

/** The layer of a repository-relative path: the row of its longest matching folder. */
export function layerOf(path: string, layers: readonly LayerRow[] = LAYERS): string | undefined {
  let best: { layer: string; length: number } | undefined;
  for (const row of layers) {
    for (const folder of row.folders) {
      if (isInside(path, folder) && folder.length > (best?.length ?? -1))
        best = { layer: row.layer, length: folder.length };
    }
  }
  return best?.layer;
}

/** What `source` imports: static imports and re-exports, side-effect imports and `import()` of a literal. */
export function importedSpecifiers(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] ?? ''));
}

/** The repository-relative path (or the package's layer) a specifier names; undefined for other packages. */
function targetOf(file: string, specifier: string): { path: string; layer: string | undefined } | undefined {
  if (specifier === LOCAL_CLOUD_PACKAGE || specifier.startsWith(`${LOCAL_CLOUD_PACKAGE}/`))
    return { path: specifier, layer: 'local-cloud' };
  if (!specifier.startsWith('.')) return undefined;
  const path = posix.normalize(posix.join(dirname(file), specifier));
  return { path, layer: layerOf(path) };
}

function mayImport(from: string, to: string, layers: readonly LayerRow[]): boolean {
  if (from === to) return true;
  const row = layers.find((candidate) => candidate.layer === from);
  return (row?.mayImport ?? []).some((allowed) => to === allowed || to.startsWith(`${allowed}/`));
}

/**
 * Every import that runs against the table, as `file imports target: why`.
 * @param files repository-relative path → source text
 */
export function layerViolations(
  files: ReadonlyMap<string, string>,
  layers: readonly LayerRow[] = LAYERS,
): string[] {
  const violations: string[] = [];
  for (const [file, source] of files) {
    const from = layerOf(file, layers);
    if (!from) {
      violations.push(`${file} is in no layer`);
      continue;
    }
    for (const specifier of importedSpecifiers(source)) {
      const target = targetOf(file, specifier);
      if (!target) continue;
      if (!target.layer) violations.push(`${file} imports ${target.path}: outside every layer`);
      else if (!mayImport(from, target.layer, layers))
        violations.push(`${file} imports ${target.path}: ${from} may not import ${target.layer}`);
    }
  }
  return violations;
}
