import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePrivateTmpDir } from '../node/private-dir';

/** What a running host keeps in its data folder. */
export interface HostFiles {
  dataDir: string;
  /** Held (an SQLite exclusive lock) while a host runs; the kernel lets go when it dies. */
  lock: string;
  /** The running host's pid, version and start time, for messages and `daemon status`. */
  info: string;
}

export interface DaemonPaths extends HostFiles {
  /** Where clients connect (0600, in a 0700 folder). */
  socket: string;
  /** The daemon's stdout and stderr. */
  log: string;
}

/** Unix socket paths are limited to ~104 bytes (macOS) / 108 (Linux). */
const MAX_SOCKET_PATH = 100;

export function hostFiles(dataDir: string): HostFiles {
  return { dataDir, lock: join(dataDir, 'daemon.lock'), info: join(dataDir, 'daemon.json') };
}

/** Throws, saying what to do, when the socket's folder outside the data folder is not safely the user's. */
export function daemonPaths(dataDir: string): DaemonPaths {
  let socket = join(dataDir, 'daemon.sock');
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  if (process.platform === 'win32') socket = `\\\\.\\pipe\\flotilla-${hash}`;
  else if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
    const dir = join(tmpdir(), `flotilla-${process.getuid?.() ?? 'user'}`);
    makePrivateTmpDir(dir);
    socket = join(dir, `${hash}.sock`);
  }
  return { ...hostFiles(dataDir), socket, log: join(dataDir, 'daemon.log') };
}
