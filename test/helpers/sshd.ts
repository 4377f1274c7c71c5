import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  accessSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * A real OpenSSH server for tests: `/usr/sbin/sshd -D -e` on a free loopback port, with its host
 * key, the client's key, its config and a client config (`ssh -F`) all in one temp folder. No
 * system file is read or written (as root, only sshd's privilege separation folder /run/sshd is
 * created if missing), and `ssh -F` never reads ~/.ssh or /etc/ssh/ssh_config.
 */

export const SSHD = '/usr/sbin/sshd';
/** The Host alias the client config defines. */
export const SSHD_HOST = 'flotilla-test';

export interface Sshd {
  readonly port: number;
  /** The temp folder holding keys, configs and the pid file: removed by stop(). */
  readonly dir: string;
  /** An ssh client config (`ssh -F configFile host`): the host's key is pinned, BatchMode, no agent. */
  readonly configFile: string;
  /** The Host alias defined in configFile. */
  readonly host: string;
  /** The server's key fingerprint as `ssh-keygen -lf` prints it: `SHA256:…`. */
  readonly hostKeyFingerprint: string;
  /** The listening sshd's pid (a new one after restart()). */
  readonly pid: number;
  /**
   * Kills sshd and every session it runs (the connections drop), then starts it again on the same
   * port with the same keys: a dropped link that comes back.
   */
  restart(): Promise<void>;
  /** Kills sshd and its sessions and removes dir. Safe to call twice. */
  stop(): Promise<void>;
  /** A second client config for the same host and port whose known_hosts holds a different key. */
  wrongHostKeyConfig(): string;
}

export type SshdAvailability = { ok: true } | { ok: false; reason: string };

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((d) => d && isExecutable(join(d, name)));
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function sshdAvailable(): SshdAvailability {
  if (!isExecutable(SSHD)) return { ok: false, reason: `no ${SSHD} (Debian package openssh-server)` };
  const missing = ['ssh', 'ssh-keygen'].filter((n) => !onPath(n));
  if (missing.length) return { ok: false, reason: `no ${missing.join(', ')} on PATH (Debian package openssh-client)` };
  return { ok: true };
}

/** ['-F', configFile, ...extra, host]: append the remote command after it. */
export function sshArgs(sshd: Pick<Sshd, 'configFile' | 'host'>, extra: string[] = []): string[] {
  return ['-F', sshd.configFile, ...extra, sshd.host];
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], timeoutMs = 15_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr: stderr || (error && typeof error.code !== 'number' ? error.message : '') });
    });
  });
}

async function runOk(file: string, args: string[]): Promise<string> {
  const r = await run(file, args);
  if (r.code !== 0) throw new Error(`${file} ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

const keygen = (file: string, comment: string) =>
  runOk('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);

/** `type base64` of a .pub file, without its comment. */
const publicKey = (file: string) => readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');

/** A port nothing listens on right now (someone may take it before sshd does: start() retries). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

/** Whether something accepts a TCP connection on 127.0.0.1:port. */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1_000, () => done(false));
  });
}

/** Config lines that not every sshd knows, kept only if this one accepts them (`sshd -t`). */
const OPTIONAL_SSHD_LINES = [
  // OpenSSH >= 9.8 penalises a source that fails or skips authentication (tests refuse host keys
  // on purpose) by refusing its connections for a while: every test here comes from 127.0.0.1.
  'PerSourcePenalties no',
];
let optionalLines: string[] | undefined;

const quote = (path: string) => `"${path}"`;

/** Pids of every process under `pid` (Linux /proc; none elsewhere). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // Gone meanwhile.
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

class SshdExited extends Error {
  readonly log: string;
  constructor(message: string, log: string) {
    super(message);
    this.log = log;
  }
}

interface Running {
  child: ChildProcess;
  exited: Promise<void>;
  hasExited: () => boolean;
  log: () => string;
}

/**
 * Starts sshd and waits until the port accepts connections and `ssh … true` gets through: about
 * half a second, most of it that first ssh (key exchange, and the login shell's rc files).
 */
export async function startSshd(): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-sshd-'));
  try {
    return await startIn(dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function startIn(dir: string): Promise<Sshd> {
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const file = (name: string) => join(dir, name);
  const hostKey = file('ssh_host_ed25519_key');
  const clientKey = file('id_ed25519');
  const otherHostKey = file('other_host_ed25519_key');
  const sshdConfig = file('sshd_config');
  const pidFile = file('sshd.pid');
  const configFile = file('ssh_config');
  const wrongConfigFile = file('ssh_config_wrong_host_key');
  const user = userInfo().username;

  await Promise.all([
    keygen(hostKey, 'flotilla-test-host'),
    keygen(clientKey, 'flotilla-test-client'),
    keygen(otherHostKey, 'flotilla-test-other-host'),
  ]);
  writeFileSync(file('authorized_keys'), `${publicKey(clientKey)}\n`, { mode: 0o600 });
  const hostKeyFingerprint = (await runOk('ssh-keygen', ['-lf', `${hostKey}.pub`])).trim().split(/\s+/)[1];

  const writeConfigs = (port: number, extra: string[]) => {
    const server = [
      'ListenAddress 127.0.0.1',
      `Port ${port}`,
      `HostKey ${quote(hostKey)}`,
      `PidFile ${quote(pidFile)}`,
      `AuthorizedKeysFile ${quote(file('authorized_keys'))}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      'StrictModes no',
      'PrintMotd no',
      'PrintLastLog no',
      'UseDNS no',
      'X11Forwarding no',
      'MaxStartups 100',
      'MaxSessions 100',
      'Subsystem sftp internal-sftp',
      ...extra,
    ];
    writeFileSync(sshdConfig, `${server.join('\n')}\n`, { mode: 0o600 });
    const client = (knownHosts: string) =>
      [
        `Host ${SSHD_HOST}`,
        '  HostName 127.0.0.1',
        `  Port ${port}`,
        `  User ${user}`,
        `  IdentityFile ${quote(clientKey)}`,
        '  IdentitiesOnly yes',
        '  IdentityAgent none',
        '  PreferredAuthentications publickey',
        `  UserKnownHostsFile ${quote(knownHosts)}`,
        '  GlobalKnownHostsFile /dev/null',
        '  StrictHostKeyChecking yes',
        '  UpdateHostKeys no',
        '  CheckHostIP no',
        '  BatchMode yes',
        '  LogLevel ERROR',
        '  ControlMaster no',
        '  ControlPath none',
        '  ConnectTimeout 10',
        '',
      ].join('\n');
    writeFileSync(file('known_hosts'), `[127.0.0.1]:${port} ${publicKey(hostKey)}\n`, { mode: 0o600 });
    writeFileSync(file('known_hosts_wrong'), `[127.0.0.1]:${port} ${publicKey(otherHostKey)}\n`, { mode: 0o600 });
    writeFileSync(configFile, client(file('known_hosts')), { mode: 0o600 });
    writeFileSync(wrongConfigFile, client(file('known_hosts_wrong')), { mode: 0o600 });
  };

  // Which optional lines this sshd accepts: once per process, against a real config.
  if (!optionalLines) {
    const accepted: string[] = [];
    for (const line of OPTIONAL_SSHD_LINES) {
      writeConfigs(1, [...accepted, line]);
      if ((await run(SSHD, ['-t', '-f', sshdConfig])).code === 0) accepted.push(line);
    }
    optionalLines = accepted;
  }

  const launch = async (port: number): Promise<Running> => {
    writeConfigs(port, optionalLines!);
    const child = spawn(SSHD, ['-D', '-e', '-f', sshdConfig], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    let gone = false;
    child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-16_000)));
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', (error) => {
        log += `\n${error.message}`;
        resolve();
      });
    }).then(() => {
      gone = true;
    });
    const running: Running = { child, exited, hasExited: () => gone, log: () => log };
    const fail = async (why: string): Promise<never> => {
      child.kill('SIGKILL');
      await exited;
      throw new SshdExited(`sshd on port ${port}: ${why}\n${log.trim()}`, log);
    };
    const deadline = Date.now() + 10_000;
    // Its own "listening" line first: a connection alone could reach whoever took the port.
    while (!(/Server listening on/.test(log) && (await acceptsConnections(port)))) {
      if (gone) return fail('exited before it listened');
      if (Date.now() > deadline) return fail('not listening after 10 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    const probe = await run('ssh', ['-F', configFile, SSHD_HOST, 'true']);
    if (gone) return fail('exited');
    if (probe.code !== 0) return fail(`ssh ${SSHD_HOST} true failed (${probe.code}): ${probe.stderr.trim()}`);
    return running;
  };

  /** Launches on `port`; on "Address already in use", once more (on `retryPort()` if given). */
  const launchRetrying = async (port: number, retryPort?: () => Promise<number>) => {
    try {
      return { port, running: await launch(port) };
    } catch (error) {
      if (!(error instanceof SshdExited) || !/Address already in use/i.test(error.log)) throw error;
      const next = retryPort ? await retryPort() : port;
      return { port: next, running: await launch(next) };
    }
  };

  const kill = async (running: Running) => {
    const pid = running.child.pid;
    if (pid !== undefined && !running.hasExited()) {
      // Sessions first, while they are still sshd's children (they outlive a listener killed alone).
      for (const p of descendants(pid)) signal(p, 'SIGKILL');
      signal(pid, 'SIGTERM');
      const timer = setTimeout(() => signal(pid, 'SIGKILL'), 3_000);
      await running.exited;
      clearTimeout(timer);
    }
  };

  const first = await launchRetrying(await freePort(), freePort);
  const port = first.port;
  let running: Running | undefined = first.running;
  let stopped = false;
  // Never leave an sshd behind if the test process exits without stop().
  const onExit = () => {
    const pid = running?.child.pid;
    if (pid === undefined || running?.hasExited()) return;
    for (const p of descendants(pid)) signal(p, 'SIGKILL');
    signal(pid, 'SIGKILL');
  };
  process.on('exit', onExit);

  return {
    port,
    dir,
    configFile,
    host: SSHD_HOST,
    hostKeyFingerprint,
    get pid() {
      return running?.child.pid ?? 0;
    },
    async restart() {
      if (stopped) throw new Error('sshd: restart() after stop()');
      if (running) await kill(running);
      running = undefined;
      running = (await launchRetrying(port)).running;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', onExit);
      if (running) await kill(running);
      rmSync(dir, { recursive: true, force: true });
    },
    wrongHostKeyConfig: () => wrongConfigFile,
  };
}
