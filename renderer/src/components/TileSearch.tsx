import { useState } from 'react';
import { clearSearch, focusTerminal, searchTerminal } from '../terminal/terminal-registry';

/** Find in a tile's scrollback: Enter next, Shift+Enter previous, Esc closes. */
export function TileSearch({ sessionId, title, onClose }: { sessionId: string; title: string; onClose(): void }) {
  const [text, setText] = useState('');
  const [found, setFound] = useState<boolean | null>(null);
  const close = () => {
    clearSearch(sessionId);
    onClose();
    focusTerminal(sessionId);
  };
  return (
    <div className="tile-search" role="search" aria-label={`Search in ${title}`}>
      <input
        aria-label={`Search in ${title}`}
        value={text}
        autoFocus
        placeholder="Find in scrollback"
        onChange={(e) => {
          setText(e.target.value);
          setFound(e.target.value ? searchTerminal(sessionId, e.target.value) : null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') setFound(searchTerminal(sessionId, text, e.shiftKey));
          if (e.key === 'Escape') close();
        }}
      />
      <span className="muted" role="status">
        {found === false ? 'No match' : ''}
      </span>
      <button onClick={close} aria-label="Close search">
        ×
      </button>
    </div>
  );
}
