import { renameSync } from 'node:fs';
import { runCli, stopDaemon } from '../helpers/daemon';
import { linkSshClients, remoteFlotillaCommand } from '../helpers/remote-flotilla';
import { removeDir, tempDir } from '../helpers/host-harness';
import { sshdAvailable, startSshd, type Sshd } from '../helpers/sshd';
import { expect, startSession, test, typeInto } from './fixtures';

const available = sshdAvailable();

test.describe(`a remote host in the window${available.ok ? '' : ` (skipped: ${available.reason})`}`, () => {
  test.skip(!available.ok, available.ok ? '' : available.reason);
  let sshd: Sshd;
  let remote: string;

  test.beforeEach(async () => {
    sshd = await startSshd();
    remote = tempDir('flotilla-e2e-remote-');
  });
  test.afterEach(async () => {
    await stopDaemon(remote);
    await sshd.stop();
    removeDir(remote);
  });

  test('a project and a shell on the host, one grid with local ones; a dropped link reconnects and repaints', async ({
    app,
    served,
    repo,
  }) => {
    // The host is added as the CLI adds it; the window's daemon sees hosts.json change.
    const added = await runCli(
      [
        'host',
        'add',
        'devbox',
        sshd.host,
        '--ssh-config',
        sshd.configFile,
        '--',
        ...remoteFlotillaCommand(remote, { PS1: 'devbox$ ' }),
      ],
      { FLOTILLA_DATA_DIR: served.dataDir },
    );
    expect(added.code, added.stderr).toBe(0);
    const group = app.getByRole('listitem', { name: 'devbox' });
    await expect(group.getByRole('status')).toHaveText(/connected/, { timeout: 20_000 });

    // A local project and a remote one, side by side.
    await app.getByLabel('Project folder path').fill(repo('here'));
    await app.getByRole('button', { name: 'Add project' }).click();
    await app.getByLabel('Host', { exact: true }).selectOption('devbox');
    await app.getByLabel('Project folder path').fill(repo('there'));
    await app.getByRole('button', { name: 'Add project' }).click();
    await expect(app.getByRole('list', { name: 'Projects on devbox' })).toContainText('there');
    await startSession(app, 'here');
    await startSession(app, 'there');

    const local = app.getByRole('region', { name: 'here · bash', exact: true });
    const tile = app.getByRole('region', { name: 'there · bash', exact: true });
    await expect(tile).toContainText('on devbox');
    await expect(local).not.toContainText('on devbox');
    await typeInto(tile, 'echo over-$((6*7))-ssh\n');
    await expect(tile).toContainText('over-42-ssh');

    // The link drops (the ssh process killed) and cannot come back until the config is back.
    renameSync(sshd.configFile, `${sshd.configFile}.away`);
    for (const pid of linkSshClients(sshd.configFile)) process.kill(pid, 'SIGKILL');
    await expect(tile.getByRole('status').filter({ hasText: 'devbox: reconnecting —' })).toBeVisible();
    await expect(tile).toContainText('over-42-ssh'); // the last screen stays
    await typeInto(tile, 'x');
    await expect(app.getByRole('alert').filter({ hasText: /Not sent to bash: devbox is reconnecting/ })).toBeVisible();
    // The local tile is untouched.
    await typeInto(local, 'echo still-$((40+2))-here\n');
    await expect(local).toContainText('still-42-here');

    renameSync(`${sshd.configFile}.away`, sshd.configFile);
    await group.getByRole('button', { name: 'Reconnect devbox' }).click();
    await expect(group.getByRole('status')).toHaveText(/connected/, { timeout: 20_000 });
    await expect(tile.getByRole('status').filter({ hasText: 'devbox: reconnecting' })).toHaveCount(0);
    await typeInto(tile, 'echo back-$((2*21))\n');
    await expect(tile).toContainText('back-42');
    await expect(tile).toContainText('over-42-ssh'); // repainted from the host's screen
  });
});
