import { chmodSync, mkdirSync } from 'node:fs';

/**
 * The data folder holds every prompt, preset environments (API keys, often), scrollback and
 * command lines: it is the user's alone (0700, an existing one tightened), whatever the umask.
 */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}
