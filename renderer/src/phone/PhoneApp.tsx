import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp, useAppStoreApi } from '../app-context';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { Notices } from '../components/Notices';
import { Sidebar } from '../components/Sidebar';
import { sessionStatusText } from '../components/session-status';
import { sessionsNeedingYou } from '../needs-you';
import { TimelinePanel } from '../timeline/TimelinePanel';
import { currentPhoneSession, nextNeedingYou, phoneOrder, stepSession } from './phone-sessions';
import { PhoneSession } from './PhoneSession';
import { PhoneSwitcher } from './PhoneSwitcher';
import { useVisibleHeight } from './use-phone-layout';
import '../phone.css';

/**
 * The window below the phone breakpoint: one session at a time, full width. It never changes the
 * layout the desktop's windows share, and never resizes a session.
 */
export function PhoneApp() {
  const store = useAppStoreApi();
  const connection = useApp((s) => s.connection);
  const current = useApp((s) => currentPhoneSession(s));
  const count = useApp((s) => phoneOrder(s).length);
  const position = useApp((s) => phoneOrder(s).indexOf(currentPhoneSession(s) ?? '') + 1);
  const waiting = useApp((s) => sessionsNeedingYou(s).filter((id) => id !== currentPhoneSession(s)).length);
  const line = useApp(
    useShallow((s) => {
      const session = current ? s.sessions[current] : undefined;
      if (!session) return null;
      const project = s.projects.find((p) => p.id === session.projectId)?.name ?? '?';
      return [project, session.title, sessionStatusText(session)];
    }),
  );
  const currentLine = line && { project: line[0], title: line[1], status: line[2] };
  const timelineProjectId = useApp((s) =>
    s.timelineProjectId && s.projects.some((p) => p.id === s.timelineProjectId) ? s.timelineProjectId : null,
  );
  const [sheet, setSheet] = useState<'menu' | 'sessions' | null>(null);
  useVisibleHeight();

  // Picking a session or a timeline in the menu's sidebar shows it: the menu gives way.
  useEffect(() => setSheet((s) => (s === 'menu' ? null : s)), [current, timelineProjectId]);

  const actions = store.getState();
  return (
    <div className="phone">
      <header className="phone-bar">
        <button
          className="phone-menu"
          aria-expanded={sheet === 'menu'}
          onClick={() => setSheet(sheet === 'menu' ? null : 'menu')}
        >
          ☰ Menu
        </button>
        <button
          className="phone-switch"
          aria-expanded={sheet === 'sessions'}
          onClick={() => setSheet(sheet === 'sessions' ? null : 'sessions')}
        >
          {currentLine ? (
            <>
              <span className="phone-switch-project">{currentLine.project} </span>
              <span className="phone-switch-title">{currentLine.title}</span>
              <span className="visually-hidden">
                , {currentLine.status}: session {position} of {count}; switch
              </span>
            </>
          ) : (
            'Sessions'
          )}
          <span className="phone-switch-count" aria-hidden="true">
            {count ? `${position}/${count}` : ''} ▾
          </span>
        </button>
        <button
          aria-label="Previous session"
          title="Previous session"
          disabled={count < 2}
          onClick={() => stepSession(actions, -1)}
        >
          ‹
        </button>
        <button
          aria-label="Next session"
          title="Next session"
          disabled={count < 2}
          onClick={() => stepSession(actions, 1)}
        >
          ›
        </button>
      </header>
      {waiting > 0 && (
        <div className="phone-tools">
          <button className="needs-you" onClick={() => nextNeedingYou(store.getState())}>
            {waiting} waiting for you: go to the next
          </button>
        </div>
      )}
      <main className="phone-main" aria-label="Sessions" aria-busy={connection === 'connecting'}>
        <ConnectionBanner />
        {current ? (
          <PhoneSession key={current} sessionId={current} />
        ) : timelineProjectId ? (
          <div className="phone-timeline">
            <TimelinePanel key={timelineProjectId} projectId={timelineProjectId} />
          </div>
        ) : (
          <p className="phone-empty">
            {connection === 'open' ? 'No sessions yet. Open the menu to add a project and start one.' : ''}
          </p>
        )}
      </main>
      {sheet === 'menu' && (
        <div className="phone-sheet phone-menu-sheet" role="dialog" aria-label="Menu">
          <div className="phone-sheet-head">
            <strong>Menu</strong>
            <span className="spacer" />
            <button onClick={() => setSheet(null)}>Close</button>
          </div>
          <Sidebar />
        </div>
      )}
      {sheet === 'sessions' && <PhoneSwitcher onClose={() => setSheet(null)} />}
      <Notices />
    </div>
  );
}
