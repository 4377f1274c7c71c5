import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The user's cache folder for Flotilla: where checks check out commits, apart from the data
 * folder (the database, prompts, preset environments) so nothing there sits beside a check.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'Flotilla');
  if (process.platform === 'win32')
    return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'Flotilla', 'Cache');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'flotilla');
}
