import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addProject, expect, protocolSocket, startSession, test } from './fixtures';

const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

test('every commit is checked: badges on the timeline and in the sidebar, the log, and "Queue a fix" into the session that broke it', async ({
  app,
  served,
  repo,
}) => {
  const dir = repo('omega');
  // A Makefile with a test target: detected as the check when the project is added.
  writeFileSync(join(dir, 'Makefile'), 'test:\n\tsh check.sh\n');
  writeFileSync(
    join(dir, 'check.sh'),
    'echo checking\nif grep -q pass status.txt; then echo all good; else echo "FAIL: status is $(cat status.txt)"; exit 3; fi\n',
  );
  writeFileSync(join(dir, 'status.txt'), 'pass\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'add a check');

  await addProject(app, dir);
  // Detected, the check is proposed with what it runs; nothing runs before the yes.
  const proposal = app.getByRole('region', { name: 'Check of omega waits for you' });
  await expect(proposal.getByLabel('What Makefile runs')).toHaveText('test:\n\tsh check.sh');
  await expect(proposal.getByLabel('What check.sh runs')).toContainText('FAIL: status is');
  await proposal.getByRole('button', { name: 'Check every new commit' }).click();
  await expect(proposal).toBeHidden();
  await expect(app.getByText('Check: make test')).toBeVisible();
  await startSession(app, 'omega');
  const { value: call } = await protocolSocket(served);
  const [session] = await call('sessions.list', {});
  await call('queue.add', {
    sessionIds: [session.id],
    text: "echo more >> notes.txt && git add notes.txt && git commit -qm 'a good change'",
  });
  const sidebar = app.getByRole('navigation', { name: 'Projects' });
  await expect(sidebar.getByRole('button', { name: /^Check passed in [\d.]+ s: a good change/ })).toBeVisible({
    timeout: 20_000,
  });
  await call('queue.add', {
    sessionIds: [session.id],
    text: "echo broken > status.txt && git commit -qam 'break the check'",
  });
  const red = sidebar.getByRole('button', { name: /^Check failed in [\d.]+ s: break the check/ });
  await expect(red).toBeVisible({ timeout: 20_000 });
  await expect(
    app.getByRole('region', { name: 'omega · bash', exact: true }).getByRole('img', { name: /^Check failed/ }),
  ).toBeVisible();
  await call('queue.pause', { sessionId: session.id });

  // The badge opens the timeline: ✓ and ✗ on the commits.
  await red.click();
  const timeline = app.getByRole('complementary', { name: 'Timeline of omega' });
  await expect(timeline.getByRole('button', { name: /: a good change \(Check passed/ })).toBeVisible();
  await timeline.getByRole('button', { name: /: break the check \(Check failed/ }).click();
  const check = timeline.getByRole('region', { name: 'Check' });
  await expect(check.getByLabel('Failing lines')).toContainText('FAIL: status is broken');

  await check.getByRole('button', { name: "View the check's log" }).click();
  const log = app.getByRole('dialog', { name: /^Log of the check of / });
  await expect(log).toContainText('FAIL: status is broken');
  await log.getByRole('button', { name: 'Close the log' }).click();

  await check.getByRole('button', { name: 'Queue a fix…' }).click();
  const form = check.getByRole('form', { name: 'Queue a fix' });
  await expect(form.getByLabel('Session for the fix')).toHaveValue(session.id);
  await expect(form.getByRole('textbox', { name: 'Fix prompt' })).toHaveValue(
    /^The check `make test` failed \(exit 2\) on commit [0-9a-f]{12} \("break the check"\)/,
  );
  await form.getByRole('button', { name: 'Queue the fix' }).click();
  await expect
    .poll(async () =>
      (await call('queue.list', {}))
        .find((q: { sessionId: string }) => q.sessionId === session.id)
        .items.map((i: { text: string }) => i.text)
        .join('\n'),
    )
    .toContain('FAIL: status is broken');
  await expect(check.getByRole('button', { name: 'Queue another fix…' })).toBeVisible();
});
