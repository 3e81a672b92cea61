/**
 * Bundles one entry the way CDK's NodejsFunction does for lib/rotator-function.ts
 * (the same esbuild flags: node24 ESM, minified, source map, `module,main`,
 * the `require` banner), in one of the two packagings the benchmark compares:
 * `external` leaves `@aws-sdk/*` to the Lambda runtime, `bundled` inlines it.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

export type Packaging = 'external' | 'bundled';
export const PACKAGINGS: readonly Packaging[] = ['external', 'bundled'];

/** The banner lib/rotator-function.ts passes (CommonJS code bundled into ESM still calls `require`). */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __akrCreateRequire } from 'node:module'; const require = __akrCreateRequire(import.meta.url);";

export interface BundledArtifact {
  readonly packaging: Packaging;
  /** Absolute path of `index.mjs`. */
  readonly file: string;
  readonly bytes: number;
  readonly sourceMapBytes: number;
  /** `@aws-sdk/*` packages the artifact imports at run time (external packaging only). */
  readonly sdkImports: readonly string[];
  /** `@aws-sdk/*` packages whose code went into the artifact (bundled packaging only). */
  readonly sdkInlined: readonly string[];
}

function packageOf(path: string): string | undefined {
  const match = /node_modules\/(@aws-sdk\/[^/]+)\//.exec(path) ?? /^(@aws-sdk\/[^/]+)/.exec(path);
  return match?.[1];
}

/**
 * @param outDir a directory inside the repository, so that the external
 *   packaging resolves `@aws-sdk/*` from its node_modules as the runtime would.
 */
export async function bundleLikeCdk(
  entry: string,
  outDir: string,
  packaging: Packaging,
  repoRoot: string,
): Promise<BundledArtifact> {
  const file = join(outDir, 'index.mjs');
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    outfile: file,
    minify: true,
    sourcemap: true,
    mainFields: ['module', 'main'],
    external: packaging === 'external' ? ['@aws-sdk/*'] : [],
    banner: { js: ESM_REQUIRE_BANNER },
    metafile: true,
    logLevel: 'error',
  });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
  const sdkImports = new Set<string>();
  for (const imported of output?.imports ?? []) {
    const name = imported.external ? packageOf(imported.path) : undefined;
    if (name) sdkImports.add(name);
  }
  const sdkInlined = new Set<string>();
  for (const input of Object.keys(output?.inputs ?? {})) {
    const name = packageOf(input);
    if (name) sdkInlined.add(name);
  }
  return {
    packaging,
    file,
    bytes: statSync(file).size,
    sourceMapBytes: statSync(`${file}.map`).size,
    sdkImports: [...sdkImports].sort(),
    sdkInlined: [...sdkInlined].sort(),
  };
}
