import type { Terminal } from '@xterm/xterm';
import type { SearchAddon } from '@xterm/addon-search';

/** Live terminals by session, so keyboard commands can focus or search one without React state. */
const terminals = new Map<string, { term: Terminal; search: SearchAddon }>();

export function registerTerminal(sessionId: string, term: Terminal, search: SearchAddon): () => void {
  const entry = { term, search };
  terminals.set(sessionId, entry);
  return () => {
    if (terminals.get(sessionId) === entry) terminals.delete(sessionId);
  };
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
