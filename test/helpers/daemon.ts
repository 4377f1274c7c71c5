import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Channel } from '../../electron/common/channel';
import { HostClient } from '../../electron/common/host-client';
import { jsonChannel } from '../../electron/common/json-channel';
import type { ClientFrame, HostFrame } from '../../electron/common/protocol';
import { daemonPaths } from '../../electron/daemon-client/daemon-paths';
import { connectDaemon } from '../../electron/daemon-client/daemon-starter';
import { lineSocket } from '../../electron/daemon-client/line-socket';

export const OUT_MAIN = join(__dirname, '../../out/main');
export const DAEMON_ENTRY = join(OUT_MAIN, 'daemon.js');

/** The pid the data folder's daemon wrote, if one runs. */
export function daemonPid(dataDir: string): number | null {
  try {
    const { pid } = JSON.parse(readFileSync(join(dataDir, 'daemon.json'), 'utf8')) as { pid: number };
    return isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

export async function waitForExit(pid: number, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > until) throw new Error(`pid ${pid} did not exit within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Stops the data folder's daemon (SIGTERM, as `daemon stop` ends it; SIGKILL if it hangs). */
export async function stopDaemon(dataDir: string): Promise<void> {
  const pid = daemonPid(dataDir);
  if (!pid) return;
  process.kill(pid, 'SIGTERM');
  await waitForExit(pid).catch(() => process.kill(pid, 'SIGKILL'));
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `flotilla` CLI with the system's Node (as `npx flotilla` would), stdin from `input`. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn('node', [join(OUT_MAIN, 'flotilla.js'), ...args], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(input ?? '');
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A protocol client on the data folder's daemon socket (what the CLI and the bridges use). */
export async function daemonClient(dataDir: string): Promise<HostClient> {
  const socket = await connectDaemon(daemonPaths(dataDir).socket);
  if (!socket) throw new Error(`no daemon for ${dataDir}`);
  return new HostClient(jsonChannel<HostFrame, ClientFrame>(lineSocket(socket)) as Channel<HostFrame, ClientFrame>);
}
