import { useEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { useApp, useAppStoreApi, useClient } from '../app-context';
import { attachBenchProbe } from '../terminal/bench-hook';
import { wantsWebgl } from '../terminal/renderer-choice';
import { sendInput } from '../terminal/input-guard';
import { fontSize, onFontSizeChange } from '../terminal/font-size';
import { registerTerminal } from '../terminal/terminal-registry';
import { loadWebgl } from '../terminal/webgl';
import { connectTerminal } from '../terminal/terminal-sink';
import { currentTheme, onThemeChange, terminalOptions } from '../terminal/terminal-theme';

/**
 * A session's live terminal. The xterm lives in this effect, never in React state: output is
 * written straight into it and acknowledged to the host once parsed (flow control).
 */
export function TerminalView({ sessionId, label }: { sessionId: string; label: string }) {
  const store = useAppStoreApi();
  const client = useClient();
  const markUnseen = useApp((s) => s.markUnseen);
  const container = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);

  useEffect(() => {
    const element = container.current;
    if (!client || !element) return;
    const term = new Terminal({
      ...terminalOptions,
      fontSize: fontSize(),
      cursorBlink: !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches,
      theme: currentTheme(),
    });
    const fit = new FitAddon();
    const search = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(search);
    term.loadAddon(new Unicode11Addon());
    term.unicode.activeVersion = '11';
    // Links open outside the app: Electron's window-open handler hands them to the system browser.
    term.loadAddon(new WebLinksAddon((_event, uri) => window.open(uri, '_blank', 'noopener')));
    term.open(element);
    termRef.current = term;
    let disposed = false;
    if (wantsWebgl()) void loadWebgl(term, () => !disposed);
    const detachProbe = attachBenchProbe(sessionId, term);
    const offTheme = onThemeChange((theme) => (term.options.theme = theme));

    const refit = () => {
      if (element.clientWidth > 0 && element.clientHeight > 0) fit.fit();
    };
    term.onData((data) => sendInput(store, client, sessionId, data));
    term.onBinary((data) => sendInput(store, client, sessionId, data));
    // Zoom (Ctrl/Cmd + = / − / 0, or the sidebar's field): every tile takes the size and refits.
    const offFontSize = onFontSizeChange((size) => {
      term.options.fontSize = size;
      refit();
      requestAnimationFrame(() => !disposed && refit()); // once the new cell size is measured
    });
    const sink = connectTerminal(term, sessionId, client, { refit, unseen: () => markUnseen(sessionId) });
    const attach = () => void client.attach(sessionId, sink);
    const unregister = registerTerminal(sessionId, { term, search, attach });
    attach();

    const observer = new ResizeObserver(refit);
    observer.observe(element);
    return () => {
      disposed = true;
      unregister();
      detachProbe();
      termRef.current = null;
      offTheme();
      offFontSize();
      observer.disconnect();
      sink.dispose();
      void client.detach(sessionId);
      term.dispose();
    };
  }, [store, client, sessionId, markUnseen]);

  // A rename or a late project name updates the label in place: the terminal is not re-created.
  useEffect(() => {
    termRef.current?.textarea?.setAttribute('aria-label', `Terminal input: ${label}`);
  }, [label, client, sessionId]);

  return <div className="terminal" ref={container} />;
}
