import { FlowControl } from '../../common/flow-control';

/**
 * Ack-based flow control over several consumers (each attached client, plus the host's own
 * mirror): the pty pauses when any of them is more than the high watermark behind, and resumes
 * once all are below the low one. A consumer that leaves stops counting.
 */
export class Backpressure<C> {
  private readonly unacked = new Map<C, number>();
  private readonly lastAck = new Map<C, number>();
  private paused = false;
  private stallTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pause: () => void,
    private readonly resume: () => void,
    private readonly high: number = FlowControl.highWatermarkChars,
    private readonly low: number = FlowControl.lowWatermarkChars,
    private readonly stallMs: number = FlowControl.stallForgiveMs,
  ) {}

  get isPaused(): boolean {
    return this.paused;
  }

  sent(consumer: C, chars: number): void {
    if (!this.lastAck.has(consumer)) this.lastAck.set(consumer, Date.now());
    const n = (this.unacked.get(consumer) ?? 0) + chars;
    this.unacked.set(consumer, n);
    if (!this.paused && n > this.high) {
      this.paused = true;
      this.pause();
      this.watchStall();
    }
  }

  /** While paused, forgive consumers that stopped acknowledging altogether. */
  private watchStall(): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      if (!this.paused) return;
      const now = Date.now();
      for (const [consumer, n] of this.unacked) {
        if (n >= this.low && now - (this.lastAck.get(consumer) ?? now) >= this.stallMs) this.unacked.set(consumer, 0);
      }
      this.maybeResume();
      if (this.paused) this.watchStall();
    }, this.stallMs);
    this.stallTimer.unref?.();
  }

  acked(consumer: C, chars: number): void {
    const n = this.unacked.get(consumer);
    if (n === undefined) return;
    this.lastAck.set(consumer, Date.now());
    this.unacked.set(consumer, Math.max(0, n - chars));
    this.maybeResume();
  }

  remove(consumer: C): void {
    this.unacked.delete(consumer);
    this.lastAck.delete(consumer);
    this.maybeResume();
  }

  private maybeResume(): void {
    if (!this.paused) return;
    for (const n of this.unacked.values()) if (n >= this.low) return;
    this.paused = false;
    clearTimeout(this.stallTimer);
    this.resume();
  }
}
