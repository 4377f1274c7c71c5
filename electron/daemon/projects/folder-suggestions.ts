import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

const MAX_SUGGESTIONS = 50;

/** `~` and `~/…` as the person's home, the way checkFolder reads them. */
export function expandHome(input: string): string {
  return input === '~' ? homedir() : input.startsWith('~/') ? join(homedir(), input.slice(2)) : input;
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Folders that complete what was typed, written the way it was typed (`~/co` → `~/code`):
 * the folder part is listed, names starting with the rest kept (hidden ones only when the rest
 * starts with a dot), case-sensitive matches first. Nothing for a relative path.
 */
export async function completeFolder(partial: string): Promise<string[]> {
  const expanded = expandHome(partial);
  if (!isAbsolute(expanded)) return [];
  const atFolder = partial.endsWith('/') || partial === '~';
  const parent = atFolder ? expanded : dirname(expanded);
  const prefix = atFolder ? '' : expanded.slice(parent.length).replace(/^\//, '');
  const typedParent = atFolder ? (partial === '~' ? '~/' : partial) : partial.slice(0, partial.length - prefix.length);
  let entries;
  try {
    entries = await readdir(parent, { withFileTypes: true });
  } catch {
    return [];
  }
  const lower = prefix.toLowerCase();
  const matches = entries.filter(
    (e) => (prefix.startsWith('.') || !e.name.startsWith('.')) && e.name.toLowerCase().startsWith(lower),
  );
  const folders = await Promise.all(
    matches.map(async (e) =>
      e.isDirectory() || (e.isSymbolicLink() && (await isFolder(join(parent, e.name)))) ? e.name : null,
    ),
  );
  const names = folders.filter((n): n is string => n !== null);
  const exact = (n: string) => (n.startsWith(prefix) ? 0 : 1);
  names.sort((a, b) => exact(a) - exact(b) || a.localeCompare(b));
  return names.slice(0, MAX_SUGGESTIONS).map((n) => typedParent + n);
}

/** Of recently added folders, those that still exist. */
export async function existingFolders(paths: string[]): Promise<string[]> {
  const exists = await Promise.all(paths.map(isFolder));
  return paths.filter((_, i) => exists[i]);
}
