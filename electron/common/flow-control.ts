/**
 * Terminal hot-path constants, in one place because someone will tune them.
 * Anchors: VS Code FlowControlConstants (HighWatermarkChars 100000, LowWatermarkChars 5000,
 * CharCountAckSize 5000) and TerminalDataBufferer (5 ms throttle); Hyper's batcher (200 KiB cap).
 */
export const FlowControl = {
  /** A batch goes out this long after its first chunk arrived. */
  batchMs: 5,
  /** ...or at once when it holds this many characters. */
  batchMaxChars: 200 * 1024,
  /** Pause the pty when any consumer has this many characters unacknowledged. */
  highWatermarkChars: 100_000,
  /** Resume once every consumer is below this. */
  lowWatermarkChars: 5_000,
  /**
   * A consumer that has not acknowledged anything for this long while holding the pty paused
   * stops counting (a wedged or vanished client must not freeze the agent for everyone).
   */
  stallForgiveMs: 5_000,
} as const;
