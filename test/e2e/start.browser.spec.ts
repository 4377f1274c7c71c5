import { removeDir, tempDir } from '../helpers/host-harness';
import { launchBuilt, stopServe } from '../helpers/serve-process';
import { addProject, expect, startSession, test, typeInto } from './fixtures';

/**
 * `npm start` where Electron cannot be fetched (like this machine): Electron's own installer
 * runs and fails (its mirror is a closed loopback port, so nothing is downloaded even where the
 * network allows), and the same app is served in browser mode instead.
 */
test('npm start without an Electron binary: one line says why, and the printed link is the working app', async ({
  page,
  repo,
}) => {
  const dataDir = tempDir('flotilla-start-data-');
  const scratch = tempDir('flotilla-start-electron-');
  const started = await launchBuilt(
    ['start.js'],
    {
      FLOTILLA_DATA_DIR: dataDir,
      ELECTRON_OVERRIDE_DIST_PATH: scratch,
      ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      electron_config_cache: scratch,
      DISPLAY: '',
      WAYLAND_DISPLAY: '',
      SHELL: '/bin/bash',
      PS1: 'e2e$ ',
    },
    dataDir,
  );
  try {
    expect(started.output()).toMatch(
      /^Electron could not be fetched \(.+\): starting Flotilla in browser mode instead\.$/m,
    );
    await page.goto(`${started.url}&renderer=dom`);
    await expect(page.getByRole('navigation', { name: 'Projects' })).toBeVisible();
    const path = repo('started');
    await addProject(page, path);
    await startSession(page, 'started', 'bash --noprofile --norc');
    const tile = page.getByRole('region', { name: 'started · bash', exact: true });
    await typeInto(tile, 'echo fallback-$((40+2))\n');
    await expect(tile).toContainText('fallback-42');
    expect(await stopServe(started)).toBe(0);
  } finally {
    await stopServe(started);
    removeDir(dataDir);
    removeDir(scratch);
  }
});
