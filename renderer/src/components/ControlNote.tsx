import { controlSymbol, removedControls } from '../../../electron/common/prompt-text';

/**
 * Under a prompt field: which control characters in it will not be typed (pasted from a terminal,
 * they are invisible in the field, yet would press keys in the agent). Always rendered, so the
 * field's aria-describedby has a target and the live region is there before it has anything to say.
 */
export function ControlNote({ id, text }: { id: string; text: string }) {
  const removed = removedControls(text);
  const kinds = [...new Set(removed)].map(controlSymbol).join(' ');
  return (
    <p id={id} className="control-note" aria-live="polite">
      {removed.length > 0 &&
        `${removed.length} control character${removed.length === 1 ? '' : 's'} (${kinds}) will be removed before sending.`}
    </p>
  );
}
