/**
 * The demo's world is the default state dir, and the demo replaces only a
 * world it made: absent, empty, marked as the demo's, or the older `demo/`
 * folder. Anything else is refused with every file left as it was.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_WORLD_MARKER, prepareDemoWorld } from '../../../cli/demo/demo-world.ts';

let root: string;
let stateDir: string;

function put(path: string, text = '{}'): void {
  mkdirSync(join(stateDir, path, '..'), { recursive: true });
  writeFileSync(join(stateDir, path), text);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'akr-demo-world-'));
  stateDir = join(root, '.akr');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the demo world', () => {
  it('is made where there was nothing, marked as the demo’s', () => {
    const world = prepareDemoWorld(stateDir, new Date('2026-12-02T03:00:00Z'));

    expect(world).toEqual({ ready: true });
    expect(readdirSync(stateDir)).toEqual([DEMO_WORLD_MARKER]);
    expect(JSON.parse(readFileSync(join(stateDir, DEMO_WORLD_MARKER), 'utf8'))).toMatchObject({
      madeBy: 'npm run demo',
      createdAt: '2026-12-02T03:00:00.000Z',
    });
  });

  it('replaces a world the demo made, and says how many executions go with it', () => {
    prepareDemoWorld(stateDir);
    put('executions/demo-alice-1.json');
    put('executions/demo-alice-2026-12-02.json');
    put('cloud.db', 'cloud');

    const world = prepareDemoWorld(stateDir);

    expect(world).toEqual({
      ready: true,
      replaced: `the previous demo world in ${stateDir}/ (2 executions, yours in it too)`,
    });
    expect(readdirSync(stateDir)).toEqual([DEMO_WORLD_MARKER]);
  });

  it('replaces the older demo folder, .akr/demo, when that is all there is', () => {
    put('demo/cloud.db', 'cloud');

    const world = prepareDemoWorld(stateDir);

    expect(world).toEqual({ ready: true, replaced: `the previous demo world in ${join(stateDir, 'demo')}/` });
    expect(existsSync(join(stateDir, 'demo'))).toBe(false);
  });

  it.each([
    ['your own rotations', ['executions/alice-2026-12-01.json', 'cloud.db']],
    ['the older demo folder beside your own state', ['demo/cloud.db', 'cloud.db']],
  ])('refuses a state dir holding %s, and changes nothing', (_case, files) => {
    for (const file of files) put(file, file);

    const world = prepareDemoWorld(stateDir);

    expect(world.ready).toBe(false);
    expect(world.ready === false && world.reason).toContain(
      `${stateDir}/ holds local state the demo did not make`,
    );
    for (const file of files) expect(readFileSync(join(stateDir, file), 'utf8')).toBe(file);
    expect(existsSync(join(stateDir, DEMO_WORLD_MARKER))).toBe(false);
  });
});
