import { _electron as electron, test as base, expect } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { daemonClient, stopDaemon } from '../helpers/daemon';
import { makeRepo, removeDir, tempDir, unwrap } from '../helpers/host-harness';
import { addProject, startSession, typeInto } from './fixtures';
import { findElectron } from './electron-binary';

const found = findElectron();
const test = base;

test.beforeAll(() => {
  if ('reason' in found) console.log(`[electron e2e] skipped: ${found.reason}`);
});

test('Electron app: hardened window, the daemon over a MessagePort bridge, three live sessions that outlive the app', async () => {
  test.skip('reason' in found, 'reason' in found ? found.reason : '');
  if (!('path' in found)) return;
  const dataDir = tempDir('flotilla-electron-');
  const repo = makeRepo();
  // Answered before: quitting keeps the agents running (no dialog in the test).
  writeFileSync(join(dataDir, 'app-prefs.json'), JSON.stringify({ keepAgentsOnQuit: true }));
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
    await app.close();
    // The app is gone; the daemon and the three sessions are not.
    const client = await daemonClient(dataDir);
    const sessions = unwrap(await client.request('sessions.list', {}));
    expect(sessions.filter((s) => s.pid !== null)).toHaveLength(3);
    client.close();
  } finally {
    await app.close().catch(() => {});
    await stopDaemon(dataDir);
    removeDir(dataDir);
    removeDir(repo);
  }
});
