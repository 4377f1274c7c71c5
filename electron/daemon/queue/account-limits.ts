import { toDisposable, type Disposable } from '../../common/lifecycle';
import type { SessionQueue, UsageHold } from './session-queue';

/** How far apart the sessions of an account resume after a usage limit: not all at once. */
export const RESUME_STAGGER_MS = 5000;

/** One account's hold: the limit, and the queues in the order they resume (slot k at `liftAt + k × stagger`). */
interface Hold {
  limit: UsageHold;
  liftAt: number;
  order: SessionQueue[];
}

/**
 * A usage limit counts for the whole account (`agents/account.ts`): when one session's agent
 * shows it, every queue of that account holds with the same line and reset, and at the reset
 * (plus the margin of the session that saw it) they resume one after another, that session
 * first. Queues of other accounts, and of none, go on. The queues keep their own timers; this
 * only says who holds and when each lifts.
 */
export class AccountLimits implements Disposable {
  /** Each queue with how to ask its account now (its session's preset and environment can change at a restart). */
  private readonly queues = new Map<SessionQueue, { account: () => string | null; seen: Disposable }>();
  private readonly holds = new Map<string, Hold>();

  constructor(
    private readonly now: () => number,
    private readonly staggerMs = RESUME_STAGGER_MS,
  ) {}

  /** Takes part in its account's holds until disposed (with its session). */
  add(queue: SessionQueue, account: () => string | null): Disposable {
    const seen = queue.onDidSeeLimit(({ liftAt, ...limit }) => this.seen(queue, limit, liftAt));
    this.queues.set(queue, { account, seen });
    // Its slot in a hold stays taken: the others' timers are already set.
    return toDisposable(() => {
      seen.dispose();
      this.queues.delete(queue);
    });
  }

  /**
   * Before a queue sends: a hold of its account it has no part in yet (its session started during
   * the hold) holds it too, after the others. Asked then, not when the queue is made: only a
   * running session has the environment that names its account.
   */
  joinHold(queue: SessionQueue): void {
    const key = this.queues.get(queue)?.account();
    const hold = key ? this.holds.get(key) : undefined;
    if (!hold || !this.active(hold) || hold.order.includes(queue)) return;
    hold.order.push(queue);
    queue.holdFor(hold.limit, this.slot(hold, queue));
  }

  /** Whether an account holds now: the last of its queues has not resumed yet. */
  private active(hold: Hold): boolean {
    return this.now() < hold.liftAt + Math.max(0, hold.order.length - 1) * this.staggerMs;
  }

  private seen(source: SessionQueue, limit: UsageHold, liftAt: number): void {
    const key = this.queues.get(source)?.account();
    if (!key) return;
    const current = this.holds.get(key);
    if (current && this.active(current) && liftAt <= current.liftAt) {
      // The same limit met again (a held session's turn under way ran into it): its slot stands.
      if (!current.order.includes(source)) current.order.push(source);
      source.holdFor(current.limit, this.slot(current, source));
      return;
    }
    const others = [...this.queues].filter(([q, { account }]) => q !== source && account() === key).map(([q]) => q);
    const hold: Hold = { limit, liftAt, order: [source, ...others] };
    this.holds.set(key, hold);
    for (const queue of hold.order) queue.holdFor(limit, this.slot(hold, queue));
  }

  private slot(hold: Hold, queue: SessionQueue): number {
    return hold.liftAt + hold.order.indexOf(queue) * this.staggerMs;
  }

  dispose(): void {
    for (const { seen } of this.queues.values()) seen.dispose();
    this.queues.clear();
    this.holds.clear();
  }
}
