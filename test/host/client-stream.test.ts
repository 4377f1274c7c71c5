import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FlowControl } from '../../electron/common/flow-control';
import type { AttachSnapshot } from '../../electron/common/types';
import { ClientStream, FrameBudget, type OutputSink } from '../../electron/daemon/sessions/client-stream';

/** What the client was sent, in order: bytes as they are, screens as [screen:full|frame]. */
function recorder() {
  const log: string[] = [];
  const sink: OutputSink = {
    output: (_id, data) => log.push(data),
    sync: (_id, snapshot) => log.push(`[screen:${snapshot.screen}]`),
    frames: new FrameBudget(),
  };
  return { log, sink };
}

describe('client stream (a client that falls behind)', () => {
  let snapshots: Array<{ full: boolean; resolve: (s: AttachSnapshot) => void }>;
  let flushed: Array<() => void>;
  let settled: boolean;
  const source = {
    flush: () => flushed.shift()?.(),
    snapshot: (full: boolean) => new Promise<AttachSnapshot>((resolve) => snapshots.push({ full, resolve })),
    settled: () => settled,
  };
  const answer = (screen: string) => snapshots.shift()!.resolve({ sessionId: 's', screen, cols: 80, rows: 24 });
  const big = 'x'.repeat(FlowControl.behindChars + 1);
  /** A program that keeps printing: a heavy chunk every 10 ms. */
  const flood = (streams: ClientStream[], ms: number) => {
    for (let t = 0; t < ms; t += 10) {
      streams.forEach((s) => s.output('b'.repeat(FlowControl.catchUpChars)));
      vi.advanceTimersByTime(10);
    }
  };

  beforeEach(() => {
    vi.useFakeTimers();
    snapshots = [];
    flushed = [];
    settled = true;
  });
  afterEach(() => vi.useRealTimers());

  it('sends bytes while the client keeps up, nothing once it is behind, then a frame when it has caught up', async () => {
    const { log, sink } = recorder();
    const stream = new ClientStream('s', sink, source);
    stream.output('a');
    stream.output(big);
    expect(stream.isLive).toBe(false);
    flood([stream], FlowControl.frameMs * 4);
    expect(log).toEqual(['a', big]);
    expect(snapshots).toEqual([]); // not before the client has parsed what it has
    stream.acked(1 + big.length);
    flood([stream], FlowControl.frameMs);
    expect(snapshots.map((s) => s.full)).toEqual([false]); // a screen only: output is still heavy
    answer('frame-1');
    await vi.advanceTimersByTimeAsync(0);
    expect(log.at(-1)).toBe('[screen:frame-1]');
    expect(stream.isLive).toBe(false);
  });

  it('goes live with the full screen once output slows, holding bytes that come while it is taken, in order and once', async () => {
    const { log, sink } = recorder();
    const stream = new ClientStream('s', sink, source);
    stream.output(big);
    stream.acked(big.length);
    // The batch pending at the switch is delivered first: it is in the snapshot, so it is not held.
    flushed.push(() => stream.output('in-the-snapshot'));
    vi.advanceTimersByTime(FlowControl.frameMs);
    expect(snapshots.map((s) => s.full)).toEqual([true]);
    stream.output('after-1');
    stream.output('after-2');
    answer('full');
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual([big, '[screen:full]', 'after-1', 'after-2']);
    expect(stream.isLive).toBe(true);
    stream.output('live');
    expect(log.at(-1)).toBe('live');
  });

  it('a repaint does not count as lag: the full screen alone never sends a client back to frames', async () => {
    const { sink } = recorder();
    const stream = new ClientStream('s', sink, source);
    stream.output(big);
    stream.acked(big.length);
    vi.advanceTimersByTime(FlowControl.frameMs);
    answer('s'.repeat(FlowControl.behindChars)); // a tall screen with its scrollback
    await vi.advanceTimersByTimeAsync(0);
    stream.output('next');
    expect(stream.isLive).toBe(true);
  });

  it('a wedged client costs nothing: no frames, no timers, until it acknowledges', () => {
    const { log, sink } = recorder();
    const stream = new ClientStream('s', sink, source);
    stream.output(big);
    for (let i = 0; i < 100; i++) stream.output('more');
    vi.advanceTimersByTime(10_000);
    expect(snapshots).toEqual([]);
    expect(log).toEqual([big]);
    expect(vi.getTimerCount()).toBe(0);
    stream.dispose();
  });

  it('catches up as soon as a flood stops (Ctrl-C), without waiting for the next frame', async () => {
    const { log, sink } = recorder();
    const stream = new ClientStream('s', sink, source);
    stream.output(big);
    stream.acked(big.length);
    flood([stream], 60);
    expect(snapshots.map((s) => s.full)).toEqual([]); // a frame is not due yet
    stream.output('^C\r\n$ ');
    await vi.advanceTimersByTimeAsync(FlowControl.quietMs + 1);
    expect(snapshots.map((s) => s.full)).toEqual([true]);
    answer('prompt');
    await vi.advanceTimersByTimeAsync(0);
    expect(log.at(-1)).toBe('[screen:prompt]');
    expect(stream.isLive).toBe(true);
  });

  it('catches up once quiet when the output that sent the client behind was the last', async () => {
    const { sink } = recorder();
    const stream = new ClientStream('s', sink, source);
    stream.output(big);
    stream.acked(big.length);
    await vi.advanceTimersByTimeAsync(FlowControl.quietMs + 1);
    expect(snapshots.map((s) => s.full)).toEqual([true]); // not a frame interval later
  });

  it('is not quiet while the mirror still parses what was read (the pty is held back for it)', async () => {
    const { sink } = recorder();
    const stream = new ClientStream('s', sink, source);
    stream.output(big);
    stream.acked(big.length);
    flood([stream], 20);
    settled = false;
    await vi.advanceTimersByTimeAsync(FlowControl.quietMs + 5);
    expect(snapshots).toEqual([]);
    settled = true;
    await vi.advanceTimersByTimeAsync(FlowControl.quietMs + 1);
    expect(snapshots.map((s) => s.full)).toEqual([true]);
  });

  it('shares one frame budget among a client’s sessions that are behind', () => {
    const { sink } = recorder();
    const streams = Array.from({ length: 6 }, (_, i) => new ClientStream(`s${i}`, sink, source));
    const other = new ClientStream('other-client', recorder().sink, source);
    for (const s of [...streams, other]) {
      s.output(big);
      s.acked(big.length);
    }
    const frames = (ms: number) => {
      snapshots = [];
      flood([...streams, other], ms);
      return snapshots.length;
    };
    const interval = (1000 * streams.length) / FlowControl.framesPerSecond;
    expect(interval).toBeGreaterThan(FlowControl.frameMs);
    // Each stream's first frame is due one interval after it fell behind: 6 × ~250 ms, 1 × 100 ms.
    expect(frames(FlowControl.frameMs + 10)).toBe(1);
    expect(frames(interval - FlowControl.frameMs)).toBe(streams.length);
    streams.forEach((s) => s.dispose());
    other.dispose();
  });
});
