import { FlowControl } from '../../common/flow-control';

/**
 * Ack-based flow control between a pty and the host's mirror of it, which must parse every byte
 * (xterm throws away data past 50 MB pending): pause the pty when the mirror is more than the
 * high watermark behind, resume once it is below the low one. Clients never hold the pty back:
 * one that lags gets frames instead (client-stream.ts).
 */
export class Backpressure {
  private unacked = 0;
  private paused = false;

  constructor(
    private readonly pause: () => void,
    private readonly resume: () => void,
    private readonly high: number = FlowControl.highWatermarkChars,
    private readonly low: number = FlowControl.lowWatermarkChars,
  ) {}

  get isPaused(): boolean {
    return this.paused;
  }

  /** The mirror has parsed everything sent to it. */
  get isSettled(): boolean {
    return this.unacked === 0;
  }

  sent(chars: number): void {
    this.unacked += chars;
    if (!this.paused && this.unacked > this.high) {
      this.paused = true;
      this.pause();
    }
  }

  acked(chars: number): void {
    this.unacked = Math.max(0, this.unacked - chars);
    if (this.paused && this.unacked < this.low) {
      this.paused = false;
      this.resume();
    }
  }
}
