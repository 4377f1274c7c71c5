import { fakeAgentPresetSpec } from '../helpers/fake-agent';
import { addProject, expect, protocolSocket, startSession, test, typeInto } from './fixtures';

test('queue prompts in two agents, watch them go out one by one, broadcast to three', async ({ app, served, repo }) => {
  const { ws, call } = await protocolSocket(served);
  const agents = fakeAgentPresetSpec({ minMs: 400, maxMs: 700 });
  expect((await call('presets.save', { preset: agents.preset })).ok).toBe(true);
  ws.close();

  await addProject(app, repo('fleet'));
  const project = app.getByRole('listitem', { name: 'fleet' });
  await project.getByRole('combobox', { name: 'Agent for fleet' }).selectOption({ label: 'Fake Claude' });
  for (let i = 0; i < 3; i++) await startSession(app, 'fleet');
  const tiles = ['node', 'node 2', 'node 3'].map((t) => app.getByRole('region', { name: `fleet · ${t}`, exact: true }));
  for (const tile of tiles)
    await expect(tile.getByRole('status', { name: 'Status: idle' })).toBeVisible({ timeout: 15_000 });

  // Three prompts into the first agent (one of them two lines), two into the second.
  const plan: Array<[number, string[]]> = [
    [0, ['write the parser', 'add tests\nfor the parser', 'update the README']],
    [1, ['fix issue 12', 'run the linter']],
  ];
  for (const [index, prompts] of plan) {
    const title = index === 0 ? 'node' : 'node 2';
    await tiles[index].getByRole('button', { name: new RegExp(`^Queue for ${title}:`) }).click();
    const input = tiles[index].getByRole('textbox', { name: `New prompt for ${title}` });
    for (const prompt of prompts) {
      const [first, ...rest] = prompt.split('\n');
      await input.pressSequentially(first);
      for (const line of rest) {
        await input.press('Shift+Enter');
        await input.pressSequentially(line);
      }
      await input.press('Enter');
    }
  }

  // The prompts go out, and the record shows all of them (outcomes only: how many are in
  // flight at a given moment depends on timing).
  const sent0 = tiles[0].getByRole('list', { name: 'Sent prompts for node' }).getByRole('listitem');
  await expect(sent0).toHaveCount(3, { timeout: 30_000 });
  // Newest first: the record reads back the plan in reverse.
  await expect(sent0.nth(0)).toContainText('update the README');
  await expect(sent0.nth(1)).toContainText('add tests\nfor the parser');
  await expect(sent0.nth(2)).toContainText('write the parser');
  await expect(tiles[1].getByRole('list', { name: 'Sent prompts for node 2' }).getByRole('listitem')).toHaveCount(2, {
    timeout: 30_000,
  });
  await expect(tiles[0].getByRole('status', { name: 'Status: idle' })).toBeVisible({ timeout: 15_000 });
  await expect(tiles[0]).toContainText('streaming line'); // the agent's own output, in the terminal
  // What the agents themselves received: each prompt once, in order, never while busy.
  const received = agents.log().filter((e) => e.event === 'received');
  expect(received.every((e) => e.busy === false)).toBe(true);
  const texts = received.map((e) => e.text);
  expect(texts.filter((t) => plan[0][1].includes(t!))).toEqual(plan[0][1]);
  expect(texts.filter((t) => plan[1][1].includes(t!))).toEqual(plan[1][1]);

  // Broadcast one prompt to all three.
  await app.getByText('Broadcast a prompt').click();
  const sidebar = app.getByRole('navigation', { name: 'Projects' });
  for (const name of ['fleet · node', 'fleet · node 2', 'fleet · node 3'])
    await sidebar.getByRole('checkbox', { name, exact: true }).check();
  await sidebar.getByRole('textbox', { name: 'Prompt to broadcast' }).fill('everyone: pull and rebase');
  await sidebar.getByRole('button', { name: 'Queue in 3 sessions' }).click();
  await tiles[2].getByRole('button', { name: /^Queue for node 3:/ }).click();
  for (const [tile, title] of [
    [tiles[0], 'node'],
    [tiles[1], 'node 2'],
    [tiles[2], 'node 3'],
  ] as const) {
    await expect(tile.getByRole('list', { name: `Sent prompts for ${title}` })).toContainText(
      'everyone: pull and rebase',
      { timeout: 30_000 },
    );
  }
  await app.screenshot({ path: test.info().outputPath('queues.png') });
});

test('pause, reorder by keyboard, edit and delete in the queue panel', async ({ app, served, repo }) => {
  const { ws, call } = await protocolSocket(served);
  expect((await call('presets.save', { preset: fakeAgentPresetSpec({ minMs: 300, maxMs: 400 }).preset })).ok).toBe(
    true,
  );
  ws.close();
  await addProject(app, repo('solo'));
  await app.getByRole('combobox', { name: 'Agent for solo' }).selectOption({ label: 'Fake Claude' });
  await startSession(app, 'solo');
  const tile = app.getByRole('region', { name: 'solo · node', exact: true });
  await expect(tile.getByRole('status', { name: 'Status: idle' })).toBeVisible({ timeout: 15_000 });

  await tile
    .getByRole('region', { name: 'Queue for node' })
    .or(tile.getByRole('button', { name: /^Queue for node:/ }))
    .first()
    .click();
  await tile.getByRole('button', { name: 'Pause queue' }).click();
  const input = tile.getByRole('textbox', { name: 'New prompt for node' });
  for (const p of ['alpha', 'beta', 'gamma']) {
    await input.fill(p);
    await input.press('Enter');
  }
  const queued = tile.getByRole('list', { name: 'Queued prompts for node' }).getByRole('listitem');
  await expect(queued).toHaveCount(3);
  await queued.filter({ hasText: 'gamma' }).focus();
  await app.keyboard.press('Alt+ArrowUp');
  await expect(queued.nth(1)).toContainText('gamma');
  await tile.getByRole('button', { name: 'Edit: alpha' }).click();
  const edit = tile.getByRole('textbox', { name: 'Edit prompt: alpha' });
  await edit.fill('alpha, edited');
  await edit.press('Enter');
  await tile.getByRole('button', { name: 'Delete: beta' }).click();
  await expect(queued).toHaveCount(2);
  await expect(tile.getByRole('button', { name: /^Queue for node: 2 waiting, paused/ })).toBeVisible();
  await tile.getByRole('button', { name: 'Resume queue' }).click();
  const sent = tile.getByRole('list', { name: 'Sent prompts for node' }).getByRole('listitem');
  await expect(sent).toHaveCount(2, { timeout: 20_000 });
  await expect(sent.nth(0)).toContainText('gamma');
  await expect(sent.nth(1)).toContainText('alpha, edited');
});

test('control characters in a prompt are shown before it is queued and never reach the agent', async ({
  app,
  served,
  repo,
}) => {
  const { ws, call } = await protocolSocket(served);
  const agent = fakeAgentPresetSpec({ minMs: 200, maxMs: 300 });
  expect((await call('presets.save', { preset: agent.preset })).ok).toBe(true);
  ws.close();
  await addProject(app, repo('esc'));
  await app.getByRole('combobox', { name: 'Agent for esc' }).selectOption({ label: 'Fake Claude' });
  await startSession(app, 'esc');
  const tile = app.getByRole('region', { name: 'esc · node', exact: true });
  await expect(tile.getByRole('status', { name: 'Status: idle' })).toBeVisible({ timeout: 15_000 });
  await tile.getByRole('button', { name: /^Queue for node:/ }).click();
  await tile.getByRole('button', { name: 'Pause queue' }).click();

  // Pasted into the field, the ESCs are invisible: the note under it names them.
  const input = tile.getByRole('textbox', { name: 'New prompt for node' });
  await input.fill('a\x1b[20\x1b[201~1~b');
  await expect(input).toHaveAccessibleDescription('2 control characters (␛) will be removed before sending.');
  await input.press('Enter');
  await expect(input).toHaveAccessibleDescription('');
  const queued = tile.getByRole('list', { name: 'Queued prompts for node' }).getByRole('listitem');
  await expect(queued).toHaveText([/a␛\[20␛\[201~1~b/]);
  await tile.getByRole('button', { name: 'Edit: a␛[20␛[201~1~b' }).click();
  const edit = tile.getByRole('textbox', { name: 'Edit prompt: a␛[20␛[201~1~b' });
  await expect(edit).toHaveAccessibleDescription('2 control characters (␛) will be removed before sending.');
  await edit.press('Escape');

  await tile.getByRole('button', { name: 'Resume queue' }).click();
  await expect(tile.getByRole('list', { name: 'Sent prompts for node' }).getByRole('listitem')).toHaveCount(1, {
    timeout: 20_000,
  });
  await expect
    .poll(() =>
      agent
        .log()
        .filter((e) => e.event === 'received')
        .map((e) => e.text),
    )
    .toEqual(['a[20[201~1~b']);
});

test('presets: a bad pattern is refused with the field named; a fixed one is offered for new sessions; Ctrl+Shift+Q opens a queue', async ({
  app,
  repo,
}) => {
  await app.getByText('Agent presets').click();
  const sidebar = app.getByRole('navigation', { name: 'Projects' });
  await sidebar.getByRole('button', { name: 'New', exact: true }).click();
  const json = sidebar.getByRole('textbox', { name: 'Preset JSON' });
  const preset = {
    id: 'my-shell',
    name: 'My shell',
    command: 'bash --noprofile --norc',
    kind: 'shell',
    detect: { quietMs: 300, needsInput: ['(unclosed'] },
    submit: { enterDelayMs: 20, confirm: 'output', reactMs: 3000 },
  };
  await json.fill(JSON.stringify(preset));
  await sidebar.getByRole('button', { name: 'Save preset' }).click();
  await expect(sidebar.getByRole('alert')).toContainText('detect.needsInput.0 is not a valid regular expression');
  await json.fill(JSON.stringify({ ...preset, detect: { quietMs: 300, needsInput: ['\\(y/n\\)'] } }));
  await sidebar.getByRole('button', { name: 'Save preset' }).click();
  await expect(sidebar.getByRole('status')).toContainText('Saved My shell');

  await addProject(app, repo('pre'));
  await app.getByRole('combobox', { name: 'Agent for pre' }).selectOption({ label: 'My shell' });
  await startSession(app, 'pre');
  const tile = app.getByRole('region', { name: 'pre · bash', exact: true });
  await expect(tile.getByRole('status', { name: 'Status: idle' })).toBeVisible({ timeout: 15_000 });
  await tile.getByRole('textbox', { name: /^Terminal input/ }).focus();
  await app.keyboard.press('Control+Shift+Q');
  const input = tile.getByRole('textbox', { name: 'New prompt for bash' });
  await expect(input).toBeFocused();
  await input.fill('echo queued-$((40+2))');
  await input.press('Enter');
  await expect(tile).toContainText('queued-42');
});

test('every Enter queues, however fast; the queue sits beside the terminal; an exited agent says so and restarts', async ({
  app,
  repo,
}) => {
  await addProject(app, repo('quick'));
  await startSession(app, 'quick', 'bash --noprofile --norc');
  const tile = app.getByRole('region', { name: 'quick · bash', exact: true });
  await expect(tile.getByRole('status', { name: 'Status: idle' })).toBeVisible({ timeout: 15_000 });
  await tile.getByRole('button', { name: /^Queue for bash:/ }).click();
  const panel = tile.getByRole('region', { name: 'Queue for bash' });
  await panel.getByRole('button', { name: 'Pause queue' }).click();
  await expect(panel.getByRole('button', { name: 'Resume queue' })).toBeVisible();

  // Docked: the panel and the terminal side by side, not one over the other.
  const terminal = tile
    .getByRole('textbox', { name: /^Terminal input/ })
    .locator('xpath=ancestor::div[contains(@class,"terminal")][1]');
  const [t, q] = [await terminal.boundingBox(), await panel.boundingBox()];
  expect(t!.x + t!.width).toBeLessThanOrEqual(q!.x + 1);

  // Five prompts, each Enter pressed without waiting for the host.
  const input = panel.getByRole('textbox', { name: 'New prompt for bash' });
  const prompts = ['echo one', 'echo two', 'echo three', 'echo four', 'echo five'];
  for (const p of prompts) {
    await input.fill(p);
    await input.press('Enter');
  }
  await expect(input).toHaveValue('');
  const queued = panel.getByRole('list', { name: 'Queued prompts for bash' }).getByRole('listitem');
  await expect(queued).toHaveCount(5);
  for (let i = 0; i < 5; i++) await expect(queued.nth(i)).toContainText(prompts[i]);

  // A prompt the host refuses stays in the box, with the reason.
  await input.fill('x'.repeat(100_001));
  await input.press('Enter');
  await expect(panel.getByRole('alert')).toContainText(/Invalid queue\.add request: text/);
  await expect(input).toHaveValue('x'.repeat(100_001));
  await input.fill('');

  // The agent exits: the queue says so, and one click restarts it and sends what waits.
  await typeInto(tile, 'exit 3\n');
  await expect(tile.getByRole('status', { name: /^Status: exited/ })).toBeVisible();
  await expect(
    app.getByRole('button', { name: /^1 waiting for you: go to the next \(Ctrl\+Shift\+J\)$/ }),
  ).toBeVisible();
  await input.fill('echo after-restart-$((6*7))');
  await input.press('Enter');
  await expect(panel.getByRole('status')).toContainText('exited with code 3');
  await panel.getByRole('button', { name: 'Restart the agent and resume' }).click();
  await expect(tile).toContainText('after-restart-42', { timeout: 20_000 });
  await expect(app.getByRole('button', { name: /waiting for you/ })).toHaveCount(0);
});
