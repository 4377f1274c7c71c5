import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fakeAgentPresetSpec } from '../helpers/fake-agent';
import { removeDir, tempDir } from '../helpers/host-harness';
import { expectNoViolations } from './axe';
import { addProject, expect, protocolSocket, startSession, test, type Served } from './fixtures';

const IMAGES = join(__dirname, '../../docs/images');

/** The stand-in agent with Claude Code's hooks and status line, its login in a folder of its own. */
async function fakeClaudeAccount(served: Served): Promise<string> {
  const claudeHome = join(tempDir('flotilla-usage-'), 'claude');
  const { ws, call } = await protocolSocket(served);
  const spec = fakeAgentPresetSpec({ hooks: true, claudeHome, minMs: 200, maxMs: 400 });
  expect((await call('presets.save', { preset: spec.preset })).ok).toBe(true);
  ws.close();
  return claudeHome;
}

test('tokens and cost per session, a meter per account, and a threshold that pauses the account’s queues', async ({
  app,
  served,
  repo,
}) => {
  // Every turn writes its usage to a transcript in the account's folder, and "[quota …]" reports the windows.
  const claudeHome = await fakeClaudeAccount(served);

  await addProject(app, repo('usage'));
  await app.getByRole('combobox', { name: 'Agent for usage' }).selectOption({ label: 'Fake Claude' });
  await startSession(app, 'usage');
  const tile = app.getByRole('region', { name: 'usage · node', exact: true });
  await expect(tile.getByRole('status', { name: 'Status: idle' })).toBeVisible({ timeout: 15_000 });
  const header = tile.locator('header');
  // Before its first turn the agent has spent nothing: no usage shown.
  await expect(header).not.toContainText('tok');

  await tile.getByRole('button', { name: /^Queue for node:/ }).click();
  const composer = tile.getByRole('textbox', { name: 'New prompt for node' });
  const sent = tile.getByRole('list', { name: 'Sent prompts for node' });
  const ask = async (text: string) => {
    await composer.fill(text);
    await composer.press('Enter');
  };

  // One turn: the tile's header counts its tokens (27 in, 10 out, 1000 read from the cache) and prices them.
  await ask('hello [quota 5h=42 week=10]');
  await expect(sent).toContainText('hello', { timeout: 15_000 });
  await expect(header).toContainText('1.0k tok · <$0.01', { timeout: 15_000 });
  await expect(
    header.getByTitle(/^input \d+, output 10, cache read 1\.0k, cache write 0 · est\. <\$0\.01 \(claude-sonnet-4-5\)$/),
  ).toBeVisible();
  // …and so does its row in the sidebar.
  await expect(app.getByRole('list', { name: 'Sessions of usage' })).toContainText('1.0k tok');

  // The account's meter: its 5-hour and weekly windows as the status line reported them.
  const usage = app.getByRole('region', { name: 'Usage', exact: true });
  const account = usage.getByRole('listitem', { name: /^Claude Code · / });
  const fiveHour = account.getByRole('meter', { name: /^5-hour window of Claude Code · / });
  const weekly = account.getByRole('meter', { name: /^Weekly window of Claude Code · / });
  await expect(fiveHour).toHaveAttribute('aria-valuenow', '42', { timeout: 15_000 });
  await expect(weekly).toHaveAttribute('aria-valuenow', '10');
  await expect(account).toContainText('42 %');
  await expect(account).toContainText(/resets (\p{L}+ )?\d/u); // "resets 17:40", or "resets Mon 01:31" another day
  await expect(account.getByRole('img', { name: /^5-hour window 42 % used/ })).toBeVisible();

  // The next report moves it.
  await ask('more [quota 5h=55 week=11]');
  await expect(fiveHour).toHaveAttribute('aria-valuenow', '55', { timeout: 15_000 });
  await expect(weekly).toHaveAttribute('aria-valuenow', '11');
  await expect(account.getByRole('img', { name: /^5-hour window 55 % used/ })).toBeVisible();

  // The person's threshold: at 60 % of the 5-hour window the account's queues pause.
  const pauseAt = account.getByRole('spinbutton', { name: /^Pause queues at % of the 5-hour window: Claude Code · / });
  await pauseAt.fill('60');
  await pauseAt.press('Enter');
  await expect(account.getByRole('alert')).toHaveCount(0);
  await expect(account.locator('.plot-threshold')).toHaveCount(1); // the daemon has it: the plot draws it
  await expect(pauseAt).toHaveValue('60');

  // A turn that reaches 65 %, with another prompt queued behind it: that one waits, and the person is told.
  await ask('over [quota 5h=65 week=12]');
  await ask('then this');
  await expect(fiveHour).toHaveAttribute('aria-valuenow', '65', { timeout: 15_000 });
  const messages = app.getByRole('region', { name: 'Messages' });
  await expect(messages).toContainText(
    /^Claude Code · .+ reached 65 % of its 5-hour window: its queues paused \(your threshold 60 %\)/,
    { timeout: 15_000 },
  );
  await expect(account.getByRole('status')).toContainText('Paused at 60 %');
  await expect(tile.getByRole('button', { name: /^Queue for node: 1 waiting, paused$/ })).toBeVisible();
  await expect(tile.getByRole('list', { name: 'Queued prompts for node' })).toContainText('then this');
  await expect(sent).not.toContainText('then this');
  await expect(account.getByRole('img', { name: /^5-hour window 65 % used/ })).toBeVisible();

  await expectNoViolations(app, 'the usage meters, a paused account');

  // Resuming the account's queues sends what waited.
  await account.getByRole('button', { name: /^Resume queues of Claude Code · / }).click();
  await expect(sent).toContainText('then this', { timeout: 15_000 });
  await expect(account.getByText(/^Paused at/)).toHaveCount(0);

  // On a phone: the session's usage beside its status, the meters in the menu.
  await app.setViewportSize({ width: 390, height: 844 });
  const phoneSession = app.getByRole('region', { name: 'usage · node', exact: true });
  await expect(phoneSession.locator('.phone-session-head')).toContainText('tok ·');
  await app.getByRole('button', { name: /Menu/ }).click();
  await expect(
    app.getByRole('dialog', { name: 'Menu' }).getByRole('meter', { name: /^5-hour window of Claude Code · / }),
  ).toHaveAttribute('aria-valuenow', '65');
  await expectNoViolations(app, 'the phone’s menu with the usage meters');

  removeDir(join(claudeHome, '..'));
});

/**
 * The README's picture of a meter with a plot, written by `npm run screenshots` only: the host keeps
 * one reading a minute and a burn rate needs two minutes of them, so this takes about two and a half.
 */
test('a meter with its plot and burn rate (README screenshot)', async ({ app, served, repo }) => {
  test.skip(!process.env.FLOTILLA_SCREENSHOTS, 'only for npm run screenshots');
  test.setTimeout(5 * 60_000);
  const claudeHome = await fakeClaudeAccount(served);
  await addProject(app, repo('api'));
  await app.getByRole('combobox', { name: 'Agent for api' }).selectOption({ label: 'Fake Claude' });
  await startSession(app, 'api');
  const tile = app.getByRole('region', { name: 'api · node', exact: true });
  await expect(tile.getByRole('status', { name: 'Status: idle' })).toBeVisible({ timeout: 15_000 });
  await tile.getByRole('button', { name: /^Queue for node:/ }).click();
  const composer = tile.getByRole('textbox', { name: 'New prompt for node' });
  const account = app
    .getByRole('region', { name: 'Usage', exact: true })
    .getByRole('listitem', { name: /^Claude Code · / });
  const fiveHour = account.getByRole('meter', { name: /^5-hour window of / });

  const started = Date.now();
  for (const [i, used] of [31, 42, 52].entries()) {
    // Each reading in a minute of its own, the last two minutes after the first.
    const at = Math.max(started + i * 61_000, Math.ceil(Date.now() / 60_000) * 60_000 + 1000);
    await app.waitForTimeout(i === 0 ? 0 : Math.max(0, at - Date.now()));
    await composer.fill(`step ${i + 1} [quota 5h=${used} week=${8 + i}]`);
    await composer.press('Enter');
    await expect(fiveHour).toHaveAttribute('aria-valuenow', String(used), { timeout: 15_000 });
  }
  const pauseAt = account.getByRole('spinbutton', { name: /^Pause queues at/ });
  await pauseAt.fill('80');
  await pauseAt.press('Enter');
  await expect(account).toContainText(/at this rate: empty at/, { timeout: 15_000 });
  await expect(account.locator('.plot-threshold')).toHaveCount(1);
  await app.getByRole('button', { name: 'Queue for node: 0 waiting' }).click(); // the queue panel closed
  mkdirSync(IMAGES, { recursive: true });
  await app.getByRole('region', { name: 'Usage', exact: true }).screenshot({ path: join(IMAGES, 'usage-meters.png') });
  removeDir(join(claudeHome, '..'));
});
