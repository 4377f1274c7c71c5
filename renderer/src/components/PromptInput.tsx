import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { showControls } from '../../../electron/common/prompt-text';
import { ControlNote } from './ControlNote';
import { ErrorText } from './ErrorText';

interface Props {
  label: string;
  submitLabel: string;
  initial?: string;
  autoFocus?: boolean;
  /**
   * Queue-style: every Enter takes the text at once (shown as saving until the host has it), so
   * prompts typed in quick succession are all sent, in order. Otherwise (editing) the text stays
   * until the host accepts it.
   */
  optimistic?: boolean;
  /** One line tall until more is typed (the compact composer of a small tile). */
  compact?: boolean;
  /** Resolves to an error message, or null once the host has the prompt. */
  onSubmit(text: string): Promise<string | null>;
  onCancel?(): void;
}

/**
 * A multi-line prompt field: Enter submits, Shift+Enter adds a line. Nothing typed is ever
 * dropped: a failure puts the text back in the box and says why.
 */
export function PromptInput({
  label,
  submitLabel,
  initial = '',
  autoFocus,
  optimistic,
  compact,
  onSubmit,
  onCancel,
}: Props) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState<Array<{ id: number; text: string }>>([]);
  const ids = useRef(0);
  const noteId = useId();
  const pending = !optimistic && saving.length > 0;

  const submit = async () => {
    if (!text.trim() || pending) return;
    const submitted = text;
    const id = ++ids.current;
    setSaving((s) => [...s, { id, text: submitted }]);
    setError(null);
    if (optimistic) setText('');
    const failure = await onSubmit(submitted);
    setSaving((s) => s.filter((x) => x.id !== id));
    setError(failure);
    if (failure && optimistic) setText((current) => (current.trim() ? `${submitted}\n${current}` : submitted));
    if (!failure && !optimistic) setText((current) => (current === submitted ? '' : current));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    } else if (e.key === 'Escape' && onCancel) {
      e.preventDefault();
      onCancel();
    }
  };

  const lines = text.split('\n').length;
  return (
    <div className={`prompt-input${compact ? ' compact' : ''}`}>
      <div className="row">
        <textarea
          aria-label={label}
          aria-describedby={noteId}
          value={text}
          rows={Math.min(6, Math.max(compact ? 1 : 2, lines))}
          placeholder="Enter to queue · Shift+Enter for a new line"
          autoFocus={autoFocus}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
          onKeyDown={onKeyDown}
        />
        <button type="button" onClick={() => void submit()} disabled={!text.trim() || pending}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <ControlNote id={noteId} text={text} />
      {optimistic && saving.length > 0 && (
        <ul className="saving" aria-label="Saving">
          {saving.map((s) => (
            <li key={s.id}>
              <span className="queue-text">{showControls(s.text)}</span> <span className="muted">saving…</span>
            </li>
          ))}
        </ul>
      )}
      <ErrorText>{error}</ErrorText>
    </div>
  );
}
