import { expectNoViolations } from './axe';
import { addProject, expect, startSession, test } from './fixtures';

const BASH = 'bash --noprofile --norc';
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

test('no WCAG 2.1 A/AA violations: empty window, tiles with queue and timeline, a diff, presets, palette', async ({
  app,
  repo,
}) => {
  await expectNoViolations(app, 'the empty window');

  await addProject(app, repo('access'));
  for (let i = 0; i < 3; i++) await startSession(app, 'access', BASH);
  const tile = app.getByRole('region', { name: 'access · bash', exact: true });
  for (const name of ['access · bash', 'access · bash 2', 'access · bash 3'])
    await expect(app.getByRole('region', { name, exact: true })).toContainText('e2e$', { timeout: 15_000 });
  await tile.getByRole('button', { name: /^Queue for bash:/ }).click();
  await expect(tile.getByRole('region', { name: 'Queue for bash' })).toBeVisible();
  await app.getByRole('button', { name: 'Timeline of access' }).click();
  const timeline = app.getByRole('complementary', { name: 'Timeline of access' });
  await expect(timeline.getByRole('list', { name: 'Commits and prompts' }).getByRole('listitem')).toHaveCount(2);
  await expect(timeline.getByRole('status', { name: 'Uncommitted work' })).toBeVisible();
  await expectNoViolations(app, 'three tiles, a queue panel and the timeline');

  await timeline
    .getByRole('button', { name: /^Commit [0-9a-f]{7}: / })
    .first()
    .click();
  await expect(
    timeline.getByRole('region', { name: /^Commit [0-9a-f]{8}$/ }).getByRole('list', { name: 'Changed files' }),
  ).toBeVisible();
  await expectNoViolations(app, 'a commit’s diff');

  await app.getByText('Agent presets').click();
  await expect(app.getByRole('textbox', { name: 'Preset JSON' })).toBeVisible();
  await expectNoViolations(app, 'the presets editor');

  await tile.getByRole('textbox', { name: /^Terminal input/ }).focus();
  await app.keyboard.press(process.platform === 'darwin' ? 'Meta+K' : `${mod}+Shift+K`);
  await expect(app.getByRole('combobox', { name: 'Command palette' })).toBeFocused();
  await expectNoViolations(app, 'the palette');

  // The same window (tiles, queue, timeline with the diff, presets) in the dark scheme, and with more contrast asked for.
  await app.keyboard.press('Escape');
  await expect(app.getByRole('combobox', { name: 'Command palette' })).toHaveCount(0);
  await app.emulateMedia({ colorScheme: 'dark' });
  await expectNoViolations(app, 'the dark scheme');
  for (const colorScheme of ['dark', 'light'] as const) {
    await app.emulateMedia({ colorScheme, contrast: 'more' });
    await expectNoViolations(app, `more contrast, ${colorScheme}`);
  }
});
