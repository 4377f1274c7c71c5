import type { Terminal } from '@xterm/xterm';
import { useAppStoreApi, useClient } from '../app-context';
import { sendInput } from '../terminal/input-guard';
import { ANSWER_KEYS, KEY_BAR, type PhoneKey } from './phone-keys';

/** Presses keys in a session through the one input path, as the terminal's keyboard would. */
function usePress(sessionId: string, term: () => Terminal | null) {
  const store = useAppStoreApi();
  const client = useClient();
  return (key: PhoneKey) => {
    if (!client) return;
    sendInput(store, client, sessionId, key.bytes(!!term()?.modes.applicationCursorKeysMode));
  };
}

function KeyButton({ k, press, className }: { k: PhoneKey; press(k: PhoneKey): void; className: string }) {
  return (
    <button
      type="button"
      className={className}
      aria-label={k.name}
      // Keeps the on-screen keyboard (and the terminal's focus) where it is.
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => press(k)}
    >
      {k.label}
    </button>
  );
}

/** The keys phone keyboards lack: Esc, Tab, Ctrl-C, arrows. */
export function KeyBar({ sessionId, title, term }: { sessionId: string; title: string; term: () => Terminal | null }) {
  const press = usePress(sessionId, term);
  return (
    <div className="phone-keybar" role="group" aria-label={`Keys for ${title}`}>
      {KEY_BAR.map((k) => (
        <KeyButton key={k.label} k={k} press={press} className="phone-key" />
      ))}
    </div>
  );
}

/** While the agent asks: its question and large buttons for the keys its dialog expects. */
export function AnswerPanel({
  sessionId,
  title,
  question,
  term,
}: {
  sessionId: string;
  title: string;
  question: string | null;
  term: () => Terminal | null;
}) {
  const press = usePress(sessionId, term);
  return (
    <div className="phone-answer" role="group" aria-label={`Answer ${title}`}>
      <p className="phone-question">{question ?? `${title} is waiting for your answer.`}</p>
      <div className="phone-answer-keys">
        {ANSWER_KEYS.map((k) => (
          <KeyButton key={k.label} k={k} press={press} className="phone-answer-key" />
        ))}
      </div>
    </div>
  );
}
