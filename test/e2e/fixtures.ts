import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import WebSocket from 'ws';
import { makeRepo, removeDir, tempDir } from '../helpers/host-harness';

export interface Served {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  process: ChildProcess;
}

/** Starts `serve` (the built app) on a free port with its own data folder. */
export async function startServe(dataDir = tempDir('flotilla-e2e-data-')): Promise<Served> {
  const token = randomBytes(16).toString('hex');
  const child = spawn(process.execPath, [join(__dirname, '../../out/main/serve.js'), '--port', '0', '--data-dir', dataDir, '--token', token], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SHELL: '/bin/bash', PS1: 'e2e$ ' },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^Flotilla at (\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  return { url, origin: new URL(url).origin, token, dataDir, process: child };
}

export async function stopServe(served: Served): Promise<number | null> {
  if (served.process.exitCode !== null) return served.process.exitCode;
  const exited = new Promise<number | null>((r) => served.process.once('exit', (code) => r(code)));
  served.process.kill('SIGINT');
  return exited;
}

interface Fixtures {
  served: Served;
  app: Page;
  repo: (name?: string) => string;
}

export const test = base.extend<Fixtures>({
  served: async ({}, use) => {
    const served = await startServe();
    await use(served);
    await stopServe(served);
    removeDir(served.dataDir);
  },
  /** The app page, with every console error and page error collected and checked at the end. */
  app: async ({ page, served }, use) => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    // The DOM renderer puts terminal text where tests can read it; the app defaults to WebGL.
    await page.goto(`${served.url}&renderer=dom`);
    await expect(page.getByRole('navigation', { name: 'Projects' })).toBeVisible();
    await use(page);
    expect(errors, 'console errors').toEqual([]);
  },
  repo: async ({}, use) => {
    const made: string[] = [];
    await use((name = 'flotilla-e2e') => {
      const parent = tempDir('flotilla-e2e-');
      made.push(parent);
      return makeRepo({ dir: join(parent, name), commits: 2, mkdir: true });
    });
    made.forEach(removeDir);
  },
});
export { expect };

export async function addProject(page: Page, path: string): Promise<void> {
  await page.getByLabel('Project folder path').fill(path);
  await page.getByRole('button', { name: 'Add project' }).click();
}

/** Starts a session and waits until the host has it (the field clears once it is accepted). */
export async function startSession(page: Page, projectName: string, command = ''): Promise<void> {
  const field = page.getByRole('textbox', { name: `Command for ${projectName}` });
  const sessions = page.getByRole('list', { name: `Sessions of ${projectName}` }).getByRole('listitem');
  const before = await sessions.count();
  await field.fill(command);
  await page.getByRole('button', { name: `New session in ${projectName}` }).click();
  await expect(sessions).toHaveCount(before + 1);
}

/** Types into a tile's terminal as a person would: focus its input, then keystrokes. */
export async function typeInto(tile: Locator, text: string): Promise<void> {
  await tile.getByRole('textbox', { name: /^Terminal input/ }).focus();
  await tile.page().keyboard.type(text);
}

/** A minimal protocol client over the same socket the page uses. */
export async function protocolSocket({ origin, token }: Served) {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws?token=${token}`, { headers: { Origin: origin } });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  let id = 0;
  const call = (m: string, p: unknown) =>
    new Promise<{ ok: boolean; value?: any; error?: { code: string; message: string } }>((resolve) => {
      const my = ++id;
      const onMessage = (raw: WebSocket.RawData) => {
        const f = JSON.parse(raw.toString());
        if (f.t === 'res' && f.id === my) {
          ws.off('message', onMessage);
          resolve(f.r);
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ t: 'req', id: my, m, p }));
    });
  return { ws, call };
}

