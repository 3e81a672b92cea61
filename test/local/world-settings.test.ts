/**
 * A local world's own settings (`<stateDir>/context.json`): every local
 * command on that dir synthesizes with them, a change to them is a cache
 * miss, and a malformed file is refused by name before anything is synthesized.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { synthesizeTemplate } from '../../local/workflow/synthesize-template.ts';
import { synthesizedTemplate } from '../../local/workflow/template-cache.ts';
import type { CfnTemplate } from '../../local/workflow/template-intrinsics.ts';
import {
  readWorldSettings,
  WORLD_SETTINGS_FILE,
  type WorldSettings,
  writeWorldSettings,
} from '../../local/workflow/world-settings.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
let stateDir: string;
const given: WorldSettings[] = [];

const open = () =>
  synthesizedTemplate({
    stateDir,
    synthesize: (_root, settings) => {
      given.push(settings);
      return { Resources: { Marker: { Type: 'Test::Marker', Metadata: { settings } } } } as CfnTemplate;
    },
  });

beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'akr-world-settings-'));
  given.length = 0;
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

describe('world settings', () => {
  it('are given to the synth, and changing them is a cache miss', async () => {
    // Arrange
    await open();
    writeWorldSettings(stateDir, { 'akr:accounts': '111111111111', 'akr:fleetMaxConcurrency': 3 });

    // Act
    await open();
    await open();

    // Assess
    expect(given).toEqual([{}, { 'akr:accounts': '111111111111', 'akr:fleetMaxConcurrency': 3 }]);
  });

  it.each([
    ['not JSON', '{"akr:accounts": ', /is not JSON/],
    ['not an object', '["akr:accounts"]', /must be a JSON object/],
    ['a key that is not akr:*', '{"@aws-cdk/core:newStyleStackSynthesis": true}', /is not an akr:\* setting/],
    ['an object value', '{"akr:accounts": {"id": 1}}', /akr:accounts must be a string/],
  ])(
    'refuses a settings file that is %s, naming the file, before synthesizing',
    async (_what, text, message) => {
      // Arrange
      writeFileSync(join(stateDir, WORLD_SETTINGS_FILE), text);

      // Act
      const opened = open();

      // Assess
      await expect(opened).rejects.toThrow(message);
      await expect(opened).rejects.toThrow(join(stateDir, WORLD_SETTINGS_FILE));
      expect(given).toEqual([]);
    },
  );

  it.each([
    [{ 'akr:accounts': '12345' }, 'akr:accounts', /12-digit/],
    [
      { 'akr:accounts': 'organization', 'akr:organizationalUnits': 'r-ab12' },
      'akr:organizationalUnits',
      /ou-/,
    ],
    [{ 'akr:memberRoleName': 'has space' }, 'akr:memberRoleName', /IAM role name/],
    [{ 'akr:memberExternalId': 'x' }, 'akr:memberExternalId', /2-1224/],
    [{ 'akr:organizationRoleArn': 'arn:aws:iam::1:user/x' }, 'akr:organizationRoleArn', /role ARN/],
    [
      { 'akr:accounts': ['111111111111', '222222222222'], 'akr:excludeAccounts': '222222222222' },
      'akr:excludeAccounts',
      /222222222222 is both included and excluded/,
    ],
  ])('refuses the account setting %j as VALIDATION_ERROR naming %s', (settings, field, message) => {
    // Arrange
    writeWorldSettings(stateDir, settings);

    // Act
    const read = () => readWorldSettings(stateDir);

    // Assess
    expect(read).toThrow(message);
    expect(read).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR', field }));
  });

  it('turns a setting the synth refuses into VALIDATION_ERROR naming its key, and caches nothing', async () => {
    // Arrange
    writeWorldSettings(stateDir, { 'akr:fleetMaxConcurrency': 'lots' });

    // Act
    const opened = synthesizedTemplate({
      stateDir,
      synthesize: () => {
        throw new Error('akr:fleetMaxConcurrency must be a whole number from 1 to 10000, got NaN');
      },
    });

    // Assess
    await expect(opened).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      field: 'akr:fleetMaxConcurrency',
    });
    expect(readdirSync(stateDir)).toEqual([WORLD_SETTINGS_FILE]);
  });

  it('reads no settings from a world without the file', () => {
    expect(readWorldSettings(stateDir)).toEqual({});
  });

  it('reach the Lambda environment of the real synth', () => {
    // Act
    const template = synthesizeTemplate(REPO_ROOT, { 'akr:userPath': '/rotated/', 'akr:providers': 'aws' });

    // Assess
    const paths = Object.values(template.Resources)
      .filter((resource) => resource.Type === 'AWS::Lambda::Function')
      .map(
        (resource) =>
          (resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
            ?.Variables ?? {},
      )
      .filter((variables) => 'AKR_USER_PATH' in variables)
      .map((variables) => variables.AKR_USER_PATH);
    expect(paths.length).toBeGreaterThan(0);
    expect(new Set(paths)).toEqual(new Set(['/rotated/']));
  });
});
