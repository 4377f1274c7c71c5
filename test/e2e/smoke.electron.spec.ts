import { _electron as electron, test as base, expect } from '@playwright/test';
import { join } from 'node:path';
import { makeRepo, removeDir, tempDir } from '../helpers/host-harness';
import { addProject, startSession, typeInto } from './fixtures';
import { findElectron } from './electron-binary';

const found = findElectron();
const test = base;

test.beforeAll(() => {
  if ('reason' in found) console.log(`[electron e2e] skipped: ${found.reason}`);
});

test('Electron app: hardened window, host over a MessagePort, three live sessions', async () => {
  test.skip('reason' in found, 'reason' in found ? found.reason : '');
  if (!('path' in found)) return;
  const dataDir = tempDir('flotilla-electron-');
  const repo = makeRepo();
  const app = await electron.launch({
    executablePath: found.path,
    args: [join(__dirname, '../../out/main/index.js'), '--no-sandbox'],
    env: { ...process.env, FLOTILLA_DATA_DIR: dataDir, FLOTILLA_RENDERER: 'dom', PS1: 'e2e$ ' },
  });
  try {
    const page = await app.firstWindow();
    // contextIsolation + sandbox + no nodeIntegration: the page sees no Node and no Electron.
    const exposed = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
    }));
    expect(exposed).toMatchObject({ require: 'undefined', process: 'undefined' });
    expect(exposed.csp).toContain("script-src 'self'");
    const name = repo.split('/').pop()!;
    await addProject(page, repo);
    for (let i = 0; i < 3; i++) await startSession(page, name, 'bash --noprofile --norc');
    const tile = page.getByRole('region', { name: `${name} · bash 2`, exact: true });
    await typeInto(tile, 'echo electron-$((6*7))\n');
    await expect(tile).toContainText('electron-42');
    await page.reload();
    await expect(page.getByRole('region', { name: `${name} · bash 2`, exact: true })).toContainText('electron-42');
  } finally {
    await app.close();
    removeDir(dataDir);
    removeDir(repo);
  }
});
