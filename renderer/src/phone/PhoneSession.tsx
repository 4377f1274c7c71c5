import { useRef, useState, type PointerEvent } from 'react';
import type { Terminal } from '@xterm/xterm';
import { showControls } from '../../../electron/common/prompt-text';
import { useActions, useApp, useAppStoreApi } from '../app-context';
import { PromptInput } from '../components/PromptInput';
import { QueuePanel } from '../components/QueuePanel';
import { TimelinePanel } from '../timeline/TimelinePanel';
import { sessionStatusText } from '../components/session-status';
import { projectColor } from '../components/project-color';
import { pendingCount } from '../store/queue-slice';
import { AnswerPanel, KeyBar } from './PhoneKeys';
import { PhoneTerminal } from './PhoneTerminal';
import { stepSession } from './phone-sessions';
import { SessionUsageText } from '../usage/SessionUsageText';

const FONT_KEY = 'flotilla.phone.fontSize';
const MIN_FONT = 5;
const MAX_FONT = 22;
const clampFont = (n: number) => Math.min(MAX_FONT, Math.max(MIN_FONT, Math.round(n * 2) / 2));

function storedFont(): number {
  const n = Number(localStorage.getItem(FONT_KEY));
  return Number.isFinite(n) && n > 0 ? clampFont(n) : 11;
}

/** A swipe sideways on the session's head: the next or previous session. */
function useSwipe(onSwipe: (step: number) => void) {
  const from = useRef<{ x: number; y: number } | null>(null);
  return {
    onPointerDown: (e: PointerEvent) => (from.current = { x: e.clientX, y: e.clientY }),
    onPointerUp: (e: PointerEvent) => {
      const start = from.current;
      from.current = null;
      if (!start) return;
      const dx = e.clientX - start.x;
      if (Math.abs(dx) > 60 && Math.abs(dx) > 2 * Math.abs(e.clientY - start.y)) onSwipe(dx < 0 ? 1 : -1);
    },
    onPointerCancel: () => (from.current = null),
  };
}

/** One session, full width: its terminal (or its queue), the keys phones lack, and the composer. */
export function PhoneSession({ sessionId }: { sessionId: string }) {
  const store = useAppStoreApi();
  const { queuePrompt, openTimeline } = useActions();
  const session = useApp((s) => s.sessions[sessionId]);
  const project = useApp((s) => s.projects.find((p) => p.id === s.sessions[sessionId]?.projectId));
  const queue = useApp((s) => s.queues[sessionId]);
  // The timeline shown is the window's (the menu's project buttons open one too), else this session's project's.
  const timelineProjectId = useApp((s) =>
    s.timelineProjectId && s.projects.some((p) => p.id === s.timelineProjectId) ? s.timelineProjectId : null,
  );
  const [chosen, setView] = useState<'terminal' | 'queue'>('terminal');
  const view = timelineProjectId ? 'timeline' : chosen;
  const [fontSize, setFontSize] = useState(storedFont);
  const term = useRef<Terminal | null>(null);
  const swipe = useSwipe((step) => stepSession(store.getState(), step));
  if (!session) return null;
  const name = `${project?.name ?? '?'} · ${session.title}`;
  const statusText = sessionStatusText(session);
  const waiting = pendingCount(queue);
  const lastSent = queue?.items.filter((i) => i.state === 'sent').at(-1);

  const show = (next: 'terminal' | 'queue') => {
    openTimeline(null);
    setView(next);
  };
  const changeFont = (size: number) => {
    const next = clampFont(size);
    localStorage.setItem(FONT_KEY, String(next));
    setFontSize(next);
  };
  /** The font size at which the session's full width fits the phone's. */
  const fitWidth = () => {
    const element = term.current?.element;
    const screen = element?.querySelector<HTMLElement>('.xterm-screen');
    const frame = element?.closest<HTMLElement>('.phone-terminal-frame');
    if (!screen || !frame || !screen.offsetWidth) return;
    changeFont(Math.floor(((fontSize * (frame.clientWidth - 4)) / screen.offsetWidth) * 2) / 2);
  };

  return (
    <section
      className="phone-session"
      aria-label={name}
      style={{ ['--project-color' as string]: project ? projectColor(project.id) : undefined }}
    >
      <div className="phone-session-head" {...swipe}>
        <span className={`phone-status status-${session.status}`} role="status" aria-label={`Status: ${statusText}`}>
          {statusText}
        </span>
        <SessionUsageText sessionId={sessionId} className="phone-usage" />
        <span className="spacer" />
        <div className="phone-views" role="group" aria-label="View">
          <button aria-pressed={view === 'terminal'} onClick={() => show('terminal')}>
            Terminal
          </button>
          <button aria-pressed={view === 'queue'} onClick={() => show('queue')}>
            Queue{waiting ? ` ${waiting}` : ''}
          </button>
          <button
            aria-pressed={view === 'timeline'}
            onClick={() => (view === 'timeline' ? show('terminal') : openTimeline(session.projectId))}
          >
            Timeline
          </button>
        </div>
        {view === 'terminal' && (
          <div className="phone-font" role="group" aria-label="Text size">
            <button onClick={() => changeFont(fontSize - 1)} aria-label="A− smaller text" title="Smaller text">
              A−
            </button>
            <button onClick={() => changeFont(fontSize + 1)} aria-label="A+ larger text" title="Larger text">
              A+
            </button>
            <button onClick={fitWidth} title="Fit the session's width">
              Fit
            </button>
          </div>
        )}
      </div>
      {session.error && (
        <p className="tile-error" role="alert">
          {session.error}
        </p>
      )}
      <div className="phone-body" hidden={view !== 'terminal'}>
        <PhoneTerminal sessionId={sessionId} label={name} fontSize={fontSize} onTerminal={(t) => (term.current = t)} />
      </div>
      {view === 'timeline' && timelineProjectId && (
        <div className="phone-body phone-timeline">
          <TimelinePanel key={timelineProjectId} projectId={timelineProjectId} />
        </div>
      )}
      {view === 'queue' && (
        <div className="phone-body phone-queue">
          <QueuePanel sessionId={sessionId} title={session.title} compact={false} />
        </div>
      )}
      {session.status === 'needs-input' && (
        <AnswerPanel
          sessionId={sessionId}
          title={session.title}
          question={session.statusDetail}
          term={() => term.current}
        />
      )}
      {view !== 'timeline' && <KeyBar sessionId={sessionId} title={session.title} term={() => term.current} />}
      {view === 'terminal' && (
        <div className="phone-dock">
          <button className="phone-queue-line" onClick={() => show('queue')}>
            {waiting ? `${waiting} queued${queue?.paused ? ' (paused)' : ''}` : 'Queue empty'}
            {lastSent ? ` · last sent: ${showControls(lastSent.text).slice(0, 60)}` : ''}
          </button>
          <PromptInput
            label={`New prompt for ${session.title}`}
            submitLabel="Add to queue"
            optimistic
            compact
            onSubmit={async (text) => {
              const r = await queuePrompt([sessionId], text);
              return r && !r.ok ? r.error.message : null;
            }}
          />
        </div>
      )}
    </section>
  );
}
