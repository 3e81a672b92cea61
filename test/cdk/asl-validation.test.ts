/**
 * Every synthesized state machine (rotation and fleet, per provider) is valid
 * Amazon States Language as asl-validator checks it: the JSON schema of each
 * state type, transitions to states that exist, a reachable terminal state,
 * JSONPath syntax and Resource ARNs. Checked on the definitions as the local
 * runner resolves them (real ARNs in place of the template's intrinsics),
 * from one synthesis. Broken copies prove the validator is really applied.
 */
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import type { WorkflowKind } from '../../lib/fleet/fleet-state-names.ts';
import { ROTATION_STATE_NAMES as N } from '../../lib/rotation/rotation-state-names.ts';
import { type AslDefinition, extractWorkflow } from '../../local/workflow/synthesized-workflow.ts';
import type { CfnTemplate } from '../../local/workflow/template-intrinsics.ts';
import { synthesizeRotator } from './synthesized-rotator.ts';

interface AslValidation {
  readonly isValid: boolean;
  readonly errors: readonly { readonly message?: string }[];
  errorsText(separator?: string): string;
}

// asl-validator is CommonJS without type declarations: its documented call, typed here.
const validateAsl = createRequire(import.meta.url)('asl-validator') as (
  definition: unknown,
  options?: { readonly checkPaths?: boolean; readonly checkArn?: boolean },
) => AslValidation;

const ACCOUNT = { partition: 'aws', region: 'eu-west-1', accountId: '123456789012' };
const MACHINES: readonly (readonly [Provider, WorkflowKind])[] = [
  ['aws', 'rotation'],
  ['yandex', 'rotation'],
  ['aws', 'fleet'],
  ['yandex', 'fleet'],
];

/** The validator fills in missing fields (QueryLanguage) in place: each check gets its own copy. */
function validate(definition: unknown): AslValidation {
  return validateAsl(structuredClone(definition), { checkPaths: true, checkArn: true });
}

let template: CfnTemplate;
const definitionOf = (provider: Provider, kind: WorkflowKind): AslDefinition =>
  extractWorkflow(template, ACCOUNT, provider, kind).definition;

beforeAll(() => {
  template = { Resources: synthesizeRotator().resources };
});

describe('the synthesized state machines as Amazon States Language', () => {
  it.each(MACHINES)('the %s %s state machine is valid', (provider, kind) => {
    // Act
    const result = validate(definitionOf(provider, kind));

    // Assess
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('refuses a definition whose transition names a state that does not exist', () => {
    // Prepare
    const definition = definitionOf('aws', 'rotation');
    const broken = {
      ...definition,
      States: { ...definition.States, [N.plan]: { ...definition.States[N.plan], Next: 'NoSuchState' } },
    };

    // Act
    const result = validate(broken);

    // Assess
    expect(result.isValid).toBe(false);
    expect(result.errorsText('\n')).toContain('NoSuchState');
  });

  it('refuses a Task state without a Resource', () => {
    // Prepare
    const definition = definitionOf('yandex', 'rotation');
    const { Resource: _dropped, ...withoutResource } = definition.States[N.createKey] ?? { Type: 'Task' };
    const broken = { ...definition, States: { ...definition.States, [N.createKey]: withoutResource } };

    // Act
    const result = validate(broken);

    // Assess
    expect(result.isValid).toBe(false);
    expect(result.errorsText('\n')).toContain(`/States/${N.createKey}/`);
  });

  it('refuses a ResultPath that is not a JSONPath', () => {
    // Prepare
    const definition = definitionOf('aws', 'fleet');
    const [name, state] = Object.entries(definition.States).find(([, s]) => s.Type === 'Task') ?? [];
    const broken = {
      ...definition,
      States: { ...definition.States, [String(name)]: { ...state, ResultPath: 'summary' } },
    };

    // Act
    const result = validate(broken);

    // Assess
    expect(result.isValid).toBe(false);
    expect(result.errorsText('\n')).toContain(`/States/${name}/ResultPath is invalid`);
  });
});
