import { chmodSync, lstatSync, mkdirSync } from 'node:fs';

/**
 * The data folder holds every prompt, preset environments (API keys, often), scrollback and
 * command lines: it is the user's alone (0700, an existing one tightened), whatever the umask.
 */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Why `dir` (as lstat sees it) is not safely this user's alone, or null when it is. */
function unsafe(dir: string): string | null {
  const stat = lstatSync(dir);
  const mode = stat.mode & 0o777;
  if (stat.isSymbolicLink()) return 'is a symbolic link';
  if (!stat.isDirectory()) return 'is not a folder';
  if (stat.uid !== process.getuid!()) return `belongs to another user (uid ${stat.uid})`;
  if (mode !== 0o700) return `has mode ${mode.toString(8)}, not 700`;
  return null;
}

/**
 * A private folder in a place every user can write (/tmp): made 0700 when missing; one already
 * there must be a real folder, the user's own and 0700, or it is refused with what to do, since
 * another local user could have made it first to catch what goes in it (tmux's rule).
 */
export function makePrivateTmpDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o700); // whatever the umask; /tmp's sticky bit keeps others from swapping it
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const problem = unsafe(dir);
  if (problem)
    throw new Error(
      `Flotilla will not use ${dir}: it ${problem}, so another local user could have made it. Remove it (rm -r ${dir}, as its owner or root) and start Flotilla again, or use a data folder with a shorter path.`,
    );
}
