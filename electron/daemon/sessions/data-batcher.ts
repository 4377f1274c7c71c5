import { FlowControl } from '../../common/flow-control';

/**
 * Coalesces pty chunks into few messages (VS Code TerminalDataBufferer, Hyper's batcher), without
 * delaying a lone chunk: the first chunk after a quiet spell goes out at once (a keystroke's
 * echo), and opens a window of `ms` in which what follows is gathered into one message (sent at
 * once if it reaches `maxChars`). A flood thus goes out as one message per window.
 */
export class DataBatcher {
  private chunks: string[] = [];
  private size = 0;
  private window: NodeJS.Timeout | undefined;

  constructor(
    private readonly deliver: (data: string) => void,
    private readonly ms: number = FlowControl.batchMs,
    private readonly maxChars: number = FlowControl.batchMaxChars,
  ) {}

  push(data: string): void {
    this.chunks.push(data);
    this.size += data.length;
    if (!this.window || this.size >= this.maxChars) this.flush();
  }

  /** Sends what is waiting now; what follows within the next window is gathered. */
  flush(): void {
    clearTimeout(this.window);
    this.window = undefined;
    if (this.size === 0) return;
    const data = this.chunks.length === 1 ? this.chunks[0] : this.chunks.join('');
    this.chunks = [];
    this.size = 0;
    this.deliver(data);
    this.window = setTimeout(() => this.flush(), this.ms);
  }

  dispose(): void {
    clearTimeout(this.window);
    this.window = undefined;
    this.chunks = [];
    this.size = 0;
  }
}
