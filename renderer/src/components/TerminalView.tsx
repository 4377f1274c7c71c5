import { useEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { useAppStoreApi, useClient } from '../app-context';
import { markUnseen } from '../store/app-store';
import { terminalOptions } from '../terminal/terminal-theme';

const RESIZE_DEBOUNCE_MS = 50;

/**
 * A session's live terminal. The xterm lives in this effect, never in React state: output is
 * written straight into it and acknowledged to the host once parsed (flow control).
 */
export function TerminalView({ sessionId, label }: { sessionId: string; label: string }) {
  const client = useClient();
  const store = useAppStoreApi();
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (!client || !element) return;
    const term = new Terminal(terminalOptions);
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(element);
    term.textarea?.setAttribute('aria-label', `Terminal input: ${label}`);

    let resizeTimer: ReturnType<typeof setTimeout> | undefined;
    let attached = false;
    const refit = () => {
      if (element.clientWidth > 0 && element.clientHeight > 0) fit.fit();
    };
    term.onResize(({ cols, rows }) => {
      if (!attached) return;
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => void client.request('sessions.resize', { sessionId, cols, rows }), RESIZE_DEBOUNCE_MS);
    });
    term.onData((data) => client.input(sessionId, data));
    term.onBinary((data) => client.input(sessionId, data));

    void client.attach(sessionId, {
      screen: ({ screen, cols, rows }) => {
        // The snapshot repaints correctly only at the size it was taken at; fit afterwards.
        term.reset();
        term.resize(cols, rows);
        term.write(screen, () => {
          attached = true;
          refit();
          if (term.cols !== cols || term.rows !== rows) {
            void client.request('sessions.resize', { sessionId, cols: term.cols, rows: term.rows });
          }
        });
      },
      data: (data) => {
        term.write(data, () => client.ack(sessionId, data.length));
        markUnseen(store, sessionId);
      },
    });

    const observer = new ResizeObserver(refit);
    observer.observe(element);
    return () => {
      observer.disconnect();
      clearTimeout(resizeTimer);
      void client.detach(sessionId);
      term.dispose();
    };
  }, [client, sessionId, label, store]);

  return <div className="terminal" ref={container} />;
}
