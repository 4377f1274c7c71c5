import { chromium, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import * as pty from 'node-pty';
import { CHROMIUM } from '../../playwright.config';
import type { Served } from '../helpers/serve-process';

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
