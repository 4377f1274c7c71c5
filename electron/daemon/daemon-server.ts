import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { jsonChannel } from '../common/json-channel';
import type { HostFrame } from '../common/protocol';
import type { Host } from './host';
import { lineSocket } from '../daemon-client/line-socket';

export interface DaemonServer {
  close(): Promise<void>;
}

/**
 * The daemon's socket: every client (a window's bridge, `serve`, the CLI) is one connection, a
 * host client like any other. Only the user can reach it (the file is 0600 in a 0700 folder), as
 * with tmux's socket; the call is made while this process holds the daemon lock, so a socket file
 * already there is a dead daemon's.
 */
export async function listenDaemon(
  host: Host,
  socketPath: string,
  log: (message: string) => void,
): Promise<DaemonServer> {
  if (process.platform !== 'win32') rmSync(socketPath, { force: true });
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    host.connect(jsonChannel<unknown, HostFrame>(lineSocket(socket, log)), 'local');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  if (process.platform !== 'win32') chmodSync(socketPath, 0o600);
  return {
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
        if (process.platform !== 'win32') rmSync(socketPath, { force: true });
      }),
  };
}
