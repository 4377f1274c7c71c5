import { useEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import type { HostClient } from '../../../electron/common/host-client';
import { ok } from '../../../electron/common/result';
import { useApp, useAppStoreApi, useClient } from '../app-context';
import { attachBenchProbe } from '../terminal/bench-hook';
import { sendInput } from '../terminal/input-guard';
import { wantsWebgl } from '../terminal/renderer-choice';
import { registerTerminal } from '../terminal/terminal-registry';
import { loadWebgl } from '../terminal/webgl';
import { connectTerminal } from '../terminal/terminal-sink';
import { currentTheme, onThemeChange, terminalOptions } from '../terminal/terminal-theme';
import { followCursor, touchScroll } from './touch-scroll';

/**
 * The host client as the phone's terminal sees it: it never asks to resize the session. The
 * session keeps the size the desktop's tile gave it; the phone shows it at that size.
 */
function withoutResize(client: HostClient): Pick<HostClient, 'ack' | 'request'> {
  const request = ((method, params) =>
    method === 'sessions.resize' ? Promise.resolve(ok(null)) : client.request(method, params)) as HostClient['request'];
  return { ack: (sessionId, chars) => client.ack(sessionId, chars), request };
}

/**
 * A session's terminal on a phone: at the session's own cols and rows (never fitted to the
 * phone), scrolled sideways inside its frame, the scrollback scrolled with a finger.
 */
export function PhoneTerminal({
  sessionId,
  label,
  fontSize,
  onTerminal,
}: {
  sessionId: string;
  label: string;
  fontSize: number;
  onTerminal(term: Terminal | null): void;
}) {
  const store = useAppStoreApi();
  const client = useClient();
  const markUnseen = useApp((s) => s.markUnseen);
  const frame = useRef<HTMLDivElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const initialFont = useRef(fontSize);
  const onTerminalRef = useRef(onTerminal);
  onTerminalRef.current = onTerminal;

  useEffect(() => {
    const element = container.current;
    const scroller = frame.current;
    if (!client || !element || !scroller) return;
    const term = new Terminal({ ...terminalOptions, fontSize: initialFont.current, theme: currentTheme() });
    const search = new SearchAddon();
    term.loadAddon(search);
    term.loadAddon(new Unicode11Addon());
    term.unicode.activeVersion = '11';
    term.open(element);
    termRef.current = term;
    onTerminalRef.current(term);
    let disposed = false;
    if (wantsWebgl()) void loadWebgl(term, () => !disposed);
    const detachProbe = attachBenchProbe(sessionId, term);
    const offTheme = onThemeChange((theme) => (term.options.theme = theme));
    term.onData((data) => sendInput(store, client, sessionId, data));
    term.onBinary((data) => sendInput(store, client, sessionId, data));
    const sink = connectTerminal(term, sessionId, withoutResize(client), {
      refit: () => {},
      unseen: () => markUnseen(sessionId),
    });
    const attach = () => void client.attach(sessionId, sink);
    const unregister = registerTerminal(sessionId, { term, search, attach });
    // xterm lays its screen out of flow: the frame scrolls over a box of the screen's own size.
    const screen = element.querySelector<HTMLElement>('.xterm-screen');
    const sizeBox = new ResizeObserver(() => {
      if (!screen) return;
      element.style.width = `${screen.offsetWidth + 4}px`;
      element.style.height = `${screen.offsetHeight + 2}px`;
    });
    if (screen) sizeBox.observe(screen);
    const offTouch = touchScroll(scroller, term);
    const offFollow = followCursor(scroller, term);
    attach();
    return () => {
      disposed = true;
      sizeBox.disconnect();
      offFollow();
      offTouch();
      unregister();
      detachProbe();
      offTheme();
      sink.dispose();
      void client.detach(sessionId);
      termRef.current = null;
      onTerminalRef.current(null);
      term.dispose();
    };
  }, [store, client, sessionId, markUnseen]);

  useEffect(() => {
    if (termRef.current) termRef.current.options.fontSize = fontSize;
  }, [fontSize]);

  useEffect(() => {
    termRef.current?.textarea?.setAttribute('aria-label', `Terminal input: ${label}`);
  }, [label, client, sessionId]);

  return (
    <div className="phone-terminal-frame" ref={frame}>
      <div className="phone-terminal" ref={container} />
    </div>
  );
}
