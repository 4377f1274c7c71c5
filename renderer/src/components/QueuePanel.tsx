import { useRef } from 'react';
import { showControls } from '../../../electron/common/prompt-text';
import { useActions, useApp } from '../app-context';
import { PromptInput } from './PromptInput';
import { clockTime } from './session-status';
import { QueueItemRow } from './QueueItemRow';

/** A session's prompt queue: compose, reorder, pause; sent prompts below with their times. */
export function QueuePanel({ sessionId, title, compact }: { sessionId: string; title: string; compact: boolean }) {
  const { pauseQueue, resumeQueue, restartSession, queuePrompt, movePrompt } = useActions();
  const queue = useApp((s) => s.queues[sessionId]);
  const exited = useApp((s) => s.sessions[sessionId]?.status === 'exited');
  const dragged = useRef<string | null>(null);
  const items = queue?.items ?? [];
  const pending = items.filter((i) => i.state === 'queued' || i.state === 'sending');
  const queued = pending.filter((i) => i.state === 'queued');
  const record = items.filter((i) => i.state === 'sent' || i.state === 'failed');

  return (
    <section className="queue-panel" aria-label={`Queue for ${title}`}>
      <div className="queue-head">
        <strong>Queue</strong>
        <span className="muted">{queued.length ? `${queued.length} waiting` : 'empty'}</span>
        <span className="spacer" />
        {queue?.paused ? (
          <button onClick={() => void resumeQueue(sessionId)}>Resume queue</button>
        ) : (
          <button onClick={() => pauseQueue(sessionId)}>Pause queue</button>
        )}
      </div>
      {queue?.paused && (
        <p className="queue-paused" role="status">
          Paused{queue.pauseReason ? `: ${queue.pauseReason}` : '.'}
        </p>
      )}
      {queue?.limit && (
        <p className="queue-paused" role="status" title={queue.limit.line}>
          Usage limit: waiting until {clockTime(queue.limit.until)}, then it sends the preset’s continue prompt and goes
          on.
        </p>
      )}
      {exited && (
        <button
          onClick={async () => {
            const restarted = await restartSession(sessionId);
            if (restarted?.ok && queue?.paused) await resumeQueue(sessionId);
          }}
        >
          Restart the agent and resume
        </button>
      )}
      <PromptInput
        label={`New prompt for ${title}`}
        submitLabel="Add to queue"
        autoFocus
        optimistic
        compact={compact}
        onSubmit={async (text) => {
          const r = await queuePrompt([sessionId], text);
          return r && !r.ok ? r.error.message : null;
        }}
      />
      {pending.length > 0 && (
        <ol className="queue-list" aria-label={`Queued prompts for ${title}`}>
          {pending.map((item) =>
            item.state === 'sending' ? (
              <li key={item.id} className="queue-item state-sending" aria-label={showControls(item.text).slice(0, 40)}>
                <div className="queue-text">{showControls(item.text)}</div>
                <div className="queue-meta">sending…</div>
              </li>
            ) : (
              <QueueItemRow
                key={item.id}
                item={item}
                index={queued.indexOf(item)}
                count={queued.length}
                onDragStart={(id) => (dragged.current = id)}
                onDropAt={(index) => {
                  if (dragged.current) movePrompt(dragged.current, index);
                  dragged.current = null;
                }}
              />
            ),
          )}
        </ol>
      )}
      {record.length > 0 && (
        <ol className="queue-list queue-record" aria-label={`Sent prompts for ${title}`}>
          {record.map((item, i) => (
            <QueueItemRow
              key={item.id}
              item={item}
              index={i}
              count={record.length}
              onDragStart={() => {}}
              onDropAt={() => {}}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
