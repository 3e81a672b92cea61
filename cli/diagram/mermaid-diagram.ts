/**
 * Renders an ASL definition as a Mermaid flowchart. The README's diagram is
 * this output for the synthesized definition, and a test keeps them equal.
 */
import type { AslDefinition, AslState } from '../../local/workflow/synthesized-workflow.ts';

interface ChoiceRule {
  readonly Variable?: string;
  readonly Next: string;
  readonly [comparison: string]: unknown;
}

function node(name: string, state: AslState): string {
  if (state.Type === 'Choice') return `${name}{${name}}`;
  if (state.Type === 'Wait') return `${name}[/${name}/]`;
  if (state.Type === 'Succeed' || state.Type === 'Fail') return `${name}([${name}])`;
  return `${name}[${name}]`;
}

function condition(rule: ChoiceRule): string {
  const [operator, value] = Object.entries(rule).find(([key]) => key !== 'Variable' && key !== 'Next') ?? [
    '',
    '',
  ];
  const variable = String(rule.Variable ?? '').replace(/^\$\./, '');
  return `${variable} ${operator.replace(/^(String|Boolean|Numeric)/, '')} ${JSON.stringify(value)}`.replaceAll(
    '"',
    "'",
  );
}

function edges(name: string, state: AslState): string[] {
  const lines: string[] = [];
  if (state.Next) lines.push(`  ${name} --> ${state.Next}`);
  for (const rule of (state.Choices ?? []) as readonly ChoiceRule[]) {
    lines.push(`  ${name} -->|"${condition(rule)}"| ${rule.Next}`);
  }
  if (state.Default) lines.push(`  ${name} -->|otherwise| ${state.Default}`);
  for (const catcher of state.Catch ?? [])
    lines.push(`  ${name} -.->|"${catcher.ErrorEquals.join(', ')}"| ${catcher.Next}`);
  return lines;
}

export function renderMermaid(definition: AslDefinition): string {
  const lines = ['flowchart TD'];
  for (const [name, state] of Object.entries(definition.States)) lines.push(`  ${node(name, state)}`);
  for (const [name, state] of Object.entries(definition.States)) lines.push(...edges(name, state));
  return lines.join('\n');
}
