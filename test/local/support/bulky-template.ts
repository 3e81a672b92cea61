import type { CfnTemplate } from '../../../local/workflow/template-intrinsics.ts';

/** A template of a few megabytes, so a write takes long enough for a reader to meet it half-way. */
export function bulkyTemplate(marker: string): CfnTemplate {
  const Resources: CfnTemplate['Resources'] = { Marker: { Type: 'Test::Marker', Metadata: { marker } } };
  for (let index = 0; index < 20_000; index++) {
    Resources[`Function${index}`] = {
      Type: 'AWS::Lambda::Function',
      Properties: { Description: `${marker} ${'x'.repeat(100)}` },
    };
  }
  return { Resources };
}
