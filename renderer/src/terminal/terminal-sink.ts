import type { HostClient, TerminalSink } from '../../../electron/common/host-client';

const RESIZE_DEBOUNCE_MS = 50;
/**
 * xterm parses for 12 ms, then yields, but only between writes: a 1000-line screen written at
 * once kept the page busy for up to 40 ms while a key's echo waited in another tile.
 */
export const SLICE_CHARS = 16 * 1024;

/** Writes `text` in slices of about SLICE_CHARS (never splitting a surrogate pair); `parsed` gets each one's length. */
function writeSliced(term: SinkTerminal, text: string, parsed: (chars: number) => void): void {
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + SLICE_CHARS, text.length);
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1])) end++;
    const slice = text.slice(start, end);
    term.write(slice, () => parsed(slice.length));
    start = end;
  }
}

/** Synchronized output (DEC mode 2026): xterm draws nothing between these. */
const HOLD_DRAWING = '\x1b[?2026h';
const DRAW = '\x1b[?2026l';

/** What the sink needs of an xterm (the tile's; a headless one in tests). */
export interface SinkTerminal {
  readonly cols: number;
  readonly rows: number;
  resize(cols: number, rows: number): void;
  write(data: string, parsed?: () => void): void;
  onResize(listener: (size: { cols: number; rows: number }) => void): { dispose(): void };
}

export interface SinkHooks {
  /** Fit the terminal to its tile. */
  refit(): void;
  /** New output or a newer screen arrived (not the first screen). */
  unseen(): void;
}

/**
 * A tile's side of a session: paints screens and output into its xterm, acknowledges each once
 * parsed (the host sends more, or the next frame, only then), and tells the host the tile's
 * size. It remembers the size it last asked for, so a screen taken at another window's size is
 * shown at this one's without asking again: two windows never fight over a session's size.
 */
export function connectTerminal(
  term: SinkTerminal,
  sessionId: string,
  client: Pick<HostClient, 'ack' | 'request'>,
  hooks: SinkHooks,
): TerminalSink & { dispose(): void } {
  let attached = false;
  let askedSize = '';
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  const sizeKey = (cols: number, rows: number) => `${cols}x${rows}`;
  const askSize = () => {
    if (!attached || sizeKey(term.cols, term.rows) === askedSize) return;
    askedSize = sizeKey(term.cols, term.rows);
    void client.request('sessions.resize', { sessionId, cols: term.cols, rows: term.rows });
  };
  const onResize = term.onResize(() => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(askSize, RESIZE_DEBOUNCE_MS);
  });
  return {
    screen: ({ screen, cols, rows }) => {
      // A screen repaints correctly only at the size it was taken at; fit afterwards. The reset
      // (ESC c) goes in-band and drawing is held until the last slice, so no half-painted screen
      // is ever shown. Fitting reads the layout, so it happens only when needed: a flooding tile
      // gets several screens a second.
      const first = !attached;
      const resized = cols !== term.cols || rows !== term.rows;
      if (!first) hooks.unseen();
      if (resized) term.resize(cols, rows);
      term.write(`\x1bc${HOLD_DRAWING}`);
      writeSliced(term, screen, (chars) => client.ack(sessionId, chars));
      term.write(DRAW, () => {
        if (first) askedSize = sizeKey(cols, rows);
        attached = true;
        if (first || resized) hooks.refit();
        askSize();
      });
    },
    data: (data) => {
      writeSliced(term, data, (chars) => client.ack(sessionId, chars));
      hooks.unseen();
    },
    dispose: () => {
      clearTimeout(resizeTimer);
      onResize.dispose();
    },
  };
}
