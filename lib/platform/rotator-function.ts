/**
 * The Lambda defaults of every rotation step, in one place: runtime,
 * architecture, tracing, timeout, memory, its own log group and a locally
 * bundled ESM artifact (esbuild, no Docker).
 */
import { isAbsolute, normalize, resolve, sep } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledgeWildcardResource, XRAY_WRITE_REASON } from './nag-acknowledgements.ts';

/** The repository root: the bundling project root and the base of every `entry`. */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** CloudFormation metadata key naming the handler source; the local runner binds tasks through it. */
export const ENTRY_METADATA_KEY = 'akr:entry';

/** esbuild's ESM output has no `require`; CommonJS dependencies bundled into it still call it. */
const ESM_REQUIRE_SHIM =
  "import { createRequire as __akrCreateRequire } from 'node:module'; const require = __akrCreateRequire(import.meta.url);";

/**
 * How every function is bundled. The benchmark bundles with these very options
 * (bench/bundle.ts), so its cold-init figures are those of what is deployed.
 */
export const ROTATOR_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  minify: true,
  // No source map: with `--enable-source-maps` Node reads and parses the map
  // while it loads the bundle, which cost each handler about 18 ms of a 138 ms
  // cold start when this was decided (bench/ harness, 15 fresh processes each).
  // The steps log an error's name and message, never its stack; for the
  // runtime's own trace of an uncaught error, keepNames still names each function.
  sourceMap: false,
  keepNames: true,
  // The SDK goes into the bundle although nodejs24.x ships v3: one minified file loads faster
  // than the runtime's many SDK files (`npm run bench`, bench/README-table.md), and pins the version.
  bundleAwsSDK: true,
  banner: ESM_REQUIRE_SHIM,
};

/** The functions' NODE_OPTIONS, which the benchmark starts its Node processes with too. */
export const ROTATOR_NODE_OPTIONS: readonly string[] = ROTATOR_BUNDLING.sourceMap
  ? ['--enable-source-maps']
  : [];

export interface RotatorFunctionProps {
  /**
   * The handler source, relative to the repository root, e.g. `lambdas/handlers/plan.ts`.
   * It must export `handler`.
   */
  readonly entry: string;
  /**
   * @default - no description
   */
  readonly description?: string;
  /**
   * How long the function's own log group keeps its events.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Step Functions Local gives each task 60 s, so a rotation step that needs longer is a bug;
   * only a function that pages through a whole account (fleet Discover) may ask for more.
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
}

export class RotatorFunction extends NodejsFunction {
  /** The repo-relative handler source this function bundles. */
  readonly entry: string;

  constructor(scope: Construct, id: string, props: RotatorFunctionProps) {
    const entry = repoRelativeEntry(props.entry);
    // Created beside the function because they must exist before `super`; an own
    // role avoids AWSLambdaBasicExecutionRole's account-wide logs:CreateLogGroup.
    const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    });
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${id} step of the access key rotation`,
    });
    super(scope, id, {
      entry: resolve(REPO_ROOT, entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: resolve(REPO_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      timeout: props.timeout ?? Duration.seconds(30),
      memorySize: 256,
      logGroup,
      role,
      bundling: ROTATOR_BUNDLING,
    });
    this.entry = entry;
    if (ROTATOR_NODE_OPTIONS.length > 0) this.addEnvironment('NODE_OPTIONS', ROTATOR_NODE_OPTIONS.join(' '));
    logGroup.grantWrite(role);
    acknowledgeWildcardResource(role, '*', XRAY_WRITE_REASON);
    (this.node.defaultChild as CfnFunction).addMetadata(ENTRY_METADATA_KEY, entry);
  }

  /**
   * Moves the function's role under an IAM path (`/like/this/`). Member
   * accounts trust the hub's roles under one path only, so the path is what
   * singles out the rotator's roles among the hub's.
   */
  placeRoleUnder(path: string): this {
    if (!path.startsWith('/') || !path.endsWith('/'))
      throw new Error(`role path must be "/path/", got "${path}"`);
    const role = this.role?.node.defaultChild;
    if (!(role instanceof iam.CfnRole)) throw new Error(`${this.node.path} has no role of its own to place`);
    role.path = path;
    return this;
  }

  /** Sets several environment variables at once. */
  addEnvironments(variables: Readonly<Record<string, string>>): this {
    for (const [name, value] of Object.entries(variables)) this.addEnvironment(name, value);
    return this;
  }
}

function repoRelativeEntry(entry: string): string {
  const normalized = normalize(entry).split(sep).join('/');
  if (isAbsolute(entry) || normalized.startsWith('../') || !normalized.endsWith('.ts')) {
    throw new Error(`RotatorFunction entry must be a repo-relative .ts path, got "${entry}"`);
  }
  return normalized;
}
