import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FlowControl } from '../../electron/common/flow-control';
import type { AttachSnapshot } from '../../electron/common/types';
import { ClientStream, type OutputSink } from '../../electron/host/sessions/client-stream';

/** What the client was sent, in order: bytes as they are, screens as [screen:full|frame]. */
function recorder() {
  const log: string[] = [];
  const sink: OutputSink = {
    output: (_id, data) => log.push(data),
    sync: (_id, snapshot) => log.push(`[screen:${snapshot.screen}]`),
  };
  return { log, sink };
}

describe('client stream (a client that falls behind)', () => {
  let snapshots: Array<{ full: boolean; resolve: (s: AttachSnapshot) => void }>;
  let flushed: Array<() => void>;
  const source = {
    flush: () => flushed.shift()?.(),
    snapshot: (full: boolean) => new Promise<AttachSnapshot>((resolve) => snapshots.push({ full, resolve })),
  };
  const answer = (screen: string) => snapshots.shift()!.resolve({ sessionId: 's', screen, cols: 80, rows: 24 });
  const big = 'x'.repeat(FlowControl.behindChars + 1);

  beforeEach(() => {
    vi.useFakeTimers();
    snapshots = [];
    flushed = [];
  });
  afterEach(() => vi.useRealTimers());

  it('sends bytes while the client keeps up, nothing once it is behind, then a frame when it has caught up', async () => {
    const { log, sink } = recorder();
    const stream = new ClientStream('s', sink, source);
    stream.output('a');
    stream.output(big);
    expect(stream.isLive).toBe(false);
    stream.output('b'.repeat(FlowControl.catchUpChars + 1)); // still flooding
    expect(log).toEqual(['a', big]);
    vi.advanceTimersByTime(FlowControl.frameMs * 4);
    expect(snapshots).toEqual([]); // not before the client has parsed what it has
    stream.acked(1 + big.length);
    vi.advanceTimersByTime(FlowControl.frameMs);
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
});
