import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function setsStatusLine(file: string): boolean {
  try {
    const settings = JSON.parse(readFileSync(file, 'utf8')) as { statusLine?: unknown };
    return settings !== null && typeof settings === 'object' && settings.statusLine != null;
  } catch {
    return false;
  }
}

/**
 * Whether the person gave Claude Code a status line of their own (user or project settings):
 * Flotilla's `--settings` would replace it, so then Flotilla reads no quota from it. Only JSON is
 * read here; nothing of the project runs.
 */
export function hasOwnStatusLine(configDir: string, cwd: string): boolean {
  return [
    join(configDir, 'settings.json'),
    join(cwd, '.claude', 'settings.json'),
    join(cwd, '.claude', 'settings.local.json'),
  ].some(setsStatusLine);
}
