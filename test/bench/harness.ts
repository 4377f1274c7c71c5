import { chromium, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import * as pty from 'node-pty';
import type WebSocket from 'ws';
import { CHROMIUM } from '../../playwright.config';
import type { ClientFrame, HostFrame } from '../../electron/common/protocol';
import { jsonChannel } from '../../electron/common/json-channel';
import { daemonPaths } from '../../electron/daemon-client/daemon-paths';
import { connectDaemon } from '../../electron/daemon-client/daemon-starter';
import { lineSocket } from '../../electron/daemon-client/line-socket';
import type { Served, ValueCall } from '../helpers/serve-process';

export const GENERATOR = join(__dirname, '../fixtures/mixed-text.mjs');
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
export const round = (x: number, digits = 2) => Number(x.toFixed(digits));
export const CORES = cpus().length;

/** CPU seconds the whole machine spent busy (all processes, kernel included), from /proc/stat. */
function busyCpuSeconds(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .map(Number);
  return (user + nice + system + irq + softirq + steal) / 100; // USER_HZ
}

/** Runs `work` and tells what it returned and how many CPU seconds the machine spent meanwhile. */
export async function withCpu<T>(work: () => Promise<T>): Promise<{ value: T; cpuS: number }> {
  const before = busyCpuSeconds();
  const value = await work();
  return { value, cpuS: round(busyCpuSeconds() - before, 1) };
}

/** The limit: bare node-pty consumers draining the same commands. */
export async function rawPtyMs(commands: string[][]): Promise<number> {
  const t0 = performance.now();
  await Promise.all(
    commands.map(
      ([file, ...args]) =>
        new Promise<void>((resolve) => {
          const p = pty.spawn(file, args, { cols: 160, rows: 45, env: process.env as Record<string, string> });
          p.onData(() => {});
          p.onExit(() => resolve());
        }),
    ),
  );
  return performance.now() - t0;
}

/** The peer: tmux with one pane per command and an attached client, until every pane is done. */
export async function tmuxMs(commands: string[][]): Promise<number> {
  const socket = `flotilla-bench-${randomBytes(4).toString('hex')}`;
  const tmux = (...args: string[]) =>
    execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { stdio: 'pipe' });
  const pane = (i: number) =>
    `tmux -L ${socket} wait-for go; ${commands[i].map((a) => `'${a}'`).join(' ')}; tmux -L ${socket} wait-for -S done-${i}; sleep 600`;
  tmux('new-session', '-d', '-s', 'bench', '-x', '320', '-y', '90', pane(0));
  for (let i = 1; i < commands.length; i++) {
    tmux('split-window', '-t', 'bench', pane(i));
    tmux('select-layout', '-t', 'bench', 'tiled');
  }
  const client = pty.spawn('tmux', ['-L', socket, 'attach', '-t', 'bench'], {
    cols: 320,
    rows: 90,
    env: { ...process.env, TERM: 'xterm-256color' } as Record<string, string>,
  });
  client.onData(() => {});
  await new Promise((r) => setTimeout(r, 500));
  const t0 = performance.now();
  tmux('wait-for', '-S', 'go');
  for (let i = 0; i < commands.length; i++) tmux('wait-for', `done-${i}`);
  const ms = performance.now() - t0;
  client.kill();
  tmux('kill-server');
  return ms;
}

const RENDERER = process.env.BENCH_RENDERER === 'webgl' ? 'webgl' : 'dom';

export async function openBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // BENCH_RENDERER=webgl: the GPU where there is one, else SwiftShader (software, slow).
    args: [
      ...(RENDERER === 'webgl' ? ['--enable-unsafe-swiftshader'] : ['--disable-gpu']),
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--enable-precise-memory-info',
      '--js-flags=--expose-gc',
    ],
  });
}

/** The app page in bench mode (each tile's xterm reachable as window.__flotillaBench), DOM renderer unless BENCH_RENDERER=webgl. */
export async function openApp(browser: Browser, serve: Served, tiles: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`${serve.url}&renderer=${RENDERER}&bench=1`);
  await page.waitForFunction((n) => Object.keys((window as any).__flotillaBench?.terms ?? {}).length >= n, tiles, {
    timeout: 60_000,
  });
  return page;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Types `keys` keystrokes one at a time, 15 ms apart; per key, the time until `echoed` calls
 * back (it is set up before the key is typed).
 */
export async function timeKeys(
  keys: number,
  type: (key: string) => void,
  echoed: (done: () => void) => void,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < keys; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      echoed(resolve);
      type(i % 2 ? 'b' : 'a');
    });
    times.push(performance.now() - t0);
    await sleep(15);
  }
  return times;
}

/** One protocol connection as frames and requests: serve's WebSocket, or the daemon's socket. */
export interface Wire {
  send(frame: ClientFrame): void;
  /** Every frame the host sends; the returned function stops listening. */
  onFrame(listener: (frame: HostFrame) => void): () => void;
  value: ValueCall;
  close(): void;
}

/** A protocolSocket (serve-process.ts) as a Wire. */
export function wsWire(ws: WebSocket, value: ValueCall): Wire {
  return {
    send: (frame) => ws.send(JSON.stringify(frame)),
    onFrame: (listener) => {
      const onMessage = (raw: WebSocket.RawData) => listener(JSON.parse(raw.toString()) as HostFrame);
      ws.on('message', onMessage);
      return () => void ws.off('message', onMessage);
    },
    value,
    close: () => ws.close(),
  };
}

/** A client on the data folder's daemon socket (what the CLI and the windows' bridges use) as a Wire. */
export async function daemonWire(dataDir: string): Promise<Wire> {
  const socket = await connectDaemon(daemonPaths(dataDir).socket);
  if (!socket) throw new Error(`no daemon for ${dataDir}`);
  const channel = jsonChannel<HostFrame, ClientFrame>(lineSocket(socket));
  const listeners = new Set<(frame: HostFrame) => void>();
  channel.onMessage((frame) => {
    if (typeof frame !== 'string') for (const listener of [...listeners]) listener(frame);
  });
  const onFrame = (listener: (frame: HostFrame) => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  let id = 0;
  const value = <T = any>(m: string, p: unknown) =>
    new Promise<T>((resolve, reject) => {
      const my = ++id;
      const off = onFrame((f) => {
        if (f.t !== 'res' || f.id !== my) return;
        off();
        if (f.r.ok) resolve(f.r.value as T);
        else reject(new Error(`${m}: ${f.r.error.message} (${f.r.error.code})`));
      });
      channel.send({ t: 'req', id: my, m, p });
    });
  return { send: (frame) => channel.send(frame), onFrame, value, close: () => channel.close() };
}

/**
 * Echo as a protocol client sees it (no page in the way): keystrokes into `sessionId` as `in`
 * frames, until its next `out` frame comes back (acked at once).
 */
export async function protocolEchoLatencies(wire: Wire, sessionId: string, keys: number): Promise<number[]> {
  await wire.value('sessions.attach', { sessionId });
  let onEcho: (() => void) | undefined;
  const off = wire.onFrame((f) => {
    if (f.t !== 'out' || f.s !== sessionId) return;
    wire.send({ t: 'ack', s: f.s, n: f.d.length });
    onEcho?.();
    onEcho = undefined;
  });
  const type = (d: string) => wire.send({ t: 'in', s: sessionId, d });
  const times = await timeKeys(keys, type, (done) => (onEcho = done));
  type('\x15');
  await sleep(100);
  off();
  await wire.value('sessions.detach', { sessionId });
  return times;
}

/**
 * Throughput as a protocol client that acks on receipt: each session (a shell) runs the mixed-text
 * generator for `mb` MB ending in `done-<tag><i>`; the time until every one has shown its end.
 */
export async function protocolThroughputMs(
  wire: Wire,
  ids: string[],
  mb: number,
  tag: string,
  report: (what: string) => void = () => {},
): Promise<number> {
  const tails = new Map(ids.map((id) => [id, '']));
  const done = new Set<string>();
  const end = new RegExp(`done-${tag}\\d+`);
  let finish: () => void = () => {};
  const finished = new Promise<void>((r) => (finish = r));
  const off = wire.onFrame((f) => {
    if ((f.t !== 'out' && f.t !== 'sync') || !tails.has(f.s)) return;
    const text: string = f.t === 'out' ? f.d : f.d.screen;
    wire.send({ t: 'ack', s: f.s, n: text.length });
    const tail = (f.t === 'out' ? (tails.get(f.s) ?? '') : '') + text;
    tails.set(f.s, tail.slice(-40));
    if (end.test(tail)) done.add(f.s);
    if (done.size === ids.length) finish();
  });
  for (const id of ids) await wire.value('sessions.attach', { sessionId: id });
  await sleep(500);
  const t0 = performance.now();
  ids.forEach((id, i) => wire.send({ t: 'in', s: id, d: `exec ${process.execPath} ${GENERATOR} ${mb} ${tag}${i}\r` }));
  const watchdog = setTimeout(
    () =>
      report(
        `${tag}: ${done.size}/${ids.length} done; tails ${JSON.stringify([...tails.values()].map((t) => t.slice(-30)))}`,
      ),
    15_000,
  );
  await finished;
  clearTimeout(watchdog);
  const ms = performance.now() - t0;
  off();
  return ms;
}
