import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The electron package's folder (its install.js fetches the binary). */
export function electronPackageDir(): string {
  return dirname(require.resolve('electron/package.json'));
}

/**
 * The Electron binary if it is on this machine, found the way electron's index.js finds it but
 * without requiring that file: requiring it downloads a missing binary.
 */
export function electronBinary(): string | null {
  const pkg = electronPackageDir();
  const pathFile = join(pkg, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, name ?? 'electron') : name ? join(pkg, 'dist', name) : undefined;
  return binary && existsSync(binary) ? binary : null;
}

/** Whether a window can be shown: Linux needs an X or Wayland display; macOS and Windows have one. */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env): boolean {
  return process.platform !== 'linux' || !!(env.DISPLAY || env.WAYLAND_DISPLAY);
}
