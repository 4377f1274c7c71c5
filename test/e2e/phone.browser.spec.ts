import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fakeAgentPresetSpec } from '../helpers/fake-agent';
import { expectNoViolations } from './axe';
import { addProject, expect, protocolSocket, startSession, test, typeInto } from './fixtures';

// A phone: Playwright's phone context in Debian's Chromium.
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const IMAGES = join(__dirname, '../../docs/images');
/** The README's phone pictures, written by `npm run screenshots` only (not on every test run). */
async function readmeScreenshot(page: Page, name: string): Promise<void> {
  if (!process.env.FLOTILLA_SCREENSHOTS) return;
  mkdirSync(IMAGES, { recursive: true });
  await page.screenshot({ path: join(IMAGES, name) });
}

interface Bench {
  __flotillaBench?: {
    terms: Record<string, { cols: number; rows: number; buffer: { active: { viewportY: number; baseY: number } } }>;
  };
}

/** The page never scrolls sideways. */
async function noSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const el = document.scrollingElement!;
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
  });
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

/** A finger dragged vertically over a point, in steps (Chromium's touch events, through CDP). */
async function swipe(page: Page, x: number, y: number, dy: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  for (let i = 1; i <= 10; i++)
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y + (dy * i) / 10 }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

test('a phone shows one session at a time, never resizes it, queues prompts and answers the agent', async ({
  page,
  browser,
  served,
  repo,
}) => {
  test.setTimeout(120_000);
  const { ws, call, value } = await protocolSocket(served);
  const agent = fakeAgentPresetSpec({ minMs: 300, maxMs: 500 });
  expect((await call('presets.save', { preset: agent.preset })).ok).toBe(true);

  // The desktop: two agents in one project, a shell in another, each in its tile.
  const desktopContext = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  const desk = await desktopContext.newPage();
  await desk.goto(`${served.url}&renderer=dom`);
  await addProject(desk, repo('alpha'));
  await desk.getByRole('combobox', { name: 'Agent for alpha' }).selectOption({ label: 'Fake Claude' });
  await startSession(desk, 'alpha');
  await startSession(desk, 'alpha');
  await addProject(desk, repo('beta'));
  await startSession(desk, 'beta', 'bash --noprofile --norc');
  for (const name of ['alpha · node', 'alpha · node 2', 'beta · bash'])
    await expect(
      desk.getByRole('region', { name, exact: true }).getByRole('status', { name: 'Status: idle' }),
    ).toBeVisible({ timeout: 15_000 });
  const bashTile = desk.getByRole('region', { name: 'beta · bash', exact: true });
  await typeInto(bashTile, 'for i in $(seq 1 400); do echo "line $i"; done\n');
  await expect(bashTile).toContainText('line 400');

  // The first agent fills the desktop's window: far wider than any phone.
  await desk.getByRole('button', { name: 'Maximize node', exact: true }).click();
  await expect(desk.getByRole('button', { name: 'Restore node', exact: true })).toBeVisible();
  const sessions = await value<Array<{ id: string; title: string }>>('sessions.list', {});
  const idOf = (title: string) => sessions.find((s) => s.title === title)!.id;
  /** The sessions' sizes as the host has them (its mirror's, which the pty follows). */
  const sizes = async () => {
    const out: Record<string, string> = {};
    for (const s of sessions) {
      const snap = await value<{ cols: number; rows: number }>('sessions.attach', { sessionId: s.id });
      await call('sessions.detach', { sessionId: s.id });
      out[s.title] = `${snap.cols}x${snap.rows}`;
    }
    return out;
  };
  // The maximized tile's new size reaches the host when its fit has run.
  await expect.poll(async () => Number((await sizes())['node'].split('x')[0])).toBeGreaterThan(100);
  const before = await sizes();

  // The phone.
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${served.url}&renderer=dom&bench=1`);
  const switcher = page.getByRole('button', { name: /: session \d of 3; switch$/ });
  await expect(switcher).toBeVisible();
  await noSidewaysScroll(page);

  // One session, full width.
  const shown = page.getByRole('main', { name: 'Sessions' }).getByRole('region').first();
  await expect(shown).toBeVisible();
  const box = (await shown.boundingBox())!;
  expect(box.x).toBeLessThanOrEqual(1);
  expect(box.width).toBeGreaterThanOrEqual(388);

  // The switcher reaches every session, grouped by project.
  for (const [project, title] of [
    ['alpha', 'node'],
    ['alpha', 'node 2'],
    ['beta', 'bash'],
  ]) {
    await switcher.click();
    const dialog = page.getByRole('dialog', { name: 'Sessions' });
    await dialog
      .getByRole('list', { name: `Sessions of ${project}` })
      .getByRole('button', { name: new RegExp(`^${title} idle`) })
      .click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('region', { name: `${project} · ${title}`, exact: true })).toBeVisible();
    await noSidewaysScroll(page);
  }
  // Next and previous step through them too.
  await page.getByRole('button', { name: 'Next session' }).click();
  await expect(page.getByRole('region', { name: 'alpha · node', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Previous session' }).click();
  const bash = page.getByRole('region', { name: 'beta · bash', exact: true });
  await expect(bash).toBeVisible();

  // The shell's terminal: at the session's own size, wider than the phone, scrolled inside its frame only.
  const bashId = idOf('bash');
  const term = () =>
    page.evaluate((id) => {
      const t = (window as Bench).__flotillaBench!.terms[id];
      return { cols: t.cols, rows: t.rows, viewportY: t.buffer.active.viewportY, baseY: t.buffer.active.baseY };
    }, bashId);
  await expect.poll(async () => `${(await term()).cols}x${(await term()).rows}`).toBe(before['bash']);
  await expect(bash).toContainText('line 400');
  await noSidewaysScroll(page);
  // A finger drags the scrollback down (towards older lines).
  const frame = (await bash.locator('.phone-terminal-frame').boundingBox())!;
  const at = await term();
  expect(at.viewportY).toBe(at.baseY);
  for (let i = 0; i < 4; i++) await swipe(page, frame.x + 100, frame.y + 40, 300);
  await expect.poll(async () => (await term()).viewportY).toBeLessThan(at.baseY - 5);
  // The text size buttons change the font, not the session.
  await bash.getByRole('button', { name: /^A\+/ }).click();
  await noSidewaysScroll(page);

  // A prompt queued from the phone reaches its agent.
  await switcher.click();
  await page
    .getByRole('dialog', { name: 'Sessions' })
    .getByRole('button', { name: /^node idle/ })
    .click();
  const node = page.getByRole('region', { name: 'alpha · node', exact: true });
  // The agent's session is far wider than the phone: its frame scrolls sideways, the page does not.
  const nodeFrame = node.locator('.phone-terminal-frame');
  await expect.poll(() => nodeFrame.evaluate((f) => f.scrollWidth > f.clientWidth + 100)).toBe(true);
  await nodeFrame.evaluate((f) => (f.scrollLeft = f.scrollWidth));
  await noSidewaysScroll(page);
  await nodeFrame.evaluate((f) => (f.scrollLeft = 0));
  const composer = node.getByRole('textbox', { name: 'New prompt for node' });
  await composer.fill('hello from the phone');
  await composer.press('Enter');
  await expect
    .poll(
      () =>
        agent
          .log()
          .filter((e) => e.event === 'received')
          .map((e) => e.text),
      { timeout: 20_000 },
    )
    .toContain('hello from the phone');
  await node
    .getByRole('group', { name: 'View' })
    .getByRole('button', { name: /^Queue/ })
    .click();
  await expect(node.getByRole('list', { name: 'Sent prompts for node' })).toContainText('hello from the phone', {
    timeout: 20_000,
  });
  await node.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Terminal' }).click();
  await expect(node.getByRole('status', { name: 'Status: idle' })).toBeVisible({ timeout: 15_000 });

  // The agent asks: its choices are large buttons that send the keys it expects.
  await composer.fill('[permission] run the tests');
  await composer.press('Enter');
  await expect(node.getByRole('status', { name: 'Status: needs input' })).toBeVisible({ timeout: 20_000 });
  const answer = node.getByRole('group', { name: 'Answer node' });
  await expect(answer.getByRole('button', { name: '1', exact: true })).toBeVisible();
  await expect(answer.getByRole('button', { name: 'Esc', exact: true })).toBeVisible();
  await expect(
    node.getByRole('group', { name: 'Keys for node' }).getByRole('button', { name: 'Ctrl-C' }),
  ).toBeVisible();
  await noSidewaysScroll(page);
  await expectNoViolations(page, 'the phone: a session that asks');
  await readmeScreenshot(page, 'phone-session.png');
  await answer.getByRole('button', { name: '1', exact: true }).click();
  await expect
    .poll(() => agent.log().filter((e) => e.event === 'permission-answer'), { timeout: 10_000 })
    .toEqual([expect.objectContaining({ answer: '1' })]);
  await expect(answer).toHaveCount(0, { timeout: 15_000 });

  // The switcher, for the README; then the menu reaches the sidebar's actions.
  await switcher.click();
  await expectNoViolations(page, 'the phone: the switcher');
  await readmeScreenshot(page, 'phone-switcher.png');
  await page.getByRole('dialog', { name: 'Sessions' }).getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: /Menu/ }).click();
  const menu = page.getByRole('dialog', { name: 'Menu' });
  await expect(menu.getByRole('button', { name: 'Add project' })).toBeVisible();
  await expect(menu.getByText('Agent presets')).toBeVisible();
  await noSidewaysScroll(page);
  await expectNoViolations(page, 'the phone: the menu');
  await menu.getByRole('button', { name: 'Close' }).click();

  // The timeline of the session's project, readable on the phone.
  const timeline = page.getByRole('button', { name: 'Timeline', exact: true });
  await timeline.click();
  const commit = page.getByRole('button', { name: /^Commit [0-9a-f]{7}:/ }).first();
  await expect(commit).toBeVisible();
  await noSidewaysScroll(page);
  await commit.click();
  await expect(page.getByText(/files? changed|\+\d+/).first()).toBeVisible();
  await noSidewaysScroll(page);
  await expectNoViolations(page, 'the phone: a commit');
  await page.screenshot({ path: test.info().outputPath('phone-commit.png') });
  await timeline.click();
  await expect(node).toBeVisible();

  // The desktop's tiles kept their size the whole time, and still do.
  expect(await sizes()).toEqual(before);
  expect(errors, 'console errors on the phone').toEqual([]);
  await expect(desk.getByRole('region', { name: 'alpha · node', exact: true })).toBeVisible();
  ws.close();
  await desktopContext.close();
});
