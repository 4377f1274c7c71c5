import type { PromptRecord, QueueItem, SessionQueueState } from '../../common/types';
import { fail, ok, type Result } from '../../common/result';
import type { Comeback } from '../sessions/comeback';
import type { Session } from '../sessions/session';
import type { SessionManager } from '../sessions/session-manager';
import type { QueueStore } from '../store/queue-store';
import { Emitter, type Disposable } from '../../common/lifecycle';
import { accountOf } from '../agents/account';
import { AccountLimits, RESUME_STAGGER_MS } from './account-limits';
import { SessionQueue } from './session-queue';

/** Every session's queue, created and ended with its session. */
export class QueueService implements Disposable {
  private readonly queues = new Map<string, SessionQueue>();
  /** A usage limit holds every queue of its account (see account-limits.ts). */
  private readonly limits: AccountLimits;
  private readonly memberships = new Map<string, Disposable>();
  private readonly changed = new Emitter<SessionQueueState>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: Disposable[];
  /** Asked before any queue sends (see `gateSends`). */
  private beforeSend: (sessionId: string) => void = () => {};

  constructor(
    private readonly store: QueueStore,
    sessions: SessionManager,
    /** The clock usage limits are timed by (tests move it). */
    private readonly now: () => number = Date.now,
    /** How the sessions an earlier host ran came back (SessionManager.restore). */
    comebacks: ReadonlyMap<string, Promise<Comeback>> = new Map(),
    /** How far apart the queues of an account resume after a usage limit (tests shorten it). */
    resumeStaggerMs = RESUME_STAGGER_MS,
  ) {
    this.limits = new AccountLimits(now, resumeStaggerMs);
    for (const info of sessions.list()) this.open(sessions.get(info.id)!, comebacks.get(info.id) ?? null);
    this.subscriptions = [
      sessions.onDidAdd((session) => this.open(session, null)),
      sessions.onDidRemove((id) => {
        this.memberships.get(id)?.dispose();
        this.memberships.delete(id);
        this.queues.get(id)?.dispose();
        this.queues.delete(id);
      }),
    ];
  }

  private open(session: Session, comeback: Promise<Comeback> | null): void {
    const queue: SessionQueue = new SessionQueue(
      session,
      this.store,
      () => session.preset,
      this.now,
      comeback,
      () => {
        this.limits.joinHold(queue);
        this.beforeSend(session.id);
      },
    );
    queue.onDidChange((state) => this.changed.fire(state));
    this.queues.set(session.id, queue);
    // Asked when a limit shows: the preset and environment are those of the session's current process.
    const account = () => (session.preset.sharedLimit ? accountOf(session.preset, session.env) : null);
    this.memberships.set(session.id, this.limits.add(queue, account));
  }

  /**
   * Who looks before a prompt goes: the usage service reads what the agents wrote since its last
   * poll, so a threshold the last answer crossed pauses the queue before the next prompt, not after.
   */
  gateSends(beforeSend: (sessionId: string) => void): void {
    this.beforeSend = beforeSend;
  }

  list(): SessionQueueState[] {
    return [...this.queues.values()].map((q) => q.state());
  }

  get(sessionId: string): Result<SessionQueue> {
    const queue = this.queues.get(sessionId);
    return queue ? ok(queue) : fail('NOT_FOUND', 'That session no longer exists.');
  }

  byItem(itemId: string): Result<SessionQueue> {
    for (const queue of this.queues.values()) if (queue.has(itemId)) return ok(queue);
    return fail('NOT_FOUND', 'That prompt is no longer in any queue.');
  }

  /** The same prompt to several sessions at once: all or none. */
  add(sessionIds: string[], text: string): Result<QueueItem[]> {
    const targets = [...new Set(sessionIds)].map((id) => this.queues.get(id));
    if (targets.some((q) => !q)) return fail('NOT_FOUND', 'One of those sessions no longer exists.');
    return ok(targets.map((q) => q!.add(text)));
  }

  history(projectId?: string): PromptRecord[] {
    return this.store.history(projectId);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.limits.dispose();
    this.memberships.clear();
    for (const q of this.queues.values()) q.dispose();
    this.queues.clear();
    this.changed.dispose();
  }
}
