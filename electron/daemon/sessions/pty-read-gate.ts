import type { IPty } from 'node-pty';
import type { Disposable } from '../../common/lifecycle';

/** How often a paused pty checks that its process is still there. */
const EXIT_CHECK_MS = 50;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Flow control's pause and resume for one pty, safe against the process exiting while paused.
 * node-pty destroys a pty's socket 200 ms after its process exits (DESTROY_SOCKET_TIMEOUT_MS),
 * read to the end or not, so a pty still paused then loses the program's last output — an
 * agent's final summary or error. While paused, the gate checks that the process is alive and
 * reads on once it is gone: what is left is at most the kernel's pty buffer.
 */
export class PtyReadGate implements Disposable {
  private exitWatch: NodeJS.Timeout | undefined;

  constructor(private readonly child: Pick<IPty, 'pid' | 'pause' | 'resume'>) {}

  pause(): void {
    this.child.pause();
    this.exitWatch ??= setInterval(() => {
      if (!isAlive(this.child.pid)) this.resume();
    }, EXIT_CHECK_MS);
  }

  resume(): void {
    clearInterval(this.exitWatch);
    this.exitWatch = undefined;
    this.child.resume();
  }

  dispose(): void {
    clearInterval(this.exitWatch);
    this.exitWatch = undefined;
  }
}
