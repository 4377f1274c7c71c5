import { Terminal } from '@xterm/headless';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { visibleRows } from '../../electron/common/visible-rows';
import { connectTerminal, SLICE_CHARS } from '../../renderer/src/terminal/terminal-sink';

/** A tile's xterm (headless here) joined to a client that records what the sink tells the host. */
function tile(fitted: { cols: number; rows: number }) {
  const term = new Terminal({ cols: 80, rows: 24, scrollback: 100, allowProposedApi: true });
  const acks: number[] = [];
  const requests: unknown[] = [];
  const unseen = vi.fn();
  const refit = vi.fn(() => term.resize(fitted.cols, fitted.rows));
  const client = {
    ack: (_id: string, chars: number) => void acks.push(chars),
    request: (method: string, params: unknown) => {
      requests.push({ method, params });
      return Promise.resolve({ ok: true as const, value: null });
    },
  };
  const sink = connectTerminal(term, 's1', client as never, { refit, unseen });
  const acked = (count: number) => vi.waitFor(() => expect(acks).toHaveLength(count));
  /** Every timer has run: the resize debounce, and the parsing of whatever was written. */
  const settled = () => vi.runAllTimersAsync();
  return { term, sink, acks, requests, unseen, refit, acked, settled };
}

const screen = (lines: string[], cols = 40, rows = 10) => ({ sessionId: 's1', screen: lines.join('\r\n'), cols, rows });

describe('a tile’s terminal sink', () => {
  let dispose: (() => void) | undefined;
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    dispose?.();
    vi.useRealTimers();
  });

  it('paints the first screen at its size, acks it once parsed, then asks once for the tile’s size', async () => {
    const t = tile({ cols: 60, rows: 20 });
    dispose = t.sink.dispose;
    const first = screen(['$ make', 'ok']);
    t.sink.screen(first);
    await t.acked(1);
    expect(t.acks).toEqual([first.screen.length]);
    expect(visibleRows(t.term).slice(0, 2)).toEqual(['$ make', 'ok']);
    expect(t.unseen).not.toHaveBeenCalled();
    await t.settled();
    expect(t.requests).toEqual([{ method: 'sessions.resize', params: { sessionId: 's1', cols: 60, rows: 20 } }]);
  });

  it('replaces everything, scrollback included, with a later screen, and never asks again for a screen at another size', async () => {
    const t = tile({ cols: 60, rows: 20 });
    dispose = t.sink.dispose;
    t.sink.screen(screen(['first']));
    await t.acked(1);
    await t.settled();
    t.sink.data(Array.from({ length: 50 }, (_, i) => `old line ${i}\r\n`).join(''));
    await t.acked(2);
    expect(t.term.buffer.active.length).toBeGreaterThan(20);

    // Another window resized the session: the frame comes at its size.
    const later = screen(['frame from the mirror'], 100, 30);
    t.sink.screen(later);
    await t.acked(3);
    expect(t.acks[2]).toBe(later.screen.length);
    expect(visibleRows(t.term)[0]).toBe('frame from the mirror');
    expect(t.term.buffer.active.length).toBe(t.term.rows);
    await t.settled();
    expect(t.requests).toHaveLength(1);
    expect(t.unseen).toHaveBeenCalledTimes(2); // the output and the later screen
  });

  it('fits the tile (a layout read) only for the first screen and for screens at another size', async () => {
    const t = tile({ cols: 60, rows: 20 });
    dispose = t.sink.dispose;
    t.sink.screen(screen(['first']));
    await t.acked(1);
    expect(t.refit).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 5; i++) t.sink.screen(screen([`frame ${i}`], 60, 20));
    await t.acked(6);
    expect(visibleRows(t.term)[0]).toBe('frame 4');
    expect(t.refit).toHaveBeenCalledTimes(1);
    t.sink.screen(screen(['smaller'], 30, 8));
    await t.acked(7);
    expect(t.refit).toHaveBeenCalledTimes(2);
    expect([t.term.cols, t.term.rows]).toEqual([60, 20]);
  });

  it('acks output with its length once parsed and asks for a new size after the tile is resized', async () => {
    const t = tile({ cols: 60, rows: 20 });
    dispose = t.sink.dispose;
    t.sink.screen(screen(['$ ']));
    await t.acked(1);
    t.term.write('\r');
    t.sink.data('héllo\r\n');
    await t.acked(2);
    expect(t.acks[1]).toBe('héllo\r\n'.length);
    expect(visibleRows(t.term)[0]).toBe('héllo');
    t.term.resize(70, 22);
    t.term.resize(72, 24);
    await t.settled();
    expect(t.requests.at(-1)).toEqual({ method: 'sessions.resize', params: { sessionId: 's1', cols: 72, rows: 24 } });
    expect(t.requests).toHaveLength(2); // debounced: the fit, then the last of the two resizes
  });

  it('asks nothing before the first screen is shown, and nothing after it is disposed', async () => {
    const t = tile({ cols: 60, rows: 20 });
    t.term.resize(50, 15);
    await t.settled();
    expect(t.requests).toEqual([]);
    t.sink.screen(screen(['x']));
    await t.acked(1);
    t.sink.dispose();
    t.term.resize(90, 25);
    await t.settled();
    expect(t.requests).toHaveLength(1);
  });

  it('writes big output and screens in slices, each acked once parsed, without splitting a character', async () => {
    const t = tile({ cols: 60, rows: 20 });
    dispose = t.sink.dispose;
    t.sink.screen(screen(['first']));
    await t.acked(1);
    // An emoji (two UTF-16 units) straddles the first slice's end.
    const data = `${'a'.repeat(SLICE_CHARS - 1)}😀tail\r\nend`;
    t.sink.data(data);
    await vi.waitFor(() => expect(t.acks.slice(1).reduce((a, b) => a + b, 0)).toBe(data.length));
    expect(t.acks.slice(1)).toEqual([SLICE_CHARS + 1, 'tail\r\nend'.length]);
    const rows = visibleRows(t.term).filter(Boolean);
    expect(rows.at(-1)).toBe('end');
    expect(rows.at(-2)).toMatch(/a😀tail$/);

    const tall = Array.from({ length: 3000 }, (_, i) => `line ${i}`);
    const big = screen(tall, 60, 20);
    t.acks.length = 0;
    t.sink.screen(big);
    await vi.waitFor(() => expect(t.acks.reduce((a, b) => a + b, 0)).toBe(big.screen.length));
    expect(t.acks.length).toBeGreaterThan(1);
    expect(visibleRows(t.term).at(-1)).toBe('line 2999');
    expect(t.term.modes.synchronizedOutputMode).toBe(false); // drawing resumed after the last slice
  });
});
