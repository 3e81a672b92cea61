/**
 * `akr --help`, `akr <command> --help` and `akr --version` answer from the program definition
 * alone: no command module is loaded, so neither the CDK app (seconds) nor the
 * SDK clients nor the local cloud. A real process, its module loads recorded.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packagesAmong, runRecordingModules } from '../support/loaded-modules.ts';

const REPO_URL = pathToFileURL(resolve(import.meta.dirname, '../..')).href;
/** The repository's own modules that only a running command needs. */
const COMMAND_MODULES = ['cli/commands/', 'local/', 'lib/', 'lambdas/handlers/'].map(
  (dir) => `${REPO_URL}/${dir}`,
);
const HEAVY_PACKAGES = ['aws-cdk-lib', 'cdk-nag', 'constructs', 'aws-local-stepfunctions'];

describe('akr help', { timeout: 60_000 }, () => {
  for (const args of [
    ['--help'],
    ['rotate', '--help'],
    ['fleet', '--help'],
    ['diagram', '--help'],
    ['--version'],
  ]) {
    it(`akr ${args.join(' ')} loads commander and none of the commands`, () => {
      // Act
      const run = runRecordingModules(['bin/akr.ts', ...args]);

      // Assess
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(args[0] === '--version' ? /^\d+\.\d+\.\d+\n$/ : /Usage: akr/);
      const packages = packagesAmong(run.modules);
      expect(packages).toContain('commander'); // the recorder sees packages at all
      for (const heavy of HEAVY_PACKAGES) expect(packages).not.toContain(heavy);
      expect([...packages].filter((name) => name.startsWith('@aws-sdk/'))).toEqual([]);
      expect(run.modules.filter((url) => COMMAND_MODULES.some((dir) => url.startsWith(dir)))).toEqual([]);
    });
  }
});
