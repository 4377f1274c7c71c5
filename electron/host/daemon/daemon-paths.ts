import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePrivateDir } from '../util/private-dir';

export interface DaemonPaths {
  dataDir: string;
  /** Where clients connect (0600, in a 0700 folder). */
  socket: string;
  /** Held (an SQLite exclusive lock) while a daemon runs; the kernel lets go when it dies. */
  lock: string;
  /** The running daemon's pid, version and start time, for messages and `daemon status`. */
  info: string;
  /** The daemon's stdout and stderr. */
  log: string;
}

/** Unix socket paths are limited to ~104 bytes (macOS) / 108 (Linux). */
const MAX_SOCKET_PATH = 100;

export function daemonPaths(dataDir: string): DaemonPaths {
  let socket = join(dataDir, 'daemon.sock');
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  if (process.platform === 'win32') socket = `\\\\.\\pipe\\flotilla-${hash}`;
  else if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
    const dir = join(tmpdir(), `flotilla-${process.getuid?.() ?? 'user'}`);
    makePrivateDir(dir);
    socket = join(dir, `${hash}.sock`);
  }
  return { dataDir, socket, lock: join(dataDir, 'daemon.lock'), info: join(dataDir, 'daemon.json'), log: join(dataDir, 'daemon.log') };
}
