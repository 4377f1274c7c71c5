import { useState, type DragEvent } from 'react';
import { formatCommandLine } from '../../../electron/common/command-line';
import { hostOfId } from '../../../electron/common/remote-ids';
import { useActions, useApp, useAppStoreApi } from '../app-context';
import { downHostOf, hostDownLine } from '../host-status';
import { pendingCount } from '../store/queue-slice';
import { projectColor } from './project-color';
import { QueuePanel } from './QueuePanel';
import { clockTime, sessionStatusText } from './session-status';
import { TerminalView } from './TerminalView';
import { TileSearch } from './TileSearch';
import { TileTitle } from './TileTitle';
import { CheckBadge } from '../checks/CheckBadge';
import { SessionUsageText } from '../usage/SessionUsageText';

const DRAG_TYPE = 'application/x-flotilla-tile';

/** One session: a named region with its header, live terminal, queue and search. */
export function Tile({ sessionId }: { sessionId: string }) {
  const store = useAppStoreApi();
  const {
    focusSession,
    moveTile,
    toggleMaximize,
    toggleQueuePanel,
    setSearchOpen,
    restartSession,
    killSession,
    closeSession,
  } = useActions();
  const session = useApp((s) => s.sessions[sessionId]);
  const project = useApp((s) => s.projects.find((p) => p.id === s.sessions[sessionId]?.projectId));
  const focused = useApp((s) => s.focusedSessionId === sessionId);
  const unseen = useApp((s) => !!s.unseen[sessionId]);
  const queued = useApp((s) => pendingCount(s.queues[sessionId]));
  const queuePaused = useApp((s) => !!s.queues[sessionId]?.paused);
  const limitedUntil = useApp((s) => s.queues[sessionId]?.limit?.until ?? null);
  const queueOpen = useApp((s) => !!s.openQueues[sessionId]);
  const check = useApp((s) => s.checks[s.sessions[sessionId]?.projectId ?? '']);
  const maximized = useApp((s) => s.layout.maximized === sessionId);
  const searching = useApp((s) => !!s.searchOpen[sessionId]);
  /** With many tiles shown, the queue's composer starts one line tall. */
  const crowded = useApp((s) => s.layout.tiles.length > 4 && s.layout.maximized !== sessionId);
  /** While the session's host is unreachable: why, e.g. "devbox: reconnecting — <ssh's reason>". */
  const hostDown = useApp((s) => {
    const host = downHostOf(s, sessionId);
    return host ? hostDownLine(host) : null;
  });
  const [dropTarget, setDropTarget] = useState(false);
  if (!session) return null;
  const host = hostOfId(sessionId);
  const projectName = project?.name ?? '?';
  const name = `${projectName} · ${session.title}`;
  const running = session.status !== 'exited';
  const statusText = limitedUntil ? `limited until ${clockTime(limitedUntil)}` : sessionStatusText(session);
  const setSearching = (open: boolean) => setSearchOpen(sessionId, open);

  const onDrop = (e: DragEvent) => {
    setDropTarget(false);
    const dragged = e.dataTransfer.getData(DRAG_TYPE);
    if (!dragged || dragged === sessionId) return;
    e.preventDefault();
    moveTile(dragged, store.getState().layout.tiles.indexOf(sessionId));
  };

  return (
    <section
      className={`tile${focused ? ' tile-focused' : ''}${dropTarget ? ' tile-drop' : ''}`}
      aria-label={name}
      style={{ ['--project-color' as string]: project ? projectColor(project.id) : undefined }}
      onFocusCapture={() => focusSession(sessionId)}
      onMouseDown={() => focusSession(sessionId)}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        setDropTarget(true);
      }}
      onDragLeave={() => setDropTarget(false)}
      onDrop={onDrop}
    >
      <header
        className="tile-header"
        draggable
        title="Drag to move this tile"
        onDragStart={(e) => {
          e.dataTransfer.setData(DRAG_TYPE, sessionId);
          e.dataTransfer.effectAllowed = 'move';
        }}
      >
        <span className="tile-project">{projectName}</span>
        {host && <span className="tile-host">on {host}</span>}
        <TileTitle
          sessionId={sessionId}
          title={session.title}
          command={formatCommandLine(session.launched ?? session.argv)}
        />
        <span
          className={`tile-status status-${limitedUntil ? 'limited' : session.status}`}
          role="status"
          aria-label={`Status: ${statusText}`}
          title={session.error ?? undefined}
        >
          {statusText}
        </span>
        <SessionUsageText sessionId={sessionId} className="tile-usage" />
        {unseen && <span className="badge" role="img" aria-label="unseen output" />}
        {check && <CheckBadge run={check} compact />}
        <span className="spacer" />
        <button
          className={`queue-toggle${queuePaused ? ' paused' : ''}`}
          aria-expanded={queueOpen}
          aria-label={`Queue for ${session.title}: ${queued} waiting${queuePaused ? ', paused' : ''}`}
          title="Prompt queue (Ctrl+Shift+Q)"
          onClick={() => toggleQueuePanel(sessionId)}
        >
          ☰ {queued > 0 ? queued : ''}
          {queuePaused ? ' ⏸' : ''}
        </button>
        <button
          className="secondary"
          onClick={() => setSearching(!searching)}
          aria-label={`Search in ${session.title}`}
          aria-pressed={searching}
          title="Find in scrollback (Ctrl+Shift+F)"
        >
          ⌕
        </button>
        <button
          onClick={() => toggleMaximize(sessionId)}
          aria-label={`${maximized ? 'Restore' : 'Maximize'} ${session.title}`}
          title="Maximize / restore (Ctrl+Enter)"
        >
          {maximized ? '❐' : '□'}
        </button>
        <button
          className="secondary"
          onClick={() => void restartSession(sessionId)}
          aria-label={`Restart ${session.title}`}
          title="Restart"
        >
          ↻
        </button>
        <button
          className="secondary"
          onClick={() => killSession(sessionId)}
          disabled={!running}
          aria-label={`Kill ${session.title}`}
          title="Kill"
        >
          ■
        </button>
        <button onClick={() => closeSession(sessionId)} aria-label={`Close ${session.title}`} title="Close">
          ×
        </button>
      </header>
      {session.error && (
        <p className="tile-error" role="alert">
          {session.error}
        </p>
      )}
      {/* The terminal below keeps its last screen; it repaints when the host is back. */}
      {hostDown && (
        <p className="tile-host-down" role="status">
          {hostDown}
        </p>
      )}
      {searching && <TileSearch sessionId={sessionId} title={session.title} onClose={() => setSearching(false)} />}
      <div className="tile-body">
        <TerminalView sessionId={sessionId} label={name} />
        {queueOpen && <QueuePanel sessionId={sessionId} title={session.title} compact={crowded} />}
      </div>
    </section>
  );
}
