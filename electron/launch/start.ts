/**
 * `npm start`: the desktop app where Electron can run; otherwise the same app in a browser.
 * Electron ≥ 42 fetches its binary on first use, which electron-vite's preview never triggers,
 * so this runs Electron's own (idempotent) installer first.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { defaultDataDir } from '../node/data-dir';
import { serveApp, stopOnSignals } from '../serve/serve-app';
import { findAppBrowser, openAppWindow } from './app-window';
import { electronBinary, electronPackageDir, hasDisplay } from './electron-binary';

const appRoot = join(__dirname, '../..');

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? 'no reason given'
  );
}

/** The binary, fetching it once if it is missing; or why there is none. */
function ensureElectron(): { binary: string } | { reason: string } {
  const found = electronBinary();
  if (found) return { binary: found };
  console.log('Fetching Electron (first start only)…');
  const install = spawnSync(process.execPath, [join(electronPackageDir(), 'install.js')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const installed = electronBinary();
  if (installed) return { binary: installed };
  return { reason: `Electron could not be fetched (${firstLine(install.stderr || install.error?.message || '')})` };
}

function runElectron(binary: string): void {
  const child = spawn(binary, [appRoot], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function runInBrowser(reason: string): Promise<void> {
  console.log(`${reason}: starting Flotilla in browser mode instead.`);
  const dataDir = process.env.FLOTILLA_DATA_DIR || defaultDataDir();
  const app = await serveApp(
    { port: 0, host: '127.0.0.1', dataDir, token: randomBytes(24).toString('base64url') },
    join(__dirname, '../renderer'),
    join(__dirname, 'daemon.js'),
  );
  stopOnSignals(app);
  console.log(`Flotilla at ${app.url}`);
  const browser = hasDisplay() ? findAppBrowser() : null;
  if (!browser) {
    console.log(
      hasDisplay()
        ? 'No Chromium or Chrome found: open the link above in your browser. Ctrl-C stops serving; the agents keep running (flotilla daemon stop ends them).'
        : 'No display: open the link above in a browser. Ctrl-C stops serving; the agents keep running (flotilla daemon stop ends them).',
    );
    return;
  }
  // The browser's command line is readable by every local user: it gets a one-time link, not the token.
  const window = openAppWindow(browser, await app.oneTimeUrl(), dataDir);
  console.log(
    `Opened in ${browser}. Closing that window or Ctrl-C stops serving; the agents keep running (flotilla daemon stop ends them).`,
  );
  window.on('exit', () => void app.stop('window closed').then(() => process.exit(0)));
}

async function main(): Promise<void> {
  const electron = ensureElectron();
  if ('binary' in electron && hasDisplay()) return runElectron(electron.binary);
  await runInBrowser('binary' in electron ? 'No display for the Electron window' : electron.reason);
}

main().catch((e) => {
  console.error(`flotilla: ${(e as Error).message}`);
  process.exit(1);
});
