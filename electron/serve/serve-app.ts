import type { Channel } from '../common/channel';
import { HostClient } from '../common/host-client';
import { jsonChannel } from '../common/json-channel';
import type { ClientFrame, HostFrame } from '../common/protocol';
import { FLOTILLA_VERSION } from '../common/version';
import { startServer, type RunningServer } from '../daemon/browser/server';
import { DaemonLink, failedFrame } from '../daemon-client/daemon-link';
import { lineSocket } from '../daemon-client/line-socket';
import { createHost } from '../daemon/host';
import { logUncaughtErrors } from '../node/last-resort';
import type { ServeOptions } from './args';

export interface ServedApp {
  url: string;
  /** A single-use link without the token (see RunningServer.oneTimeUrl). */
  oneTimeUrl(): Promise<string>;
  /** Stops serving; with the host in this process (--no-daemon), also ends every session. Idempotent. */
  stop(reason: string): Promise<void>;
}

const RETRY_MS = 1000;
type Log = (message: string) => void;

/** `--no-daemon`: a host of serve's own, behind the token server. */
async function serveInProcess(options: ServeOptions, staticDir: string, log: Log): Promise<ServedApp> {
  const host = await createHost({ dataDir: options.dataDir, version: FLOTILLA_VERSION, log });
  const server = await startServer({
    onClient: (c) => void host.connect(jsonChannel(c), 'browser'),
    bind: options.host,
    port: options.port,
    token: options.token,
    tls: options.tls,
    staticDir,
    log,
  });
  return {
    url: server.url,
    oneTimeUrl: async () => server.oneTimeUrl(),
    stop: async () => {
      await server.close();
      await host.shutdown();
    },
  };
}

/**
 * Browser mode from the daemon: serve asks the daemon to serve browsers itself (they then talk
 * to the host with no process in between) for as long as serve's connection lasts. When the
 * daemon goes, serve starts it again and asks for the same port; while it cannot, serve answers
 * on that port itself, telling every page why.
 */
class DaemonFront {
  private control: HostClient | null = null;
  private standIn: RunningServer | null = null;
  private stopped = false;
  /** The restart under way, if the daemon went: serve waits for it before it exits. */
  private recovering: Promise<void> | null = null;
  url = '';
  private port: number;

  constructor(
    private readonly link: DaemonLink,
    private readonly options: ServeOptions,
    private readonly staticDir: string,
    private readonly log: Log,
  ) {
    this.port = options.port;
  }

  /** The first start: a daemon that cannot start stops serve with its reason. */
  async start(): Promise<void> {
    await this.attach();
  }

  private async attach(): Promise<void> {
    const { host, token, tls, insecure = false } = this.options;
    const socket = await this.link.connect();
    const control = new HostClient(
      jsonChannel<HostFrame, ClientFrame>(lineSocket(socket, this.log)) as Channel<HostFrame, ClientFrame>,
    );
    const served = await control.request('browser.serve', { host, port: this.port, token, tls, insecure });
    if (!served.ok) {
      control.close();
      throw new Error(served.error.message);
    }
    this.control = control;
    this.port = served.value.port;
    this.url = served.value.url;
    control.onClose(() => {
      this.control = null;
      if (!this.stopped) this.recovering = this.recover().finally(() => (this.recovering = null));
    });
    if (this.stopped) control.close(); // stopped while this was starting
  }

  private async recover(): Promise<void> {
    this.log('lost the daemon: starting it again');
    while (!this.stopped) {
      await this.standIn?.close();
      this.standIn = null;
      try {
        await this.attach();
        this.log(`the daemon serves ${this.url.replace(/\?.*/, '')} again`);
        return;
      } catch (e) {
        const reason = (e as Error).message;
        this.log(`no daemon: ${reason}`);
        this.standIn = await startServer({
          onClient: (c) => {
            c.send(failedFrame(reason));
            c.close();
          },
          bind: this.options.host,
          port: this.port,
          token: this.options.token,
          tls: this.options.tls,
          staticDir: this.staticDir,
          log: this.log,
        }).catch(() => null);
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  }

  async oneTimeUrl(): Promise<string> {
    const ticket = await this.control?.request('browser.ticket', {});
    if (!ticket?.ok) throw new Error(ticket?.error.message ?? 'Flotilla is not serving browsers right now.');
    return ticket.value;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.control?.close();
    // A daemon being started now is left running (it holds the sessions), but fully started:
    // whoever stops it next finds it (daemon.json).
    await this.recovering;
    await this.standIn?.close();
  }
}

/**
 * What `serve` and `start`'s fallback run. The renderer build (`staticDir`) and the daemon's entry
 * (`daemonEntry`) are given by the entry, since shared code is bundled into a chunk folder.
 */
export async function serveApp(options: ServeOptions, staticDir: string, daemonEntry: string): Promise<ServedApp> {
  const log = (m: string) => console.error(`[serve] ${m}`);
  logUncaughtErrors(log);
  let stopping: Promise<void> | undefined;
  const app = options.inProcess
    ? await serveInProcess(options, staticDir, log)
    : await startDaemonFront(options, staticDir, daemonEntry, log);
  return {
    url: app.url,
    oneTimeUrl: () => app.oneTimeUrl(),
    stop(reason) {
      console.error(
        options.inProcess
          ? `Stopping (${reason}): ending every session…`
          : `Stopping (${reason}); the sessions go on in the Flotilla daemon (flotilla daemon stop ends them).`,
      );
      stopping ??= app.stop(reason);
      return stopping;
    },
  };
}

async function startDaemonFront(
  options: ServeOptions,
  staticDir: string,
  daemonEntry: string,
  log: Log,
): Promise<ServedApp> {
  const front = new DaemonFront(
    new DaemonLink({ dataDir: options.dataDir, daemonEntry }, log),
    options,
    staticDir,
    log,
  );
  await front.start();
  return { url: front.url, oneTimeUrl: () => front.oneTimeUrl(), stop: () => front.stop() };
}

/** Ctrl-C, SIGTERM and a closed terminal stop the app cleanly, then the process exits. */
export function stopOnSignals(app: ServedApp, exit: (code: number) => void = process.exit): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => void app.stop(signal).then(() => exit(0)));
}
