import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { daemonPid, waitForExit } from '../helpers/daemon';
import { addProject, expect, startSession, test, typeInto } from './fixtures';

async function killDaemon(dataDir: string): Promise<number> {
  const pid = daemonPid(dataDir)!;
  process.kill(pid, 'SIGKILL');
  await waitForExit(pid);
  return pid;
}

// While the daemon restarts, the page's reconnect attempts are refused, and Chromium logs each one.
test.use({ expectedConsoleErrors: [/^WebSocket connection to '.*\/ws' failed: /] });

test('the window follows the daemon: it reconnects when the daemon is back, and says why when it cannot start', async ({
  app,
  served,
  repo,
}) => {
  await addProject(app, repo('delta'));
  await startSession(app, 'delta');
  const tile = app.getByRole('region', { name: 'delta · bash', exact: true });
  await typeInto(tile, 'echo first-$((6*7))\n');
  await expect(tile).toContainText('first-42');

  // The daemon dies: serve starts another on the next connection, which restores the session.
  const killed = await killDaemon(served.dataDir);
  await expect(tile).toContainText('bash is a new process', { timeout: 20_000 });
  expect(daemonPid(served.dataDir)).not.toBe(killed);
  await typeInto(tile, 'echo second-$((7*8))\n');
  await expect(tile).toContainText('second-56');

  // Now it cannot start (a database from a newer Flotilla): the window says why, and keeps the tiles.
  // Marked before the kill, since serve starts the next daemon as soon as this one is gone.
  const db = new DatabaseSync(join(served.dataDir, 'flotilla.db'), { timeout: 5000 });
  db.exec('PRAGMA user_version = 99');
  db.close();
  await killDaemon(served.dataDir);
  await expect(app.getByRole('alert').filter({ hasText: 'written by a newer Flotilla (schema 99' })).toBeVisible({
    timeout: 20_000,
  });
  await expect(tile).toBeVisible();
});
