import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel } from '../../electron/common/channel';
import { HostClient, type TerminalSink } from '../../electron/common/host-client';
import type { ClientFrame, HostFrame } from '../../electron/common/protocol';
import type { Result } from '../../electron/common/result';
import { createHost, type Host, type HostOptions } from '../../electron/daemon/host';
import { memoryChannelPair } from './memory-channel';

export function tempDir(prefix = 'flotilla-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Harness {
  host: Host;
  dataDir: string;
  /** The host's cache folder (check checkouts): beside the data folder, never in it. */
  cacheDir: string;
  connect(): HostClient;
  /** The client end of a channel with no client on it: for sending malformed frames. */
  connectRaw(): Channel<HostFrame, unknown>;
  close(): Promise<void>;
}

/**
 * A real host on a temp data folder, with clients over in-memory channels. Sessions start from
 * this process's environment unless `options` ask for the login shell's.
 */
export async function startHost(dataDir = tempDir(), options: Partial<HostOptions> = {}): Promise<Harness> {
  const cacheDir = options.cacheDir ?? `${dataDir}-cache`;
  const host = await createHost({ dataDir, loginShellEnv: false, cacheDir, ...options });
  const clients: HostClient[] = [];
  return {
    host,
    dataDir,
    cacheDir,
    connect() {
      const [clientEnd, hostEnd] = memoryChannelPair<ClientFrame, HostFrame>();
      host.connect(hostEnd, 'local');
      const client = new HostClient(clientEnd);
      clients.push(client);
      return client;
    },
    connectRaw() {
      const [clientEnd, hostEnd] = memoryChannelPair<unknown, HostFrame>();
      host.connect(hostEnd, 'local');
      return clientEnd;
    },
    async close() {
      for (const c of clients) c.close();
      await host.shutdown();
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/**
 * A sink that keeps everything it is sent, in order, and acks it at once (a fast, well-behaved
 * client), or only when told to (`autoAck` false: a client that has fallen behind).
 */
export class RecordingSink implements TerminalSink {
  /** Live output since the last screen. */
  text = '';
  /** The last screen. */
  screenData = '';
  screens = 0;
  received = 0;
  private acked = 0;
  constructor(
    private readonly client: HostClient,
    private readonly sessionId: string,
    private readonly autoAck = true,
  ) {}
  screen(snapshot: { screen: string }): void {
    this.screenData = snapshot.screen;
    this.text = '';
    this.screens++;
    this.take(snapshot.screen.length);
  }
  data(data: string): void {
    this.text += data;
    this.take(data.length);
  }
  private take(chars: number): void {
    this.received += chars;
    if (this.autoAck) this.ackAll();
  }
  /** Acknowledges everything received so far. */
  ackAll(): void {
    this.client.ack(this.sessionId, this.received - this.acked);
    this.acked = this.received;
  }
}

export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** git in `cwd`, its output trimmed (no editor: a revert or merge takes its message as is). */
export const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, stdio: 'pipe', env: { ...process.env, GIT_EDITOR: 'true' } })
    .toString()
    .trim();

/** Writes `file`, commits it alone with `message`, and answers the new commit's id. */
export function commitFile(cwd: string, file: string, content: string, message: string): string {
  writeFileSync(join(cwd, file), content);
  git(cwd, 'add', file);
  git(cwd, 'commit', '-q', '-m', message);
  return git(cwd, 'rev-parse', 'HEAD');
}

/** A real git repository in a temp folder, with `commits` commits. */
export function makeRepo(options: { commits?: number; dir?: string; mkdir?: boolean } = {}): string {
  const dir = options.dir ?? tempDir('flotilla-repo-');
  if (options.mkdir) mkdirSync(dir, { recursive: true });
  const run = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  run('init', '-q', '-b', 'main');
  run('config', 'user.email', 'test@flotilla.invalid');
  run('config', 'user.name', 'Flotilla Test');
  for (let i = 1; i <= (options.commits ?? 1); i++) {
    writeFileSync(join(dir, `file-${i}.txt`), `change ${i}\n`);
    run('add', '.');
    run('commit', '-q', '-m', `commit ${i}`);
  }
  return dir;
}
