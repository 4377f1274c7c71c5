import { useEffect, useState, type FormEvent } from 'react';
import type { CheckConfig } from '../../../electron/common/checks';
import { useClient } from '../app-context';
import { ErrorText } from '../components/ErrorText';

/** A project's check: the command (detected when it was added), on or off, its time limit, auto-fix. */
export function CheckSettings({ projectId, projectName }: { projectId: string; projectName: string }) {
  const client = useClient();
  const [config, setConfig] = useState<CheckConfig | null>(null);
  const [draft, setDraft] = useState<CheckConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void client?.request('checks.config', { projectId }).then((r) => {
      if (r.ok) {
        setConfig(r.value);
        setDraft(r.value);
      }
    });
  }, [client, projectId]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!client || !draft) return;
    const { command, enabled, timeoutS, autoFix } = draft;
    const r = await client.request('checks.configure', { projectId, config: { command, enabled, timeoutS, autoFix } });
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setConfig(r.value);
    setSaved(true);
  };

  const summary = !config ? 'Check: …' : config.enabled && config.command ? `Check: ${config.command}` : 'Check: off';
  const change = (patch: Partial<CheckConfig>) => {
    setSaved(false);
    setDraft((d) => (d ? { ...d, ...patch } : d));
  };
  return (
    <details className="check-settings">
      <summary>{summary}</summary>
      {draft && (
        <form onSubmit={save} aria-label={`Check settings of ${projectName}`}>
          <label>
            Command
            <input
              aria-label={`Check command for ${projectName}`}
              value={draft.command}
              placeholder={draft.detected ?? 'npm test, cargo test, make test…'}
              spellCheck={false}
              onChange={(e) => change({ command: e.target.value })}
            />
          </label>
          <label>
            <input type="checkbox" checked={draft.enabled} onChange={(e) => change({ enabled: e.target.checked })} /> Check every new commit
          </label>
          <label>
            Time limit (s){' '}
            <input type="number" min={1} max={86400} value={draft.timeoutS} onChange={(e) => change({ timeoutS: Number(e.target.value) })} />
          </label>
          <label>
            <input type="checkbox" checked={draft.autoFix} onChange={(e) => change({ autoFix: e.target.checked })} /> Queue a fix by itself when a commit fails
          </label>
          <ErrorText>{error}</ErrorText>
          <div className="row">
            <button type="submit">Save the check</button>
            {saved && <span className="muted" role="status">Saved</span>}
          </div>
          {draft.detected && <p className="muted">Detected: {draft.detected}. Checks run in a worktree under Flotilla's data folder, never in {projectName}.</p>}
        </form>
      )}
    </details>
  );
}
