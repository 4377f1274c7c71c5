import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { daemonPid, stopDaemon } from './daemon';
import { tempDir } from './host-harness';

export interface Served {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  process: ChildProcess;
}

export interface ServeSetup {
  dataDir?: string;
  prompt?: string;
  /** Go to serve's Node (the benchmark's `--cpu-prof`; with `inProcess`, that is the host's). */
  nodeArgs?: string[];
  /** `--no-daemon`: the host runs inside serve. Otherwise serve starts (or joins) the data folder's daemon. */
  inProcess?: boolean;
}

/** Starts `serve` (the built app) on a free port with its own data folder and a known prompt. */
export async function startServe({
  dataDir = tempDir('flotilla-serve-data-'),
  prompt = 'e2e$ ',
  nodeArgs = [],
  inProcess = false,
}: ServeSetup = {}): Promise<Served> {
  const token = randomBytes(16).toString('hex');
  const args = [...nodeArgs, 'serve.js', '--port', '0', '--data-dir', dataDir, ...(inProcess ? ['--no-daemon'] : [])];
  // Checks check out commits under the cache folder: one beside the data folder, not the user's.
  return launchBuilt(
    args,
    { SHELL: '/bin/bash', PS1: prompt, FLOTILLA_TOKEN: token, XDG_CACHE_HOME: `${dataDir}-cache` },
    dataDir,
  );
}

/**
 * Runs a built entry of out/main (`serve.js`, `start.js`) with extra environment and resolves
 * once it prints the line `Flotilla at URL`.
 */
export async function launchBuilt(
  args: string[],
  env: NodeJS.ProcessEnv,
  dataDir: string,
): Promise<Served & { output: () => string }> {
  const script = args.findIndex((a) => a.endsWith('.js'));
  const argv = args.map((a, i) => (i === script ? join(__dirname, '../../out/main', a) : a));
  // A process group of its own, as a command typed in a terminal is: Ctrl-C signals the group.
  const child = spawn(process.execPath, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
    detached: true,
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[script]} did not start: ${out}`)), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^Flotilla at (\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`${args[script]} exited with ${code}: ${out}`)));
  });
  const url2 = new URL(url);
  return {
    url,
    origin: url2.origin,
    token: url2.searchParams.get('token') ?? '',
    dataDir,
    process: child,
    output: () => out,
  };
}

/**
 * Ctrl-C, as a person stops it (SIGINT to its whole process group); resolves with its exit code. Then the data folder's daemon, if
 * serve started one, is stopped too (a test leaves nothing running) unless `keepDaemon`.
 */
export async function stopServe(served: Served, { keepDaemon = false } = {}): Promise<number | null> {
  let code = served.process.exitCode;
  if (code === null && served.process.signalCode === null) {
    const exited = new Promise<number | null>((r) => served.process.once('exit', (c) => r(c)));
    process.kill(-served.process.pid!, 'SIGINT');
    code = await exited;
  }
  if (!keepDaemon) await stopDaemon(served.dataDir);
  return code;
}

/** Resident memory of the process holding the sessions (the daemon, or serve with --no-daemon), in MB. */
export function rssMb(served: Served): number {
  const pid = daemonPid(served.dataDir) ?? served.process.pid;
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

export type ProtocolResult = { ok: boolean; value?: any; error?: { code: string; message: string } };

/**
 * A minimal protocol client over the same socket the page uses: `call` answers the Result,
 * `value` the value (throwing on an error value).
 */
export async function protocolSocket({ origin, token }: Served) {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws?token=${token}`, { headers: { Origin: origin } });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  let id = 0;
  const call = (m: string, p: unknown) =>
    new Promise<ProtocolResult>((resolve) => {
      const my = ++id;
      const onMessage = (raw: WebSocket.RawData) => {
        const f = JSON.parse(raw.toString());
        if (f.t === 'res' && f.id === my) {
          ws.off('message', onMessage);
          resolve(f.r);
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ t: 'req', id: my, m, p }));
    });
  const value = async <T = any>(m: string, p: unknown): Promise<T> => {
    const r = await call(m, p);
    if (!r.ok) throw new Error(r.error?.message ?? `${m} failed`);
    return r.value as T;
  };
  return { ws, call, value };
}
export type ValueCall = Awaited<ReturnType<typeof protocolSocket>>['value'];
