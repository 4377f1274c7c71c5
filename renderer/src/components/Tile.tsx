import { useApp, useAppStoreApi, useClient } from '../app-context';
import { focusSession, pendingCount, toggleQueuePanel } from '../store/app-store';
import { QueuePanel } from './QueuePanel';
import { sessionStatusText } from './session-status';
import { TerminalView } from './TerminalView';

/** One session: a named region with its header and live terminal. */
export function Tile({ sessionId }: { sessionId: string }) {
  const client = useClient();
  const store = useAppStoreApi();
  const session = useApp((s) => s.sessions[sessionId]);
  const projectName = useApp((s) => s.projects.find((p) => p.id === s.sessions[sessionId]?.projectId)?.name ?? '?');
  const focused = useApp((s) => s.focusedSessionId === sessionId);
  const unseen = useApp((s) => !!s.unseen[sessionId]);
  const queued = useApp((s) => pendingCount(s.queues[sessionId]));
  const queuePaused = useApp((s) => !!s.queues[sessionId]?.paused);
  const queueOpen = useApp((s) => !!s.openQueues[sessionId]);
  if (!session) return null;
  const name = `${projectName} · ${session.title}`;
  const running = session.status !== 'exited';

  return (
    <section
      className={`tile${focused ? ' tile-focused' : ''}`}
      aria-label={name}
      onFocusCapture={() => focusSession(store, sessionId)}
      onMouseDown={() => focusSession(store, sessionId)}
    >
      <header className="tile-header">
        <span className="tile-project">{projectName}</span>
        <h2 className="tile-title">{session.title}</h2>
        <span className={`tile-status status-${session.status}`} role="status" aria-label={`Status: ${sessionStatusText(session)}`} title={session.error ?? undefined}>
          {sessionStatusText(session)}
        </span>
        {unseen && <span className="badge" role="img" aria-label="unseen output" />}
        <span className="spacer" />
        <button
          className={`queue-toggle${queuePaused ? ' paused' : ''}`}
          aria-expanded={queueOpen}
          aria-label={`Queue for ${session.title}: ${queued} waiting${queuePaused ? ', paused' : ''}`}
          title="Prompt queue (Ctrl+Shift+Q)"
          onClick={() => toggleQueuePanel(store, sessionId)}
        >
          ☰ {queued > 0 ? queued : ''}
        </button>
        <button onClick={() => client?.request('sessions.restart', { sessionId })} aria-label={`Restart ${session.title}`} title="Restart">
          ↻
        </button>
        <button
          onClick={() => client?.request('sessions.kill', { sessionId })}
          disabled={!running}
          aria-label={`Kill ${session.title}`}
          title="Kill"
        >
          ■
        </button>
        <button onClick={() => client?.request('sessions.close', { sessionId })} aria-label={`Close ${session.title}`} title="Close">
          ×
        </button>
      </header>
      {session.error && (
        <p className="tile-error" role="alert">
          {session.error}
        </p>
      )}
      <div className="tile-body">
        <TerminalView sessionId={sessionId} label={name} />
        {queueOpen && <QueuePanel sessionId={sessionId} title={session.title} />}
      </div>
    </section>
  );
}
