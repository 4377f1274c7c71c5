import { useId, useState, type FormEvent } from 'react';
import type { AccountUsage } from '../../../electron/common/usage';
import { useActions } from '../app-context';
import { ErrorText } from '../components/ErrorText';

const asText = (percent: number | null) => (percent === null ? '' : String(percent));

/** The person's threshold: at this % of the 5-hour window the account's queues pause. Empty: never. */
export function PauseAtField({ account }: { account: Pick<AccountUsage, 'id' | 'label' | 'pauseAt'> }) {
  const { setPauseAt } = useActions();
  /** What the person typed, kept while the host's value is still the one they started from. */
  const [draft, setDraft] = useState<{ text: string; from: number | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const value = draft && draft.from === account.pauseAt ? draft.text : asText(account.pauseAt);
  const errorId = useId();

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    const text = value.trim();
    const percent = text === '' ? null : Number(text);
    if (percent !== null && !(Number.isInteger(percent) && percent >= 1 && percent <= 100))
      return setError('A whole percent from 1 to 100, or empty for never.');
    if (percent === account.pauseAt || pending) return;
    setPending(true);
    const r = await setPauseAt(account.id, percent);
    setPending(false);
    if (!r) return setError('Not connected to the Flotilla host yet: try again in a moment.');
    if (!r.ok) return setError(r.error.message);
    setError(null);
  };

  return (
    <form className="pause-at" onSubmit={(e) => void save(e)}>
      <label>
        Pause queues at
        <input
          type="number"
          min={1}
          max={100}
          step={1}
          inputMode="numeric"
          placeholder="never"
          aria-label={`Pause queues at % of the 5-hour window: ${account.label}`}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          value={value}
          onChange={(e) => {
            setDraft({ text: e.target.value, from: account.pauseAt });
            setError(null);
          }}
          onBlur={() => void save()}
        />
        %
      </label>
      <ErrorText id={errorId}>{error}</ErrorText>
    </form>
  );
}
