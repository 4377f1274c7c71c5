import { useState } from 'react';
import { useActions } from '../app-context';

/** The session's title; double-click (or F2 in the header) to rename it. */
export function TileTitle({ sessionId, title, command }: { sessionId: string; title: string; command: string }) {
  const { renameSession } = useActions();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(title);
  const [error, setError] = useState<string | null>(null);
  if (!editing) {
    return (
      <h2
        className="tile-title"
        title={`Ran: ${command}\n(double-click to rename)`}
        onDoubleClick={() => {
          setValue(title);
          setEditing(true);
        }}
      >
        {title}
      </h2>
    );
  }
  const save = async () => {
    if (value.trim() === title) return setEditing(false);
    const r = await renameSession(sessionId, value);
    if (r && !r.ok) return setError(r.error.message);
    setEditing(false);
  };
  return (
    <input
      className="tile-title-input"
      aria-label={`Rename ${title}`}
      aria-invalid={error ? true : undefined}
      title={error ?? undefined}
      value={value}
      autoFocus
      maxLength={60}
      onChange={(e) => setValue(e.target.value)}
      onBlur={() => void save()}
      onKeyDown={(e) => {
        if (e.key === 'Enter') void save();
        if (e.key === 'Escape') setEditing(false);
      }}
    />
  );
}
