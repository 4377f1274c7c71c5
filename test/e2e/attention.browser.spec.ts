import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeAgentPresetSpec } from '../helpers/fake-agent';
import { removeDir, tempDir } from '../helpers/host-harness';
import { addProject, expect, protocolSocket, startSession, test, typeInto } from './fixtures';

const BASH = 'bash --noprofile --norc';

test('fresh sessions wait for nobody; a finished turn or a command’s output in another tile does', async ({
  app,
  served,
  repo,
}) => {
  const { ws, call } = await protocolSocket(served);
  expect((await call('presets.save', { preset: fakeAgentPresetSpec({ minMs: 300, maxMs: 500 }).preset })).ok).toBe(
    true,
  );
  ws.close();
  await addProject(app, repo('watch'));
  for (let i = 0; i < 3; i++) await startSession(app, 'watch', BASH);
  await app.getByRole('combobox', { name: 'Agent for watch' }).selectOption({ label: 'Fake Claude' });
  for (let i = 0; i < 3; i++) await startSession(app, 'watch');
  const tile = (title: string) => app.getByRole('region', { name: `watch · ${title}`, exact: true });
  const titles = ['bash', 'bash 2', 'bash 3', 'node', 'node 2', 'node 3'];

  // Every one has printed its start-up screen (a prompt, the agent's box) and settled, most of them
  // in a tile without the focus, and resized as the next ones came: none of that waits for anyone.
  for (const title of titles.slice(0, 3)) await expect(tile(title)).toContainText('e2e$', { timeout: 15_000 });
  for (const title of titles)
    await expect(tile(title).getByRole('status', { name: 'Status: idle' })).toBeVisible({ timeout: 15_000 });
  const waiting = app.getByRole('button', { name: /waiting for you/ });
  await expect(waiting).toHaveCount(0);
  await expect(app.getByRole('main').getByRole('img', { name: 'unseen output' })).toHaveCount(0);

  // An agent finishes a turn while another tile has the focus: exactly one waits.
  await tile('node')
    .getByRole('button', { name: /^Queue for node:/ })
    .click();
  const prompt = tile('node').getByRole('textbox', { name: 'New prompt for node' });
  await prompt.fill('summarize the repository');
  await prompt.press('Enter');
  await tile('bash')
    .getByRole('textbox', { name: /^Terminal input/ })
    .focus();
  await expect(tile('node').getByRole('list', { name: 'Sent prompts for node' })).toContainText('summarize', {
    timeout: 15_000,
  });
  await expect(waiting).toHaveText('1 waiting for you', { timeout: 15_000 });
  await expect(tile('node').getByRole('img', { name: 'unseen output' })).toBeVisible();

  // A command typed in a shell prints later, while the focus is elsewhere: now two.
  const flags = tempDir('flotilla-attention-');
  await typeInto(tile('bash 2'), `until [ -e ${flags}/go ]; do sleep 0.05; done; echo done-$((6*7))\n`);
  await tile('bash')
    .getByRole('textbox', { name: /^Terminal input/ })
    .focus();
  writeFileSync(join(flags, 'go'), '');
  await expect(tile('bash 2')).toContainText('done-42');
  await expect(waiting).toHaveText('2 waiting for you', { timeout: 15_000 });

  // Going to the next one clears it.
  await waiting.click();
  await expect(waiting).toHaveText('1 waiting for you');
  removeDir(flags);
});
