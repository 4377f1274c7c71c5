import { app, BrowserWindow, MessageChannelMain, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import { join } from 'node:path';
import { RestartPolicy } from './restart-policy';


/** Starts the host as a utility process (off the main thread, VS Code's ptyHost pattern). */
export class HostProcess {
  private child: UtilityProcess | undefined;
  private stopping = false;
  private readonly restarts = new RestartPolicy();
  private lastReason: string | undefined;
  /** Why the host is down for good (no silent restart loop); shown by every window. */
  private failure: string | undefined;

  get running(): boolean {
    return this.child !== undefined;
  }

  start(): void {
    const child = utilityProcess.fork(join(__dirname, 'host.js'), ['--data-dir', app.getPath('userData'), '--version', app.getVersion()], {
      serviceName: 'Flotilla Host',
      stdio: 'inherit',
    });
    this.child = child;
    child.on('message', (message: { type?: string; reason?: unknown }) => {
      if (message?.type === 'failed') this.lastReason = String(message.reason);
    });
    child.on('exit', (code) => {
      this.child = undefined;
      if (this.stopping) return;
      const why = this.lastReason ?? `it exited with code ${code}`;
      const decision = this.restarts.exited(why);
      if (!decision.restart) {
        this.failure = decision.why;
        console.error(this.failure);
        for (const win of BrowserWindow.getAllWindows()) win.webContents.send('flotilla:host-failed', this.failure);
        return;
      }
      console.error(`Flotilla host exited unexpectedly (${why}); restarting it.`);
      this.lastReason = undefined;
      this.start();
    });
  }

  /** One MessagePort per page load: the page speaks the protocol over it (or hears why it can't). */
  connect(contents: WebContents): void {
    if (this.failure || !this.child) return contents.send('flotilla:host-failed', this.failure ?? 'The Flotilla host is not running.');
    const { port1, port2 } = new MessageChannelMain();
    this.child.postMessage({ type: 'connect' }, [port1]);
    contents.postMessage('flotilla:port', null, [port2]);
  }

  /** Asks the host to end every session, then waits (bounded) for it to go. */
  async stop(timeoutMs = 4000): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.postMessage({ type: 'shutdown' });
    await Promise.race([exited, new Promise((r) => setTimeout(r, timeoutMs))]);
    child.kill();
  }
}
