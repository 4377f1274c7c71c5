import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useActions, useApp } from '../app-context';
import { PromptInput } from './PromptInput';

/** One prompt queued in several sessions at once. */
export function BroadcastForm() {
  const { queuePrompt } = useActions();
  // Selectors return primitives (ids, names) so useShallow can tell nothing changed.
  const ids = useApp(
    useShallow((s) => s.sessionOrder.filter((id) => s.sessions[id] && s.sessions[id].status !== 'exited')),
  );
  const names = useApp(
    useShallow((s) =>
      ids.map(
        (id) => `${s.projects.find((p) => p.id === s.sessions[id]?.projectId)?.name ?? '?'} · ${s.sessions[id]?.title}`,
      ),
    ),
  );
  const targets = ids.map((id, i) => ({ id, name: names[i] }));
  const [chosen, setChosen] = useState<Record<string, boolean>>({});
  const selected = targets.filter((t) => chosen[t.id]).map((t) => t.id);
  if (targets.length < 2) return null;

  return (
    <details className="broadcast">
      <summary>Broadcast a prompt</summary>
      <fieldset>
        <legend>Sessions</legend>
        {targets.map((t) => (
          <label key={t.id} className="check">
            <input
              type="checkbox"
              checked={!!chosen[t.id]}
              onChange={(e) => setChosen({ ...chosen, [t.id]: e.target.checked })}
            />
            {t.name}
          </label>
        ))}
      </fieldset>
      <PromptInput
        label="Prompt to broadcast"
        submitLabel={`Queue in ${selected.length} session${selected.length === 1 ? '' : 's'}`}
        onSubmit={async (text) => {
          if (!selected.length) return 'Choose at least one session.';
          const r = await queuePrompt(selected, text);
          return r && !r.ok ? r.error.message : null;
        }}
      />
    </details>
  );
}
