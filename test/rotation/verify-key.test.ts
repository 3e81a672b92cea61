import { describe, expect, it } from 'vitest';
import { KeyNotYetValidError, SecretMissingError } from '../../lambdas/rotation/rotation-errors.ts';
import { verifyKey } from '../../lambdas/rotation/verify-key.ts';
import {
  createdIn,
  managedScenario,
  PRINCIPAL,
  runUntil,
  SECRET_NAME,
  SECRET_VERSION_ID,
} from './rotation-fixtures.ts';

describe('verifyKey', () => {
  it('verifies the stored credential and returns only the time', async () => {
    // Prepare
    const { world } = managedScenario();
    const state = await runUntil(world, 'created');
    world.log.clear();
    // Act
    const verified = await verifyKey(state, world.ports);
    // Assess
    expect(verified).toEqual({ verifiedAt: world.clock.iso() });
    expect(world.log.calls.find((c) => c.call === 'verifier.verify')?.args).toEqual([
      PRINCIPAL,
      state.created?.newKeyId,
    ]);
    expect(world.log.mutations).toEqual([]);
  });

  it('passes KeyNotYetValidError through while the key propagates, then succeeds', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'created');
    world.verifier.propagateAfter(2);
    await expect(verifyKey(state, world.ports)).rejects.toThrow(KeyNotYetValidError);
    await expect(verifyKey(state, world.ports)).rejects.toThrow(KeyNotYetValidError);
    await expect(verifyKey(state, world.ports)).resolves.toHaveProperty('verifiedAt');
  });

  it('fails with SecretMissingError, naming the version, when the rotation has no stored version', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'plan');
    const outcome = verifyKey(state, world.ports);
    await expect(outcome).rejects.toThrow(SecretMissingError);
    await expect(outcome).rejects.toThrow(`no version ${SECRET_VERSION_ID}`);
  });

  it("reads the credential from the plan's secret version, not from the rotation id", async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'created');
    world.log.clear();
    await verifyKey(state, world.ports);
    expect(world.log.calls.find((c) => c.call === 'secrets.readCredential')?.args).toEqual([
      SECRET_NAME,
      { versionId: state.plan.secretVersionId },
    ]);
  });

  it('refuses a stored version that holds another key than the one created', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'created');
    const tampered = { ...state, created: { ...createdIn(state), newKeyId: 'AKIAOTHER00000000000' } };
    await expect(verifyKey(tampered, world.ports)).rejects.toThrow(SecretMissingError);
  });

  it('fails when the key was deleted, rather than reporting it verified', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'created');
    await world.iam.deleteKey(PRINCIPAL, state.created?.newKeyId ?? '');
    await expect(verifyKey(state, world.ports)).rejects.toThrow(/refused/);
    expect(
      await world.secrets.readCredential(SECRET_NAME, { versionId: state.plan.secretVersionId }),
    ).toBeDefined();
  });
});
