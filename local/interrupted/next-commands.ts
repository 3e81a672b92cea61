/**
 * The commands that take an interrupted local rotation forward, as a user
 * types them: `akr status` and an interrupted run both print these.
 */
export interface NextCommandsFor {
  readonly name: string;
  readonly principal: string | undefined;
  readonly provider: string | undefined;
  readonly stateDir: string;
}

export interface NextCommands {
  /** Finishes it from where it stopped. */
  readonly resume: string;
  /** Undoes it before Publish, or ends it with both keys usable after. */
  readonly abort: string;
}

const DEFAULT_STATE_DIR = '.akr';

function quoted(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

export function nextCommands(execution: NextCommandsFor): NextCommands {
  const provider =
    execution.provider && execution.provider !== 'aws' ? ` --provider ${execution.provider}` : '';
  const stateDir =
    execution.stateDir === DEFAULT_STATE_DIR ? '' : ` --state-dir ${quoted(execution.stateDir)}`;
  const principal = execution.principal === undefined ? '' : ` --principal ${quoted(execution.principal)}`;
  return {
    resume: `npx akr resume --local${provider} --name ${quoted(execution.name)}${stateDir}`,
    abort: `npx akr abort --local${provider}${principal}${stateDir}`,
  };
}
