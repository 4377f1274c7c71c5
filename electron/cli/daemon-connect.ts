import { DaemonLink } from '../daemon-client/daemon-link';
import { CliError, EXIT } from './cli-error';
import type { CliContext } from './daemon-client';

/**
 * `flotilla daemon connect`: this process's stdin and stdout become one connection to the daemon
 * (started when none runs). It is what another machine's Flotilla runs here over ssh: the
 * protocol's bytes pass through untouched, and nothing listens on any network interface.
 */
export async function daemonConnect(ctx: CliContext): Promise<number> {
  const socket = await new DaemonLink({ dataDir: ctx.dataDir, daemonEntry: ctx.daemonEntry })
    .connect()
    .catch((e: Error) => {
      throw new CliError(e.message);
    });
  process.stdin.pipe(socket);
  socket.pipe(process.stdout);
  return new Promise((resolve) => {
    process.stdin.on('end', () => socket.end());
    socket.on('close', () => resolve(EXIT.ok));
  });
}
