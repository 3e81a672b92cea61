import { describe, expect, it } from 'vitest';
import { renderMermaid } from '../../cli/diagram/mermaid-diagram.ts';
import type { AslDefinition } from '../../local/workflow/synthesized-workflow.ts';

const choice = (rule: Record<string, unknown>): AslDefinition =>
  ({
    StartAt: 'Pick',
    States: {
      Pick: { Type: 'Choice', Choices: [{ ...rule, Next: 'Done' }], Default: 'Done' },
      Done: { Type: 'Succeed' },
    },
  }) as unknown as AslDefinition;

describe('renderMermaid', () => {
  it('reads an IsPresent guard on the compared field as the comparison alone', () => {
    const rendered = renderMermaid(
      choice({
        And: [
          { Variable: '$.plan.mode', IsPresent: true },
          { Variable: '$.plan.mode', StringEquals: 'DELETE' },
        ],
      }),
    );
    expect(rendered).toContain(`Pick -->|"plan.mode Equals 'DELETE'"| Done`);
  });

  it('keeps an IsPresent test of another field, joined with and', () => {
    const rendered = renderMermaid(
      choice({
        And: [
          { Variable: '$.other', IsPresent: true },
          { Variable: '$.plan.mode', StringEquals: 'DELETE' },
        ],
      }),
    );
    expect(rendered).toContain(`Pick -->|"other IsPresent true and plan.mode Equals 'DELETE'"| Done`);
  });
});
