import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, tempDir } from '../helpers/host-harness';
import { expect, startServe, stopServe, test as base, type Served } from './fixtures';

/** A data folder whose database is garbage: the daemon sets it aside and starts on a new one. */
const test = base.extend<{ served: Served }>({
  served: async ({}, use) => {
    const dataDir = tempDir('flotilla-serve-data-');
    writeFileSync(join(dataDir, 'flotilla.db'), Buffer.alloc(8192, 0x5a));
    const served = await startServe({ dataDir });
    await use(served);
    await stopServe(served);
    removeDir(dataDir);
    removeDir(`${dataDir}-cache`);
  },
});

test('a damaged database set aside is said in the window, and stays said until dismissed', async ({ page, served }) => {
  await page.clock.install();
  await page.goto(`${served.url}&renderer=dom`);
  const [kept] = readdirSync(served.dataDir).filter((f) => /^flotilla\.db\.corrupt-[\dT-]+$/.test(f));
  const notice = page
    .getByRole('alert')
    .filter({ hasText: `The damaged file is kept as ${join(served.dataDir, kept)}` });
  await expect(notice).toBeVisible();
  // Other messages go after 10 s; this one does not.
  await page.clock.runFor(60_000);
  await expect(notice).toBeVisible();
  await notice.getByRole('button', { name: /^Dismiss/ }).click();
  await expect(notice).toBeHidden();
});
