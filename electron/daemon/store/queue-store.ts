import type { PromptRecord, QueueItem, QueueItemState } from '../../common/types';
import { commitDurably, type Database } from './database';

const ITEM_COLUMNS = 'id, session_id AS sessionId, text, state, created_at AS createdAt, sent_at AS sentAt, error';

/**
 * Queues and prompt history. Every change is on disk before the caller reports it: each write is
 * one transaction synced at its commit, so a prompt acknowledged to a person survives a power cut.
 */
export class QueueStore {
  constructor(private readonly db: Database) {}

  items(sessionId: string): QueueItem[] {
    return this.db
      .prepare(`SELECT ${ITEM_COLUMNS} FROM queue_items WHERE session_id = ? ORDER BY position, created_at`)
      .all(sessionId) as unknown as QueueItem[];
  }

  /** After every item the session has, so a new one goes last. */
  nextPosition(sessionId: string): number {
    return (
      this.db
        .prepare('SELECT COALESCE(MAX(position), -1) + 1 AS next FROM queue_items WHERE session_id = ?')
        .get(sessionId) as { next: number }
    ).next;
  }

  insert(item: QueueItem, position: number): void {
    commitDurably(this.db, () =>
      this.db
        .prepare(
          'INSERT INTO queue_items (id, session_id, position, text, state, created_at, sent_at, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(item.id, item.sessionId, position, item.text, item.state, item.createdAt, item.sentAt, item.error),
    );
  }

  setState(id: string, state: QueueItemState, patch: { sentAt?: number | null; error?: string | null } = {}): void {
    commitDurably(this.db, () => this.updateState(id, state, patch));
  }

  private updateState(
    id: string,
    state: QueueItemState,
    patch: { sentAt?: number | null; error?: string | null },
  ): void {
    this.db
      .prepare('UPDATE queue_items SET state = ?, sent_at = COALESCE(?, sent_at), error = ? WHERE id = ?')
      .run(state, patch.sentAt ?? null, patch.error ?? null, id);
  }

  setText(id: string, text: string): void {
    commitDurably(this.db, () => this.db.prepare('UPDATE queue_items SET text = ? WHERE id = ?').run(text, id));
  }

  delete(id: string): void {
    commitDurably(this.db, () => this.db.prepare('DELETE FROM queue_items WHERE id = ?').run(id));
  }

  /** Rewrites positions to match `ids`. */
  reorder(ids: string[]): void {
    commitDurably(this.db, () => {
      const update = this.db.prepare('UPDATE queue_items SET position = ? WHERE id = ?');
      ids.forEach((id, i) => update.run(i, id));
    });
  }

  pausedState(sessionId: string): { paused: boolean; reason: string | null } {
    const row = this.db.prepare('SELECT paused, reason FROM queue_state WHERE session_id = ?').get(sessionId) as
      { paused: number; reason: string | null } | undefined;
    return { paused: !!row?.paused, reason: row?.reason ?? null };
  }

  setPaused(sessionId: string, paused: boolean, reason: string | null): void {
    commitDurably(this.db, () =>
      this.db
        .prepare(
          'INSERT INTO queue_state (session_id, paused, reason) VALUES (?, ?, ?) ON CONFLICT(session_id) DO UPDATE SET paused = excluded.paused, reason = excluded.reason',
        )
        .run(sessionId, paused ? 1 : 0, reason),
    );
  }

  /** Marks an item sent, records it in the history and as the turn under way, atomically. */
  recordSent(id: string, record: PromptRecord): void {
    commitDurably(this.db, () => {
      this.updateState(id, 'sent', { sentAt: record.sentAt });
      this.db
        .prepare(
          'INSERT INTO prompt_history (id, session_id, session_title, project_id, text, sent_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(record.id, record.sessionId, record.sessionTitle, record.projectId, record.text, record.sentAt);
      this.setTurn(record.sessionId, id);
    });
  }

  /** The sent item whose turn has not ended: after a restart, the one the host's end cut short. */
  turnItem(sessionId: string): string | null {
    const row = this.db.prepare('SELECT turn_item AS id FROM queue_state WHERE session_id = ?').get(sessionId) as
      { id: string | null } | undefined;
    return row?.id ?? null;
  }

  /** Not synced at once: a turn end lost to a power cut costs one needless continue prompt. */
  endTurn(sessionId: string): void {
    this.setTurn(sessionId, null);
  }

  private setTurn(sessionId: string, itemId: string | null): void {
    this.db
      .prepare(
        'INSERT INTO queue_state (session_id, paused, turn_item) VALUES (?, 0, ?) ON CONFLICT(session_id) DO UPDATE SET turn_item = excluded.turn_item',
      )
      .run(sessionId, itemId);
  }

  history(projectId?: string, limit = 500): PromptRecord[] {
    const cols =
      'id, session_id AS sessionId, session_title AS sessionTitle, project_id AS projectId, text, sent_at AS sentAt';
    const rows = projectId
      ? this.db
          .prepare(`SELECT ${cols} FROM prompt_history WHERE project_id = ? ORDER BY sent_at DESC LIMIT ?`)
          .all(projectId, limit)
      : this.db.prepare(`SELECT ${cols} FROM prompt_history ORDER BY sent_at DESC LIMIT ?`).all(limit);
    return rows as unknown as PromptRecord[];
  }
}
