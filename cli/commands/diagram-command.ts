/**
 * `akr diagram`: the workflow as a Mermaid flowchart, drawn from the ASL that
 * CDK synthesizes (the README's diagram is this output).
 */

import { REPO_ROOT } from '../../local/workflow/handler-bindings.ts';
import { synthesizeTemplate } from '../../local/workflow/synthesize-template.ts';
import { extractWorkflow } from '../../local/workflow/synthesized-workflow.ts';
import type { CliOutput } from '../cli-output.ts';
import { renderMermaid } from '../diagram/mermaid-diagram.ts';

export function diagramCommand(output: CliOutput): number {
  // Both providers' state machines have the same shape; the AWS one stands for both.
  const workflow = extractWorkflow(
    synthesizeTemplate(REPO_ROOT),
    { partition: 'aws', region: 'us-east-1', accountId: '000000000000' },
    'aws',
  );
  output.line(renderMermaid(workflow.definition));
  return 0;
}
