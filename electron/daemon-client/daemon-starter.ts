import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { makePrivateDir } from '../node/private-dir';
import { withoutToken } from '../node/token-env';
import { daemonPaths, type DaemonPaths } from './daemon-paths';
import { rotateLog } from './log-rotation';
import { REPORT_FD_ENV, type StartReport } from './start-report';

export interface DaemonLaunch {
  dataDir: string;
  /** The built daemon entry (out/main/daemon.js): each entry passes its own, since shared code lives in a chunk folder. */
  daemonEntry: string;
  env?: NodeJS.ProcessEnv;
  /** Covers the login-shell probe (5 s at most) and opening the database. */
  startTimeoutMs?: number;
}

/** Connects to the daemon's socket; null when no daemon listens there. */
export function connectDaemon(socketPath: string): Promise<Socket | null> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', () => resolve(null));
  });
}

/** node:sqlite arrived in Node 22.13 (and 23.4). */
function hasNodeSqlite(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > 23 || (major === 23 && minor >= 4) || (major === 22 && minor >= 13);
}

/**
 * The program that runs the daemon: Electron's own binary as Node in the desktop app; this Node
 * when it has node:sqlite; otherwise the Node the project pins (node_modules/node), so a CLI run
 * by an older system Node still starts a daemon that can open the database.
 */
export function daemonRuntime(
  daemonEntry: string,
  env: NodeJS.ProcessEnv = process.env,
): { command: string; env: NodeJS.ProcessEnv } {
  if (process.versions.electron) return { command: process.execPath, env: { ...env, ELECTRON_RUN_AS_NODE: '1' } };
  if (hasNodeSqlite(process.versions.node)) return { command: process.execPath, env };
  const pinned = join(dirname(daemonEntry), '..', '..', 'node_modules', 'node', 'bin', 'node');
  if (existsSync(pinned)) return { command: pinned, env };
  throw new Error(
    `The Flotilla daemon needs Node 22.13 or later (node:sqlite); this is Node ${process.versions.node}. Run npm install in the Flotilla folder.`,
  );
}

function logTail(paths: DaemonPaths): string {
  try {
    const lines = readFileSync(paths.log, 'utf8').trim().split('\n');
    return lines.slice(-3).join(' / ');
  } catch {
    return '';
  }
}

/**
 * Starts a daemon for the data folder, detached (its own session and process group: Ctrl-C in
 * the terminal that started it does not reach it) with its output in daemon.log, and waits for it
 * to say it is ready. Rejects with the daemon's own reason when it cannot start.
 */
export async function startDaemon({
  dataDir,
  daemonEntry,
  env = process.env,
  startTimeoutMs = 20_000,
}: DaemonLaunch): Promise<{ pid: number }> {
  makePrivateDir(dataDir);
  const paths = daemonPaths(dataDir);
  const runtime = daemonRuntime(daemonEntry, env);
  rotateLog(paths.log);
  const logFd = openSync(paths.log, 'a', 0o600);
  const args = [daemonEntry, '--data-dir', dataDir];
  const child = spawn(runtime.command, args, {
    cwd: dataDir,
    detached: true,
    stdio: ['ignore', logFd, logFd, 'pipe'],
    env: { ...withoutToken(runtime.env), [REPORT_FD_ENV]: '3' },
  });
  closeSync(logFd);
  const pipe = child.stdio[3] as NodeJS.ReadableStream & { destroy(): void };
  try {
    const report = await new Promise<StartReport>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(
        () =>
          reject(new Error(`The Flotilla daemon did not start within ${startTimeoutMs / 1000} s (see ${paths.log}).`)),
        startTimeoutMs,
      );
      pipe.setEncoding('utf8');
      pipe.on('data', (d: string) => {
        text += d;
        const nl = text.indexOf('\n');
        if (nl === -1) return;
        clearTimeout(timer);
        try {
          resolve(JSON.parse(text.slice(0, nl)) as StartReport);
        } catch {
          reject(new Error(`The Flotilla daemon said something unexpected: ${text.slice(0, 200)}`));
        }
      });
      child.once(
        'error',
        (e) => (
          clearTimeout(timer),
          reject(new Error(`Could not run the Flotilla daemon (${runtime.command}): ${e.message}`))
        ),
      );
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        const tail = logTail(paths);
        reject(
          new Error(
            `The Flotilla daemon exited while starting (${signal ?? `code ${code}`})${tail ? `: ${tail}` : ''}`,
          ),
        );
      });
    });
    if (!report.ready) throw Object.assign(new Error(report.reason), { locked: report.locked === true });
    return { pid: report.pid };
  } finally {
    pipe.destroy();
    child.removeAllListeners('exit');
    child.unref();
  }
}
