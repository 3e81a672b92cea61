/**
 * Bundles one entry the way CDK's NodejsFunction does for lib/platform/rotator-function.ts
 * (its very esbuild options, ROTATOR_BUNDLING: node24 ESM, minified, names
 * kept, `module,main`, the `require` banner), in one of the two packagings the
 * benchmark compares: `external` leaves `@aws-sdk/*` to the Lambda runtime,
 * `bundled` inlines it.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROTATOR_BUNDLING } from '../lib/platform/rotator-function.ts';

export type Packaging = 'external' | 'bundled';
export const PACKAGINGS: readonly Packaging[] = ['external', 'bundled'];

export interface BundledArtifact {
  readonly packaging: Packaging;
  /** Absolute path of `index.mjs`. */
  readonly file: string;
  readonly bytes: number;
  /** 0 when the deployment ships no source map. */
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
    minify: ROTATOR_BUNDLING.minify,
    sourcemap: ROTATOR_BUNDLING.sourceMap,
    keepNames: ROTATOR_BUNDLING.keepNames,
    mainFields: ROTATOR_BUNDLING.mainFields,
    external: packaging === 'external' ? ['@aws-sdk/*'] : [],
    banner: { js: ROTATOR_BUNDLING.banner ?? '' },
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
    sourceMapBytes: existsSync(`${file}.map`) ? statSync(`${file}.map`).size : 0,
    sdkImports: [...sdkImports].sort(),
    sdkInlined: [...sdkInlined].sort(),
  };
}
