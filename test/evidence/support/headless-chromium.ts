/**
 * A real browser for the HTML report test: Debian's Chromium, headless,
 * driven over the Chrome DevTools Protocol with Node's built-in WebSocket.
 *
 * `ensureChromium` installs Debian's `chromium` when missing, or throws a
 * clear error (see ensureAptPackage): the test must fail then, never skip.
 *
 * `inspectPage` opens a file, collects every console error, uncaught
 * exception and browser log error (a blocked resource or a
 * Content-Security-Policy violation shows up there), and evaluates an
 * expression in the loaded page. It can first set the window width
 * (Emulation.setDeviceMetricsOverride) and the CSS media type
 * (Emulation.setEmulatedMedia, `print` to apply the print stylesheet).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CommandRunner, ensureAptPackage } from '../../support/apt-package.ts';

export const CHROMIUM = '/usr/bin/chromium';

export function ensureChromium(run?: CommandRunner, exists: (path: string) => boolean = existsSync): string {
  return ensureAptPackage(
    { name: 'chromium', binary: CHROMIUM, neededFor: 'to check the HTML report' },
    run,
    exists,
  );
}

export interface PageInspection {
  readonly errors: string[];
  readonly value: unknown;
}

type CdpMessage = {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: unknown;
  error?: unknown;
};

function devToolsUrl(browser: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${seen.slice(-600)}`)), 30_000);
    browser.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    browser.on('exit', (code) => reject(new Error(`Chromium exited (${code}): ${seen.slice(-600)}`)));
  });
}

function errorsOf(message: CdpMessage): string[] {
  const p = message.params ?? {};
  if (message.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert'))
    return [`console.${p.type}: ${JSON.stringify(p.args)}`];
  if (message.method === 'Runtime.exceptionThrown')
    return [`exception: ${JSON.stringify(p.exceptionDetails)}`];
  const entry = p.entry as { level?: string; text?: string; url?: string } | undefined;
  if (message.method === 'Log.entryAdded' && entry?.level === 'error')
    return [`log: ${entry.text} ${entry.url ?? ''}`];
  return [];
}

/** Ends the browser this module started, and waits for it, so its profile can be removed. */
async function stop(browser: ChildProcess): Promise<void> {
  if (browser.exitCode !== null || browser.signalCode !== null) return;
  const exited = new Promise((resolve) => browser.once('exit', resolve));
  browser.kill();
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
}

export interface PageView {
  /** CSS pixels; the browser's default window when left out. */
  readonly width?: number;
  /** `print` applies the print stylesheet. @default screen */
  readonly media?: 'screen' | 'print';
}

export async function inspectPage(
  file: string,
  expression: string,
  view: PageView = {},
): Promise<PageInspection> {
  const profile = mkdtempSync(join(tmpdir(), 'akr-chromium-'));
  const browser = spawn(ensureChromium(), [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    `--user-data-dir=${profile}`,
    '--remote-debugging-port=0',
    'about:blank',
  ]);
  try {
    const socket = new WebSocket(await devToolsUrl(browser));
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = () => reject(new Error('could not connect to Chromium DevTools'));
    });
    const errors: string[] = [];
    const pending = new Map<number, (message: CdpMessage) => void>();
    const events: ((message: CdpMessage) => void)[] = [];
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as CdpMessage;
      errors.push(...errorsOf(message));
      if (message.id !== undefined) pending.get(message.id)?.(message);
      for (const listener of events) listener(message);
    };
    let nextId = 0;
    const send = (method: string, params: object = {}, sessionId?: string) =>
      new Promise<CdpMessage>((resolve) => {
        const id = ++nextId;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, method, params, ...(sessionId && { sessionId }) }));
      });
    const target = (await send('Target.createTarget', { url: 'about:blank' })).result as { targetId: string };
    const attached = await send('Target.attachToTarget', { targetId: target.targetId, flatten: true });
    const { sessionId } = attached.result as { sessionId: string };
    for (const domain of ['Runtime.enable', 'Log.enable', 'Page.enable']) await send(domain, {}, sessionId);
    if (view.width !== undefined)
      await send(
        'Emulation.setDeviceMetricsOverride',
        { width: view.width, height: 900, deviceScaleFactor: 1, mobile: false },
        sessionId,
      );
    if (view.media) await send('Emulation.setEmulatedMedia', { media: view.media }, sessionId);
    const loaded = new Promise<void>((resolve) =>
      events.push((m) => m.method === 'Page.loadEventFired' && resolve()),
    );
    await send('Page.navigate', { url: pathToFileURL(file).href }, sessionId);
    await loaded;
    await new Promise((resolve) => setTimeout(resolve, 300)); // late policy violations and logs
    const evaluated = await send('Runtime.evaluate', { expression, returnByValue: true }, sessionId);
    const result = evaluated.result as { result?: { value?: unknown }; exceptionDetails?: unknown };
    if (result.exceptionDetails) errors.push(`evaluate: ${JSON.stringify(result.exceptionDetails)}`);
    socket.close();
    return { errors, value: result.result?.value };
  } finally {
    await stop(browser);
    rmSync(profile, { recursive: true, force: true });
  }
}
