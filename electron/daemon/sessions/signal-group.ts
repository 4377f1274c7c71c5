import type * as pty from 'node-pty';

/** Signals everything a pty's program started (the whole process group), and the program itself. */
export function signalGroup(child: pty.IPty, signal: NodeJS.Signals): void {
  if (process.platform === 'win32') return child.kill();
  // node-pty makes the child a session and group leader, so -pid is everything it started
  // (bar jobs an interactive shell moved to their own groups: the shell hangs those up itself).
  for (const target of [-child.pid, child.pid]) {
    try {
      process.kill(target, signal);
    } catch {
      // Already gone.
    }
  }
}
