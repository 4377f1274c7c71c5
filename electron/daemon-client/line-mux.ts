import type { Channel } from '../common/channel';

/**
 * Many protocol connections over one stream of lines (one ssh process per host), so every window
 * of this machine has a connection of its own to the host's daemon (its own attached sessions,
 * flow control and holds) without a process or a login per window. Three line shapes: `+N` opens
 * channel N (only the side that dials sends it), `-N` closes it (either side), `N <line>` is a line
 * of channel N.
 */
export type MuxLines = Channel<Buffer, string | Buffer>;

interface SubChannel extends Channel<string, string | Buffer> {
  deliver(line: Buffer): void;
  /** The other side closed it: no `-N` goes back. */
  ended(): void;
}

const OPEN = 0x2b; // +
const CLOSE = 0x2d; // -
const SPACE = 0x20;

function subChannel(n: number, lines: MuxLines, forget: () => void): SubChannel {
  const prefix = Buffer.from(`${n} `);
  const messageListeners = new Set<(line: string) => void>();
  const closeListeners = new Set<() => void>();
  let closed = false;
  const finish = () => {
    if (closed) return false;
    closed = true;
    forget();
    for (const listener of closeListeners) listener();
    return true;
  };
  return {
    send: (line) => {
      if (!closed) lines.send(Buffer.concat([prefix, typeof line === 'string' ? Buffer.from(line) : line]));
    },
    onMessage: (listener) => void messageListeners.add(listener),
    // A channel that ended before anyone listened (opened on a link that had just dropped) says so at once.
    onClose: (listener) => (closed ? listener() : void closeListeners.add(listener)),
    close: () => {
      if (finish()) lines.send(`-${n}`);
    },
    deliver: (line) => {
      const text = line.toString('utf8');
      for (const listener of messageListeners) listener(text);
    },
    ended: () => void finish(),
  };
}

/** Both ends: the channels open on this stream, what each incoming line is, and the end of all. */
class MuxEnd {
  protected readonly channels = new Map<number, SubChannel>();
  protected linesClosed = false;

  constructor(protected readonly lines: MuxLines) {
    lines.onMessage((line) => this.receive(line));
    lines.onClose(() => this.endAll());
  }

  /** Every channel ends here at once: nothing waits for the other side to say so. */
  protected endAll(): void {
    this.linesClosed = true;
    for (const channel of [...this.channels.values()]) channel.ended();
  }

  close(): void {
    this.endAll();
    this.lines.close();
  }

  /** The other side opened channel n. */
  protected opened(n: number): void {
    void n;
  }

  protected add(n: number): SubChannel {
    const channel = subChannel(n, this.lines, () => this.channels.delete(n));
    this.channels.set(n, channel);
    return channel;
  }

  private receive(line: Buffer): void {
    const first = line[0];
    if (first === OPEN || first === CLOSE) {
      const n = Number(line.subarray(1).toString());
      if (!Number.isSafeInteger(n)) return;
      if (first === CLOSE) this.channels.get(n)?.ended();
      else if (!this.channels.has(n)) this.opened(n);
      return;
    }
    const space = line.indexOf(SPACE);
    if (space <= 0) return;
    this.channels.get(Number(line.subarray(0, space).toString()))?.deliver(line.subarray(space + 1));
  }
}

/** The dialing side (this machine's daemon): opens channels. */
export class MuxClient extends MuxEnd {
  private next = 0;

  open(): Channel<string, string | Buffer> {
    const n = this.next++;
    const channel = this.add(n);
    if (this.linesClosed) channel.ended();
    else this.lines.send(`+${n}`);
    return channel;
  }
}

/** The answering side (`flotilla daemon connect --mux` on the host): each channel opened goes to `accept`. */
export class MuxServer extends MuxEnd {
  constructor(
    lines: MuxLines,
    private readonly accept: (channel: Channel<string, string | Buffer>) => void,
  ) {
    super(lines);
  }

  protected override opened(n: number): void {
    this.accept(this.add(n));
  }
}
