/**
 * Renders an ASL definition as a Mermaid flowchart. The README's diagram is
 * this output for the synthesized definition, and a test keeps them equal.
 */
import type { AslDefinition, AslState } from '../../local/workflow/synthesized-workflow.ts';

interface ChoiceRule extends ChoiceCondition {
  readonly Next: string;
}

function node(name: string, state: AslState): string {
  if (state.Type === 'Choice') return `${name}{${name}}`;
  if (state.Type === 'Wait') return `${name}[/${name}/]`;
  if (state.Type === 'Succeed' || state.Type === 'Fail') return `${name}([${name}])`;
  return `${name}[${name}]`;
}

interface ChoiceCondition {
  readonly Variable?: string;
  readonly And?: readonly ChoiceCondition[];
  readonly [comparison: string]: unknown;
}

function comparison(rule: ChoiceCondition): string {
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

/**
 * An `And` that guards a comparison with `IsPresent` on the same field reads as
 * the comparison alone: the guard only keeps a state written before that field
 * existed from failing the Choice, and a reader of the diagram needs the rule.
 */
function condition(rule: ChoiceCondition): string {
  if (!rule.And) return comparison(rule);
  const compared = new Set(
    rule.And.filter((part) => part.IsPresent === undefined).map((part) => part.Variable),
  );
  return rule.And.filter((part) => !(part.IsPresent === true && compared.has(part.Variable)))
    .map(condition)
    .join(' and ');
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
