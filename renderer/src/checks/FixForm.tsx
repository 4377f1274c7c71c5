import { useEffect, useId, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { fixPrompt, type CheckRun } from '../../../electron/common/checks';
import { useApp, useAppStoreApi } from '../app-context';
import { ControlNote } from '../components/ControlNote';
import { ErrorText } from '../components/ErrorText';

/**
 * "Queue a fix": the check command, the commit and the failing end of its log as a prompt, for
 * the session whose prompt led to that commit (or one the person picks), editable first.
 */
export function FixForm({ run, onDone }: { run: CheckRun; onDone(): void }) {
  const store = useAppStoreApi();
  const connected = useApp((s) => s.client !== null);
  const sessions = useApp(
    useShallow((s) => s.sessionOrder.map((id) => s.sessions[id]).filter((x) => x?.projectId === run.projectId)),
  );
  const [target, setTarget] = useState('');
  const [text, setText] = useState(() => fixPrompt(run, run.failingLines));
  const [error, setError] = useState<string | null>(null);
  const noteId = useId();

  useEffect(() => {
    if (!connected) return;
    void store
      .getState()
      .fixTarget(run.id)
      .then((r) => setTarget((current) => current || (r?.ok && r.value) || sessions[0]?.id || ''));
  }, [store, connected, run.id, sessions]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!target) return;
    const actions = store.getState();
    const queued = await actions.queueFix(run.id, target, text);
    if (!queued) return setError('Flotilla is not connected: try again once it is.');
    if (!queued.ok) return setError(queued.error.message);
    actions.showNotice(`Queued a fix for ${actions.sessions[target]?.title ?? 'the session'}.`);
    onDone();
  };

  if (!sessions.length)
    return <p className="muted">No session in this project to fix it: start one, then queue the fix.</p>;
  return (
    <form className="fix-form" aria-label="Queue a fix" onSubmit={submit}>
      <label>
        Fix prompt
        <textarea
          value={text}
          rows={10}
          spellCheck={false}
          aria-describedby={noteId}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <ControlNote id={noteId} text={text} />
      <label>
        For{' '}
        <select aria-label="Session for the fix" value={target} onChange={(e) => setTarget(e.target.value)}>
          {sessions.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
      </label>
      <ErrorText>{error}</ErrorText>
      <div className="row">
        <button type="submit" disabled={!text.trim() || !target}>
          Queue the fix
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
