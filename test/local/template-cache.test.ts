/**
 * The synthesized template is kept in `<stateDir>/cache/` and reused while
 * its sources are unchanged; a torn, garbage or stale file is a miss, and two
 * processes filling the same cache at once leave one whole file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePrivateDirectory } from '../../local/private-files.ts';
import { synthesisCacheKey } from '../../local/workflow/synthesis-inputs.ts';
import { synthesizedTemplate, TEMPLATE_CACHE_FILE } from '../../local/workflow/template-cache.ts';
import type { CfnTemplate } from '../../local/workflow/template-intrinsics.ts';
import { bulkyTemplate } from './support/bulky-template.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
let stateDir: string;
let synths: number;
let notices: number;

const template = (marker: string): CfnTemplate => ({
  Resources: { Marker: { Type: 'Test::Marker', Metadata: { marker } } },
});
const open = (marker = 'fresh') =>
  synthesizedTemplate({
    stateDir,
    onSynthesize: () => notices++,
    synthesize: () => {
      synths++;
      return template(marker);
    },
  });
const cachePath = () => join(stateDir, TEMPLATE_CACHE_FILE);

beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'akr-cache-'));
  synths = 0;
  notices = 0;
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

describe('template cache', () => {
  it('synthesizes once, says so, and then reads the private cache file', async () => {
    // Act
    const first = await open('first');
    const second = await open('second');

    // Assess
    expect(first).toEqual(template('first'));
    expect(second).toEqual(template('first'));
    expect({ synths, notices }).toEqual({ synths: 1, notices: 1 });
    expect(statSync(cachePath()).mode & 0o777).toBe(0o600);
    expect(statSync(join(stateDir, 'cache')).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(cachePath(), 'utf8')).key).toBe(synthesisCacheKey(REPO_ROOT));
  });

  it.each([
    ['torn half-way', (whole: string) => whole.slice(0, Math.floor(whole.length / 2))],
    ['garbage', () => '\u0000\u0001not json at all'],
    ['empty', () => ''],
    ['JSON without a template', (whole: string) => JSON.stringify({ key: JSON.parse(whole).key })],
    [
      'from other sources',
      (whole: string) => whole.replace(/"key":"[0-9a-f]+"/, `"key":"${'0'.repeat(64)}"`),
    ],
  ])('treats a cache file that is %s as a miss and replaces it', async (_kind, spoil) => {
    // Prepare
    await open('stale');
    writeFileSync(cachePath(), spoil(readFileSync(cachePath(), 'utf8')));

    // Act
    const reopened = await open('fresh');

    // Assess
    expect(reopened).toEqual(template('fresh'));
    expect({ synths, notices }).toEqual({ synths: 2, notices: 2 });
    expect(await open('later')).toEqual(template('fresh'));
  });

  it('is keyed by the sources: a changed key is a miss', async () => {
    // Prepare: a cache file written for other sources, whole and well-formed
    makePrivateDirectory(join(stateDir, 'cache'));
    writeFileSync(cachePath(), JSON.stringify({ key: 'f'.repeat(64), template: template('old sources') }));

    // Act / Assess
    expect(await open('current sources')).toEqual(template('current sources'));
    expect(synths).toBe(1);
  });

  it('survives two processes filling it at once: one whole file, no temp file left', async () => {
    // Act
    const run = (writer: string) =>
      new Promise<string>((done, fail) => {
        const child = spawn(
          process.execPath,
          [join(import.meta.dirname, 'support', 'cache-writer.ts'), stateDir, writer],
          {
            cwd: REPO_ROOT,
          },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('close', (status) => (status === 0 ? done(stdout) : fail(new Error(stderr))));
      });
    const results = await Promise.all([run('one'), run('two')]);

    // Assess
    for (const result of results) expect(['one', 'two']).toContain(JSON.parse(result).Metadata.marker);
    const cached = JSON.parse(readFileSync(cachePath(), 'utf8'));
    expect(cached.key).toBe(synthesisCacheKey(REPO_ROOT));
    expect([bulkyTemplate('one'), bulkyTemplate('two')]).toContainEqual(cached.template);
    expect(readdirSync(join(stateDir, 'cache'))).toEqual(['synthesized-template.json']);
    expect(await open()).toEqual(cached.template);
    expect(synths).toBe(0);
  }, 60_000);
});
