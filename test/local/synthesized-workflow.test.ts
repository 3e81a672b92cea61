/**
 * The local runner executes the definition CDK synthesizes, not a copy: the
 * only change it makes is to give each Lambda a local ARN, and each Task is
 * bound to the handler file its function bundles. The README's diagram is
 * drawn from that same definition.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderMermaid } from '../../cli/diagram/mermaid-diagram.ts';
import { createRotatorApp } from '../../lib/rotator-app.ts';
import { extractWorkflow, type SynthesizedWorkflow } from '../../local/workflow/synthesized-workflow.ts';
import type { CfnTemplate } from '../../local/workflow/template-intrinsics.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const ACCOUNT = { partition: 'aws', region: 'eu-west-1', accountId: '123456789012' };
let template: CfnTemplate;
let workflow: SynthesizedWorkflow;

beforeAll(() => {
  const { app, stack } = createRotatorApp({ context: { 'aws:cdk:bundling-stacks': [] } });
  template = app.synth().getStackByName(stack.stackName).template as CfnTemplate;
  workflow = extractWorkflow(template, ACCOUNT, 'aws');
});

/** The template's DefinitionString with each Lambda ARN left as a `<<LogicalId>>` marker. */
function definitionWithMarkers(): string {
  const machine = Object.values(template.Resources).find(
    (r) => r.Type === 'AWS::StepFunctions::StateMachine',
  );
  const definition = machine?.Properties?.DefinitionString as { 'Fn::Join': [string, unknown[]] } | undefined;
  if (!definition) throw new Error('the template has no state machine definition');
  const [, parts] = definition['Fn::Join'];
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const getAtt = (part as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
      if (getAtt) return `<<${getAtt[0]}>>`;
      throw new Error(`unexpected intrinsic in the definition: ${JSON.stringify(part)}`);
    })
    .join('');
}

describe('the definition the local runner executes', () => {
  it('is the synthesized one, with only the Lambda ARNs made local', () => {
    const expected = definitionWithMarkers().replace(
      /<<(\w+)>>/g,
      (_, id) => `arn:aws:lambda:${ACCOUNT.region}:${ACCOUNT.accountId}:function:${id}`,
    );

    expect(workflow.definition).toEqual(JSON.parse(expected));
  });

  it('binds every Task to the handler file its function bundles', () => {
    const taskStates = Object.entries(workflow.definition.States).filter(
      ([, state]) => state.Type === 'Task',
    );

    expect([...workflow.tasks.keys()].sort()).toEqual(taskStates.map(([name]) => name).sort());
    for (const [stateName, fn] of workflow.tasks) {
      const resource = template.Resources[fn.logicalId];
      expect(resource?.Type, stateName).toBe('AWS::Lambda::Function');
      expect(resource?.Metadata?.['akr:entry'], stateName).toBe(fn.entry);
      expect(existsSync(join(REPO_ROOT, fn.entry)), fn.entry).toBe(true);
      expect(workflow.definition.States[stateName]?.Resource).toBe(fn.arn);
    }
    expect(workflow.tasks.get('Plan')?.entry).toBe('lambdas/handlers/plan.ts');
    expect(workflow.tasks.get('RecordRollback')?.entry).toBe('lambdas/handlers/record.ts');
  });

  it('is the diagram the README shows', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const shown =
      /<!-- workflow-diagram:start -->\n```mermaid\n([\s\S]*?)\n```\n<!-- workflow-diagram:end -->/.exec(
        readme,
      );

    expect(shown?.[1], 'README diagram is out of date: regenerate it with `npx akr diagram`').toBe(
      renderMermaid(workflow.definition),
    );
  });
});
