import type { Channel } from './channel';
import type { ClientFrame, EventName, HostEvents, HostFrame, Method, MethodResults, Params } from './protocol';
import { fail, type Result } from './result';
import type { AttachSnapshot } from './types';

/**
 * Where an attached session's screen and then its live output go (a tile's xterm, a test). A
 * screen replaces everything shown before it: the first comes with the attach, later ones when
 * the client fell behind. Both are acknowledged (`ack`) once parsed, like output.
 */
export interface TerminalSink {
  screen(snapshot: AttachSnapshot): void;
  data(data: string): void;
}

type Listener = (payload: never) => void;
type Delivery = { data: string } | { screen: AttachSnapshot };
const deliver = (sink: TerminalSink, d: Delivery) => ('data' in d ? sink.data(d.data) : sink.screen(d.screen));

/**
 * The typed client of the host protocol, over any transport. Plain TS: the renderer uses it,
 * and so do the host tests, so both sides of the contract are exercised by the same code.
 */
export class HostClient {
  private nextId = 1;
  private readonly pending = new Map<number, (r: Result<unknown>) => void>();
  private readonly listeners = new Map<EventName, Set<Listener>>();
  private readonly outputs = new Map<string, (delivery: Delivery) => void>();
  private readonly closeListeners = new Set<() => void>();
  private readonly frameListeners = new Set<(frame: Exclude<HostFrame, { t: 'res' }>) => void>();
  private closed = false;
  /** Why the other side had no host to offer (a 'failed' frame), if it said. */
  failure: string | null = null;

  constructor(private readonly channel: Channel<HostFrame, ClientFrame>) {
    channel.onMessage((frame) => this.receive(frame));
    channel.onClose(() => this.handleClose());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  request<M extends Method>(method: M, params: Params<M>): Promise<Result<MethodResults[M]>> {
    if (this.closed) return Promise.resolve(fail('DISCONNECTED', 'Not connected to the Flotilla host.'));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve as (r: Result<unknown>) => void);
      this.channel.send({ t: 'req', id, m: method, p: params });
    });
  }

  on<E extends EventName>(event: E, listener: (payload: HostEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  /** Every frame but answers, as it came (a relay passes them on: the daemon's remote hosts). */
  onFrame(listener: (frame: Exclude<HostFrame, { t: 'res' }>) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /**
   * Keystrokes and pastes, fire-and-forget. A large paste goes as several frames of at most
   * INPUT_FRAME_CHARS (never splitting a surrogate pair), so no frame nears a transport's limit.
   */
  input(sessionId: string, data: string): void {
    if (this.closed) return;
    for (const piece of inputFrames(data)) this.channel.send({ t: 'in', s: sessionId, d: piece });
  }

  /** Tell the host that `chars` characters of output or screen were parsed, so it may send more. */
  ack(sessionId: string, chars: number): void {
    if (!this.closed && chars > 0) this.channel.send({ t: 'ack', s: sessionId, n: chars });
  }

  /**
   * Attach to a session: the sink gets the screen first, then every later byte exactly once, or,
   * after falling behind, newer screens instead of bytes. Output that races ahead of the reply is
   * held back until the screen is painted.
   */
  async attach(sessionId: string, sink: TerminalSink): Promise<Result<AttachSnapshot>> {
    let early: Delivery[] | null = [];
    const route = (d: Delivery) => (early ? early.push(d) : deliver(sink, d));
    this.outputs.set(sessionId, route);
    const result = await this.request('sessions.attach', { sessionId });
    if (this.outputs.get(sessionId) !== route) return result; // detached or re-attached meanwhile
    if (!result.ok) {
      this.outputs.delete(sessionId);
      return result;
    }
    sink.screen(result.value);
    const queued = early;
    early = null;
    for (const d of queued) deliver(sink, d);
    return result;
  }

  detach(sessionId: string): Promise<Result<null>> {
    this.outputs.delete(sessionId);
    return this.request('sessions.detach', { sessionId });
  }

  close(): void {
    this.channel.close();
    this.handleClose();
  }

  private receive(frame: HostFrame): void {
    if (frame.t !== 'res') for (const listener of this.frameListeners) listener(frame);
    switch (frame.t) {
      case 'out':
        this.outputs.get(frame.s)?.({ data: frame.d });
        break;
      case 'sync':
        this.outputs.get(frame.s)?.({ screen: frame.d });
        break;
      case 'res': {
        const resolve = this.pending.get(frame.id);
        this.pending.delete(frame.id);
        resolve?.(frame.r);
        break;
      }
      case 'evt':
        for (const listener of this.listeners.get(frame.e) ?? []) (listener as (p: unknown) => void)(frame.p);
        break;
      case 'failed':
        this.failure = frame.reason;
        this.close();
        break;
    }
  }

  private handleClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const resolve of this.pending.values())
      resolve(fail('DISCONNECTED', 'The connection to the Flotilla host closed.'));
    this.pending.clear();
    this.outputs.clear();
    for (const listener of this.closeListeners) listener();
  }
}

/** Characters per input frame: 64 K UTF-16 units are at most 192 KiB of UTF-8, far under 4 MiB. */
export const INPUT_FRAME_CHARS = 64 * 1024;

export function inputFrames(data: string, size = INPUT_FRAME_CHARS): string[] {
  if (data.length <= size) return [data];
  const frames: string[] = [];
  for (let at = 0; at < data.length;) {
    let end = Math.min(at + size, data.length);
    const last = data.charCodeAt(end - 1);
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) end--; // keep a pair together
    frames.push(data.slice(at, end));
    at = end;
  }
  return frames;
}
