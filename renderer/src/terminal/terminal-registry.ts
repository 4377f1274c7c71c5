import type { Terminal } from '@xterm/xterm';
import type { SearchAddon } from '@xterm/addon-search';

interface LiveTerminal {
  term: Terminal;
  search: SearchAddon;
  /** Attaches the tile to its session again: the screen it gets replaces the one shown. */
  attach(): void;
}

/** Live terminals by session, so keyboard commands can focus or search one without React state. */
const terminals = new Map<string, LiveTerminal>();

export function registerTerminal(sessionId: string, entry: LiveTerminal): () => void {
  terminals.set(sessionId, entry);
  return () => {
    if (terminals.get(sessionId) === entry) terminals.delete(sessionId);
  };
}

/** Repaints the tiles of the sessions `which` picks (their host is back: their output stream had stopped). */
export function reattachTerminals(which: (sessionId: string) => boolean): void {
  for (const [sessionId, entry] of terminals) if (which(sessionId)) entry.attach();
}

export function focusTerminal(sessionId: string): void {
  terminals.get(sessionId)?.term.focus();
}

export function searchTerminal(sessionId: string, text: string, backwards = false): boolean {
  const entry = terminals.get(sessionId);
  if (!entry || !text) return false;
  const options = {
    decorations: {
      matchOverviewRuler: '#e5c07b',
      activeMatchColorOverviewRuler: '#ef6b73',
      activeMatchBackground: '#e5c07b',
    },
  };
  return backwards ? entry.search.findPrevious(text, options) : entry.search.findNext(text, options);
}

export function clearSearch(sessionId: string): void {
  terminals.get(sessionId)?.search.clearDecorations();
}
