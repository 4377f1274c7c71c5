import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from './fixtures';

test('the path field completes folder names as you type and offers recent folders', async ({ app, repo }) => {
  const path = repo('completion-target');
  const parent = dirname(path);
  mkdirSync(join(parent, 'completion-other'));
  const field = app.getByRole('combobox', { name: 'Project folder path' });
  await field.fill(`${parent}/completion-t`);
  const options = app.getByRole('listbox', { name: 'Matching folders' }).getByRole('option');
  await expect(options).toHaveText([path]);
  await field.press('ArrowDown');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await field.press('Enter');
  await expect(field).toHaveValue(`${path}/`);
  await field.press('Enter'); // nothing picked now: Enter adds the project
  await expect(app.getByRole('listitem', { name: 'completion-target' })).toBeVisible();
  await expect(field).toHaveValue('');

  // A folder's contents are listed once it ends in "/"; Tab takes a single match.
  await field.fill(`${parent}/`);
  await expect(options).toHaveText([join(parent, 'completion-other'), path]);
  await field.fill(`${parent}/completion-o`);
  await expect(options).toHaveText([join(parent, 'completion-other')]);
  await field.press('Tab');
  await expect(field).toHaveValue(`${join(parent, 'completion-other')}/`);

  // Removed, the first project is offered again as a recent folder while the field is empty.
  await field.fill('');
  await app.getByRole('button', { name: 'Remove project completion-target' }).click();
  await expect(app.getByRole('listitem', { name: 'completion-target' })).toHaveCount(0);
  await field.focus();
  await expect(app.getByRole('listbox', { name: 'Recent folders' }).getByRole('option')).toContainText([path]);
});
