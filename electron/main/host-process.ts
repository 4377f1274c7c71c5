import { app, MessageChannelMain, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import { join } from 'node:path';

/** Starts the host as a utility process (off the main thread, VS Code's ptyHost pattern). */
export class HostProcess {
  private child: UtilityProcess | undefined;
  private stopping = false;

  get running(): boolean {
    return this.child !== undefined;
  }

  start(): void {
    this.child = utilityProcess.fork(join(__dirname, 'host.js'), ['--data-dir', app.getPath('userData'), '--version', app.getVersion()], {
      serviceName: 'Flotilla Host',
      stdio: 'inherit',
    });
    this.child.on('exit', (code) => {
      if (this.stopping) return;
      console.error(`Flotilla host exited unexpectedly (code ${code}); restarting it.`);
      this.start();
    });
  }

  /** One MessagePort per page load: the page speaks the protocol over it. */
  connect(contents: WebContents): void {
    if (!this.child) return;
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
