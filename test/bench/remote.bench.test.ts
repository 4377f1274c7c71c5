import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pty from 'node-pty';
import { it } from 'vitest';
import type { HostFrame } from '../../electron/common/protocol';
import type { HostState } from '../../electron/common/types';
import { startDaemon } from '../../electron/daemon-client/daemon-starter';
import { shellQuote } from '../../electron/daemon-client/ssh-link';
import { DAEMON_ENTRY, daemonPid, OUT_MAIN, stopDaemon } from '../helpers/daemon';
import { removeDir, tempDir } from '../helpers/host-harness';
import { sshArgs, sshdAvailable, startSshd, type Sshd } from '../helpers/sshd';
import {
  daemonWire,
  percentile,
  protocolEchoLatencies,
  protocolThroughputMs,
  round,
  timeKeys,
  type Wire,
} from './harness';
import { recordFigures } from './results';

/**
 * The remote phase of `npm run bench` (issue 21): a Flotilla session on another machine, reached
 * by this machine's daemon over a real sshd on loopback, against a local session, `ssh -tt` into
 * bash and `ssh -t … tmux attach`; then the same echo over a link with 50 ms more round trip.
 */

const MB = Number(process.env.BENCH_MB ?? 20);
const KEYS = Number(process.env.BENCH_KEYS ?? 500);
const TILES = 8;
const THROUGHPUT_ROUNDS = Number(process.env.BENCH_REMOTE_ROUNDS ?? 2);
/** Held in each direction by the relay: 2 × 25 ms of added round trip. */
const HOLD_MS = 25;
const ADDED_RTT_MS = 2 * HOLD_MS;
const GOAL_P50_MS = ADDED_RTT_MS + 10;
const BASH = 'bash --noprofile --norc';
const RELAY = join(__dirname, 'delay-relay.mjs');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const step = (what: string) =>
  process.stderr.write(`[bench] ${new Date().toISOString().slice(11, 19)} remote: ${what}\n`);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const ms1 = (xs: number[], p: number) => round(percentile(xs, p), 1);

const available = sshdAvailable();
if (!available.ok) console.log(`[bench] remote: skipped, no sshd to measure over (${available.reason})`);

/** The sshd's client config with the delay relay as ProxyCommand: host key checking as before. */
function relayConfig(sshd: Sshd): string {
  const file = join(sshd.dir, 'ssh_config_relay');
  const proxy = `  ProxyCommand ${shellQuote([process.execPath, RELAY])} 127.0.0.1 %p ${HOLD_MS}`;
  const lines = readFileSync(sshd.configFile, 'utf8').trimEnd().split('\n');
  writeFileSync(file, [...lines, proxy, ''].join('\n'), { mode: 0o600 });
  return file;
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(file, args, { timeout: 20_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${file} ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout),
    ),
  );
}

/** Resolves once `term` has said something and then been quiet for `quietMs`. */
function settled(term: pty.IPty, quietMs = 500, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    let quiet: NodeJS.Timeout | undefined;
    const deadline = setTimeout(
      () => (sub.dispose(), reject(new Error(`no quiet screen: ${seen.slice(-200)}`))),
      timeoutMs,
    );
    const sub = term.onData((d) => {
      seen += d;
      clearTimeout(quiet);
      quiet = setTimeout(() => (sub.dispose(), clearTimeout(deadline), resolve()), quietMs);
    });
  });
}

/**
 * Echo through a terminal program run in a pty (ssh, as a person's terminal runs it): per key,
 * until the pty has any output back.
 */
async function ptyEchoLatencies(file: string, args: string[], keys: number): Promise<number[]> {
  const term = pty.spawn(file, args, {
    cols: 120,
    rows: 40,
    env: { ...process.env, TERM: 'xterm-256color' } as Record<string, string>,
  });
  try {
    await settled(term);
    const times = await timeKeys(
      keys,
      (key) => term.write(key),
      (done) => {
        const sub = term.onData(() => (sub.dispose(), done()));
      },
    );
    term.write('\x15');
    await sleep(100);
    return times;
  } finally {
    term.kill();
  }
}

/** `ssh -tt host bash`: the limit for a terminal over SSH. */
function sshBashEcho(configFile: string, sshd: Sshd, keys: number): Promise<number[]> {
  return ptyEchoLatencies('ssh', ['-tt', ...sshArgs({ configFile, host: sshd.host }), BASH], keys);
}

/** `ssh -t host tmux attach` to a tmux session started there beforehand (a private server, killed after). */
async function sshTmuxEcho(sshd: Sshd, keys: number): Promise<number[]> {
  const socket = `flotilla-bench-remote-${process.pid}`;
  const remote = (...argv: string[]) => run('ssh', [...sshArgs(sshd), shellQuote(argv)]);
  await remote(
    'tmux',
    '-L',
    socket,
    '-f',
    '/dev/null',
    'new-session',
    '-d',
    '-s',
    'bench',
    '-x',
    '120',
    '-y',
    '40',
    BASH,
  );
  try {
    await remote('tmux', '-L', socket, 'set-option', '-g', 'status', 'off');
    return await ptyEchoLatencies('ssh', ['-t', ...sshArgs(sshd), `tmux -L ${socket} attach -t bench`], keys);
  } finally {
    await remote('tmux', '-L', socket, 'kill-server').catch(() => {});
  }
}

/** Every process under `pid` (Linux /proc). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length)
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  return found;
}

const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
};

/** Resident memory of a process, in MB (VmRSS). */
function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

/** Adds a host on the local daemon and waits until its link is up (its `hosts.changed` says connected). */
async function addHost(
  wire: Wire,
  host: { name: string; sshConfig: string; destination: string; remoteCommand: string[] },
) {
  let off = () => {};
  const connected = new Promise<void>((resolve, reject) => {
    let last: HostState | undefined;
    const timer = setTimeout(
      () => reject(new Error(`host ${host.name}: not connected within 60 s (${last?.state}: ${last?.reason})`)),
      60_000,
    );
    const check = (state: HostState | undefined) => {
      last = state ?? last;
      if (state?.state === 'connected') resolve();
      else if (state?.state === 'failed') reject(new Error(`host ${host.name} failed: ${state.reason}`));
      else return;
      clearTimeout(timer);
    };
    off = wire.onFrame((f: HostFrame) => {
      if (f.t === 'evt' && f.e === 'hosts.changed') check(f.p.find((h) => h.name === host.name));
    });
    wire.value<HostState>('hosts.add', host).then(check, reject);
  });
  try {
    await connected;
  } finally {
    off();
  }
}

async function startShells(wire: Wire, projectId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push(
      (await wire.value<{ id: string }>('sessions.start', { projectId, command: BASH, cols: 120, rows: 40 })).id,
    );
  await sleep(500); // the shells' prompts
  return ids;
}

async function closeSessions(wire: Wire, ids: string[]): Promise<void> {
  await Promise.all(ids.map((sessionId) => wire.value('sessions.close', { sessionId })));
}

it.skipIf(!available.ok)(
  'remote: echo and throughput of a session over ssh against a local one, ssh -tt bash and ssh -t tmux; echo with 50 ms more round trip',
  { timeout: 1_800_000 },
  async () => {
    const sshd = await startSshd();
    const slowConfig = relayConfig(sshd);
    const local = tempDir('flotilla-bench-local-');
    const remote = tempDir('flotilla-bench-remote-');
    const localProject = tempDir('flotilla-bench-local-project-');
    const remoteProject = tempDir('flotilla-bench-remote-project-');
    // The slow link reaches the same remote daemon: a folder of its own there.
    const slowProject = tempDir('flotilla-bench-slow-project-');
    /** What ssh runs there: this checkout's CLI with the remote's own data folder (the link adds --mux). */
    const remoteCommand = [
      'env',
      `FLOTILLA_DATA_DIR=${remote}`,
      'SHELL=/bin/bash',
      'PS1=r$ ',
      process.execPath,
      join(OUT_MAIN, 'flotilla.js'),
      'daemon',
      'connect',
    ];
    const figures: Record<string, number> = { keys: KEYS, addedRttMs: ADDED_RTT_MS, goalP50Ms: GOAL_P50_MS };
    let wire: Wire | undefined;
    try {
      // What people have today, on an idle machine first: ssh into bash (the limit), ssh into tmux (the peer).
      step('ssh -tt bash');
      const sshBash = await sshBashEcho(sshd.configFile, sshd, KEYS);
      step('ssh -t tmux attach');
      const sshTmux = await sshTmuxEcho(sshd, KEYS);
      step('ssh -tt bash, 50 ms more round trip');
      const slowSshBash = await sshBashEcho(slowConfig, sshd, KEYS);
      Object.assign(figures, {
        sshBashP50Ms: ms1(sshBash, 50),
        sshBashP99Ms: ms1(sshBash, 99),
        sshTmuxP50Ms: ms1(sshTmux, 50),
        sshTmuxP99Ms: ms1(sshTmux, 99),
        slowSshBashP50Ms: ms1(slowSshBash, 50),
        slowSshBashP99Ms: ms1(slowSshBash, 99),
      });
      recordFigures('remote', figures); // kept if the Flotilla part fails

      // This machine's daemon, and a local session.
      const { pid: localPid } = await startDaemon({
        dataDir: local,
        daemonEntry: DAEMON_ENTRY,
        env: { ...process.env, SHELL: '/bin/bash', PS1: 'l$ ' },
      });
      wire = await daemonWire(local);
      const project = await wire.value<{ id: string }>('projects.add', { path: localProject });
      const [localSession] = await startShells(wire, project.id, 1);
      step('local session echo');
      const localEcho = await protocolEchoLatencies(wire, localSession, KEYS);
      await closeSessions(wire, [localSession]);

      // The link: ssh from the local daemon to `daemon connect` there, which starts the remote daemon.
      await sleep(1000);
      const daemonBeforeMb = rssMb(localPid);
      step('hosts.add devbox');
      await addHost(wire, { name: 'devbox', destination: sshd.host, sshConfig: sshd.configFile, remoteCommand });
      await sleep(1000);
      // Memory of one link, once it is up: ssh here, `daemon connect` there, and what the local daemon grew by.
      const sshPids = descendants(localPid).filter((p) => cmdline(p)[0]?.endsWith('ssh'));
      const connectPids = descendants(sshd.pid).filter((p) => {
        const argv = cmdline(p);
        return argv.some((a) => a.endsWith('flotilla.js')) && argv.includes('connect');
      });
      if (sshPids.length !== 1 || connectPids.length !== 1)
        throw new Error(`expected one ssh and one daemon connect, found ${sshPids.length} and ${connectPids.length}`);
      const daemonAfterMb = rssMb(localPid);
      const sshMb = rssMb(sshPids[0]);
      const connectMb = rssMb(connectPids[0]);
      const remoteProjectId = (
        await wire.value<{ id: string }>('projects.add', { path: remoteProject, host: 'devbox' })
      ).id;
      const [remoteSession] = await startShells(wire, remoteProjectId, 1);
      step('remote session echo');
      const remoteEcho = await protocolEchoLatencies(wire, remoteSession, KEYS);
      await closeSessions(wire, [remoteSession]);
      const remotePid = daemonPid(remote) ?? 0;

      // Throughput: 8 × MB local against remote (through ssh and both daemons), interleaved
      // THROUGHPUT_ROUNDS times each way (the machine is noisy).
      const throughput: Record<'local' | 'remote', number[]> = { local: [], remote: [] };
      for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
        for (const where of ['local', 'remote'] as const) {
          step(`throughput ${where}, ${TILES} × ${MB} MB`);
          const ids = await startShells(wire, where === 'local' ? project.id : remoteProjectId, TILES);
          throughput[where].push(await protocolThroughputMs(wire, ids, MB, `${where[0]}${round}-`, step));
          await closeSessions(wire, ids);
        }
      }
      const localMs = mean(throughput.local);
      const remoteMs = mean(throughput.remote);

      // The same echo over a second link with 50 ms more round trip (the relay as ProxyCommand).
      step('hosts.add slow (50 ms more round trip)');
      await addHost(wire, { name: 'slow', destination: sshd.host, sshConfig: slowConfig, remoteCommand });
      const slowProjectId = (await wire.value<{ id: string }>('projects.add', { path: slowProject, host: 'slow' })).id;
      const [slowSession] = await startShells(wire, slowProjectId, 1);
      step('remote session echo, 50 ms more round trip');
      const slowEcho = await protocolEchoLatencies(wire, slowSession, KEYS);
      await closeSessions(wire, [slowSession]);

      Object.assign(figures, {
        localP50Ms: ms1(localEcho, 50),
        localP99Ms: ms1(localEcho, 99),
        remoteP50Ms: ms1(remoteEcho, 50),
        remoteP99Ms: ms1(remoteEcho, 99),
        remoteP50ToLocal: round(percentile(remoteEcho, 50) / percentile(localEcho, 50)),
        remoteP50ToSshBash: round(percentile(remoteEcho, 50) / percentile(sshBash, 50)),
        remoteP99ToSshBash: round(percentile(remoteEcho, 99) / percentile(sshBash, 99)),
        remoteP50ToSshTmux: round(percentile(remoteEcho, 50) / percentile(sshTmux, 50)),
        remoteP99ToSshTmux: round(percentile(remoteEcho, 99) / percentile(sshTmux, 99)),
        slowRemoteP50Ms: ms1(slowEcho, 50),
        slowRemoteP99Ms: ms1(slowEcho, 99),
        slowRemoteP50GoalMet: percentile(slowEcho, 50) <= GOAL_P50_MS ? 1 : 0,
        slowRemoteP50ToSshBash: round(percentile(slowEcho, 50) / percentile(slowSshBash, 50)),
        mbPerSession: MB,
        sessions: TILES,
        throughputRounds: THROUGHPUT_ROUNDS,
        throughputLocalMs: Math.round(localMs),
        throughputRemoteMs: Math.round(remoteMs),
        throughputRemoteToLocal: round(remoteMs / localMs),
        linkSshClientRssMb: round(sshMb, 1),
        linkRemoteConnectRssMb: round(connectMb, 1),
        localDaemonRssBeforeLinkMb: round(daemonBeforeMb, 1),
        localDaemonRssWithLinkMb: round(daemonAfterMb, 1),
        perLinkMb: round(sshMb + connectMb + (daemonAfterMb - daemonBeforeMb), 1),
        remoteDaemonRssMb: remotePid ? round(rssMb(remotePid), 1) : -1,
      });
      recordFigures('remote', figures);
    } finally {
      wire?.close();
      await stopDaemon(local).catch(() => {});
      await stopDaemon(remote).catch(() => {});
      await sshd.stop();
      for (const dir of [local, remote, localProject, remoteProject, slowProject]) removeDir(dir);
    }
  },
);
