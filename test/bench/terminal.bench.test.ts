import { it } from 'vitest';
import type { Page } from '@playwright/test';
import * as pty from 'node-pty';
import { removeDir, tempDir } from '../helpers/host-harness';
import { protocolSocket, rssMb, startServe, stopServe, type Served, type ValueCall } from '../helpers/serve-process';
import {
  CORES,
  GENERATOR,
  median,
  openApp,
  openBrowser,
  percentile,
  protocolEchoLatencies,
  protocolThroughputMs,
  rawPtyMs,
  round,
  timeKeys,
  tmuxMs,
  withCpu,
  wsWire,
} from './harness';
import { hostProfileArgs, profilePage, summarizeProfiles } from './profile';
import { recordFigures } from './results';

// The size: 8 sessions × 20 MB. BENCH_MB sets another.
const MB = Number(process.env.BENCH_MB ?? 20);
const TILES = 8;
const KEYS = Number(process.env.BENCH_KEYS ?? 500);
const BASH = 'bash --noprofile --norc';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const step = (what: string) => process.stderr.write(`[bench] ${new Date().toISOString().slice(11, 19)} ${what}\n`);

/**
 * Types a line into each tile from the page (xterm's own input path), then waits until every tile
 * shows its end line on screen: what a person sees, whether the tile parsed every byte or was
 * repainted from the host's mirror after falling behind.
 */
async function runInTiles(page: Page, lines: string[], ends: string[]): Promise<number> {
  return page.evaluate(
    async ({ lines, ends }) => {
      const b = (window as any).__flotillaBench;
      const ids = Object.keys(b.terms);
      const shownAt: Array<number | undefined> = ids.map(() => undefined);
      const t0 = performance.now();
      ids.forEach((id, i) => lines[i] !== undefined && b.terms[id].input(lines[i]));
      const deadline = t0 + 120_000;
      while (shownAt.some((t, i) => t === undefined && ends[i] !== undefined)) {
        ids.forEach((id, i) => {
          if (shownAt[i] === undefined && b.rows(id).some((row: string) => row.trim() === ends[i]))
            shownAt[i] = performance.now();
        });
        if (performance.now() > deadline)
          throw new Error(`not shown: ${JSON.stringify(ends.filter((_, i) => shownAt[i] === undefined))}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return Math.max(...(shownAt.filter((t) => t !== undefined) as number[])) - t0;
    },
    { lines, ends },
  );
}

async function startSessions(call: ValueCall, projectId: string, n: number, command = BASH): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await call('sessions.start', { projectId, command, cols: 120, rows: 40 })).id);
  return ids;
}

async function closeAll(call: ValueCall): Promise<void> {
  const all = await call<Array<{ id: string }>>('sessions.list', {});
  await Promise.all(all.map((s) => call('sessions.close', { sessionId: s.id })));
}

/** Flotilla without a browser: a protocol client that acks at once, to separate host cost from xterm.js. */
async function hostOnlyMs(serve: Served, projectId: string): Promise<number> {
  const { ws, value: call } = await protocolSocket(serve);
  const ids = await startSessions(call, projectId, TILES);
  const ms = await protocolThroughputMs(wsWire(ws, call), ids, MB, 'h', (what) => step(`host only: ${what}`));
  await closeAll(call);
  ws.close();
  return ms;
}

/** Types `data` into the first 7 tiles: `yes` to start their floods, Ctrl-C to end them. */
async function inputFloodTiles(page: Page, data: string): Promise<void> {
  await page.evaluate((data) => {
    const b = (window as any).__flotillaBench;
    Object.keys(b.terms)
      .slice(0, 7)
      .forEach((id) => b.terms[id].input(data));
  }, data);
}

/** Runs `measure` while 7 tiles flood (from a second in, so the floods are at full speed). */
async function whileFlooding<T>(page: Page, measure: () => Promise<T>): Promise<T> {
  await inputFloodTiles(page, 'yes flotilla-flood-line\r');
  await sleep(1000);
  try {
    return await measure();
  } finally {
    await inputFloodTiles(page, '\x03');
  }
}

/**
 * Per keystroke typed into the 8th tile (xterm's input path, in the page): until the echo is
 * parsed (`parsed`) and until a frame is drawn after that (`shown`, the figure).
 */
async function echoLatencies(page: Page, keys: number): Promise<{ parsed: number[]; shown: number[] }> {
  return page.evaluate(async (keys) => {
    const b = (window as any).__flotillaBench;
    const term = b.terms[Object.keys(b.terms)[7]];
    const parsed: number[] = [];
    const shown: number[] = [];
    for (let i = 0; i < keys; i++) {
      await new Promise<void>((resolve) => {
        const t0 = performance.now();
        const sub = term.onWriteParsed(() => {
          sub.dispose();
          parsed.push(performance.now() - t0);
          requestAnimationFrame(() => {
            shown.push(performance.now() - t0);
            performance.measure('echo', { start: t0 }); // for BENCH_PROFILE traces
            resolve();
          });
        });
        term.input(i % 2 ? 'b' : 'a');
      });
      await new Promise((r) => setTimeout(r, 15));
    }
    term.input('\x15');
    return { parsed, shown };
  }, keys);
}

/**
 * The host's share of echo: the same keystrokes from a protocol client (no page in the way) into
 * the 8th session, until the echo comes back over the socket.
 */
async function hostEchoLatencies(serve: Served, keys: number): Promise<number[]> {
  const { ws, value: call } = await protocolSocket(serve);
  const target = (await call<Array<{ id: string }>>('sessions.list', {}))[7].id;
  const times = await protocolEchoLatencies(wsWire(ws, call), target, keys);
  ws.close();
  return times;
}

/** The limit for echo: the same keystrokes into a bare node-pty bash, with 7 bare `yes` drained beside it. */
async function rawEchoLatencies(keys: number): Promise<number[]> {
  const env = { ...process.env, PS1: '$ ' } as Record<string, string>;
  const floods = Array.from({ length: 7 }, () => pty.spawn('yes', ['flotilla-flood-line'], { env }));
  floods.forEach((p) => p.onData(() => {}));
  const shell = pty.spawn('bash', ['--noprofile', '--norc'], { env, cols: 120, rows: 40 });
  await sleep(500);
  const times = await timeKeys(
    keys,
    (key) => shell.write(key),
    (done) => {
      const sub = shell.onData(() => (sub.dispose(), done()));
    },
  );
  floods.forEach((p) => p.kill());
  shell.kill();
  return times;
}

it(
  'terminal: throughput, echo latency, interrupt, memory and start-up against node-pty and tmux',
  { timeout: 1_200_000 },
  async () => {
    const commands = Array.from({ length: TILES }, (_, i) => [process.execPath, GENERATOR, String(MB), `r${i}`]);
    step('raw node-pty');
    const { value: rawMs, cpuS: rawCpuS } = await withCpu(() => rawPtyMs(commands));
    step('tmux');
    const { value: tmux, cpuS: tmuxCpuS } = await withCpu(() => tmuxMs(commands));

    const dataDir = tempDir('flotilla-bench-');
    const projectDir = tempDir('flotilla-bench-project-');
    const browser = await openBrowser();
    let serve = await startServe({
      dataDir,
      prompt: 'bench$ ',
      nodeArgs: hostProfileArgs('host-only'),
      inProcess: true,
    });
    let { value: call } = await protocolSocket(serve);
    // Each phase gets a fresh host (RSS and profiles are then the phase's own).
    // The phases below run the host inside serve (its profile is then serve's); `daemon` compares.
    const freshHost = async (phase: string, inProcess = true) => {
      await stopServe(serve);
      serve = await startServe({
        dataDir,
        prompt: 'bench$ ',
        nodeArgs: inProcess ? hostProfileArgs(phase) : [],
        inProcess,
      });
      ({ value: call } = await protocolSocket(serve));
    };
    try {
      const project = await call('projects.add', { path: projectDir });
      step('flotilla host only');
      const { value: hostMs, cpuS: hostCpuS } = await withCpu(() => hostOnlyMs(serve, project.id));

      // Throughput in the browser: until each of 8 tiles shows the last line of its 20 MB.
      await freshHost('throughput');
      await startSessions(call, project.id, TILES);
      step('flotilla in the browser');
      let page = await openApp(browser, serve, TILES);
      await sleep(500);
      // A tile that never shows its end is recorded (browserWedged), not waited on forever.
      let browserMs = Number.NaN;
      let browserCpuS = Number.NaN;
      try {
        const run = () =>
          runInTiles(
            page,
            Array.from({ length: TILES }, (_, i) => `exec ${process.execPath} ${GENERATOR} ${MB} b${i}\r`),
            Array.from({ length: TILES }, (_, i) => `done-b${i}`),
          );
        ({ value: browserMs, cpuS: browserCpuS } = await withCpu(() => profilePage(page, 'throughput', run)));
      } catch (e) {
        step(`browser throughput wedged: ${(e as Error).message.slice(0, 200)}`);
      }
      // What drew the tiles: WebGL draws into a canvas, the DOM renderer into rows of elements.
      const webglTiles = await page.evaluate(() => document.querySelectorAll('.xterm-screen:has(canvas)').length);
      await page.close();
      await closeAll(call);

      // Echo latency under load, and interrupt.
      await freshHost('echo');
      await startSessions(call, project.id, TILES);
      page = await openApp(browser, serve, TILES);
      await sleep(500);
      step('echo latency');
      const { parsed: echoParsed, shown: echo } = await profilePage(page, 'echo', () =>
        whileFlooding(page, () => echoLatencies(page, KEYS)),
      );
      // While the page shows the floods, but with no page in the key's way.
      const hostEcho = await whileFlooding(page, () => hostEchoLatencies(serve, KEYS));
      const rawEcho = await rawEchoLatencies(KEYS);
      step('interrupt');
      const interrupts: number[] = [];
      for (let k = 0; k < 10; k++) {
        interrupts.push(
          await page.evaluate(async (k) => {
            const b = (window as any).__flotillaBench;
            const term = b.terms[Object.keys(b.terms)[0]];
            term.input('yes\r');
            await new Promise((r) => setTimeout(r, 300));
            const t0 = performance.now();
            term.input('\x03');
            await new Promise((r) => setTimeout(r, 20));
            // The command line shows "$((1000+k))"; only its output reads int-100k.
            term.input(`echo int-$((1000+${k}))\r`);
            const id = Object.keys(b.terms)[0];
            while (!b.rows(id).some((row: string) => row.trim() === `int-${1000 + k}`))
              await new Promise((r) => setTimeout(r, 2));
            return performance.now() - t0;
          }, k),
        );
      }
      await page.close();
      await closeAll(call);

      // The daemon's extra hop (page → serve → daemon socket) against the host inside serve, in this
      // run, interleaved twice each way (the machine is noisy): browser throughput and echo under
      // floods; and a fresh daemon's memory with 8 idle sessions.
      const viaDaemon: Record<string, number> = {};
      const runs: Record<'inProcess' | 'daemon', { ms: number[]; p99: number[]; p50: number[] }> = {
        inProcess: { ms: [], p99: [], p50: [] },
        daemon: { ms: [], p99: [], p50: [] },
      };
      for (const inProcess of [true, false, true, false]) {
        const mode = inProcess ? 'inProcess' : 'daemon';
        await freshHost(`compare-${mode}`, inProcess);
        if (!inProcess && viaDaemon.idleDaemon8SessionsRssMb === undefined) {
          await startSessions(call, project.id, TILES);
          await sleep(2000);
          viaDaemon.idleDaemon8SessionsRssMb = round(rssMb(serve), 1);
          await closeAll(call);
        }
        await startSessions(call, project.id, TILES);
        const p = await openApp(browser, serve, TILES);
        await sleep(500);
        step(`${mode}: throughput`);
        const lines = Array.from({ length: TILES }, (_, i) => `exec ${process.execPath} ${GENERATOR} ${MB} c${i}\r`);
        runs[mode].ms.push(
          await runInTiles(
            p,
            lines,
            Array.from({ length: TILES }, (_, i) => `done-c${i}`),
          ),
        );
        await p.close();
        await closeAll(call);
        await startSessions(call, project.id, TILES);
        const q = await openApp(browser, serve, TILES);
        await sleep(500);
        step(`${mode}: echo`);
        const { shown } = await whileFlooding(q, () => echoLatencies(q, KEYS));
        runs[mode].p99.push(percentile(shown, 99));
        runs[mode].p50.push(percentile(shown, 50));
        await q.close();
        await closeAll(call);
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      for (const mode of ['inProcess', 'daemon'] as const) {
        viaDaemon[`${mode}BrowserMs`] = Math.round(mean(runs[mode].ms));
        viaDaemon[`${mode}EchoP99Ms`] = round(mean(runs[mode].p99), 1);
        viaDaemon[`${mode}EchoP50Ms`] = round(mean(runs[mode].p50), 1);
      }
      viaDaemon.throughputDaemonToInProcess = round(viaDaemon.daemonBrowserMs / viaDaemon.inProcessBrowserMs);
      viaDaemon.echoP99DaemonToInProcess = round(viaDaemon.daemonEchoP99Ms / viaDaemon.inProcessEchoP99Ms);
      recordFigures('daemon', viaDaemon);

      // Memory: 1 and 8 sessions, each holding 10k lines of scrollback.
      await freshHost('memory');
      const heap = (p: Page) =>
        p.evaluate(() => ((globalThis as any).gc?.(), (performance as any).memory.usedJSHeapSize / 1048576));
      const [first] = await startSessions(call, project.id, 1, `bash -c 'seq 1 10000; exec ${BASH}'`);
      page = await openApp(browser, serve, 1);
      await sleep(1500);
      step('memory');
      const rss1 = rssMb(serve);
      const heap1 = await heap(page);
      await startSessions(call, project.id, TILES - 1, `bash -c 'seq 1 10000; exec ${BASH}'`);
      await page.waitForFunction((n) => Object.keys((window as any).__flotillaBench.terms).length >= n, TILES);
      await sleep(2500);
      const rss8 = rssMb(serve);
      const heap8 = await heap(page);
      await page.close();
      void first;

      // Start-up: serve starts, 8 restored tiles painted with their old screens.
      await stopServe(serve);
      const t0 = performance.now();
      step('start-up');
      serve = await startServe({ dataDir, prompt: 'bench$ ' });
      page = await openApp(browser, serve, TILES);
      await page.waitForFunction(() => {
        const terms = Object.values((window as any).__flotillaBench.terms) as any[];
        return (
          terms.length >= 8 &&
          terms.every((t) => {
            const buf = t.buffer.active;
            for (let y = 0; y < buf.length; y++)
              if (buf.getLine(y)?.translateToString(true).includes('10000')) return true;
            return false;
          })
        );
      });
      const startupMs = performance.now() - t0;
      await page.close();

      recordFigures('throughput', {
        mbPerSession: MB,
        sessions: TILES,
        rawPtyMs: Math.round(rawMs),
        tmuxMs: Math.round(tmux),
        flotillaHostOnlyMs: Math.round(hostMs),
        flotillaBrowserMs: Number.isNaN(browserMs) ? -1 : Math.round(browserMs),
        browserWedged: Number.isNaN(browserMs) ? 1 : 0,
        webglTiles,
        ratioToRawPty: Number.isNaN(browserMs) ? -1 : round(browserMs / rawMs),
        ratioToTmux: Number.isNaN(browserMs) ? -1 : round(browserMs / tmux),
        hostOnlyRatioToRawPty: round(hostMs / rawMs),
        tmuxRatioToRawPty: round(tmux / rawMs),
        // CPU seconds the machine spent in each run (all processes), and its cores: the limit's
        // work plus Flotilla's, spread over every core, bounds how close Flotilla can come.
        cores: CORES,
        rawPtyCpuS: rawCpuS,
        tmuxCpuS,
        flotillaHostOnlyCpuS: hostCpuS,
        flotillaBrowserCpuS: Number.isNaN(browserCpuS) ? -1 : browserCpuS,
      });
      recordFigures('echo', {
        keys: KEYS,
        p50Ms: round(percentile(echo, 50), 1),
        p95Ms: round(percentile(echo, 95), 1),
        p99Ms: round(percentile(echo, 99), 1),
        rawP50Ms: round(percentile(rawEcho, 50), 1),
        rawP99Ms: round(percentile(rawEcho, 99), 1),
        p99OverheadMs: round(percentile(echo, 99) - percentile(rawEcho, 99), 1),
        // Until the tile's xterm parsed the echo, before waiting for a frame: the transport's share.
        parsedP50Ms: round(percentile(echoParsed, 50), 1),
        parsedP99Ms: round(percentile(echoParsed, 99), 1),
        // From a protocol client in this process, while the page shows the floods: the host's share.
        hostP50Ms: round(percentile(hostEcho, 50), 1),
        hostP99Ms: round(percentile(hostEcho, 99), 1),
      });
      recordFigures('interrupt', {
        runs: 10,
        medianMs: Math.round(median(interrupts)),
        maxMs: Math.round(Math.max(...interrupts)),
      });
      recordFigures('memory', {
        hostRssMb1: round(rss1, 1),
        hostRssMb8: round(rss8, 1),
        hostPerSessionMb: round((rss8 - rss1) / (TILES - 1), 1),
        rendererHeapMb1: round(heap1, 1),
        rendererHeapMb8: round(heap8, 1),
      });
      recordFigures('startup', { eightTilesRestoredMs: Math.round(startupMs) });
    } finally {
      await stopServe(serve).catch(() => {});
      await browser.close();
      summarizeProfiles();
      removeDir(dataDir);
      removeDir(projectDir);
    }
  },
);
