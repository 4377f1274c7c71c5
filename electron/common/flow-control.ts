/**
 * Terminal hot-path constants, in one place because someone will tune them.
 * Anchors: VS Code FlowControlConstants (HighWatermarkChars 100000, LowWatermarkChars 5000,
 * CharCountAckSize 5000) and TerminalDataBufferer (5 ms throttle); Hyper's batcher (200 KiB cap).
 * Frames: tmux draws only the latest screen of a pane that outruns its client.
 */
export const FlowControl = {
  /** After a message goes out, what follows is gathered this long into the next one. */
  batchMs: 5,
  /** ...or at once when it holds this many characters. */
  batchMaxChars: 200 * 1024,
  /** Pause the pty when the host's mirror has this many characters still to parse. */
  highWatermarkChars: 100_000,
  /** Resume once it is below this; also: a client this close to done may get its next frame. */
  lowWatermarkChars: 5_000,
  /**
   * A client with this many characters unacknowledged stops getting bytes and gets screen frames
   * instead: a flood must not cost a window seconds of parsing, nor slow the program down.
   */
  behindChars: 100_000,
  /**
   * At most one frame this often per client and session (10 a second). Each frame repaints the
   * whole tile: 7 flooding tiles at 20 a second kept the renderer too busy to echo a key in the
   * 8th (bench: p99 +102 ms over bare node-pty at 20, +22 to +62 ms at 10).
   */
  frameMs: 100,
  /**
   * Frames a client gets per second in all, shared by its sessions that are behind: one flooding
   * tile gets 10 a second, seven get about 3.4 each (bench: echo p50 17 → 7 ms at 4 a second).
   */
  framesPerSecond: 24,
  /**
   * A client that is behind is brought up to date this soon after output stops (Ctrl-C on a
   * flood), not at its next frame: frames may be 300 ms apart.
   */
  quietMs: 30,
  /** A client that is behind goes live again once a frame interval brought no more than this. */
  catchUpChars: 16 * 1024,
} as const;
