import type { Channel } from '../common/channel';
import { jsonChannel } from '../common/json-channel';
import { FLOTILLA_VERSION } from '../common/version';
import { DaemonLink } from '../host/daemon/daemon-link';
import { createHost } from '../host/host';
import { logUncaughtErrors } from '../host/util/last-resort';
import type { ServeOptions } from './args';
import { startServer } from './server';

export interface ServedApp {
  url: string;
  /** A single-use link without the token (see RunningServer.oneTimeUrl). */
  oneTimeUrl(): string;
  /** Closes every client; with the host in this process, also ends every session. Idempotent. */
  stop(reason: string): Promise<void>;
}

/** Where `serve`'s clients go: the daemon (default), or a host of its own (`--no-daemon`). */
async function hostFor({ dataDir, inProcess }: ServeOptions, daemonEntry: string, log: (m: string) => void) {
  if (inProcess) {
    const host = await createHost({ dataDir, version: FLOTILLA_VERSION, log });
    return { onClient: (c: Channel<string, string | Buffer>) => void host.connect(jsonChannel(c)), stop: () => host.shutdown(), ends: true };
  }
  const link = new DaemonLink({ dataDir, daemonEntry }, log);
  (await link.connect()).destroy(); // started (or found) now, so a daemon that cannot start stops serve with its reason
  return { onClient: (c: Channel<string, string | Buffer>) => link.bridge(c), stop: async () => {}, ends: false };
}

/**
 * The renderer build (`staticDir`) and the entry of the daemon (`daemonEntry`), both given by the
 * entry since shared code is bundled into a chunk folder, behind the token server: what `serve`
 * and `start`'s fallback run.
 */
export async function serveApp(options: ServeOptions, staticDir: string, daemonEntry: string): Promise<ServedApp> {
  const log = (m: string) => console.error(`[serve] ${m}`);
  logUncaughtErrors(log);
  const host = await hostFor(options, daemonEntry, log);
  const { host: bind, port, token, tls } = options;
  const server = await startServer({ onClient: host.onClient, bind, port, token, tls, staticDir, log });
  let stopping: Promise<void> | undefined;
  return {
    url: server.url,
    oneTimeUrl: () => server.oneTimeUrl(),
    stop(reason) {
      stopping ??= (async () => {
        console.error(host.ends ? `Stopping (${reason}): ending every session…` : `Stopping (${reason}); the sessions go on in the Flotilla daemon (flotilla daemon stop ends them).`);
        await server.close();
        await host.stop();
      })();
      return stopping;
    },
  };
}

/** Ctrl-C, SIGTERM and a closed terminal stop the app cleanly, then the process exits. */
export function stopOnSignals(app: ServedApp, exit: (code: number) => void = process.exit): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void app.stop(signal).then(() => exit(0)));
}
