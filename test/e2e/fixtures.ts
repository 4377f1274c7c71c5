import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { join } from 'node:path';
import { makeRepo, removeDir, tempDir } from '../helpers/host-harness';
import { startServe, stopServe, type Served } from '../helpers/serve-process';

export { protocolSocket, startServe, stopServe, type Served } from '../helpers/serve-process';

interface Fixtures {
  /** Console errors a test expects (a refused reconnect while the daemon restarts); any other fails it. */
  expectedConsoleErrors: RegExp[];
  served: Served;
  app: Page;
  repo: (name?: string) => string;
}

export const test = base.extend<Fixtures>({
  expectedConsoleErrors: [[], { option: true }],
  served: async ({}, use) => {
    const served = await startServe();
    await use(served);
    await stopServe(served);
    removeDir(served.dataDir);
    removeDir(`${served.dataDir}-cache`);
  },
  /** The app page, with every console error and page error collected and checked at the end. */
  app: async ({ page, served, expectedConsoleErrors }, use) => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    // The DOM renderer puts terminal text where tests can read it; the app defaults to WebGL.
    await page.goto(`${served.url}&renderer=dom`);
    await expect(page.getByRole('navigation', { name: 'Projects' })).toBeVisible();
    // The token link set the cookie and was redirected: the token is not left in the address bar.
    expect(page.url()).toBe(`${served.origin}/?renderer=dom`);
    await use(page);
    expect(
      errors.filter((e) => !expectedConsoleErrors.some((p) => p.test(e))),
      'console errors',
    ).toEqual([]);
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
  await page.getByRole('button', { name: `Start a new session in ${projectName}` }).click();
  await expect(sessions).toHaveCount(before + 1);
}

/** Types into a tile's terminal as a person would: focus its input, then keystrokes. */
export async function typeInto(tile: Locator, text: string): Promise<void> {
  await tile.getByRole('textbox', { name: /^Terminal input/ }).focus();
  await tile.page().keyboard.type(text);
}
