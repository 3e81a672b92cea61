/**
 * The package's boundary, both ways. Inside: the sources import only node:
 * built-ins, their own files and the package's declared dependencies (its
 * tests also its devDependencies), never the rotator. Outside: the rotator
 * imports the package only by its name, which is `src/index.ts`; only the
 * rotator's tests may reach into the package, and only for the shared test
 * fixtures under `test/`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const PACKAGE_DIR = resolve(import.meta.dirname, '..');
const REPO_ROOT = resolve(PACKAGE_DIR, '../..');
const PACKAGE_NAME = '@access-key-rotator/local-cloud';
const NOT_SOURCE = new Set(['node_modules', '.git', 'cdk.out', '.akr', 'coverage']);

interface Manifest {
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}
const manifest = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as Manifest;
const RUNTIME_DEPENDENCIES = Object.keys(manifest.dependencies ?? {});
const TEST_DEPENDENCIES = [...RUNTIME_DEPENDENCIES, ...Object.keys(manifest.devDependencies ?? {})];

/** What `source` imports: static imports and re-exports, side-effect imports and dynamic `import()`. */
function importedSpecifiers(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] ?? ''));
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (NOT_SOURCE.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir + sep);
}

/** `@scope/name/deep` → `@scope/name`, `name/deep` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** Why `file`, a file of this package, may not import `specifier`; undefined when it may. */
function packageImportRefusal(file: string, specifier: string): string | undefined {
  const isTest = isInside(file, join(PACKAGE_DIR, 'test'));
  if (specifier.startsWith('node:')) return undefined;
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier);
    const home = isTest ? PACKAGE_DIR : join(PACKAGE_DIR, 'src');
    return isInside(target, home) ? undefined : `reaches outside ${relative(REPO_ROOT, home)}/`;
  }
  const allowed = isTest ? TEST_DEPENDENCIES : RUNTIME_DEPENDENCIES;
  return allowed.includes(packageOf(specifier)) ? undefined : 'is not a declared dependency of the package';
}

/** Why `file`, outside this package, may not import `specifier`; undefined when it may. */
function productImportRefusal(file: string, specifier: string): string | undefined {
  if (specifier.startsWith(`${PACKAGE_NAME}/`))
    return `reaches past the entry point: import '${PACKAGE_NAME}'`;
  if (!specifier.startsWith('.')) return undefined;
  const target = resolve(dirname(file), specifier);
  if (!isInside(target, PACKAGE_DIR)) return undefined;
  const sharedFixture =
    isInside(file, join(REPO_ROOT, 'test')) && isInside(target, join(PACKAGE_DIR, 'test'));
  return sharedFixture ? undefined : `reaches into the package by path: import '${PACKAGE_NAME}'`;
}

function refusals(
  files: readonly string[],
  refusal: (file: string, specifier: string) => string | undefined,
) {
  return files.flatMap((file) =>
    importedSpecifiers(readFileSync(file, 'utf8')).flatMap((specifier) => {
      const why = refusal(file, specifier);
      return why === undefined ? [] : [`${relative(REPO_ROOT, file)}: '${specifier}' ${why}`];
    }),
  );
}

describe('the local cloud package boundary', () => {
  it('finds every kind of import in a source text', () => {
    // Prepare
    const source = [
      "import { a } from './a.ts';",
      "import type {\n  B,\n} from '../b.ts';",
      "export { c } from 'c-package';",
      "import 'side-effect';",
      "const d = await import('./d.ts');",
    ].join('\n');

    // Act
    const found = importedSpecifiers(source);

    // Assess
    expect(found.sort()).toEqual(['../b.ts', './a.ts', './d.ts', 'c-package', 'side-effect']);
  });

  it('refuses a package file that imports the rotator or an undeclared package', () => {
    // Prepare
    const source = join(PACKAGE_DIR, 'src', 'state', 'account-of-state.ts');
    const test = join(PACKAGE_DIR, 'test', 'another-account.test.ts');

    // Act
    const verdicts = {
      rotator: packageImportRefusal(source, '../../../../lambdas/rotation/rotation-errors.ts'),
      testFromSource: packageImportRefusal(source, '../../test/local-cloud-fixture.ts'),
      undeclared: packageImportRefusal(source, 'jose'),
      ownFile: packageImportRefusal(source, '../cloud-constants.ts'),
      builtIn: packageImportRefusal(source, 'node:sqlite'),
      devDependencyInTest: packageImportRefusal(test, '@aws-sdk/client-iam'),
    };

    // Assess
    expect(verdicts).toEqual({
      rotator: 'reaches outside packages/local-cloud/src/',
      testFromSource: 'reaches outside packages/local-cloud/src/',
      undeclared: 'is not a declared dependency of the package',
      ownFile: undefined,
      builtIn: undefined,
      devDependencyInTest: undefined,
    });
  });

  it('refuses a rotator file that reaches past the entry point', () => {
    // Prepare
    const product = join(REPO_ROOT, 'local', 'local-aws-endpoint.ts');
    const productTest = join(REPO_ROOT, 'test', 'faults', 'fault-kinds.test.ts');

    // Act
    const verdicts = {
      deepName: productImportRefusal(product, `${PACKAGE_NAME}/src/faults.ts`),
      path: productImportRefusal(product, '../packages/local-cloud/src/index.ts'),
      testIntoSource: productImportRefusal(productTest, '../../packages/local-cloud/src/faults.ts'),
      name: productImportRefusal(product, PACKAGE_NAME),
      sharedFixture: productImportRefusal(productTest, '../../packages/local-cloud/test/yandex-fixture.ts'),
    };

    // Assess
    expect(verdicts).toEqual({
      deepName: `reaches past the entry point: import '${PACKAGE_NAME}'`,
      path: `reaches into the package by path: import '${PACKAGE_NAME}'`,
      testIntoSource: `reaches into the package by path: import '${PACKAGE_NAME}'`,
      name: undefined,
      sharedFixture: undefined,
    });
  });

  it('imports nothing but node: built-ins, its own files and its declared dependencies', () => {
    // Prepare: all but this file, whose examples break the rules on purpose
    const files = typeScriptFiles(PACKAGE_DIR).filter((file) => file !== import.meta.filename);

    // Act
    const refused = refusals(files, packageImportRefusal);

    // Assess
    expect(files.length).toBeGreaterThan(100);
    expect(refused).toEqual([]);
  });

  it('is imported by the rest of the repository only through its entry point', () => {
    // Prepare
    const files = typeScriptFiles(REPO_ROOT).filter((file) => !isInside(file, PACKAGE_DIR));

    // Act
    const refused = refusals(files, productImportRefusal);

    // Assess
    expect(files.length).toBeGreaterThan(100);
    expect(refused).toEqual([]);
  });
});
