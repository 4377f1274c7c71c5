import { FlowControl } from '../../common/flow-control';
import type { AttachSnapshot } from '../../common/types';
import type { Disposable } from '../../common/lifecycle';

/**
 * One client's frame budget: its streams that are behind share `framesPerSecond`, since what
 * a frame costs the client is drawing it. Owned by the client's connection, gone with it.
 */
export class FrameBudget {
  private readonly behind = new Set<ClientStream>();

  join(stream: ClientStream): void {
    this.behind.add(stream);
  }

  leave(stream: ClientStream): void {
    this.behind.delete(stream);
  }

  /** How often each stream that is behind may send a frame. */
  interval(): number {
    return Math.max(FlowControl.frameMs, (1000 * this.behind.size) / FlowControl.framesPerSecond);
  }
}

/** Anything that receives a session's output: one per attached client connection. */
export interface OutputSink {
  output(sessionId: string, data: string): void;
  /** Replaces the client's screen; live output, if any, continues after it. */
  sync(sessionId: string, snapshot: AttachSnapshot): void;
  readonly frames: FrameBudget;
}

/** What a stream needs from its session to bring a client up to date. */
export interface SnapshotSource {
  /** Delivers the pending batch, so the next snapshot is exactly at the end of what was delivered. */
  flush(): void;
  /** Everything written so far; `full` adds the mirror's scrollback, otherwise only the screen. */
  snapshot(full: boolean): Promise<AttachSnapshot>;
  /** Whether the mirror has parsed all that was read (a pty held back for it is not quiet). */
  settled(): boolean;
}

type Mode = 'live' | 'behind' | 'syncing';

/**
 * One client's view of one session. While the client keeps up it gets every byte ('live'). A
 * client more than `behindChars` behind stops getting bytes ('behind'): it gets screen frames
 * from the host's mirror instead, only once it has painted the last one and at most
 * `framesPerSecond` in all for its sessions that are behind, so a flood costs it a few small
 * repaints a second rather than a backlog it would parse for seconds. When output slows below
 * `catchUpChars` a frame, or stops for `quietMs`, it gets the screen with scrollback and goes live
 * again. The pty is never held back for a client: only for the host's mirror.
 */
export class ClientStream implements Disposable {
  private mode: Mode = 'live';
  /** Where a sync under way leaves the client. */
  private after: 'live' | 'behind' = 'live';
  private unacked = 0;
  /** Characters of the last screen sent, acknowledged first: a repaint does not count as lag. */
  private screenCredit = 0;
  /** Live output that came while the snapshot that precedes it was being taken. */
  private held: string[] = [];
  private charsSinceFrame = 0;
  private lastFrameAt = 0;
  private lastOutputAt = 0;
  /** Output stopped while behind: catch up without waiting for the next frame. */
  private quiet = false;
  private timer: NodeJS.Timeout | undefined;
  private quietTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private readonly sessionId: string,
    private readonly sink: OutputSink,
    private readonly source: SnapshotSource,
  ) {}

  get isLive(): boolean {
    return this.mode === 'live';
  }

  /** The client was sent this screen some other way (the attach reply): it acknowledges it too. */
  screenSent(chars: number): void {
    this.unacked += chars;
    this.screenCredit += chars;
  }

  output(data: string): void {
    if (this.mode === 'live') {
      this.unacked += data.length;
      this.sink.output(this.sessionId, data);
      if (this.unacked - this.screenCredit > FlowControl.behindChars) this.fallBehind();
    } else if (this.mode === 'syncing' && this.after === 'live') {
      this.held.push(data);
    } else {
      this.charsSinceFrame += data.length;
      this.heard();
      if (this.mode === 'behind') this.pump();
    }
  }

  /** Output came that the client did not get as bytes: not quiet, and watch for when it is. */
  private heard(): void {
    this.lastOutputAt = Date.now();
    this.quiet = false;
    this.watchQuiet(FlowControl.quietMs);
  }

  /**
   * Marks the stream quiet once no output came for `quietMs`. The last look waits for the
   * event loop's I/O phase and flushes the batch, so a host that was busy does not mistake
   * unread output for silence.
   */
  private watchQuiet(delay: number): void {
    if (this.quietTimer) return;
    this.quietTimer = setTimeout(() => {
      const wait = this.lastOutputAt + FlowControl.quietMs - Date.now();
      if (wait > 0) {
        this.quietTimer = undefined;
        return this.watchQuiet(wait);
      }
      setImmediate(() => {
        this.quietTimer = undefined;
        if (this.disposed || this.mode === 'live') return;
        this.source.flush();
        if (Date.now() - this.lastOutputAt < FlowControl.quietMs) return; // output came after all
        if (!this.source.settled()) return this.watchQuiet(FlowControl.quietMs);
        this.quiet = true;
        this.pump();
      });
    }, delay);
  }

  acked(chars: number): void {
    this.screenCredit = Math.max(0, this.screenCredit - chars);
    this.unacked = Math.max(0, this.unacked - chars);
    if (this.mode === 'behind') this.pump();
  }

  private fallBehind(): void {
    this.mode = 'behind';
    this.charsSinceFrame = 0;
    this.heard();
    this.lastFrameAt = Date.now();
    this.sink.frames.join(this);
    this.pump();
  }

  /**
   * Once the client has painted the last screen: the full screen at once if output stopped,
   * otherwise the next frame when its interval has passed.
   */
  private pump(): void {
    if (this.mode !== 'behind' || this.unacked > FlowControl.lowWatermarkChars) return;
    if (this.quiet) {
      clearTimeout(this.timer);
      this.timer = undefined;
      return void this.sync('live');
    }
    if (this.timer) return;
    const wait = this.lastFrameAt + this.sink.frames.interval() - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, wait);
      return;
    }
    void this.sync(this.charsSinceFrame <= FlowControl.catchUpChars ? 'live' : 'behind');
  }

  private async sync(after: 'live' | 'behind'): Promise<void> {
    // The session's pending batch is in the snapshot: delivered now it is skipped, not held (and
    // in 'syncing' its delivery cannot start a second sync).
    this.mode = 'syncing';
    this.after = 'behind';
    this.source.flush();
    this.after = after;
    this.charsSinceFrame = 0;
    this.quiet = false;
    const snapshot = await this.source.snapshot(after === 'live');
    if (this.disposed) return;
    this.screenSent(snapshot.screen.length);
    this.sink.sync(this.sessionId, snapshot);
    this.lastFrameAt = Date.now();
    this.mode = after;
    if (after === 'behind') return this.pump();
    this.sink.frames.leave(this);
    const held = this.held;
    this.held = [];
    for (const data of held) this.output(data);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    clearTimeout(this.quietTimer);
    this.sink.frames.leave(this);
    this.held = [];
  }
}
