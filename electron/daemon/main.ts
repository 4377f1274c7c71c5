/**
 * The daemon: the host as a background process of its own, one per user and data folder, that
 * outlives every window, `serve` and CLI call (tmux's server). Started detached by
 * `daemon-starter.ts`, which hears "ready" or the reason it could not start on the pipe named by
 * FLOTILLA_DAEMON_REPORT_FD. SIGTERM (and `host.shutdown`) end it cleanly: screens saved, every
 * session's process group ended.
 */
import { closeSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FLOTILLA_VERSION } from '../common/version';
import { defaultDataDir } from '../node/data-dir';
import { createHost, type Host } from './host';
import { logUncaughtErrors } from '../node/last-resort';
import { daemonPaths } from '../daemon-client/daemon-paths';
import { listenDaemon, type DaemonServer } from './daemon-server';
import { REPORT_FD_ENV, type StartReport } from '../daemon-client/start-report';

const SOCKET_CHECK_MS = 5000;

/** Screens written down this often, so a daemon killed outright still restores them (FLOTILLA_SCREEN_SAVE_MS for tests). */
function screenSaveMs(): number {
  const fromEnv = Number(process.env.FLOTILLA_SCREEN_SAVE_MS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 30_000;
}
const log = (m: string) => console.error(`${new Date().toISOString()} [daemon] ${m}`);

function report(message: StartReport): void {
  const fd = Number(process.env[REPORT_FD_ENV]);
  if (!Number.isInteger(fd) || fd < 3) return;
  try {
    writeFileSync(fd, `${JSON.stringify(message)}\n`);
    closeSync(fd);
  } catch {
    // The starter gave up waiting; the log has it.
  }
}

async function main(): Promise<void> {
  logUncaughtErrors(log);
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } }, strict: false });
  const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : defaultDataDir();
  const version = FLOTILLA_VERSION;
  const paths = daemonPaths(dataDir);

  let server: DaemonServer | undefined;
  let host: Host | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (why: string) =>
    (stopping ??= (async () => {
      log(`stopping (${why}): ending every session`);
      await server?.close();
      await host?.shutdown();
      process.exit(0);
    })());

  host = await createHost({
    dataDir,
    version,
    log,
    requestShutdown: () => void stop('asked by a client'),
    staticDir: join(__dirname, '../renderer'),
    screenSaveMs: screenSaveMs(),
  });
  server = await listenDaemon(host, paths.socket, log);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal));
  // A daemon whose socket was deleted (its data folder removed) can never be reached again.
  if (process.platform !== 'win32')
    setInterval(() => !existsSync(paths.socket) && void stop('its socket was removed'), SOCKET_CHECK_MS).unref();
  // Detached, it has no terminal; a hangup from one it was started near is not a reason to end agents.
  process.on('SIGHUP', () => log('ignored SIGHUP'));
  log(`ready: pid ${process.pid}, data ${dataDir}, socket ${paths.socket}`);
  report({ ready: true, pid: process.pid });
}

main().catch((e: Error & { locked?: boolean }) => {
  log(`could not start: ${e.message}`);
  report({ ready: false, reason: e.message, locked: e.locked });
  process.exit(1);
});
