import { accessSync, constants, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

/** The user's login shell: what a session runs when no command is given. */
export function defaultShell(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') return env.COMSPEC || 'cmd.exe';
  let fromPasswd: string | undefined;
  try {
    fromPasswd = userInfo().shell ?? undefined;
  } catch {
    // No passwd entry (containers): fall through to $SHELL.
  }
  return env.SHELL || fromPasswd || '/bin/sh';
}

/** Finds argv[0] the way execvp would, so a missing command is reported before spawning. */
export function resolveExecutable(command: string, cwd: string, path = process.env.PATH ?? ''): string | null {
  if (command.includes('/')) {
    const full = resolve(cwd, command);
    return isExecutableFile(full) ? full : null;
  }
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const full = join(dir, command);
    if (isExecutableFile(full)) return full;
  }
  return null;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
