import { FlowControl } from '../../common/flow-control';

/**
 * Coalesces pty chunks into one message per batch: sent batchMs after the first chunk, or at
 * once when maxChars are waiting (VS Code TerminalDataBufferer, Hyper's batcher).
 */
export class DataBatcher {
  private chunks: string[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deliver: (data: string) => void,
    private readonly ms: number = FlowControl.batchMs,
    private readonly maxChars: number = FlowControl.batchMaxChars,
  ) {}

  push(data: string): void {
    this.chunks.push(data);
    this.size += data.length;
    if (this.size >= this.maxChars) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.ms);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.size === 0) return;
    const data = this.chunks.length === 1 ? this.chunks[0] : this.chunks.join('');
    this.chunks = [];
    this.size = 0;
    this.deliver(data);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.chunks = [];
    this.size = 0;
  }
}
