import { addProject, expect, startSession, test, typeInto } from './fixtures';

const BASH = 'bash --noprofile --norc';

test('three bash sessions in a git project: typing reaches only its tile, vim runs and quits, reload restores the screens', async ({
  app,
  repo,
}) => {
  const path = repo('alpha repo');
  await addProject(app, path);
  const project = app.getByRole('listitem', { name: 'alpha repo' });
  await expect(project).toContainText('git');

  for (let i = 0; i < 3; i++) await startSession(app, 'alpha repo', BASH);
  const tiles = ['bash', 'bash 2', 'bash 3'].map((t) =>
    app.getByRole('region', { name: `alpha repo · ${t}`, exact: true }),
  );
  for (const tile of tiles) await expect(tile).toContainText('$', { timeout: 15_000 });

  const marker = `flotilla-${Math.floor(Math.random() * 1e9)}`;
  await typeInto(tiles[1], `echo ${marker.replace('-', '-""')}\n`);
  await expect(tiles[1]).toContainText(marker);
  await expect(tiles[0]).not.toContainText(marker);
  await expect(tiles[2]).not.toContainText(marker);

  await typeInto(tiles[2], 'vim -u NONE -N\n');
  await expect(tiles[2]).toContainText(/~\s+~\s+~/); // vim's empty-buffer filler lines
  await typeInto(tiles[2], 'ihello from vim\x1b');
  await expect(tiles[2]).toContainText('hello from vim');
  await typeInto(tiles[2], ':q!\n');
  // Typing ahead would go to vim while it closes: wait until the shell holds the terminal again.
  await expect(tiles[2].getByRole('status', { name: 'Status: idle' })).toBeVisible();
  await typeInto(tiles[2], 'echo vim-exited-$((3*4))\n');
  await expect(tiles[2]).toContainText('vim-exited-12');

  await app.reload();
  for (const tile of tiles) await expect(tile).toBeVisible();
  await expect(tiles[1]).toContainText(marker);
  await expect(tiles[2]).toContainText('vim-exited-12');
  // ...and still live after the reload.
  await typeInto(tiles[0], 'echo after-reload-$((2+5))\n');
  await expect(tiles[0]).toContainText('after-reload-7');
});

test('bad paths and bad commands get clear messages and nothing typed is lost', async ({ app, repo }) => {
  await addProject(app, '/definitely/not/here');
  await expect(app.getByRole('alert')).toContainText('There is no folder at /definitely/not/here');
  await expect(app.getByLabel('Project folder path')).toHaveValue('/definitely/not/here');

  const path = repo('beta');
  await addProject(app, path);
  await expect(app.getByRole('listitem', { name: 'beta' })).toBeVisible();
  await expect(app.getByLabel('Project folder path')).toHaveValue('');
  await addProject(app, path);
  await expect(app.getByRole('alert')).toContainText('already open');

  await startSession(app, 'beta', 'no-such-agent --go');
  const tile = app.getByRole('region', { name: 'beta · no-such-agent', exact: true });
  await expect(tile.getByRole('alert')).toContainText('No command "no-such-agent" was found on PATH');

  await app.getByRole('textbox', { name: 'Command for beta' }).fill('echo "unclosed');
  await app.getByRole('button', { name: 'Start a new session in beta' }).click();
  await expect(app.getByRole('listitem', { name: 'beta' }).getByRole('alert')).toContainText('unclosed " quote');
  await expect(app.getByRole('textbox', { name: 'Command for beta' })).toHaveValue('echo "unclosed');
});

test('kill, exit code, restart and close from the tile', async ({ app, repo }) => {
  await addProject(app, repo('gamma'));
  await startSession(app, 'gamma', BASH);
  const tile = app.getByRole('region', { name: 'gamma · bash', exact: true });
  await expect(tile.getByRole('status', { name: 'Status: idle' })).toBeVisible();
  await typeInto(tile, 'exit 5\n');
  await expect(tile).toContainText('exited with code 5');
  await expect(tile.getByRole('button', { name: 'Kill bash' })).toBeDisabled();
  await tile.getByRole('button', { name: 'Restart bash' }).click();
  await expect(tile.getByRole('status', { name: 'Status: idle' })).toBeVisible();
  await expect(tile).toContainText('restarted');
  await tile.getByRole('button', { name: 'Kill bash' }).click();
  await expect(tile).toContainText(/killed \(signal \d+\)/);
  await tile.getByRole('button', { name: 'Close bash' }).click();
  await expect(tile).toHaveCount(0);
});

test('yes does not freeze the page and Ctrl-C stops it', async ({ app, repo }) => {
  await addProject(app, repo('delta'));
  await startSession(app, 'delta', BASH);
  const tile = app.getByRole('region', { name: 'delta · bash', exact: true });
  await expect(tile).toContainText('$');
  await typeInto(tile, 'yes flotilla-flood\n');
  await expect(tile).toContainText('flotilla-flood');
  // The page stays responsive while the flood runs: a UI round trip completes.
  const t0 = Date.now();
  await app.getByLabel('Project folder path').fill('/still/responsive');
  await expect(app.getByLabel('Project folder path')).toHaveValue('/still/responsive');
  const uiMs = Date.now() - t0;
  await typeInto(tile, '\x03');
  await typeInto(tile, 'echo stopped-$((20+3))\n');
  await expect(tile).toContainText('stopped-23');
  console.log(`[measure] UI round trip during yes flood: ${uiMs} ms`);
});

test('tiny windows keep working', async ({ app, repo }) => {
  await addProject(app, repo('tiny'));
  await startSession(app, 'tiny', BASH);
  const tile = app.getByRole('region', { name: 'tiny · bash', exact: true });
  await expect(tile).toContainText('$');
  await app.setViewportSize({ width: 320, height: 200 });
  await app.setViewportSize({ width: 120, height: 80 });
  await app.setViewportSize({ width: 1200, height: 800 });
  await typeInto(tile, 'echo size-ok\n');
  await expect(tile).toContainText('size-ok');
});
