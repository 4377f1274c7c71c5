import type { HostEvents } from '../../common/protocol';
import { addTokens, NO_TOKENS, type AccountUsage, type SessionUsage, type UsageSnapshot } from '../../common/usage';
import { DisposableStore, Emitter, type Disposable } from '../../common/lifecycle';
import { fail, ok, type Result } from '../../common/result';
import { accountFolder, accountKey, parseAccountKey, type AgentFamily } from '../agents/account';
import type { QueueService } from '../queue/queue-service';
import type { SessionManager } from '../sessions/session-manager';
import type { SettingsStore } from '../store/settings-store';
import { AccountMeter, HISTORY_MS, type MeterState } from './account-meter';
import { SessionUsageReader, type LimitRecord } from './session-usage';
import { parseReset } from '../agents/usage-limit';

const POLL_MS = 2000;
/** A limit record newer than this is news (the agent just met it); older ones are its history. */
const RECENT_LIMIT_MS = 120_000;
/** A hook report means the agent just wrote: look soon, once for a burst of reports. */
const AFTER_REPORT_MS = 150;
/** Accounts with no session stay listed this long after their last quota reading. */
const KEEP_ACCOUNT_MS = 7 * 24 * 3_600_000;
const METERS_KEY = 'usage.meters';
/** Readings are written down at most this often (and when the host ends). */
const SAVE_METERS_MS = 60_000;
const PAUSE_AT_KEY = 'usage.pauseAt';
/** How a queue paused by an account's threshold says so; the start tells Flotilla's pause from a person's. */
const THRESHOLD_REASON = 'Usage threshold:';

const CLI_NAMES: Record<AgentFamily, string> = { claude: 'Claude Code', codex: 'Codex CLI', gemini: 'Gemini CLI' };

/** What a CLI leaves unknown while no window was read (or never). */
function windowsNote(family: AgentFamily, statusLine: boolean): string {
  switch (family) {
    case 'claude':
      return statusLine
        ? 'Claude Code reports its 5-hour and weekly windows with a claude.ai login only, after an answer.'
        : 'Your own Claude Code status line is set, so Flotilla reads no quota from Claude Code.';
    case 'codex':
      return 'Codex writes its 5-hour and weekly windows after an answer (not with every login).';
    case 'gemini':
      return 'Gemini CLI writes no quota; only its usage-limit dialog shows.';
  }
}

/**
 * What agents spend and how much of each account's quota is left (issue 23): a reader per agent
 * session over its own records, a meter per account, and the person's threshold, which pauses an
 * account's queues once per window and resumes them when the window starts again.
 */
export class UsageService implements Disposable {
  private readonly readers = new Map<string, SessionUsageReader>();
  private readonly meters = new Map<string, AccountMeter>();
  private pauseAt: Record<string, number>;
  /** Accounts paused by their threshold, by the window (its reset) they paused in: once a window. */
  private readonly pausedIn = new Map<string, number | null>();
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new Emitter<UsageSnapshot>());
  readonly onDidChange = this.changed.event;
  private readonly pausedEvent = this.disposables.add(new Emitter<HostEvents['usage.paused']>());
  readonly onDidPause = this.pausedEvent.event;
  private readonly timer: NodeJS.Timeout;
  private soon: NodeJS.Timeout | undefined;
  private last = '';
  /** A poll resumes queues, which ask for a read before they send: one at a time. */
  private polling = false;
  private metersDirty = false;
  private metersSavedAt = 0;

  constructor(
    private readonly sessions: SessionManager,
    private readonly queues: QueueService,
    private readonly settings: SettingsStore,
    /** The person's home, for labels ("~/.claude"). */
    private readonly home: string | undefined,
    private readonly now: () => number = Date.now,
    pollMs = POLL_MS,
  ) {
    const saved = (settings.get(METERS_KEY) ?? {}) as Record<string, MeterState>;
    for (const [key, state] of Object.entries(saved))
      if (parseAccountKey(key)) this.meters.set(key, new AccountMeter(state));
    this.pauseAt = (settings.get(PAUSE_AT_KEY) ?? {}) as Record<string, number>;
    this.disposables.add(
      sessions.onDidReport(({ sessionId, report }) => {
        this.reader(sessionId)?.hint(sessions.conversationOf(sessionId), report.payload);
        this.soon ??= setTimeout(() => this.poll(), AFTER_REPORT_MS);
      }),
    );
    this.disposables.add(sessions.onDidRemove((id) => this.readers.delete(id)));
    this.disposables.add(queues.onDidChange(() => this.emitIfChanged()));
    queues.gateSends((sessionId) => this.beforeSend(sessionId));
    this.disposables.add({ dispose: () => queues.gateSends(() => {}) });
    this.timer = setInterval(() => this.poll(), pollMs);
    this.timer.unref();
  }

  /** The session's reader, made when first needed; none for a shell or an agent of unknown kind. */
  private reader(sessionId: string): SessionUsageReader | null {
    const session = this.sessions.get(sessionId);
    if (!session) return null;
    const account = accountFolder(session.preset, session.env);
    if (!account) return null;
    const key = accountKey(account);
    const existing = this.readers.get(sessionId);
    if (existing?.accountKey === key) return existing;
    const reader = new SessionUsageReader(
      sessionId,
      account,
      key,
      session.cwd,
      session.snapshotInfo().startedAt,
      session.env.FLOTILLA_STATUS_LINE ?? null,
    );
    reader.hint(this.sessions.conversationOf(sessionId), null);
    this.readers.set(sessionId, reader);
    return reader;
  }

  private meter(key: string): AccountMeter {
    let meter = this.meters.get(key);
    if (!meter) this.meters.set(key, (meter = new AccountMeter()));
    return meter;
  }

  /** Reads what every agent appended, takes in quota readings, applies thresholds, tells clients. */
  poll(): void {
    clearTimeout(this.soon);
    this.soon = undefined;
    if (this.polling) return;
    this.polling = true;
    try {
      this.read(this.now());
    } finally {
      this.polling = false;
    }
  }

  private read(now: number): void {
    for (const info of this.sessions.list()) this.reader(info.id);
    this.readFiles([...this.readers.values()], now);
    this.liftThresholds(now);
    this.emitIfChanged();
  }

  /**
   * Before a queue sends: what its account's agents wrote since the last poll, so a threshold the
   * last answer crossed pauses it first. Only that account's files; resuming and telling clients
   * wait for the next poll (a queue resumed from inside its own send would send twice).
   */
  private beforeSend(sessionId: string): void {
    const account = this.reader(sessionId)?.accountKey;
    if (!account || this.polling) return;
    this.polling = true;
    try {
      this.readFiles(this.sessionsOf(account), this.now());
    } finally {
      this.polling = false;
    }
    this.soon ??= setTimeout(() => this.poll(), AFTER_REPORT_MS);
  }

  private readFiles(readers: SessionUsageReader[], now: number): void {
    const taken = new Set([...this.readers.values()].flatMap((r) => [...r.paths]));
    for (const reader of readers) {
      const { windows, limits } = reader.poll(now, taken);
      for (const record of windows)
        if (this.meter(reader.accountKey).update(record)) {
          this.metersDirty = true;
          this.reachedThreshold(reader.accountKey, now);
        }
      for (const limit of limits) this.limitRecorded(reader, limit, now);
    }
    if (this.metersDirty && now - this.metersSavedAt >= SAVE_METERS_MS) this.saveMeters(now);
  }

  /**
   * A limit the agent wrote down just now holds its queue (and so its account), when its reset is
   * known: from the text ("try again at 3:44 PM") or the window the agent reported full. Older
   * records are history: a session read from its start again must not be held for them.
   */
  private limitRecorded(reader: SessionUsageReader, { text, at }: LimitRecord, now: number): void {
    if (at === null || now - at > RECENT_LIMIT_MS) return;
    const full = Object.values(this.meter(reader.accountKey).windows(now)).find((w) => w && w.usedPercent >= 100);
    const resetsAt = parseReset(text, now) ?? full?.resetsAt ?? null;
    const queue = this.queues.get(reader.sessionId);
    if (resetsAt !== null && queue.ok) queue.value.limitRecorded(text.replace(/\s+/g, ' ').slice(0, 300), resetsAt);
  }

  private saveMeters(now: number): void {
    this.metersDirty = false;
    this.metersSavedAt = now;
    const kept = [...this.meters].filter(([, m]) => (m.saved.windowsAt ?? 0) > now - KEEP_ACCOUNT_MS);
    this.settings.set(METERS_KEY, Object.fromEntries(kept.map(([key, m]) => [key, m.saved])));
  }

  private sessionsOf(account: string): SessionUsageReader[] {
    return [...this.readers.values()].filter((r) => r.accountKey === account);
  }

  private thresholdPaused(account: string): string[] {
    return this.sessionsOf(account)
      .map((r) => r.sessionId)
      .filter((id) => {
        const queue = this.queues.get(id);
        return queue.ok && queue.value.pausedState().reason?.startsWith(THRESHOLD_REASON);
      });
  }

  /** The account's 5-hour window reached the person's threshold: its queues pause, once a window. */
  private reachedThreshold(account: string, now: number): void {
    const at = this.pauseAt[account];
    const window = this.meter(account).windows(now).fiveHour;
    if (!at || !window || window.usedPercent < at || this.pausedIn.get(account) === window.resetsAt) return;
    this.pausedIn.set(account, window.resetsAt);
    const used = Math.round(window.usedPercent);
    const reason = `${THRESHOLD_REASON} ${used} % of the 5-hour window is used (pause at ${at} %). Resume to spend the rest; it resumes by itself when the window starts again.`;
    for (const reader of this.sessionsOf(account)) {
      const queue = this.queues.get(reader.sessionId);
      if (queue.ok && !queue.value.pausedState().paused) queue.value.pause(reason);
    }
    this.pausedEvent.fire({ account, label: this.label(account), usedPercent: used, pauseAt: at });
  }

  /** Queues a threshold paused resume when the window started again or the threshold went away. */
  private liftThresholds(now: number): void {
    for (const account of new Set([...this.readers.values()].map((r) => r.accountKey))) {
      const at = this.pauseAt[account];
      const window = this.meter(account).windows(now).fiveHour;
      if (at && window && window.usedPercent >= at) continue;
      const paused = this.thresholdPaused(account);
      if (!paused.length) continue;
      this.pausedIn.delete(account);
      for (const id of paused) {
        const queue = this.queues.get(id);
        if (queue.ok) queue.value.resume();
      }
    }
  }

  setPauseAt(account: string, percent: number | null): Result<null> {
    if (!parseAccountKey(account) || !this.accountKeys(this.now()).has(account))
      return fail('NOT_FOUND', 'No such account: it has no session and no quota reading.');
    const { [account]: _old, ...rest } = this.pauseAt;
    this.pauseAt = percent === null ? rest : { ...rest, [account]: percent };
    this.settings.set(PAUSE_AT_KEY, this.pauseAt);
    this.pausedIn.delete(account);
    const now = this.now();
    this.reachedThreshold(account, now);
    this.liftThresholds(now);
    this.emitIfChanged();
    return ok(null);
  }

  private label(account: string): string {
    const parsed = parseAccountKey(account);
    if (!parsed) return account;
    const home = this.home?.replace(/\/$/, '');
    const folder =
      home && (parsed.folder === home || parsed.folder.startsWith(`${home}/`))
        ? `~${parsed.folder.slice(home.length)}`
        : parsed.folder;
    return `${CLI_NAMES[parsed.family]} · ${folder}`;
  }

  private accountKeys(now: number): Set<string> {
    return new Set([
      ...[...this.readers.values()].map((r) => r.accountKey),
      ...[...this.meters].filter(([, m]) => (m.saved.windowsAt ?? 0) > now - KEEP_ACCOUNT_MS).map(([key]) => key),
      ...Object.keys(this.pauseAt),
    ]);
  }

  snapshot(): UsageSnapshot {
    const now = this.now();
    const sessions: SessionUsage[] = [];
    for (const reader of this.readers.values()) {
      const session = this.sessions.get(reader.sessionId);
      if (session) sessions.push(reader.snapshot(session.preset.prices));
    }
    const heldUntil = (id: string) => {
      const queue = this.queues.get(id);
      return queue.ok ? (queue.value.held?.until ?? null) : null;
    };
    const accounts = [...this.accountKeys(now)].flatMap((key): AccountUsage[] => {
      const parsed = parseAccountKey(key);
      if (!parsed) return [];
      const meter = this.meter(key);
      const mine = sessions.filter((s) => s.account === key);
      const ids = new Set(mine.map((s) => s.sessionId));
      const until = [...ids].map(heldUntil).filter((u): u is number => u !== null);
      const costs = mine.map((s) => s.costUsd).filter((c): c is number => c !== null);
      const { fiveHour, weekly } = meter.windows(now);
      const statusLine =
        parsed.family !== 'claude' ||
        mine.some((s) => this.sessions.get(s.sessionId)?.env.FLOTILLA_STATUS_LINE) ||
        !mine.length;
      return [
        {
          id: key,
          family: parsed.family,
          label: this.label(key),
          fiveHour,
          weekly,
          windowsAt: meter.saved.windowsAt,
          windowsNote: fiveHour || weekly ? null : windowsNote(parsed.family, statusLine),
          history: meter.saved.history.filter(([t]) => t > now - HISTORY_MS),
          ...meter.burn(now),
          pauseAt: this.pauseAt[key] ?? null,
          paused: this.thresholdPaused(key).length > 0,
          limitedUntil: until.length ? Math.max(...until) : null,
          sessionIds: [...ids],
          tokens: mine.map((s) => s.tokens).reduce(addTokens, NO_TOKENS),
          costUsd: costs.length ? costs.reduce((a, b) => a + b, 0) : null,
        },
      ];
    });
    return { accounts, sessions };
  }

  private emitIfChanged(): void {
    const snapshot = this.snapshot();
    const json = JSON.stringify(snapshot);
    if (json === this.last) return;
    this.last = json;
    this.changed.fire(snapshot);
  }

  dispose(): void {
    if (this.metersDirty) this.saveMeters(this.now());
    clearInterval(this.timer);
    clearTimeout(this.soon);
    this.disposables.dispose();
    this.readers.clear();
  }
}
