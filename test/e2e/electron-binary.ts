import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The Electron binary, or why these tests cannot run here. Looks the way electron's index.js
 * does, without requiring it: requiring it downloads a missing binary, and tests never download.
 */
export function findElectron(): { path: string } | { reason: string } {
  const pkg = dirname(require.resolve('electron/package.json'));
  const pathFile = join(pkg, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, name ?? 'electron') : name ? join(pkg, 'dist', name) : undefined;
  if (!binary || !existsSync(binary)) {
    return { reason: 'no Electron binary on this machine (it is not downloadable offline; `npm start` fetches it where the network allows)' };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display: run under xvfb-run to include the Electron tests' };
  }
  return { path: binary };
}
