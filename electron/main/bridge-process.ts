import {
  app,
  BrowserWindow,
  MessageChannelMain,
  utilityProcess,
  type UtilityProcess,
  type WebContents,
} from 'electron';
import { join } from 'node:path';
import { RestartPolicy } from '../common/restart-policy';

/**
 * The bridge to the daemon as a utility process (off the main thread, VS Code's ptyHost
 * pattern): each page load gets a MessagePort that the bridge joins to a daemon connection.
 * The daemon holds the sessions; the bridge can come and go with the app.
 */
export class BridgeProcess {
  private child: UtilityProcess | undefined;
  private stopping = false;
  private readonly restarts = new RestartPolicy();
  /** Why the bridge is down for good (no silent restart loop); shown by every window. */
  private failure: string | undefined;

  get running(): boolean {
    return this.child !== undefined;
  }

  start(): void {
    const child = utilityProcess.fork(join(__dirname, 'bridge.js'), ['--data-dir', app.getPath('userData')], {
      serviceName: 'Flotilla Bridge',
      stdio: 'inherit',
    });
    this.child = child;
    child.on('exit', (code) => {
      this.child = undefined;
      if (this.stopping) return;
      const decision = this.restarts.exited(`the bridge exited with code ${code}`);
      if (!decision.restart) {
        this.failure = decision.why;
        console.error(this.failure);
        for (const win of BrowserWindow.getAllWindows()) win.webContents.send('flotilla:host-failed', this.failure);
        return;
      }
      this.start();
    });
  }

  /** One MessagePort per page load: the page speaks the protocol over it (or hears why it can't). */
  connect(contents: WebContents): void {
    if (this.failure || !this.child)
      return contents.send('flotilla:host-failed', this.failure ?? 'The Flotilla bridge is not running.');
    const { port1, port2 } = new MessageChannelMain();
    this.child.postMessage({ type: 'connect' }, [port1]);
    contents.postMessage('flotilla:port', null, [port2]);
  }

  /**
   * Lets the app go. The daemon and its agents keep running, unless `endSessions`: then the daemon
   * is asked to end every session and exit first (bounded wait).
   */
  async stop({ endSessions }: { endSessions: boolean }, timeoutMs = 6000): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.stopping = true;
    if (endSessions) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.postMessage({ type: 'end-sessions' });
      await Promise.race([exited, new Promise((r) => setTimeout(r, timeoutMs))]);
    }
    child.kill();
  }
}
