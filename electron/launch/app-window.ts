import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveExecutable } from '../node/resolve-command';

/** Chromium-family browsers that open a page as an app window (`--app`), most specific first. */
function candidates(env: NodeJS.ProcessEnv): string[] {
  const own = env.FLOTILLA_BROWSER ? [env.FLOTILLA_BROWSER] : [];
  if (process.platform === 'darwin') {
    return [
      ...own,
      ...['Google Chrome', 'Chromium', 'Microsoft Edge', 'Brave Browser'].map(
        (n) => `/Applications/${n}.app/Contents/MacOS/${n}`,
      ),
    ];
  }
  if (process.platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => !!r);
    const rels = [
      'Google\\Chrome\\Application\\chrome.exe',
      'Microsoft\\Edge\\Application\\msedge.exe',
      'Chromium\\Application\\chrome.exe',
    ];
    return [...own, ...roots.flatMap((root) => rels.map((rel) => join(root, rel)))];
  }
  return [
    ...own,
    'google-chrome',
    'google-chrome-stable',
    'chromium',
    'chromium-browser',
    'microsoft-edge',
    'brave-browser',
  ];
}

/** The first installed Chromium or Chrome, or null. */
export function findAppBrowser(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const candidate of candidates(env)) {
    const found = resolveExecutable(candidate, '/', env.PATH);
    if (found) return found;
  }
  return null;
}

/**
 * Opens `url` in an app window (no tabs, no address bar) with a profile of its own under the
 * data folder, so it never mixes with the person's browsing.
 */
export function openAppWindow(browser: string, url: string, dataDir: string): ChildProcess {
  const profile = join(dataDir, 'app-window');
  mkdirSync(profile, { recursive: true, mode: 0o700 });
  const args = [
    `--app=${url}`,
    `--user-data-dir=${profile}`,
    '--window-size=1440,900',
    '--no-first-run',
    '--no-default-browser-check',
  ];
  // Chromium refuses to run as root with its sandbox; root is a container or a CI box here.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return spawn(browser, args, { stdio: 'ignore' });
}
