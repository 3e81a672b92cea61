/**
 * Each command's module, imported only when that command runs: `akr --help`
 * and a typo then load commander alone, not the SDK clients, the local cloud
 * or the CDK app (seconds), and a command loads only what it uses.
 */
import type { CliOutput } from './cli-output.ts';

type CommandModule<Options> = () => Promise<(options: Options, output: CliOutput) => Promise<number>>;

function lazy<Options>(load: CommandModule<Options>) {
  return async (options: Options, output: CliOutput): Promise<number> => (await load())(options, output);
}

export const rotateCommand = lazy(async () => (await import('./commands/rotate-command.ts')).rotateCommand);
export const fleetCommand = lazy(async () => (await import('./commands/fleet-command.ts')).fleetCommand);
export const statusCommand = lazy(async () => (await import('./commands/status-command.ts')).statusCommand);
export const rollbackCommand = lazy(
  async () => (await import('./commands/rollback-command.ts')).rollbackCommand,
);
export const resumeCommand = lazy(async () => (await import('./commands/resume-command.ts')).resumeCommand);
export const abortCommand = lazy(async () => (await import('./commands/abort-command.ts')).abortCommand);
export const evidenceCommand = lazy(
  async () => (await import('./commands/evidence-command.ts')).evidenceCommand,
);
export const localCloudCommand = lazy(
  async () => (await import('./commands/local-cloud-command.ts')).localCloudCommand,
);

export async function diagramCommand(output: CliOutput): Promise<number> {
  return (await import('./commands/diagram-command.ts')).diagramCommand(output);
}
