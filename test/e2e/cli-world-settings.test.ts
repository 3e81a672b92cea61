/**
 * A world whose settings are bad input: `akr fleet --local` and `akr rotate
 * --local` refuse it with VALIDATION_ERROR naming the setting, exit 2, and
 * the state dir holds exactly what it held (no cloud, no cache, no log).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WORLD_SETTINGS_FILE, writeWorldSettings } from '../../local/workflow/world-settings.ts';
import { runAkr, SPAWNING_TEST_TIMEOUT_MS } from './support/akr-process.ts';

let stateDir: string;
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

describe('akr on a world with bad account settings', () => {
  it.each([
    [['fleet', '--local', '--dry-run', '--json'], { 'akr:accounts': '1111' }, 'akr:accounts'],
    [
      ['rotate', '--local', '--json', '--principal', '111111111111/alice'],
      { 'akr:accounts': '111111111111', 'akr:memberRoleName': 'bad name!' },
      'akr:memberRoleName',
    ],
    [
      ['fleet', '--local', '--json'],
      { 'akr:accounts': '111111111111', 'akr:excludeAccounts': '111111111111' },
      'akr:excludeAccounts',
    ],
  ])(
    '%j refuses %j naming %s, and changes nothing',
    (args, settings, field) => {
      // Arrange
      stateDir = mkdtempSync(join(tmpdir(), 'akr-bad-world-'));
      writeWorldSettings(stateDir, settings);

      // Act
      const run = runAkr(stateDir, args);

      // Assess
      expect(run.status, run.output).toBe(2);
      const { error } = JSON.parse(run.stdout) as { error: { code: string; message: string } };
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(error.message.startsWith(`${field}:`)).toBe(true);
      expect(readdirSync(stateDir)).toEqual([WORLD_SETTINGS_FILE]);
    },
    SPAWNING_TEST_TIMEOUT_MS,
  );
});
