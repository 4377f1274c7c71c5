import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRepo, tempDir } from '../helpers/host-harness';
import { addProject, expect, startSession, test } from './fixtures';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe' }).toString().trim();

test('a commit appears live, its diff opens, a sent prompt sits on the timeline, revert asks first', async ({
  app,
  repo,
}) => {
  const path = repo('chronicle');
  await addProject(app, path);
  await app.getByRole('button', { name: 'Timeline of chronicle' }).click();
  const timeline = app.getByRole('complementary', { name: 'Timeline of chronicle' });
  await expect(timeline).toContainText('on main');
  const entries = timeline.getByRole('list', { name: 'Commits and prompts' }).getByRole('listitem');
  await expect(entries).toHaveCount(2);
  await expect(timeline.getByRole('status', { name: 'Uncommitted work' })).toHaveText('No uncommitted changes');

  // A prompt sent from a queue lands on the timeline, then the commit that followed it.
  await startSession(app, 'chronicle', 'bash --noprofile --norc');
  const tile = app.getByRole('region', { name: 'chronicle · bash', exact: true });
  await expect(tile.getByRole('status', { name: 'Status: idle' })).toBeVisible({ timeout: 15_000 });
  await tile.getByRole('button', { name: /^Queue for bash:/ }).click();
  await tile.getByRole('textbox', { name: 'New prompt for bash' }).fill('echo "add the greeting"');
  await tile.getByRole('textbox', { name: 'New prompt for bash' }).press('Enter');
  await expect(timeline.getByRole('listitem', { name: /^Prompt to bash: echo "add the greeting"/ })).toBeVisible();

  // Someone (an agent) edits and commits in the folder: the uncommitted line, then the commit, appear live.
  writeFileSync(join(path, 'greeting.txt'), 'hello\nfrom the agent\n');
  await expect(timeline.getByRole('status', { name: 'Uncommitted work' })).toContainText('1 untracked', {
    timeout: 8000,
  });
  git(path, 'add', 'greeting.txt');
  git(path, 'commit', '-q', '-m', 'Add the greeting');
  const commit = timeline.getByRole('button', { name: /^Commit [0-9a-f]{7}: Add the greeting$/ });
  await expect(commit).toBeVisible({ timeout: 5000 });
  await expect(entries.nth(0)).toContainText('Add the greeting');
  await expect(entries.nth(1)).toContainText('add the greeting'); // the prompt, just below the commit it led to
  await expect(timeline.getByRole('status', { name: 'Uncommitted work' })).toHaveText('No uncommitted changes', {
    timeout: 8000,
  });

  await commit.click();
  const detail = timeline.getByRole('region', { name: /^Commit [0-9a-f]{8}$/ });
  await expect(detail.getByRole('list', { name: 'Changed files' })).toContainText('greeting.txt');
  await expect(detail).toContainText('from the agent');
  await app.screenshot({ path: test.info().outputPath('timeline.png') });

  await detail.getByRole('button', { name: 'Revert this commit…' }).click();
  const confirm = detail.getByRole('alertdialog', { name: 'Confirm revert' });
  await expect(confirm).toContainText('makes a new commit that undoes');
  await confirm.getByRole('button', { name: 'Revert', exact: true }).click();
  await expect(detail.getByRole('status')).toContainText('Reverted as');
  await detail.getByRole('button', { name: '← Back to the timeline' }).click();
  await expect(entries.nth(0)).toContainText('Revert "Add the greeting"');
  expect(git(path, 'log', '-1', '--format=%s')).toBe('Revert "Add the greeting"');
});

test('a folder that is not a git repository says so and can become one', async ({ app }) => {
  const plain = join(tempDir('flotilla-e2e-plain-'), 'notes');
  execFileSync('mkdir', ['-p', plain]);
  await addProject(app, plain);
  await app.getByRole('button', { name: 'Timeline of notes' }).click();
  const timeline = app.getByRole('complementary', { name: 'Timeline of notes' });
  await expect(timeline).toContainText('is not a git repository');
  await timeline.getByRole('button', { name: 'Initialize a git repository here' }).click();
  await expect(timeline).toContainText('No commits yet.');
  await expect(app.getByRole('listitem', { name: 'notes' })).toContainText('git');
  await app.keyboard.press('Control+Shift+G');
  await expect(timeline).toHaveCount(0);
});

test('older commits load as the list is scrolled', async ({ app }) => {
  const path = makeRepo({ commits: 75 });
  await addProject(app, path);
  const name = path.split('/').pop()!;
  await app.getByRole('button', { name: `Timeline of ${name}` }).click();
  const timeline = app.getByRole('complementary', { name: `Timeline of ${name}` });
  const commits = timeline.getByRole('button', { name: /^Commit [0-9a-f]{7}: / });
  await expect(commits.first()).toHaveAccessibleName(/: commit 75$/);
  await commits.last().scrollIntoViewIfNeeded();
  await expect(commits).toHaveCount(75);
  await expect(commits.last()).toHaveAccessibleName(/: commit 1$/);
  await expect(timeline.getByRole('button', { name: 'Load older commits' })).toHaveCount(0);
});
