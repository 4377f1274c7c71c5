import { useEffect, useState, type FormEvent } from 'react';
import type { CheckConfig, CheckSetup } from '../../../electron/common/checks';
import { useActions, useApp, useClient } from '../app-context';
import { ErrorText } from '../components/ErrorText';
import { CheckProposal } from './CheckProposal';

type Draft = Pick<CheckConfig, 'command' | 'enabled' | 'timeoutS' | 'autoFix'> & { env: string };

const toDraft = ({ command, enabled, timeoutS, autoFix, env }: CheckConfig): Draft => ({
  command,
  enabled,
  timeoutS,
  autoFix,
  env: env.join(' '),
});

function summary(setup: CheckSetup | undefined): string {
  if (!setup) return 'Check: …';
  const { command } = setup.config;
  if (setup.trust === 'allowed') return `Check: ${command}`;
  if (setup.trust === 'proposed') return `Check: ${command} (waits for your allow)`;
  if (setup.trust === 'changed') return `Check: ${command} (changed: allow it again)`;
  return 'Check: off';
}

/** A project's check: the proposal while it waits for a yes, then its settings (command, variables, time limit, auto-fix). */
export function CheckSettings({ projectId, projectName }: { projectId: string; projectName: string }) {
  const client = useClient();
  const { loadCheckSetup, configureCheck } = useActions();
  const setup = useApp((s) => s.checkSetups[projectId]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (client) loadCheckSetup(projectId);
  }, [client, projectId, loadCheckSetup]);
  useEffect(() => {
    if (setup) setDraft(toDraft(setup.config));
  }, [setup]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const { command, enabled, timeoutS, autoFix } = draft;
    const env = draft.env.split(/[\s,]+/).filter(Boolean);
    const r = await configureCheck(projectId, { command, enabled, timeoutS, autoFix, env });
    if (!r) return;
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setSaved(true);
  };

  const change = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => (d ? { ...d, ...patch } : d));
  };
  const asks = setup && (setup.trust === 'proposed' || setup.trust === 'changed');
  return (
    <>
      {asks && <CheckProposal setup={setup} projectName={projectName} />}
      <details className="check-settings">
        <summary>{summary(setup)}</summary>
        {draft && (
          <form onSubmit={save} aria-label={`Check settings of ${projectName}`}>
            <label>
              Command
              <input
                aria-label={`Check command for ${projectName}`}
                value={draft.command}
                placeholder={setup?.config.detected ?? 'npm test, cargo test, make test…'}
                spellCheck={false}
                onChange={(e) => change({ command: e.target.value })}
              />
            </label>
            <label>
              Variables passed on
              <input
                aria-label={`Variables passed to the check of ${projectName}`}
                value={draft.env}
                placeholder="names, e.g. DATABASE_URL"
                spellCheck={false}
                onChange={(e) => change({ env: e.target.value })}
              />
            </label>
            <label>
              <input type="checkbox" checked={draft.enabled} onChange={(e) => change({ enabled: e.target.checked })} />{' '}
              Checks on
            </label>
            <label>
              Time limit (s){' '}
              <input
                type="number"
                min={1}
                max={86400}
                value={draft.timeoutS}
                onChange={(e) => change({ timeoutS: Number(e.target.value) })}
              />
            </label>
            <label>
              <input type="checkbox" checked={draft.autoFix} onChange={(e) => change({ autoFix: e.target.checked })} />{' '}
              Queue a fix by itself when a commit fails
            </label>
            <ErrorText>{error}</ErrorText>
            <div className="row">
              <button type="submit">Save the check</button>
              {saved && (
                <span className="muted" role="status">
                  Saved{asks ? ': allow what it runs above' : ''}
                </span>
              )}
            </div>
            <p className="muted">
              A check runs only what you allowed, on new commits of the branch you allowed it on, in a checkout under
              your cache folder, never in {projectName}.
            </p>
          </form>
        )}
      </details>
    </>
  );
}
