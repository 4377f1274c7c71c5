import { createHost } from '../host/host';
import { logUncaughtErrors } from '../host/util/last-resort';
import type { ServeOptions } from './args';
import { startServer } from './server';

export interface ServedApp {
  url: string;
  /** A single-use link without the token (see RunningServer.oneTimeUrl). */
  oneTimeUrl(): string;
  /** Ends every session's process group and closes every client; idempotent. */
  stop(reason: string): Promise<void>;
}

/**
 * The host and the renderer build (`staticDir`, given by the entry: shared code is bundled into a
 * chunk folder) behind the token server: what `serve` and `start`'s fallback run.
 */
export async function serveApp({ port, host: bind, dataDir, token, tls }: ServeOptions, staticDir: string): Promise<ServedApp> {
  const log = (m: string) => console.error(`[host] ${m}`);
  logUncaughtErrors(log);
  const host = await createHost({ dataDir, version: process.env.npm_package_version, log });
  const server = await startServer({ host, bind, port, token, tls, staticDir, log });
  let stopping: Promise<void> | undefined;
  return {
    url: server.url,
    oneTimeUrl: () => server.oneTimeUrl(),
    stop(reason) {
      stopping ??= (async () => {
        console.error(`Stopping (${reason}): ending every session…`);
        await server.close();
        await host.shutdown();
      })();
      return stopping;
    },
  };
}

/** Ctrl-C, SIGTERM and a closed terminal stop the app cleanly, then the process exits. */
export function stopOnSignals(app: ServedApp, exit: (code: number) => void = process.exit): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void app.stop(signal).then(() => exit(0)));
}
