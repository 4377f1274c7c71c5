import { useState, type DragEvent, type KeyboardEvent } from 'react';
import { showControls } from '../../../electron/common/prompt-text';
import type { QueueItem } from '../../../electron/common/types';
import { useActions } from '../app-context';
import { PromptInput } from './PromptInput';

interface Props {
  item: QueueItem;
  index: number;
  count: number;
  onDragStart(itemId: string): void;
  onDropAt(index: number): void;
}

const clock = (t: number) => new Date(t).toLocaleTimeString();

/** One prompt in a queue: its state, and for queued ones edit, delete, move and send now. */
export function QueueItemRow({ item, index, count, onDragStart, onDropAt }: Props) {
  const { editPrompt, movePrompt, removePrompt, sendPromptNow } = useActions();
  const [editing, setEditing] = useState(false);
  const queued = item.state === 'queued';
  const shown = showControls(item.text);
  const short = shown.length > 40 ? `${shown.slice(0, 40)}…` : shown;
  const move = (toIndex: number) => movePrompt(item.id, toIndex);

  const onKeyDown = (e: KeyboardEvent) => {
    if (!queued || !e.altKey) return;
    if (e.key === 'ArrowUp' && index > 0) {
      e.preventDefault();
      move(index - 1);
    } else if (e.key === 'ArrowDown' && index < count - 1) {
      e.preventDefault();
      move(index + 1);
    }
  };

  if (editing) {
    return (
      <li className="queue-item">
        <PromptInput
          label={`Edit prompt: ${short}`}
          submitLabel="Save"
          initial={item.text}
          autoFocus
          onCancel={() => setEditing(false)}
          onSubmit={async (text) => {
            const r = await editPrompt(item.id, text);
            if (r && !r.ok) return r.error.message;
            setEditing(false);
            return null;
          }}
        />
      </li>
    );
  }

  return (
    <li
      className={`queue-item state-${item.state}`}
      aria-label={short}
      tabIndex={queued ? 0 : -1}
      draggable={queued}
      onKeyDown={onKeyDown}
      onDragStart={(e: DragEvent) => {
        e.dataTransfer.effectAllowed = 'move';
        onDragStart(item.id);
      }}
      onDragOver={(e) => queued && e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        onDropAt(index);
      }}
    >
      <div className="queue-text">{shown}</div>
      <div className="queue-meta">
        <span className={`queue-state state-${item.state}`}>
          {item.state === 'sent' && item.sentAt ? `sent ${clock(item.sentAt)}` : item.state}
        </span>
        {item.error && <span className="error"> {item.error}</span>}
        <span className="spacer" />
        {queued && (
          <>
            <button
              onClick={() => sendPromptNow(item.id)}
              aria-label={`Send now: ${short}`}
              title="Send as soon as the agent is idle, even if paused"
            >
              Send now
            </button>
            <button onClick={() => setEditing(true)} aria-label={`Edit: ${short}`}>
              Edit
            </button>
            <button
              onClick={() => move(index - 1)}
              disabled={index === 0}
              aria-label={`Move up: ${short}`}
              title="Move up (Alt+↑)"
            >
              ↑
            </button>
            <button
              onClick={() => move(index + 1)}
              disabled={index === count - 1}
              aria-label={`Move down: ${short}`}
              title="Move down (Alt+↓)"
            >
              ↓
            </button>
          </>
        )}
        {item.state !== 'sending' && (
          <button onClick={() => removePrompt(item.id)} aria-label={`Delete: ${short}`} title="Delete">
            ×
          </button>
        )}
      </div>
    </li>
  );
}
