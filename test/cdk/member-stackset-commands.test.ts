/**
 * The README's StackSet commands, read from README.md and run by the real
 * AWS CLI v2 against an endpoint that refuses connections: the CLI must
 * accept every argument (the shorthand of --auto-deployment and
 * --deployment-targets included) and read the member template the app
 * synthesizes, getting as far as the network. A misspelt option or a value
 * the CLI cannot parse fails before that, with a usage or parameter error.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRotatorApp, MEMBER_STACK_NAME } from '../../lib/rotator-app.ts';
import { AWS_CLI_V2, cliHome, ensureAwsCliV2AndCurl, run } from '../e2e/support/aws-cli-v2.ts';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
const CLOSED_ENDPOINT = 'http://127.0.0.1:9';

let home: string;

beforeAll(() => {
  ensureAwsCliV2AndCurl();
  home = mkdtempSync(join(tmpdir(), 'akr-stackset-'));
  const { app } = createRotatorApp({
    context: { 'aws:cdk:bundling-stacks': [], 'akr:hubAccountId': '111111111111' },
    outdir: join(home, 'cdk.out'),
  });
  const template = app.synth().getStackByName(MEMBER_STACK_NAME).template;
  writeFileSync(join(home, 'member-role.template.json'), JSON.stringify(template));
}, 300_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** The `aws cloudformation …` commands of the README's sh block that creates the StackSet, continuations joined. */
function stackSetCommands(): string[][] {
  const blocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  const block = blocks.find((body) => body.includes('create-stack-set'));
  if (block === undefined) throw new Error('README.md has no sh block with create-stack-set');
  return block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((line) => line.startsWith('aws cloudformation '))
    .map((line) => line.trim().split(/\s+/).slice(1));
}

describe('the README StackSet commands', () => {
  it('are accepted by the AWS CLI v2, template file included, up to the network', () => {
    const commands = stackSetCommands();
    expect(commands.map((args) => args[1])).toEqual(['create-stack-set', 'create-stack-instances']);
    const env = {
      ...cliHome(home),
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'not-a-secret',
      AWS_MAX_ATTEMPTS: '1',
    };
    for (const args of commands) {
      // `file://member-role.template.json` is relative to where the operator wrote it: here, the test's directory.
      const located = args.map((arg) => arg.replace(/^file:\/\/(?!\/)/, `file://${home}/`));
      const result = run(
        AWS_CLI_V2,
        [...located, '--endpoint-url', CLOSED_ENDPOINT, '--cli-connect-timeout', '2'],
        env,
      );
      expect(result.stderr, args.join(' ')).toContain('Could not connect to the endpoint URL');
    }
  }, 120_000);
});
