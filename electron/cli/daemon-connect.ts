import { Duplex } from 'node:stream';
import { DaemonLink } from '../daemon-client/daemon-link';
import { byteLineSocket } from '../daemon-client/line-socket';
import { MuxServer } from '../daemon-client/line-mux';
import { CliError, EXIT } from './cli-error';
import type { CliContext } from './daemon-client';

/**
 * `flotilla daemon connect`: this process's stdin and stdout become one connection to the daemon
 * (started when none runs). It is what another machine's Flotilla runs here over ssh: the
 * protocol's bytes pass through untouched, and nothing listens on any network interface. With
 * `--mux` (another machine's daemon, for its windows) they carry many connections, each a
 * connection of its own to this daemon (line-mux.ts).
 */
export async function daemonConnect(ctx: CliContext, mux = false): Promise<number> {
  const link = new DaemonLink({ dataDir: ctx.dataDir, daemonEntry: ctx.daemonEntry });
  if (mux) return serveChannels(link);
  const socket = await link.connect().catch((e: Error) => {
    throw new CliError(e.message);
  });
  process.stdin.pipe(socket);
  socket.pipe(process.stdout);
  return new Promise((resolve) => {
    process.stdin.on('end', () => socket.end());
    socket.on('close', () => resolve(EXIT.ok));
  });
}

/** Until ssh's side ends (stdin closes): then every channel's daemon connection ends with it. */
function serveChannels(link: DaemonLink): Promise<number> {
  const lines = byteLineSocket(Duplex.from({ readable: process.stdin, writable: process.stdout }));
  const mux = new MuxServer(lines, (channel) => link.bridge(channel));
  return new Promise((resolve) => {
    const done = () => {
      mux.close();
      resolve(EXIT.ok);
    };
    process.stdin.once('end', done);
    process.stdin.once('close', done);
    lines.onClose(done);
  });
}
