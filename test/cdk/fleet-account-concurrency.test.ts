/**
 * `akr:fleetAccountConcurrency`: how many accounts the fleet rotates at once
 * (the outer Map's MaxConcurrency), validated at synth, naming the key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { stackPropsFromContext } from '../../lib/settings/rotator-context.ts';

const outdir = mkdtempSync(join(tmpdir(), 'akr-context-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const propsFrom = (context: Record<string, unknown>) =>
  stackPropsFromContext(new App({ context, outdir }).node);

describe('akr:fleetAccountConcurrency', () => {
  it.each([
    ['5', 5],
    [1000, 1000],
  ])('reads %j', (raw, value) => {
    expect(propsFrom({ 'akr:fleetAccountConcurrency': raw }).fleet?.accountConcurrency).toBe(value);
  });

  it('is left to the default (20) when not given', () => {
    expect(propsFrom({ 'akr:fleetMaxConcurrency': '3' }).fleet?.accountConcurrency).toBeUndefined();
  });

  it.each(['0', '1001', '2.5', 'twenty', ' '])('refuses %j, naming the key', (raw) => {
    expect(() => propsFrom({ 'akr:fleetAccountConcurrency': raw })).toThrow(
      /akr:fleetAccountConcurrency must be a whole number from 1 to 1000/,
    );
  });
});
