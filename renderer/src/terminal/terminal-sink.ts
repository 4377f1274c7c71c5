import type { HostClient, TerminalSink } from '../../../electron/common/host-client';

const RESIZE_DEBOUNCE_MS = 50;

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
      // (ESC c) goes in-band, so no frame is drawn between clearing and repainting. Fitting reads
      // the layout, so it happens only when needed: a flooding tile gets ten screens a second.
      const first = !attached;
      const resized = cols !== term.cols || rows !== term.rows;
      if (!first) hooks.unseen();
      if (resized) term.resize(cols, rows);
      term.write(`\x1bc${screen}`, () => {
        client.ack(sessionId, screen.length);
        if (first) askedSize = sizeKey(cols, rows);
        attached = true;
        if (first || resized) hooks.refit();
        askSize();
      });
    },
    data: (data) => {
      term.write(data, () => client.ack(sessionId, data.length));
      hooks.unseen();
    },
    dispose: () => {
      clearTimeout(resizeTimer);
      onResize.dispose();
    },
  };
}
