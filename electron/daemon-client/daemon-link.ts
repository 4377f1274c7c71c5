import type { Socket } from 'node:net';
import type { Channel } from '../common/channel';
import { asOneLine } from '../common/json-channel';
import { RestartPolicy } from '../common/restart-policy';
import { daemonPaths } from './daemon-paths';
import { connectDaemon, startDaemon, type DaemonLaunch } from './daemon-starter';
import { byteLineSocket } from './line-socket';

/** What a front end is told when there is no daemon to reach: the renderer shows the reason. */
export const failedFrame = (reason: string) => JSON.stringify({ t: 'failed', reason });

const LOCKED_WAIT_MS = 10_000;

/**
 * A front end's way to the daemon (`serve`, the desktop app's bridge): connects, starting the
 * daemon when none runs, and bridges each client to a connection of its own, so the daemon sees
 * every window as the client it is. A daemon that keeps dying is not restarted forever: after
 * RestartPolicy's limit every client hears why, and nothing is started again.
 */
export class DaemonLink {
  private readonly restarts = new RestartPolicy();
  private starting: Promise<void> | undefined;
  private seenRunning = false;
  private attempts = 0;
  private lastReason = 'it stopped unexpectedly';
  private failure: string | undefined;

  constructor(
    private readonly launch: DaemonLaunch,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** Found on each use, so an unsafe socket folder is a reason a client hears, not a crash. */
  private get socketPath(): string {
    return daemonPaths(this.launch.dataDir).socket;
  }

  /** A new connection to the daemon; rejects with a reason a person can act on. */
  async connect(): Promise<Socket> {
    if (this.failure) throw new Error(this.failure);
    const running = await connectDaemon(this.socketPath);
    if (running) {
      this.seenRunning = true;
      return running;
    }
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    await this.starting;
    const socket = await connectDaemon(this.socketPath);
    if (!socket) throw new Error(`The Flotilla daemon started but does not answer on ${this.socketPath}.`);
    this.seenRunning = true;
    return socket;
  }

  private async start(): Promise<void> {
    // Every start after the first is a restart, and counts against the limit.
    if (this.attempts++ > 0 || this.seenRunning) {
      this.log(`starting the daemon again (${this.lastReason})`);
      const decision = this.restarts.exited(this.lastReason);
      if (!decision.restart) {
        this.failure = decision.why;
        throw new Error(decision.why);
      }
    }
    try {
      await startDaemon(this.launch);
      this.lastReason = 'it stopped unexpectedly';
    } catch (e) {
      const error = e as Error & { locked?: boolean };
      // Another front end is starting it right now: wait for its socket instead.
      if (error.locked && (await this.waitForSocket())) return;
      this.lastReason = error.message;
      throw error;
    }
  }

  private async waitForSocket(): Promise<boolean> {
    const until = Date.now() + LOCKED_WAIT_MS;
    while (Date.now() < until) {
      const socket = await connectDaemon(this.socketPath);
      if (socket) return (socket.destroy(), true);
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  }

  /**
   * Joins a front end's channel of JSON texts to a daemon connection of its own. Messages that
   * come before the daemon answers wait; either side closing closes the other.
   */
  bridge(front: Channel<string, string | Buffer>): void {
    const waiting: string[] = [];
    let back: Channel<Buffer, string | Buffer> | undefined;
    let frontClosed = false;
    front.onMessage((text) => (back ? back.send(asOneLine(text)) : waiting.push(asOneLine(text))));
    front.onClose(() => {
      frontClosed = true;
      back?.close();
    });
    this.connect().then(
      (socket) => {
        if (frontClosed) return void socket.destroy();
        back = byteLineSocket(socket, this.log);
        back.onMessage((line) => front.send(line));
        back.onClose(() => front.close());
        for (const text of waiting.splice(0)) back.send(text);
      },
      (e: Error) => {
        this.log(`no daemon for a client: ${e.message}`);
        front.send(failedFrame(e.message));
        front.close();
      },
    );
  }
}
