import { randomUUID } from 'node:crypto';
import type { AgentPreset } from '../../common/agents';
import { fail, ok, type Result } from '../../common/result';
import type { QueueItem, SessionInfo, SessionQueueState } from '../../common/types';
import { findLimitDialog } from '../agents/limit-dialogs';
import { findUsageLimit } from '../agents/usage-limit';
import type { Comeback } from '../sessions/comeback';
import type { QueueStore } from '../store/queue-store';
import { DisposableStore, Emitter, type Disposable, type Event } from '../../common/lifecycle';
import { afterRestart, MID_SEND } from './after-restart';

/** The part of a session the queue needs. */
export interface QueueTarget {
  readonly id: string;
  snapshotInfo(): SessionInfo;
  submit(text: string): Promise<Result<null>>;
  /** Keys straight to the agent (a usage-limit dialog's answer). */
  write(data: string): Result<null>;
  readonly onDidChange: Event<SessionInfo>;
  readonly onOutput: Event<void>;
  screenText(): string[];
}

/** A usage limit's line and its reset time, as queue states show it. */
export type UsageHold = NonNullable<SessionQueueState['limit']>;

/** Output is checked for a usage-limit line at most this often. */
const LIMIT_CHECK_MS = 250;
/**
 * A usage-limit dialog just answered may still show for a moment: it counts again once the
 * screen was seen without it (or the agent worked), or when it is still there this long after.
 */
const DIALOG_STUCK_MS = 5000;

/** Why a queue holds for a session that is not running. */
function exitedReason({ exitCode, signal, error }: SessionInfo): string {
  const how = error ? `(${error})` : exitCode !== null ? `with code ${exitCode}` : signal ? `by signal ${signal}` : '';
  return `The agent is not running: it exited ${how}. Restart it, then resume the queue.`.replace('  ', ' ');
}

const timesShown = (screen: string[], line: string) => screen.filter((row) => row.trim() === line).length;

/** How many sent or failed items a queue shows (all stay in the prompt history). */
const RECORD_SHOWN = 20;

/**
 * ready → sending → awaiting-reaction (the agent must show it got the prompt) → awaiting-idle
 * (it works, then is idle again) → ready. Only 'ready' with an idle agent may send.
 */
type Phase = 'ready' | 'sending' | 'awaiting-reaction' | 'awaiting-idle';

/**
 * One session's prompt queue and its dispatch: each item goes exactly once, in order, only
 * into an idle agent, and is persisted before anyone is told about it.
 */
export class SessionQueue implements Disposable {
  private phase: Phase = 'ready';
  private reactionTimer: NodeJS.Timeout | undefined;
  private sendNowId: string | null = null;
  private limit: UsageHold | null = null;
  /** Its own agent showed the limit (else another session of its account did): "continue" goes at the lift. */
  private limitHere = false;
  /** When the limit's timer lifts the hold. */
  private liftTime = 0;
  /**
   * The limit line last waited out and how often the screen showed it then: the line stays on
   * screen after the agent goes on (and "resets 3am" then reads as tomorrow's 3am), so only a new
   * occurrence is a new limit.
   */
  private waitedOut: { line: string; shown: number } | null = null;
  private limitCheck: NodeJS.Timeout | undefined;
  private limitTimer: NodeJS.Timeout | undefined;
  /** The keys that answer its own limit's dialog at the lift ("Keep trying"), in place of the continue prompt. */
  private retryKeys: string | null = null;
  /** The last usage-limit dialog answered: when, and whether it has been seen gone since. */
  private answered: { at: number; gone: boolean } | null = null;
  private stuckCheck: NodeJS.Timeout | undefined;
  private disposed = false;
  /** Brought back by a host's start, and how it came back is not known yet: nothing goes. */
  private restarting = false;
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new Emitter<SessionQueueState>());
  readonly onDidChange = this.changed.event;
  private readonly limitSeen = this.disposables.add(new Emitter<UsageHold & { liftAt: number }>());
  /** Its agent showed a usage limit (not one it was held for): the line, its reset, and when the hold lifts. */
  readonly onDidSeeLimit = this.limitSeen.event;

  constructor(
    private readonly target: QueueTarget,
    private readonly store: QueueStore,
    private readonly preset: () => AgentPreset,
    private readonly now: () => number = Date.now,
    /** For a session an earlier host ran: how it came back. */
    comeback: Promise<Comeback> | null = null,
    /** Asked before each prompt goes: may hold it (its account's limit) or pause it (a usage threshold). */
    private readonly beforeSend: () => void = () => {},
  ) {
    if (comeback) {
      this.restarting = true;
      const cutShort = this.cutShort();
      void comeback.then((c) => this.cameBack(c, cutShort));
    }
    this.disposables.add(target.onDidChange((info) => this.sessionChanged(info)));
    this.disposables.add(
      target.onOutput(() => {
        if (this.phase === 'awaiting-reaction' && this.preset().submit.confirm === 'output') this.reacted();
        this.limitCheck ??= setTimeout(() => this.checkLimit(), LIMIT_CHECK_MS);
      }),
    );
  }

  get sessionId(): string {
    return this.target.id;
  }

  /** Whether it is paused and why (null: by the person), without reading its items. */
  pausedState(): { paused: boolean; reason: string | null } {
    return this.store.pausedState(this.target.id);
  }

  /** The usage limit it is held for, if any. */
  get held(): UsageHold | null {
    return this.limit;
  }

  state(): SessionQueueState {
    const all = this.store.items(this.target.id);
    const pending = all.filter((i) => i.state === 'queued' || i.state === 'sending');
    const record = all
      .filter((i) => i.state === 'sent' || i.state === 'failed')
      .sort((a, b) => (b.sentAt ?? b.createdAt) - (a.sentAt ?? a.createdAt))
      .slice(0, RECORD_SHOWN);
    const { paused, reason } = this.store.pausedState(this.target.id);
    return {
      sessionId: this.target.id,
      paused,
      pauseReason: reason,
      limit: this.limit,
      items: [...pending, ...record],
    };
  }

  has(itemId: string): boolean {
    return this.store.items(this.target.id).some((i) => i.id === itemId);
  }

  add(text: string): QueueItem {
    const item = this.insert(text);
    // Prompts for an agent that is not running wait, and the queue says why.
    const info = this.target.snapshotInfo();
    if (info.status === 'exited' && !this.restarting && !this.store.pausedState(this.target.id).paused)
      this.pause(exitedReason(info));
    this.notifyAndDispatch();
    return item;
  }

  private insert(text: string): QueueItem {
    const item: QueueItem = {
      id: randomUUID(),
      sessionId: this.target.id,
      text,
      state: 'queued',
      createdAt: Date.now(),
      sentAt: null,
      error: null,
    };
    this.store.insert(item, this.store.nextPosition(this.target.id));
    return item;
  }

  edit(itemId: string, text: string): Result<null> {
    const item = this.queuedItem(itemId);
    if (!item.ok) return item;
    this.store.setText(itemId, text);
    this.notify();
    return ok(null);
  }

  remove(itemId: string): Result<null> {
    const item = this.store.items(this.target.id).find((i) => i.id === itemId);
    if (!item) return fail('NOT_FOUND', 'That prompt is no longer in the queue.');
    if (item.state === 'sending') return fail('BAD_REQUEST', 'That prompt is being sent right now.');
    this.store.delete(itemId);
    this.notify();
    return ok(null);
  }

  /** Moves a queued item to `toIndex` among the queued items. */
  move(itemId: string, toIndex: number): Result<null> {
    const item = this.queuedItem(itemId);
    if (!item.ok) return item;
    const ids = this.queued()
      .map((i) => i.id)
      .filter((id) => id !== itemId);
    ids.splice(Math.max(0, Math.min(toIndex, ids.length)), 0, itemId);
    this.store.reorder(ids);
    this.notify();
    return ok(null);
  }

  /** Next up, even while the queue is paused; still only into an idle agent. */
  sendNow(itemId: string): Result<null> {
    const moved = this.move(itemId, 0);
    if (!moved.ok) return moved;
    this.sendNowId = itemId;
    this.tryDispatch();
    return ok(null);
  }

  pause(reason: string | null = null): void {
    this.store.setPaused(this.target.id, true, reason);
    this.notify();
  }

  resume(): void {
    this.store.setPaused(this.target.id, false, null);
    this.notifyAndDispatch();
  }

  private queued(): QueueItem[] {
    return this.store.items(this.target.id).filter((i) => i.state === 'queued');
  }

  private queuedItem(itemId: string): Result<QueueItem> {
    const item = this.store.items(this.target.id).find((i) => i.id === itemId);
    if (!item) return fail('NOT_FOUND', 'That prompt is no longer in the queue.');
    if (item.state !== 'queued') return fail('BAD_REQUEST', `That prompt was already ${item.state}.`);
    return ok(item);
  }

  /**
   * What the earlier host's end cut short. A prompt it was sending is marked (whether the agent
   * got it cannot be known: never resend blindly); a sent one whose turn had not ended is the
   * continue prompt's to pick up.
   */
  private cutShort(): { item: QueueItem; kind: 'turn' | 'send' } | null {
    const items = this.store.items(this.target.id);
    const sending = items.filter((i) => i.state === 'sending');
    for (const item of sending) this.store.setState(item.id, 'failed', { error: MID_SEND });
    const turn = this.store.turnItem(this.target.id);
    const inTurn = items.find((i) => i.id === turn && i.state === 'sent');
    return sending.length
      ? { item: sending[sending.length - 1], kind: 'send' }
      : inTurn
        ? { item: inTurn, kind: 'turn' }
        : null;
  }

  private cameBack(comeback: Comeback, cutShort: { item: QueueItem; kind: 'turn' | 'send' } | null): void {
    if (this.disposed) return;
    this.restarting = false;
    this.store.endTurn(this.target.id);
    const info = this.target.snapshotInfo();
    const plan = afterRestart({
      comeback,
      exited: info.status === 'exited' ? exitedReason(info) : null,
      cutShort: cutShort?.kind ?? null,
      waiting: this.queued().length > 0,
      paused: this.store.pausedState(this.target.id).paused,
      holdAfterResume: this.preset().resume.hold,
    });
    if (cutShort && plan.note)
      this.store.setState(cutShort.item.id, cutShort.kind === 'send' ? 'failed' : 'sent', { error: plan.note });
    if (plan.continueFirst) this.move(this.insert(this.preset().resume.continueText).id, 0);
    if (plan.hold) this.store.setPaused(this.target.id, true, plan.hold);
    this.notifyAndDispatch();
  }

  private sessionChanged(info: SessionInfo): void {
    if (info.status === 'busy' && this.answered) this.answered.gone = true; // it went on: a dialog now is a new one
    if (info.status === 'exited') {
      clearTimeout(this.reactionTimer);
      const midTurn = this.phase !== 'ready';
      this.turnEnded();
      // A resume that fails is started afresh: how the session came back says what to do.
      if (!this.restarting && (midTurn || this.queued().length)) this.pause(exitedReason(info));
      return;
    }
    if (this.phase === 'awaiting-reaction' && (info.status === 'busy' || info.status === 'needs-input')) this.reacted();
    else if (this.phase === 'awaiting-idle' && info.status === 'idle') this.turnEnded();
    this.tryDispatch();
  }

  private turnEnded(): void {
    if (this.phase !== 'ready') this.store.endTurn(this.target.id);
    this.phase = 'ready';
  }

  private reacted(): void {
    clearTimeout(this.reactionTimer);
    this.phase = 'awaiting-idle';
  }

  private notify(): void {
    this.changed.fire(this.state());
  }

  private notifyAndDispatch(): void {
    this.notify();
    this.tryDispatch();
  }

  /**
   * A usage limit on screen holds the queue until it lifts (plus the preset's margin), then the
   * preset's continue prompt goes first and the queue goes on. A prompt sent just before counts
   * as delivered: the agent has it, and "continue" picks it up.
   */
  private checkLimit(): void {
    clearTimeout(this.limitCheck);
    this.limitCheck = undefined;
    if (this.disposed) return;
    const screen = this.target.screenText();
    const dialog = this.newLimitDialog(screen);
    // "Stop and wait" goes at once, held or not: the limit line beside it holds the queue.
    if (dialog?.wait) this.answer(dialog.wait);
    if (this.limitHere) return;
    if (dialog?.retry) {
      // No reset time shown: the preset's retry interval (no margin on a guess).
      if (dialog.resetsAt === null)
        return this.holdHere({ line: dialog.line, until: this.now() + this.preset().limits.retryMs }, dialog.retry, 0);
      return this.holdHere({ line: dialog.line, until: dialog.resetsAt }, dialog.retry);
    }
    const found = findUsageLimit(this.preset(), screen, this.now());
    if (!found || (this.waitedOut?.line === found.line && timesShown(screen, found.line) <= this.waitedOut.shown))
      return;
    this.holdHere({ line: found.line, until: found.resetsAt }, null);
  }

  /** A usage-limit dialog on screen that was not answered already. */
  private newLimitDialog(screen: string[]): ReturnType<typeof findLimitDialog> {
    const dialog = findLimitDialog(this.preset(), screen, this.now());
    if (!dialog) {
      if (this.answered) this.answered.gone = true;
      return null;
    }
    const answered = this.answered;
    return !answered || answered.gone || Date.now() - answered.at >= DIALOG_STUCK_MS ? dialog : null;
  }

  /** Answers a usage-limit dialog; looks again later, for one that stays or comes back without output. */
  private answer(keys: string): void {
    this.answered = { at: Date.now(), gone: false };
    this.target.write(keys);
    clearTimeout(this.stuckCheck);
    this.stuckCheck = setTimeout(() => this.checkLimit(), DIALOG_STUCK_MS + LIMIT_CHECK_MS);
  }

  /** Its own agent met a usage limit: held until it lifts, and the account is told. */
  private holdHere(limit: UsageHold, retryKeys: string | null, marginMs = this.preset().limits.marginMs): void {
    // Held for another session, it may still have had a turn going that now met the limit itself.
    this.limit = { ...limit };
    this.limitHere = true;
    this.retryKeys = retryKeys;
    if (this.phase === 'awaiting-reaction') {
      clearTimeout(this.reactionTimer);
      this.phase = 'ready';
    }
    const liftAt = limit.until + marginMs;
    this.liftAt(liftAt);
    this.notify();
    this.limitSeen.fire({ ...this.limit, liftAt });
  }

  /**
   * Its agent's own record says it met a usage limit (Codex's rollout: `usage_limit_exceeded`):
   * held as if the screen had shown it, whatever the screen shows.
   */
  limitRecorded(line: string, resetsAt: number): void {
    if (this.disposed || this.limitHere) return;
    this.checkLimit(); // the screen's own line first, when it shows one
    if (this.limitHere) return;
    this.holdHere({ line, until: resetsAt }, null);
  }

  /**
   * Another session of its account hit a usage limit: nothing more is sent until `at` (a turn
   * under way goes on). A limit of its own lifts no sooner than it would have.
   */
  holdFor(limit: UsageHold, at: number): void {
    if (this.disposed) return;
    if (this.limitHere) return this.liftAt(Math.max(at, this.liftTime));
    this.limit = { ...limit };
    this.liftAt(at);
    this.notify();
  }

  /** When the hold lifts (the account's turn for this session). */
  liftAt(at: number): void {
    if (this.disposed || !this.limit) return;
    clearTimeout(this.limitTimer);
    this.liftTime = at;
    this.limitTimer = setTimeout(() => this.lift(), Math.max(0, at - this.now()));
  }

  /** The limit's own session sends the continue prompt first; one held for another just goes on. */
  private lift(): void {
    const line = this.limit?.line;
    this.limit = null;
    if (!this.limitHere || line === undefined) return this.notifyAndDispatch();
    this.limitHere = false;
    if (this.retryKeys !== null) return this.retryAtLift(this.retryKeys);
    // The line the screen shows stays after the agent goes on: that one is waited out (a hold
    // its record began has another text).
    const screen = this.target.screenText();
    const shown = findUsageLimit(this.preset(), screen, this.now())?.line ?? line;
    this.waitedOut = { line: shown, shown: timesShown(screen, shown) };
    this.sendNow(this.insert(this.preset().limits.continueText).id);
  }

  /**
   * Its limit's dialog answered at the lift ("Keep trying"): the agent retries the prompt it
   * holds, so the queue waits for that turn as for a sent prompt (a dialog back means still limited).
   */
  private retryAtLift(keys: string): void {
    this.retryKeys = null;
    // Answered meanwhile by a person: nothing to press.
    if (!findLimitDialog(this.preset(), this.target.screenText(), this.now())) return this.notifyAndDispatch();
    this.answer(keys);
    this.phase = 'awaiting-reaction';
    clearTimeout(this.reactionTimer);
    // No sign of work: nothing was sent by the queue, so nothing failed; it just goes on.
    this.reactionTimer = setTimeout(() => {
      if (this.phase !== 'awaiting-reaction') return;
      this.phase = 'ready';
      this.tryDispatch();
    }, this.preset().submit.reactMs);
    this.notify();
  }

  private tryDispatch(): void {
    if (this.restarting || this.phase !== 'ready' || this.target.snapshotInfo().status !== 'idle') return;
    this.checkLimit(); // now, not at the next output check: a hook can report idle right after the limit line
    this.beforeSend();
    // It may have held or paused this queue, or (resuming it) already sent: look again.
    if (this.limit || this.phase !== 'ready' || this.target.snapshotInfo().status !== 'idle') return;
    const paused = this.store.pausedState(this.target.id).paused;
    const next = this.queued().find((i) => !paused || i.id === this.sendNowId);
    if (!next) return;
    if (next.id === this.sendNowId) this.sendNowId = null;
    void this.send(next);
  }

  private async send(item: QueueItem): Promise<void> {
    this.phase = 'sending';
    this.store.setState(item.id, 'sending');
    this.notify();
    const result = await this.target.submit(item.text);
    if (this.disposed || this.phase !== 'sending') return; // closed, or exited meanwhile (sessionChanged paused)
    if (!result.ok) {
      this.phase = 'ready';
      this.store.setState(item.id, 'failed', { error: result.error.message });
      this.pause(result.error.message);
      return;
    }
    const info = this.target.snapshotInfo();
    this.store.recordSent(item.id, {
      id: item.id,
      sessionId: info.id,
      sessionTitle: info.title,
      projectId: info.projectId,
      text: item.text,
      sentAt: Date.now(),
    });
    this.phase = 'awaiting-reaction';
    const { reactMs } = this.preset().submit;
    this.reactionTimer = setTimeout(() => this.noReaction(item.id, reactMs), reactMs);
    this.notify();
  }

  private noReaction(itemId: string, ms: number): void {
    if (this.phase !== 'awaiting-reaction') return;
    this.turnEnded();
    this.store.setState(itemId, 'failed', {
      error: `Sent, but the agent showed no sign of working within ${Math.round(ms / 1000)} s.`,
    });
    this.pause('The last prompt got no reaction. Check the session, then resume; nothing is resent.');
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.reactionTimer);
    clearTimeout(this.limitCheck);
    clearTimeout(this.limitTimer);
    clearTimeout(this.stuckCheck);
    this.disposables.dispose();
  }
}
