import { useState, type KeyboardEvent } from 'react';
import { ErrorText } from './ErrorText';

interface Props {
  label: string;
  submitLabel: string;
  initial?: string;
  autoFocus?: boolean;
  /** Resolves to an error message, or null once the host has the prompt. */
  onSubmit(text: string): Promise<string | null>;
  onCancel?(): void;
}

/**
 * A multi-line prompt field: Enter submits, Shift+Enter adds a line. What was typed stays
 * until the host accepts it; an error keeps it and says why.
 */
export function PromptInput({ label, submitLabel, initial = '', autoFocus, onSubmit, onCancel }: Props) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async () => {
    if (!text.trim() || pending) return;
    const submitted = text;
    setPending(true);
    const failure = await onSubmit(submitted);
    setPending(false);
    setError(failure);
    if (!failure) setText((current) => (current === submitted ? '' : current));
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

  return (
    <div className="prompt-input">
      <textarea
        aria-label={label}
        value={text}
        rows={Math.min(6, Math.max(2, text.split('\n').length))}
        placeholder="Enter to queue · Shift+Enter for a new line"
        autoFocus={autoFocus}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        onKeyDown={onKeyDown}
      />
      <div className="row">
        <button type="button" onClick={() => void submit()} disabled={!text.trim() || pending}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <ErrorText>{error}</ErrorText>
    </div>
  );
}
