import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp, useAppStoreApi } from '../app-context';
import { sessionStatusText } from '../components/session-status';
import { sessionsNeedingYou } from '../needs-you';
import { currentPhoneSession, goToSession, phoneGroups, type SessionGroup } from './phone-sessions';

/** Every session, by project, those that need the person first, each with its status in words. */
export function PhoneSwitcher({ onClose }: { onClose(): void }) {
  const store = useAppStoreApi();
  // A string, so the selector's answer compares equal until the grouping really changes.
  const groupsJson = useApp((s) => JSON.stringify(phoneGroups(s)));
  const groups = useMemo(() => JSON.parse(groupsJson) as SessionGroup[], [groupsJson]);
  const sessions = useApp((s) => s.sessions);
  const unseen = useApp((s) => s.unseen);
  const current = useApp((s) => currentPhoneSession(s));
  const urgent = useApp(useShallow((s) => sessionsNeedingYou(s)));
  return (
    <div className="phone-sheet" role="dialog" aria-label="Sessions">
      <div className="phone-sheet-head">
        <strong>Sessions</strong>
        <span className="spacer" />
        <button onClick={onClose}>Close</button>
      </div>
      {groups.length === 0 && <p className="muted">No sessions yet. Start one from a project in the menu.</p>}
      {groups.map(({ projectId, name, sessionIds }) => {
        return (
          <section key={projectId} className="phone-group" aria-label={name}>
            <h2>{name}</h2>
            <ul aria-label={`Sessions of ${name}`}>
              {sessionIds.map((id) => {
                const s = sessions[id];
                if (!s) return null;
                const needs = urgent.includes(id);
                return (
                  <li key={id}>
                    <button
                      className={`phone-pick${id === current ? ' current' : ''}${needs ? ' needs' : ''}`}
                      aria-current={id === current || undefined}
                      onClick={() => {
                        goToSession(store.getState(), id);
                        onClose();
                      }}
                    >
                      <span className={`dot dot-${s.status}`} aria-hidden="true" />
                      <span className="phone-pick-title">{s.title}</span>
                      <span className={`phone-pick-status status-${s.status}`}>
                        {sessionStatusText(s)}
                        {needs && s.status !== 'needs-input' ? ' · needs you' : ''}
                        {unseen[id] ? ' · new output' : ''}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
