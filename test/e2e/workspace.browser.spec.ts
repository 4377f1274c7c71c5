import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addProject, expect, protocolSocket, startSession, test, typeInto } from './fixtures';

const BASH = 'bash --noprofile --norc';
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

test('eight tiles across three projects: focus by number, maximize, reorder, swap in a ninth, reload, bell, palette', async ({
  app,
  repo,
}) => {
  const plan: Array<[string, number]> = [
    ['alpha', 3],
    ['beta', 3],
    ['gamma', 2],
  ];
  const names: string[] = [];
  const folders: Record<string, string> = {};
  for (const [project, count] of plan) {
    await addProject(app, (folders[project] = repo(project)));
    for (let i = 0; i < count; i++) {
      await startSession(app, project, BASH);
      names.push(`${project} · ${i ? `bash ${i + 1}` : 'bash'}`);
    }
  }
  const tile = (name: string) => app.getByRole('region', { name, exact: true });
  for (const name of names) await expect(tile(name)).toBeVisible();
  for (const name of names) await expect(tile(name)).toContainText('e2e$', { timeout: 15_000 });

  // The 4+4 grid: tiles 1-4 on the first row, left to right.
  const box = async (name: string) => (await tile(name).boundingBox())!;
  expect((await box(names[1])).x).toBeGreaterThan((await box(names[0])).x);
  expect((await box(names[4])).y).toBeGreaterThan((await box(names[0])).y);

  if (process.env.FLOTILLA_SCREENSHOTS) {
    for (const [i, name] of names.entries())
      await typeInto(tile(name), `echo "agent ${i + 1} at work" && ls ~ | head -3\n`);
    const dir = join(__dirname, '../../docs/images');
    mkdirSync(dir, { recursive: true });
    for (const name of names) await expect(tile(name)).toContainText(/e2e\$[\s\S]*e2e\$/); // the command done, the prompt back
    await app.screenshot({ path: join(dir, 'eight-tiles.png') });
  }

  // Ctrl+3 focuses the third tile: typing goes there and only there.
  await app.keyboard.press(`${mod}+3`);
  await expect(tile(names[2]).getByRole('textbox', { name: /^Terminal input/ })).toBeFocused();
  await app.keyboard.type('echo third-$((1+2))\n');
  await expect(tile(names[2])).toContainText('third-3');
  await expect(tile(names[1])).not.toContainText('third-3');

  // Maximize and restore (button, then keyboard); the others keep their state.
  await tile(names[2]).getByRole('button', { name: 'Maximize bash 3' }).click();
  await expect(tile(names[0])).toBeHidden();
  expect((await box(names[2])).width).toBeGreaterThan(900);
  await tile(names[2])
    .getByRole('textbox', { name: /^Terminal input/ })
    .focus();
  await app.keyboard.press(`${mod}+Enter`);
  await expect(tile(names[0])).toBeVisible();
  await expect(tile(names[0])).toContainText('e2e$');

  // Reorder by keyboard: the focused third tile moves left past the second.
  await app.keyboard.press(`${mod}+Alt+ArrowLeft`);
  await expect.poll(async () => (await box(names[2])).x < (await box(names[1])).x).toBe(true);

  // A ninth session takes the focused tile's slot; the one it replaced keeps running off-screen.
  await app
    .getByRole('textbox', { name: 'Command for gamma' })
    .fill(`bash -c 'echo ninth-screen-$((4+5)); exec bash --noprofile --norc'`);
  await app.getByRole('button', { name: 'Start a new session in gamma' }).click();
  await expect(tile('gamma · bash 3')).toContainText('ninth-screen-9');
  await expect(tile(names[2])).toHaveCount(0);
  const alphaSessions = app.getByRole('list', { name: 'Sessions of alpha' });
  await expect(alphaSessions.getByRole('button', { name: 'Show bash 3' })).toContainText('off-screen');
  // Swapping it back in paints its screen at once, from the host's mirror.
  await alphaSessions.getByRole('button', { name: 'Show bash 3' }).click();
  await expect(tile(names[2])).toContainText('third-3');
  await expect(tile('gamma · bash 3')).toHaveCount(0);

  // Reload: the same tiles in the same places.
  const shown = [names[2], names[1], names[7]];
  const before = await Promise.all(shown.map(async (n) => (await box(n)).x));
  await app.reload();
  await expect(tile(names[2])).toContainText('third-3');
  await expect(tile('gamma · bash 3')).toHaveCount(0);
  await expect.poll(() => Promise.all(shown.map(async (n) => (await box(n)).x))).toEqual(before);

  // A bell in a tile that is not focused raises its badge.
  await typeInto(tile(names[0]), `until [ -e ring ]; do sleep 0.05; done; printf '\\a'\n`);
  await tile(names[5])
    .getByRole('textbox', { name: /^Terminal input/ })
    .focus();
  writeFileSync(join(folders.alpha, 'ring'), ''); // rung only now that another tile has the focus
  await expect(tile(names[0]).getByRole('img', { name: 'unseen output' })).toBeVisible({ timeout: 5000 });

  // The palette jumps to a session by part of its name.
  await app.keyboard.press(process.platform === 'darwin' ? 'Meta+K' : 'Control+Shift+K');
  const palette = app.getByRole('combobox', { name: 'Command palette' });
  await expect(palette).toBeFocused();
  await palette.fill('beta bash 2');
  await app.keyboard.press('Enter');
  await expect(tile('beta · bash 2').getByRole('textbox', { name: /^Terminal input/ })).toBeFocused();
});

test('splits resize by keyboard and the new sizes survive a reload', async ({ app, repo, served }) => {
  await addProject(app, repo('split'));
  for (let i = 0; i < 2; i++) await startSession(app, 'split', BASH);
  const left = app.getByRole('region', { name: 'split · bash', exact: true });
  const width = async () => (await left.boundingBox())!.width;
  const start = await width();
  const splitter = app.getByRole('separator', { name: 'Resize tiles 1 and 2 of row 1' });
  await splitter.focus();
  for (let i = 0; i < 5; i++) await app.keyboard.press('ArrowRight');
  await expect.poll(width).toBeGreaterThan(start + 50);
  const resized = await width();
  // Reload once the host keeps the last of the five steps (each 2% of the row's two tiles: 1 + 5 × 0.04).
  const { ws, value } = await protocolSocket(served);
  await expect.poll(async () => (await value('layout.get', {})).colSizes[0][0]).toBeCloseTo(1.2);
  ws.close();
  await app.reload();
  await expect(left).toBeVisible();
  await expect.poll(width).toBeCloseTo(resized, -1);
});

test('find in a tile’s scrollback', async ({ app, repo }) => {
  await addProject(app, repo('finder'));
  await startSession(app, 'finder', BASH);
  const tile = app.getByRole('region', { name: 'finder · bash', exact: true });
  await typeInto(tile, 'for i in $(seq 1 300); do echo "line-$i"; done; echo needle-$((7*6))\n');
  await expect(tile).toContainText('needle-42');
  await app.keyboard.press(process.platform === 'darwin' ? 'Meta+F' : 'Control+Shift+F');
  const search = tile.getByRole('textbox', { name: 'Search in bash' });
  await expect(search).toBeFocused();
  await search.fill('line-7');
  await expect(tile.getByRole('search').getByRole('status')).toHaveText('');
  await search.fill('no-such-text-anywhere');
  await expect(tile.getByRole('search').getByRole('status')).toHaveText('No match');
  await search.press('Escape');
  await expect(search).toHaveCount(0);
  await expect(tile.getByRole('textbox', { name: /^Terminal input/ })).toBeFocused();
});

test('next project and new-session shortcuts', async ({ app, repo }) => {
  await addProject(app, repo('north'));
  await startSession(app, 'north', BASH);
  await addProject(app, repo('south'));
  await startSession(app, 'south', BASH);
  const north = app.getByRole('region', { name: 'north · bash', exact: true });
  const south = app.getByRole('region', { name: 'south · bash', exact: true });
  await north.getByRole('textbox', { name: /^Terminal input/ }).focus();
  await app.keyboard.press(`${mod}+Shift+BracketRight`);
  await expect(south.getByRole('textbox', { name: /^Terminal input/ })).toBeFocused();
  await app.keyboard.press(`${mod}+Shift+BracketLeft`);
  await expect(north.getByRole('textbox', { name: /^Terminal input/ })).toBeFocused();
  // A new session like the focused one: same project, same command.
  await app.keyboard.press(process.platform === 'darwin' ? 'Meta+T' : 'Control+Shift+T');
  const fresh = app.getByRole('region', { name: 'north · bash 2', exact: true });
  await expect(fresh.getByRole('textbox', { name: /^Terminal input/ })).toBeFocused();
  await expect(fresh).toContainText('e2e$');
});
