/**
 * The providers a stack can deploy a rotator for: one state machine and one
 * set of step functions each. A list naming none, an unknown one or the same
 * one twice is refused, naming the setting it came from.
 */
import type { Provider } from '../lambdas/rotation/rotation-state.ts';

export const PROVIDERS: readonly Provider[] = ['aws', 'yandex'];

export function isProvider(value: string): value is Provider {
  return (PROVIDERS as readonly string[]).includes(value);
}

/** Returns `providers` as a checked list; `setting` (a prop or context key) names the source in errors. */
export function checkProviders(providers: readonly string[], setting: string): readonly Provider[] {
  if (providers.length === 0) {
    throw new Error(`${setting} must name at least one provider (${PROVIDERS.join(', ')})`);
  }
  const checked: Provider[] = [];
  for (const provider of providers) {
    if (!isProvider(provider)) {
      throw new Error(`${setting} may only name ${PROVIDERS.join(', ')}, got "${provider}"`);
    }
    if (checked.includes(provider)) throw new Error(`${setting} names "${provider}" twice`);
    checked.push(provider);
  }
  return checked;
}

/** `aws` → `Aws`: the prefix of per-provider output names such as `AwsStateMachineArn`. */
export function providerTitle(provider: Provider): string {
  return `${provider.charAt(0).toUpperCase()}${provider.slice(1)}`;
}
